package autograd.ode;

import autograd.Variable;

/**
 * y' = f(t, y) for a tensor state: return a {@link Variable} of the state's shape.
 *
 * <pre>{@code
 * jshell> Variable a = Variable.constant(new double[][] {{0, 1}, {-1, 0}});
 * jshell> VariableDerivative oscillator = (t, y) -> a.matmul(y);
 * jshell> Ode.rk4(oscillator, Variable.constant(new double[] {1, 0}), 0.01, 157).get(157)   // t ≈ π/2
 * $3 ==> Variable([7.963268415614264E-4, -0.9999996829306411], shape=[2])
 * }</pre>
 */
@FunctionalInterface
public interface VariableDerivative extends Derivative<Variable> {}

package autograd.ode;

import autograd.Variable;

/**
 * y' = f(t, y) for a tensor state: return a {@link Variable} of the state's shape.
 *
 * <pre>{@code
 * Variable a = Variable.constant(new double[][] {{0, 1}, {-1, 0}});
 * VariableDerivative oscillator = (t, y) -> a.matmul(y);
 * }</pre>
 */
@FunctionalInterface
public interface VariableDerivative extends Derivative<Variable> {}

package autograd.ode;

import autograd.Value;
import autograd.Variable;
import java.util.List;

/**
 * Differentiable ODE solves in one call, for a state of {@link Value}s or a {@link Variable}.
 * The trajectory has {@code steps + 1} states, the initial one first, starting at t = 0. The
 * derivative is a lambda {@code (t, y) -> ...}; the initial state picks the overload, and a named
 * one is a {@code Derivative<List<Value>>} or a {@code Derivative<Variable>}. Other state types
 * go through an {@link Integrator} with a {@link StateSpace}.
 *
 * <pre>{@code
 * jshell> Value k = new Value(0.5);
 * jshell> var path = Ode.rk4((t, y) -> List.of(y.get(0).mul(k).neg()), List.of(new Value(1)), 0.1, 20);
 * jshell> path.get(20).get(0).backward();    // d y(2) / d k ≈ −2·e^−1
 * jshell> k.grad
 * $4 ==> -0.7357587208674531
 * jshell> Derivative<List<Value>> pendulum = (t, y) -> List.of(y.get(1), y.get(0).sin().mul(-9.81));   // [angle, velocity]
 * jshell> Ode.rk4(pendulum, List.of(new Value(0.1), new Value(0)), 0.01, 100).get(100).get(0).data   // half a period later
 * $6 ==> -0.0999934382461421
 * jshell> Variable a = Variable.constant(new double[][] {{0, 1}, {-1, 0}});
 * jshell> Ode.rk4((t, y) -> a.matmul(y), Variable.constant(new double[] {1, 0}), 0.01, 157).get(157)   // t ≈ π/2
 * $8 ==> Variable([7.963268415614264E-4, -0.9999996829306411], shape=[2])
 * }</pre>
 */
public final class Ode {

    private static final Integrator EULER = new Euler();
    private static final Integrator RK4 = new RK4();

    private Ode() {}

    /** Explicit Euler over a state of Values. */
    public static List<List<Value>> euler(Derivative<List<Value>> f, List<Value> y0, double h, int steps) {
        requireDerivative(f, "Ode.euler");
        return EULER.solve(f, StateSpace.values(), copy(y0, "Ode.euler"), 0, h, steps);
    }

    /** Classical Runge–Kutta over a state of Values. */
    public static List<List<Value>> rk4(Derivative<List<Value>> f, List<Value> y0, double h, int steps) {
        requireDerivative(f, "Ode.rk4");
        return RK4.solve(f, StateSpace.values(), copy(y0, "Ode.rk4"), 0, h, steps);
    }

    /** Explicit Euler over a tensor state. */
    public static List<Variable> euler(Derivative<Variable> f, Variable y0, double h, int steps) {
        requireDerivative(f, "Ode.euler");
        if (y0 == null) throw new IllegalArgumentException("Ode.euler: the initial state y0 is null");
        return EULER.solve(f, StateSpace.variables(), y0, 0, h, steps);
    }

    /** Classical Runge–Kutta over a tensor state. */
    public static List<Variable> rk4(Derivative<Variable> f, Variable y0, double h, int steps) {
        requireDerivative(f, "Ode.rk4");
        if (y0 == null) throw new IllegalArgumentException("Ode.rk4: the initial state y0 is null");
        return RK4.solve(f, StateSpace.variables(), y0, 0, h, steps);
    }

    private static void requireDerivative(Object f, String method) {
        if (f == null) throw new IllegalArgumentException(method + ": the derivative f is null");
    }

    private static List<Value> copy(List<Value> y0, String method) {
        if (y0 == null) throw new IllegalArgumentException(method + ": the initial state y0 is null");
        for (int i = 0; i < y0.size(); i++) {
            if (y0.get(i) == null)
                throw new IllegalArgumentException(method + ": entry " + i + " of the initial state is null");
        }
        return List.copyOf(y0);
    }
}

package autograd.ode;

import autograd.Value;
import autograd.Variable;
import java.util.List;

/**
 * Differentiable ODE solves in one call, for a state of {@link Value}s or a {@link Variable}.
 * The trajectory has {@code steps + 1} states, the initial one first, starting at t = 0.
 *
 * <pre>{@code
 * jshell> Value k = new Value(0.5);
 * jshell> var path = Ode.rk4((t, y) -> List.of(y.get(0).mul(k).neg()), List.of(new Value(1)), 0.1, 20);
 * jshell> path.get(20).get(0).backward();    // d y(2) / d k ≈ −2·e^−1
 * jshell> k.grad
 * $4 ==> -0.7357587208674531
 * }</pre>
 */
public final class Ode {

    private static final Integrator EULER = new Euler();
    private static final Integrator RK4 = new RK4();

    private Ode() {}

    /** Explicit Euler over a state of Values. */
    public static List<List<Value>> euler(ValueDerivative f, List<Value> y0, double h, int steps) {
        return EULER.solve(f, StateSpace.values(), List.copyOf(y0), 0, h, steps);
    }

    /** Classical Runge–Kutta over a state of Values. */
    public static List<List<Value>> rk4(ValueDerivative f, List<Value> y0, double h, int steps) {
        return RK4.solve(f, StateSpace.values(), List.copyOf(y0), 0, h, steps);
    }

    /** Explicit Euler over a tensor state. */
    public static List<Variable> euler(VariableDerivative f, Variable y0, double h, int steps) {
        return EULER.solve(f, StateSpace.variables(), y0, 0, h, steps);
    }

    /** Classical Runge–Kutta over a tensor state. */
    public static List<Variable> rk4(VariableDerivative f, Variable y0, double h, int steps) {
        return RK4.solve(f, StateSpace.variables(), y0, 0, h, steps);
    }
}

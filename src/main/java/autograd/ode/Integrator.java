package autograd.ode;

import java.util.ArrayList;
import java.util.List;

/**
 * An explicit fixed-step ODE method ({@link Euler}, {@link RK4}): advances a state by one
 * step, and by {@link #solve} many. Each step is built from graph ops, so
 * {@code backward()} from the last state reaches the initial state and any parameter the
 * derivative uses. The unroll is a loop and the engine's backward pass is iterative, so long
 * trajectories do not overflow the stack.
 *
 * <pre>{@code
 * jshell> Integrator method = new RK4();     // or new Euler(); Ode has shortcuts for both
 * jshell> Variable a = Variable.constant(new double[][] {{0, 1}, {-1, 0}});
 * jshell> var path = method.solve((t, y) -> a.matmul(y), StateSpace.variables(), Variable.constant(new double[] {1, 0}), 0, 0.01, 157);
 * jshell> path.get(157)     // a quarter turn: t = 1.57 ≈ π/2
 * $4 ==> Variable([7.963268415614264E-4, -0.9999996829306411], shape=[2])
 * }</pre>
 */
public interface Integrator {

    /** The state at {@code t + h}, from the state {@code y} at {@code t}. */
    <S> S step(Derivative<S> f, StateSpace<S> space, double t, S y, double h);

    /**
     * The trajectory from {@code y0} at {@code t0}: {@code steps + 1} states, {@code y0} first.
     */
    default <S> List<S> solve(Derivative<S> f, StateSpace<S> space, S y0, double t0, double h, int steps) {
        if (!Double.isFinite(h) || h == 0)
            throw new IllegalArgumentException("ODE: step size h must be finite and non-zero, got " + h);
        if (steps < 0) throw new IllegalArgumentException("ODE: steps must be >= 0, got " + steps);
        if (y0 == null) throw new IllegalArgumentException("ODE: the initial state is null");
        if (f == null || space == null)
            throw new IllegalArgumentException("ODE: the derivative or state space is null");
        List<S> trajectory = new ArrayList<>(steps + 1);
        trajectory.add(y0);
        S y = y0;
        for (int i = 0; i < steps; i++) {
            y = step(f, space, t0 + i * h, y, h);
            trajectory.add(y);
        }
        return trajectory;
    }
}

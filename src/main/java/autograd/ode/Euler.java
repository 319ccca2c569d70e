package autograd.ode;

/**
 * The explicit Euler method, y ← y + h·f(t, y): first order (halving h halves the error).
 *
 * <pre>{@code
 * jshell> var path = new Euler().solve((t, y) -> y.mul(-1), StateSpace.variables(), new Variable(1.0), 0, 0.1, 10);
 * jshell> path.get(10).item()     // (1 − h)^10, against e^−1 = 0.3679 exactly
 * $2 ==> 0.3486784401
 * }</pre>
 */
public final class Euler implements Integrator {

    @Override
    public <S> S step(Derivative<S> f, StateSpace<S> space, double t, S y, double h) {
        return space.addScaled(y, h, f.at(t, y));
    }

    @Override
    public String toString() {
        return "Euler";
    }
}

package autograd.ode;

/**
 * The right-hand side of an ODE y' = f(t, y) over states of type {@code S}. Build the result
 * from engine ops on {@code y} so gradients flow through every step of a solve.
 *
 * @param <S> the state: {@code List<Value>}, a {@code Variable}, or anything with a {@link StateSpace}
 */
@FunctionalInterface
public interface Derivative<S> {
    /** dy/dt at time {@code t} and state {@code y}. */
    S at(double t, S y);
}

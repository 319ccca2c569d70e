package autograd.ode;

/**
 * The right-hand side of an ODE y' = f(t, y) over states of type {@code S}. Build the result
 * from engine ops on {@code y} so gradients flow through every step of a solve.
 *
 * <pre>{@code
 * jshell> Derivative<Variable> decay = (t, y) -> y.mul(-2);
 * jshell> decay.at(0, Variable.scalar(3))
 * $2 ==> Variable(-6.0, shape=[])
 * }</pre>
 *
 * @param <S> the state: {@code List<Value>}, a {@code Variable}, or anything with a {@link StateSpace}
 */
@FunctionalInterface
public interface Derivative<S> {
    /** dy/dt at time {@code t} and state {@code y}. */
    S at(double t, S y);
}

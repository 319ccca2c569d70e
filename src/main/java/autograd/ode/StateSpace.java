package autograd.ode;

import autograd.Value;
import autograd.Variable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The two operations an explicit integrator needs on states: a sum and a scaling. Both are
 * graph ops, so the solve is differentiable.
 *
 * <pre>{@code
 * jshell> StateSpace<Variable> space = StateSpace.variables();
 * jshell> space.addScaled(Variable.constant(new double[] {1, 2}), 0.5, Variable.constant(new double[] {4, 4}))
 * $2 ==> Variable([3.0, 4.0], shape=[2])
 * }</pre>
 *
 * @param <S> the state type
 */
public interface StateSpace<S> {

    /** {@code a + c·b}, where {@code b} is a derivative (checked to fit {@code a}). */
    S addScaled(S a, double c, S b);

    /** States as lists of {@link Value}s, added entry by entry. */
    static StateSpace<List<Value>> values() {
        return (a, c, b) -> {
            if (a.size() != b.size()) {
                throw new IllegalArgumentException(
                        "ODE: the derivative has " + b.size() + " entries but the state has " + a.size());
            }
            List<Value> out = new ArrayList<>(a.size());
            for (int i = 0; i < a.size(); i++) out.add(a.get(i).add(b.get(i).mul(c)));
            return out;
        };
    }

    /** States as {@link Variable}s; the derivative must have the state's shape (no broadcasting). */
    static StateSpace<Variable> variables() {
        return (a, c, b) -> {
            if (!Arrays.equals(a.shape(), b.shape())) {
                throw new IllegalArgumentException("ODE: the derivative has shape " + Arrays.toString(b.shape())
                        + " but the state has shape " + Arrays.toString(a.shape()));
            }
            return a.add(b.mul(c));
        };
    }
}

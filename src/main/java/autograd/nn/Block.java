package autograd.nn;

import autograd.Model;
import autograd.Variable;
import java.util.function.UnaryOperator;

/**
 * A module that maps one tensor to another: a layer, an activation, a whole network. Blocks
 * compose with {@link Sequential}, and, being {@link UnaryOperator}s, with {@code andThen}.
 *
 * <pre>{@code
 * jshell> Block net = new Sequential(new Linear(2, 8, 42), Activation.relu(), new Linear(8, 1, 43));
 * jshell> net.forward(Variable.constant(new double[] {0.5, -1})).shape()
 * $2 ==> int[1] { 1 }
 * }</pre>
 */
public abstract class Block extends Model implements UnaryOperator<Variable> {

    /** The block's output for input {@code x}. */
    public abstract Variable forward(Variable x);

    /** Same as {@link #forward(Variable)}, so a block can be passed where a function is expected. */
    @Override
    public final Variable apply(Variable x) {
        if (x == null) throw new IllegalArgumentException(getClass().getSimpleName() + ".apply: x is null");
        return forward(x);
    }
}

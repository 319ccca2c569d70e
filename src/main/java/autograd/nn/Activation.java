package autograd.nn;

import autograd.Value;
import autograd.Variable;

/**
 * An elementwise nonlinearity as a {@link Block}, so it can sit in a {@link Sequential}. Made by
 * the static factories; it has no parameters.
 *
 * <pre>{@code
 * jshell> Activation.relu().forward(Variable.constant(new double[] {-1, 2}))
 * $1 ==> Variable([0.0, 2.0], shape=[2])
 * }</pre>
 */
public final class Activation extends Block {

    private enum Kind {
        IDENTITY,
        TANH,
        RELU,
        SIGMOID
    }

    private static final Activation IDENTITY = new Activation(Kind.IDENTITY);
    private static final Activation TANH = new Activation(Kind.TANH);
    private static final Activation RELU = new Activation(Kind.RELU);
    private static final Activation SIGMOID = new Activation(Kind.SIGMOID);

    private final Kind kind;

    private Activation(Kind kind) {
        this.kind = kind;
    }

    /** f(x) = x: a linear output (regression, or logits for {@link Loss#bceWithLogits()}). */
    public static Activation identity() {
        return IDENTITY;
    }

    /** f(x) = tanh x. */
    public static Activation tanh() {
        return TANH;
    }

    /** f(x) = max(0, x). */
    public static Activation relu() {
        return RELU;
    }

    /** f(x) = 1 / (1 + e^−x). */
    public static Activation sigmoid() {
        return SIGMOID;
    }

    @Override
    public Variable forward(Variable x) {
        if (x == null) throw new IllegalArgumentException("Activation.forward: x is null");
        return switch (kind) {
            case IDENTITY -> x;
            case TANH -> x.tanh();
            case RELU -> x.relu();
            case SIGMOID -> x.sigmoid();
        };
    }

    /** The same nonlinearity on one scalar, as a micrograd {@link autograd.nn.scalar.Neuron} applies it. */
    public Value apply(Value x) {
        if (x == null) throw new IllegalArgumentException("Activation.apply: x is null");
        return switch (kind) {
            case IDENTITY -> x;
            case TANH -> x.tanh();
            case RELU -> x.relu();
            case SIGMOID -> x.sigmoid();
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case IDENTITY -> "Identity";
            case TANH -> "Tanh";
            case RELU -> "ReLU";
            case SIGMOID -> "Sigmoid";
        };
    }
}

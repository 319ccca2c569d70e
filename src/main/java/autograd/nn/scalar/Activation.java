package autograd.nn.scalar;

import autograd.Value;

/**
 * The nonlinearity a scalar {@link Neuron} applies to its weighted sum.
 *
 * <pre>{@code
 * jshell> Activation.RELU.apply(Value.constant(-2)).data
 * $1 ==> 0.0
 * jshell> Activation.SIGMOID.apply(Value.constant(0)).data
 * $2 ==> 0.5
 * }</pre>
 */
public enum Activation {
    /** No nonlinearity: the output layer of a regressor or a margin classifier. */
    LINEAR,
    /** max(0, x), micrograd's choice for hidden layers. */
    RELU,
    /** tanh x. */
    TANH,
    /** 1 / (1 + e^−x), for probabilities. */
    SIGMOID;

    /** This activation applied to {@code x}. */
    public Value apply(Value x) {
        return switch (this) {
            case LINEAR -> x;
            case RELU -> x.relu();
            case TANH -> x.tanh();
            case SIGMOID -> x.sigmoid();
        };
    }
}

package autograd.nn.scalar;

import autograd.Model;
import autograd.Value;
import autograd.nn.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One neuron of scalar {@link Value}s, as in micrograd: f(Σ wᵢxᵢ + b), weights uniform in
 * (−1, 1), bias 0.
 *
 * <pre>{@code
 * jshell> var n = new Neuron(2, Activation.tanh(), new Random(1));
 * jshell> n.forward(List.of(Value.constant(1), Value.constant(-1))).data   // tanh: in (−1, 1)
 * $2 ==> 0.5659844272489675
 * }</pre>
 */
public class Neuron extends Model {

    private static final Value ONE = Value.constant(1);
    private final List<Value> weights;
    private final Value bias;
    private final Activation activation;
    // (b, w1, ..., wn): the dot node's left side. Declared after weights and bias, so that
    // parameters() lists them in micrograd's order (Model reads fields in declaration order).
    private final Value[] biasAndWeights;

    /** A neuron with {@code nin} inputs, weights drawn from {@code rng}. */
    public Neuron(int nin, Activation activation, Random rng) {
        if (rng == null) throw new IllegalArgumentException("Neuron: rng is null");
        if (nin <= 0) throw new IllegalArgumentException("Neuron needs at least one input, got nin=" + nin);
        if (activation == null)
            throw new IllegalArgumentException("Neuron: activation is null (use Activation.identity())");
        List<Value> w = new ArrayList<>(nin);
        for (int i = 0; i < nin; i++) w.add(new Value(2 * rng.nextDouble() - 1).label("w" + i));
        this.weights = List.copyOf(w);
        this.bias = new Value(0).label("b");
        this.biasAndWeights = new Value[nin + 1];
        biasAndWeights[0] = bias;
        for (int i = 0; i < nin; i++) biasAndWeights[i + 1] = weights.get(i);
        this.activation = activation;
    }

    /** micrograd's signature: ReLU when {@code nonlinear}, else linear. */
    public Neuron(int nin, boolean nonlinear, Random rng) {
        this(nin, nonlinear ? Activation.relu() : Activation.identity(), rng); // NOTE: the checks name "Neuron"
    }

    /** The neuron's output for inputs {@code x} (as many as weights). */
    public Value forward(List<Value> x) {
        if (x == null) throw new IllegalArgumentException("Neuron.forward: x is null");
        return forwardOneAnd(oneAnd(x, weights.size(), "Neuron"));
    }

    /**
     * (1, x1, ..., xn): the right side of the dot node, whose left side is (b, w1, ..., wn).
     * micrograd's sum((wi * xi for ...), b) adds b first and then each product; the dot node
     * adds b·1 = b and then the same products in the same order, so the values agree exactly.
     */
    static Value[] oneAnd(List<Value> x, int n, String who) {
        if (x.size() != n)
            throw new IllegalArgumentException(who + " with " + n + " inputs got " + x.size() + " values");
        Value[] oneAndX = new Value[n + 1];
        oneAndX[0] = ONE;
        for (int i = 0; i < n; i++) oneAndX[i + 1] = x.get(i);
        return oneAndX;
    }

    /** The output for inputs prepared by {@link #oneAnd}, which the caller never changes afterwards. */
    Value forwardOneAnd(Value[] oneAndX) {
        return activation.apply(Value.dotOfUnchangingArrays(biasAndWeights, oneAndX));
    }

    /** The weights (live Values, unmodifiable list). */
    public List<Value> weights() {
        return weights;
    }

    /** The bias (live). */
    public Value bias() {
        return bias;
    }

    /** The activation. */
    public Activation activation() {
        return activation;
    }

    @Override
    public String toString() {
        // micrograd's names: ReLUNeuron, LinearNeuron
        return (activation == Activation.identity() ? "Linear" : activation.toString()) + "Neuron(" + weights.size()
                + ")";
    }
}

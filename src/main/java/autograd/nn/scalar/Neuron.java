package autograd.nn.scalar;

import autograd.Module;
import autograd.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One neuron of scalar {@link Value}s, as in micrograd: f(Σ wᵢxᵢ + b), weights uniform in
 * (−1, 1), bias 0.
 *
 * <pre>{@code
 * jshell> var n = new Neuron(2, Activation.TANH, new Random(1));
 * jshell> n.forward(List.of(Value.constant(1), Value.constant(-1))).data   // tanh: in (−1, 1)
 * $2 ==> 0.5659844272489675
 * }</pre>
 */
public class Neuron extends Module {

    private final List<Value> weights;
    private final Value bias;
    private final Activation activation;

    /** A neuron with {@code nin} inputs, weights drawn from {@code rng}. */
    public Neuron(int nin, Activation activation, Random rng) {
        if (nin <= 0) throw new IllegalArgumentException("Neuron needs at least one input, got nin=" + nin);
        if (activation == null) throw new IllegalArgumentException("Neuron: activation is null (use Activation.LINEAR)");
        List<Value> w = new ArrayList<>(nin);
        for (int i = 0; i < nin; i++) w.add(new Value(2 * rng.nextDouble() - 1).label("w" + i));
        this.weights = List.copyOf(w);
        this.bias = new Value(0).label("b");
        this.activation = activation;
    }

    /** micrograd's signature: ReLU when {@code nonlinear}, else linear. */
    public Neuron(int nin, boolean nonlinear, Random rng) {
        this(nin, nonlinear ? Activation.RELU : Activation.LINEAR, rng);
    }

    /** The neuron's output for inputs {@code x} (as many as weights). */
    public Value forward(List<Value> x) {
        if (x.size() != weights.size()) {
            throw new IllegalArgumentException("Neuron with " + weights.size() + " inputs got " + x.size() + " values");
        }
        Value sum = bias;
        for (int i = 0; i < weights.size(); i++) sum = sum.add(weights.get(i).mul(x.get(i)));
        return activation.apply(sum);
    }

    /** The weights (live Values, unmodifiable list). */
    public List<Value> weights() { return weights; }

    /** The bias (live). */
    public Value bias() { return bias; }

    /** The activation. */
    public Activation activation() { return activation; }

    @Override
    public String toString() {
        return activation + "Neuron(" + weights.size() + ")";
    }
}

package autograd.nn.scalar;

import autograd.Model;
import autograd.Value;
import autograd.nn.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * {@code nout} independent {@link Neuron}s reading the same {@code nin} inputs.
 *
 * <pre>{@code
 * jshell> var layer = new Layer(3, 4, Activation.relu(), new Random(0));
 * jshell> layer.forward(List.of(Value.constant(1), Value.constant(2), Value.constant(3))).size()
 * $2 ==> 4
 * }</pre>
 */
public class Layer extends Model {

    private final List<Neuron> neurons;

    /** A layer of {@code nout} neurons with {@code nin} inputs each. */
    public Layer(int nin, int nout, Activation activation, Random rng) {
        if (activation == null) throw new IllegalArgumentException("Layer: activation is null");
        if (rng == null) throw new IllegalArgumentException("Layer: rng is null");
        if (nout <= 0) throw new IllegalArgumentException("Layer needs at least one neuron, got nout=" + nout);
        List<Neuron> built = new ArrayList<>(nout);
        for (int i = 0; i < nout; i++) built.add(new Neuron(nin, activation, rng));
        this.neurons = List.copyOf(built);
    }

    /** The outputs of all neurons for inputs {@code x}. */
    public List<Value> forward(List<Value> x) {
        if (x == null) throw new IllegalArgumentException("Layer.forward: x is null");
        List<Value> out = new ArrayList<>(neurons.size());
        // One (1, x1, ..., xn) for all the neurons: their dot nodes share it (nothing changes it).
        Value[] oneAndX = Neuron.oneAnd(x, neurons.get(0).weights().size(), "Layer");
        for (Neuron n : neurons) out.add(n.forwardOneAnd(oneAndX));
        return out;
    }

    /** The neurons (unmodifiable). */
    public List<Neuron> neurons() {
        return neurons;
    }

    @Override
    public String toString() {
        return "Layer of " + neurons;
    }
}

package autograd.nn.scalar;

import autograd.Model;
import autograd.Value;
import autograd.nn.Activation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A multilayer perceptron of scalar {@link Value}s, as micrograd's {@code MLP(nin, nouts)}:
 * ReLU in the hidden layers, a chosen activation on the last.
 *
 * <pre>{@code
 * jshell> var model = new ScalarMLP(2, new int[] {16, 16, 1}, Activation.identity(), new Random(1337));
 * jshell> Value score = model.forward(0.5, -0.2);
 * jshell> model.parameters().size()
 * $3 ==> 337
 * }</pre>
 */
public class ScalarMLP extends Model {

    private final List<Layer> layers;

    /**
     * @param nin number of inputs
     * @param nouts sizes of the layers, the last being the number of outputs
     * @param output activation of the last layer (hidden layers use ReLU)
     * @param rng source of the initial weights
     */
    public ScalarMLP(int nin, int[] nouts, Activation output, Random rng) {
        if (nouts == null) throw new IllegalArgumentException("ScalarMLP: nouts is null");
        if (output == null) throw new IllegalArgumentException("ScalarMLP: output is null");
        if (rng == null) throw new IllegalArgumentException("ScalarMLP: rng is null");
        if (nouts.length == 0) throw new IllegalArgumentException("ScalarMLP needs at least one layer size in nouts");
        for (int n : nouts) {
            if (n <= 0)
                throw new IllegalArgumentException("MLP: layer sizes must be positive, got " + Arrays.toString(nouts));
        }
        List<Layer> built = new ArrayList<>(nouts.length);
        int in = nin;
        for (int i = 0; i < nouts.length; i++) {
            built.add(new Layer(in, nouts[i], i + 1 < nouts.length ? Activation.relu() : output, rng));
            in = nouts[i];
        }
        this.layers = List.copyOf(built);
    }

    /** micrograd's default: linear output, weights from {@code new Random(seed)}. */
    public ScalarMLP(int nin, int[] nouts, long seed) {
        this(nin, nouts, Activation.identity(), new Random(seed));
    }

    /** All outputs for inputs {@code x}. */
    public List<Value> forward(List<Value> x) {
        if (x == null) throw new IllegalArgumentException("ScalarMLP.forward: x is null");
        List<Value> h = x;
        for (Layer layer : layers) h = layer.forward(h);
        return h;
    }

    /** The single output of a one-output net for constant inputs {@code x}. */
    public Value forward(double... x) {
        if (x == null) throw new IllegalArgumentException("ScalarMLP.forward: x is null");
        List<Value> out = forward(constants(x));
        if (out.size() != 1) {
            throw new IllegalStateException("forward(double...) returns one output, but this ScalarMLP has "
                    + out.size() + "; use forward(List<Value>)");
        }
        return out.get(0);
    }

    /** Inputs as constant Values (no gradient). */
    public static List<Value> constants(double... x) {
        if (x == null) throw new IllegalArgumentException("ScalarMLP.constants: x is null");
        List<Value> values = new ArrayList<>(x.length);
        for (double v : x) values.add(Value.constant(v));
        return values;
    }

    /** The layers, input side first (unmodifiable). */
    public List<Layer> layers() {
        return layers;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ScalarMLP("); // not "MLP(": that is the tensor engine's nn.MLP
        sb.append(layers.get(0).neurons().get(0).weights().size());
        for (Layer l : layers) sb.append(" -> ").append(l.neurons().size());
        return sb.append(", output ")
                .append(layers.get(layers.size() - 1).neurons().get(0).activation())
                .append(')')
                .toString();
    }
}

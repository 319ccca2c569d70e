package autograd.nn;

import autograd.Variable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A multilayer perceptron on tensors: {@link Linear} layers with ReLU between them and a chosen
 * activation after the last (identity by default, giving logits or regression outputs). Works
 * on a single input {@code [in]} or a whole batch {@code [n, in]} at once ("full batch").
 *
 * <pre>{@code
 * jshell> var net = new MLP(2, new int[] {16, 16, 1}, Activation.identity(), new Random(0));
 * jshell> net.forward(Variable.constant(new double[][] {{0, 1}, {1, 0}, {2, 2}})).shape()   // a batch [n, in]
 * $2 ==> int[2] { 3, 1 }
 * }</pre>
 */
public class MLP extends Block {

    private final List<Linear> layers;
    private final Activation outputActivation;

    /**
     * Counts layers as micrograd's {@code MLP(nin, nouts)} and {@link autograd.nn.scalar.ScalarMLP}
     * do: {@code sizes} lists every layer's width, the last being the number of outputs.
     *
     * @param in number of input features
     * @param sizes widths of the layers, input side first; the last is the number of outputs
     * @param outputActivation applied to the last layer's output (the others use ReLU)
     * @param rng source of the initial weights
     */
    public MLP(int in, int[] sizes, Activation outputActivation, Random rng) {
        if (outputActivation == null)
            throw new IllegalArgumentException("MLP: outputActivation is null (use Activation.identity())");
        if (sizes == null) throw new IllegalArgumentException("MLP: sizes is null");
        if (rng == null) throw new IllegalArgumentException("MLP: rng is null");
        if (sizes.length == 0)
            throw new IllegalArgumentException("MLP needs at least one layer size (the last is the number of outputs)");
        for (int h : sizes) {
            if (h <= 0)
                throw new IllegalArgumentException("MLP: layer sizes must be positive, got " + Arrays.toString(sizes));
        }
        List<Linear> built = new ArrayList<>();
        int width = in;
        for (int size : sizes) {
            built.add(new Linear(width, size, rng));
            width = size;
        }
        this.layers = List.copyOf(built);
        this.outputActivation = outputActivation;
    }

    /** An MLP with a linear (identity) output, weights from {@code new Random(seed)}. */
    public MLP(int in, int[] sizes, long seed) {
        this(in, sizes, Activation.identity(), new Random(seed));
    }

    @Override
    public Variable forward(Variable x) {
        if (x == null) throw new IllegalArgumentException("MLP.forward: x is null");
        Variable h = x;
        for (int i = 0; i < layers.size(); i++) {
            h = layers.get(i).forward(h);
            h = i + 1 < layers.size() ? h.relu() : outputActivation.forward(h);
        }
        return h;
    }

    /** The linear layers, input first (unmodifiable). */
    public List<Linear> layers() {
        return layers;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("MLP(");
        sb.append(layers.get(0).in());
        for (Linear l : layers) sb.append(" -> ").append(l.out());
        return sb.append(", output ").append(outputActivation).append(')').toString();
    }
}

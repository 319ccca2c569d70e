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
 * jshell> var net = new MLP(2, new int[] {16, 16}, 1, Activation.identity(), new Random(0));
 * jshell> net.forward(Variable.constant(new double[][] {{0, 1}, {1, 0}, {2, 2}})).shape()   // a batch [n, in]
 * $2 ==> int[2] { 3, 1 }
 * }</pre>
 */
public class MLP extends Block {

    private final List<Linear> layers;
    private final Activation outputActivation;

    /**
     * @param in number of input features
     * @param hidden sizes of the hidden layers (may be empty: then it is one linear layer)
     * @param out number of outputs
     * @param outputActivation applied to the last layer's output
     * @param rng source of the initial weights
     */
    public MLP(int in, int[] hidden, int out, Activation outputActivation, Random rng) {
        if (outputActivation == null)
            throw new IllegalArgumentException("MLP: outputActivation is null (use Activation.identity())");
        for (int h : hidden) {
            if (h <= 0)
                throw new IllegalArgumentException(
                        "MLP: hidden sizes must be positive, got " + Arrays.toString(hidden));
        }
        int[] sizes = new int[hidden.length + 2];
        sizes[0] = in;
        System.arraycopy(hidden, 0, sizes, 1, hidden.length);
        sizes[sizes.length - 1] = out;
        List<Linear> built = new ArrayList<>();
        for (int i = 0; i + 1 < sizes.length; i++) built.add(new Linear(sizes[i], sizes[i + 1], rng));
        this.layers = List.copyOf(built);
        this.outputActivation = outputActivation;
    }

    /** An MLP with a linear (identity) output, weights from {@code new Random(seed)}. */
    public MLP(int in, int[] hidden, int out, long seed) {
        this(in, hidden, out, Activation.identity(), new Random(seed));
    }

    @Override
    public Variable forward(Variable x) {
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

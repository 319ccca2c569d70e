package autograd.nn;

import autograd.Variable;
import java.util.Arrays;
import java.util.Random;

/**
 * A fully connected layer {@code y = x·W + b}, for one input vector {@code [in]} (giving
 * {@code [out]}) or a batch {@code [n, in]} (giving {@code [n, out]}).
 *
 * <p>The weight is stored as {@code [in, out]} (the transpose of PyTorch's {@code [out, in]}),
 * so the forward pass is one matmul and no transpose node. Weight and bias start uniform in
 * (−1/√in, 1/√in), as PyTorch's {@code nn.Linear}, drawn from the given random source.
 *
 * <pre>{@code
 * jshell> var layer = new Linear(3, 2, 7);
 * jshell> layer.forward(Variable.constant(new double[][] {{1, 2, 3}, {4, 5, 6}})).shape()
 * $2 ==> int[2] { 2, 2 }
 * }</pre>
 */
public class Linear extends Block {

    private final Variable weight;
    private final Variable bias;
    private final int in;
    private final int out;

    /** A layer with weights drawn from {@code rng}. */
    public Linear(int in, int out, Random rng) {
        if (rng == null) throw new IllegalArgumentException("Linear: rng is null");
        if (in <= 0 || out <= 0) {
            throw new IllegalArgumentException("Linear needs positive sizes, got in=" + in + ", out=" + out);
        }
        this.in = in;
        this.out = out;
        double bound = 1 / Math.sqrt(in);
        this.weight = Variable.uniform(rng, -bound, bound, in, out).label("weight");
        this.bias = Variable.uniform(rng, -bound, bound, out).label("bias");
    }

    /** A layer with weights drawn from {@code new Random(seed)}. */
    public Linear(int in, int out, long seed) {
        this(in, out, new Random(seed));
    }

    @Override
    public Variable forward(Variable x) {
        if (x == null) throw new IllegalArgumentException("Linear.forward: x is null");
        int[] shape = x.shape();
        if (shape.length < 1 || shape.length > 2 || shape[shape.length - 1] != in) {
            throw new IllegalArgumentException("Linear(" + in + ", " + out + "): expects input of shape [" + in
                    + "] or [n, " + in + "], got " + Arrays.toString(shape));
        }
        return x.linear(weight, bias);
    }

    /** The weight matrix {@code [in, out]} (live: training changes it). */
    public Variable weight() {
        return weight;
    }

    /** The bias vector {@code [out]} (live). */
    public Variable bias() {
        return bias;
    }

    /** Number of input features. */
    public int in() {
        return in;
    }

    /** Number of outputs. */
    public int out() {
        return out;
    }

    @Override
    public String toString() {
        return "Linear(" + in + ", " + out + ")";
    }
}

package autograd.nn;

import autograd.Variable;
import java.util.Arrays;

/**
 * The single neuron of the perceptron demo: f(x) = tanh(wᵀx + b). Works on one input
 * {@code [d]} (a scalar out) or a batch {@code [n, d]} (a vector {@code [n]} out), so the loss
 * over a dataset is one expression, as PyTorch's {@code MSELoss()(model(X), y)}.
 *
 * <pre>{@code
 * jshell> var p = new Perceptron(new double[] {0.5, -0.5});
 * jshell> p.forward(Variable.constant(new double[] {1, 1})).item()
 * $2 ==> 0.0
 * jshell> var data = new Dataset(new double[][] {{1, 1}, {2, 0}}, new double[] {1, -1});
 * jshell> Loss.mse().apply(p.forward(data.inputs()), data.labels()).item()     // mean of 1 and (tanh 1 + 1)²
 * $4 ==> 2.0516069851487515
 * }</pre>
 */
public class Perceptron extends Block {

    private final Variable w;
    private final Variable b;

    /** A perceptron with initial weights {@code w} and bias 0. */
    public Perceptron(double[] w) {
        this(w, 0);
    }

    /** A perceptron with initial weights {@code w} and bias {@code b}. */
    public Perceptron(double[] w, double b) {
        if (w == null) throw new IllegalArgumentException("Perceptron: w is null");
        if (w.length == 0) throw new IllegalArgumentException("Perceptron needs at least one weight");
        this.w = new Variable(w).label("w");
        this.b = new Variable(b).label("b");
    }

    @Override
    public Variable forward(Variable x) {
        if (x == null) throw new IllegalArgumentException("Perceptron.forward: x is null");
        int[] shape = x.shape();
        int d = w.size();
        if (shape.length < 1 || shape.length > 2 || shape[shape.length - 1] != d) {
            throw new IllegalArgumentException("Perceptron with " + d + " weights: expects input of shape [" + d
                    + "] or [n, " + d + "], got " + Arrays.toString(shape));
        }
        return x.matmul(w).add(b).tanh();
    }

    /** The weights (live). */
    public Variable weights() {
        return w;
    }

    /** The bias, a scalar (live). */
    public Variable bias() {
        return b;
    }

    @Override
    public String toString() {
        return "Perceptron(w=" + Arrays.toString(w.value()) + ", b=" + b.item() + ")";
    }
}

package autograd.nn;

import autograd.Variable;
import java.util.Arrays;

/**
 * A loss: how far a prediction is from its target, as a scalar {@link Variable} to call
 * {@code backward()} on. Prediction and target must have the same shape (no broadcasting, which
 * would silently turn {@code [n, 1]} against {@code [n]} into an {@code [n, n]} loss); a mismatch
 * throws an {@link IllegalArgumentException} naming the loss and both shapes.
 *
 * <pre>{@code
 * jshell> Variable p = new Variable(new double[] {1, 2});
 * jshell> Loss.squaredError().apply(p, Variable.constant(new double[] {0, 0})).item()
 * $2 ==> 5.0
 * }</pre>
 *
 * <p>Any lambda {@code (prediction, target) -> ...} built from engine ops is a loss too.
 */
@FunctionalInterface
public interface Loss {

    /** The loss of {@code prediction} against {@code target}, a scalar. */
    Variable apply(Variable prediction, Variable target);

    /** Mean squared error: mean((p − t)²). */
    static Loss mse() {
        return (p, t) -> {
            requireSameShape("mse", p, t);
            return p.sub(t).pow(2).mean();
        };
    }

    /** Sum of squared errors: Σ(p − t)², what the Python demos use. */
    static Loss squaredError() {
        return (p, t) -> {
            requireSameShape("squaredError", p, t);
            return p.sub(t).pow(2).sum();
        };
    }

    /**
     * Binary cross-entropy from logits {@code z} with targets {@code y} in [0, 1], averaged:
     * mean(max(z, 0) − z·y + log(1 + e^−|z|)), which never overflows (e^−|z| ≤ 1). Equal to
     * −y·log σ(z) − (1 − y)·log(1 − σ(z)), with gradient (σ(z) − y)/n.
     *
     * <p>max(z, 0) and |z| are written as z times a constant 0/1 or ±1 mask taken from the sign
     * of z: both kinks then use the same one-sided derivative, so the gradient is exact even at
     * z = 0 (where relu and abs would each contribute a subgradient 0 and give −y instead of
     * ½ − y, which matters for a model initialized at zero).
     */
    static Loss bceWithLogits() {
        return (z, y) -> {
            requireSameShape("bceWithLogits", z, y);
            double[] logits = z.value(); // NOTE: not data(), which counts as a change of z
            double[] positive = new double[logits.length];
            double[] sign = new double[logits.length];
            for (int i = 0; i < logits.length; i++) {
                positive[i] = logits[i] >= 0 ? 1 : 0;
                sign[i] = logits[i] >= 0 ? 1 : -1;
            }
            int[] shape = z.shape();
            Variable relu = z.mul(Variable.constant(positive, shape));
            Variable abs = z.mul(Variable.constant(sign, shape));
            return relu.sub(z.mul(y)).add(abs.neg().exp().add(1).log()).mean();
        };
    }

    /**
     * Hinge loss for scores {@code s} and targets {@code y} in {−1, +1}: mean(max(0, 1 − y·s)),
     * the "max-margin" loss of micrograd's demo. Targets other than ±1 throw (map 0/1 labels
     * with {@code dataset.mapLabels(y -> 2 * y - 1)}).
     */
    static Loss hinge() {
        return (s, y) -> {
            requireSameShape("hinge", s, y);
            for (double v : y.value()) {
                if (v != 1 && v != -1) {
                    throw new IllegalArgumentException("hinge: targets must be -1 or +1, found " + v
                            + " (map 0/1 labels with dataset.mapLabels(y -> 2 * y - 1))");
                }
            }
            return y.mul(s).rsub(1).relu().mean();
        };
    }

    /** Throws unless the shapes are equal, naming the loss and both shapes. */
    private static void requireSameShape(String loss, Variable prediction, Variable target) {
        if (prediction == null) throw new IllegalArgumentException(loss + ": prediction is null");
        if (target == null) throw new IllegalArgumentException(loss + ": target is null");
        int[] p = prediction.shape();
        int[] t = target.shape();
        if (!Arrays.equals(p, t)) {
            String hint = p.length == 2 && t.length == 1 && p[1] == 1 && p[0] == t[0]
                    ? " (reshape the target: target.reshape(" + t[0] + ", 1), or the prediction: prediction.reshape("
                            + p[0] + "))"
                    : "";
            throw new IllegalArgumentException(loss + ": prediction has shape " + Arrays.toString(p)
                    + " but target has shape " + Arrays.toString(t) + hint);
        }
    }
}

package autograd;

/**
 * Something an optimizer can update: a {@link Value} (one number) or a {@link Variable} (many).
 * Elements are addressed by their flat row-major index.
 *
 * <pre>{@code
 * jshell> Parameter p = new Variable(new double[] {1, 2});
 * jshell> p.setDataAt(1, 5); p.dataAt(1)
 * $3 ==> 5.0
 * }</pre>
 */
public sealed interface Parameter permits Value, Variable {

    /** Number of elements: 1 for a {@code Value}. */
    int numel();

    /** Element {@code i} of the data. */
    double dataAt(int i);

    /** Overwrites element {@code i} of the data in place (what optimizers do). */
    void setDataAt(int i, double value);

    /** Element {@code i} of the accumulated gradient (0 before any backward pass). */
    double gradAt(int i);

    /** Resets the accumulated gradient to zero. */
    void zeroGrad();

    /** Whether backward computes a gradient for it: false for constants, which nothing can train. */
    boolean requiresGrad();

    /** The op that computed it ({@code "tanh"}, {@code "matmul"}...), or {@code ""} for a leaf. */
    String op();

    /**
     * Whether it was made directly rather than computed by an op: only leaves are trained (as in
     * PyTorch, "can't optimize a non-leaf Tensor"), since a step on a computed value would be
     * overwritten by the next forward pass.
     */
    default boolean isLeaf() {
        return op().isEmpty();
    }
}

package autograd;

/**
 * What {@link Graphs} needs of a node of either engine: whether it was computed by an op, its
 * computed inputs, and a claim stamp. {@link Value} and {@link Variable} extend it.
 */
abstract class Node {

    /**
     * 0 while no backward pass holds this node; during a pass, that pass's generation (negated
     * while the node's inputs are still being sorted). A pass clears it as soon as it is done
     * with the node, so a non-zero stamp that is not the pass's own means another pass, on
     * another thread, is differentiating through the same node.
     */
    int mark;

    /** Whether an op made this node (a leaf or constant was not). */
    abstract boolean isComputed();

    /**
     * Called once per backward pass, when its sort first reaches this node: resets the node's
     * gradient (an intermediate one holds the latest pass's only) and pushes every input that is
     * computed, needs a gradient and is not sorted yet onto the walk's stack above {@code top}
     * (made room for with {@link Graphs.Walk#stackWithRoom}); returns the new top.
     */
    abstract int visit(Graphs.Walk walk, int top);

    /** The op's name for messages: {@code "tanh"}, {@code "matmul"}... */
    abstract String opName();
}

package autograd.nn;

import autograd.Variable;
import java.util.List;

/**
 * Blocks applied one after another; its parameters are those of its blocks, in order.
 *
 * <pre>{@code
 * jshell> var net = new Sequential(new Linear(2, 4, 1), Activation.tanh(), new Linear(4, 1, 2));
 * jshell> net.numParameters()
 * $2 ==> 17
 * }</pre>
 */
public class Sequential extends Block {

    private final List<Block> blocks;

    /** The blocks in the order they are applied. */
    public Sequential(Block... blocks) {
        if (blocks == null) throw new IllegalArgumentException("Sequential: blocks is null");
        if (blocks.length == 0) throw new IllegalArgumentException("Sequential needs at least one block");
        for (int i = 0; i < blocks.length; i++) {
            if (blocks[i] == null) throw new IllegalArgumentException("Sequential: block " + i + " is null");
        }
        this.blocks = List.of(blocks);
    }

    @Override
    public Variable forward(Variable x) {
        if (x == null) throw new IllegalArgumentException("Sequential.forward: x is null");
        Variable h = x;
        for (Block block : blocks) h = block.forward(h);
        return h;
    }

    /** The blocks, in order (unmodifiable). */
    public List<Block> blocks() {
        return blocks;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Sequential(");
        for (int i = 0; i < blocks.size(); i++) sb.append(i == 0 ? "" : ", ").append(blocks.get(i));
        return sb.append(')').toString();
    }
}

package autograd;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.ConcurrentModificationException;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * The library's graph walks, both iterative (a million-node chain needs no deep stack): the
 * backward pass's topological sort, which claims the nodes it will differentiate through, and a
 * read-only listing for drawing and inspection.
 *
 * <h2>Backward passes on several threads</h2>
 * A pass that runs alone on the process writes gradients with plain stores. When passes overlap
 * on several threads they run "shared": each claims every computed node it sorts with a
 * compare-and-set on the node's {@link Node#mark}, so two passes through the same computed node
 * at once make the later one throw a {@link ConcurrentModificationException} instead of mixing
 * their intermediate gradients; and leaves (parameters) that several passes reach get the exact
 * sum of their gradients (atomic adds for {@link Value}s, a lock per leaf for {@link Variable}s).
 * A pass that starts while a plain one runs waits for it to end. After overlap was seen, the
 * next passes run shared for a while, so threads that keep differentiating do not take turns.
 */
final class Graphs {

    private Graphs() {}

    // ---- the gate between plain and shared passes ----------------------------------------------

    private static final int PLAIN_PASS = -1;
    // PLAIN_PASS while one pass runs plain; otherwise how many shared passes run.
    private static final AtomicInteger passes = new AtomicInteger();
    // Passes still to run shared after overlap was last seen (a heuristic: races on it only
    // change which mode a pass picks, and both modes are correct).
    private static volatile int sharedCredit;
    private static final int CREDIT = 1024;
    private static final AtomicInteger generations = new AtomicInteger();

    /** Whether the new pass runs shared; blocks while a plain pass runs on another thread. */
    private static boolean enterPass() {
        int credit = sharedCredit;
        if (credit <= 0 && passes.compareAndSet(0, PLAIN_PASS)) return false;
        if (credit > 0) sharedCredit = credit - 1;
        for (int spins = 0; ; spins++) {
            int running = passes.get();
            if (running >= 0 && passes.compareAndSet(running, running + 1)) {
                if (running > 0) sharedCredit = CREDIT;
                return true;
            }
            if (running == PLAIN_PASS) {
                sharedCredit = CREDIT;
                if (spins < 64) Thread.onSpinWait();
                else LockSupport.parkNanos(20_000);
            }
        }
    }

    private static void exitPass(boolean shared) {
        if (shared) passes.decrementAndGet();
        else passes.set(0);
    }

    private static int nextGeneration() {
        int gen = generations.incrementAndGet() & Integer.MAX_VALUE;
        return gen == 0 ? nextGeneration() : gen;
    }

    private static final VarHandle MARK;
    private static final VarHandle VALUE_GRAD;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            MARK = lookup.findVarHandle(Node.class, "mark", int.class);
            VALUE_GRAD = lookup.findVarHandle(Value.class, "grad", double.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Adds {@code d} to a leaf's gradient so that no concurrent add is lost. */
    static void addAtomically(Value leaf, double d) {
        double seen;
        do {
            seen = (double) VALUE_GRAD.getVolatile(leaf);
        } while (!VALUE_GRAD.weakCompareAndSet(leaf, seen, seen + d));
    }

    // ---- the backward sort ------------------------------------------------------------------------

    private static final ThreadLocal<Walk> WALKS = ThreadLocal.withInitial(Walk::new);

    /** The larger of this thread's two sort buffers, in entries (for tests of memory kept). */
    static int bufferCapacity() {
        Walk walk = WALKS.get();
        return Math.max(walk.order.length, walk.stack.length);
    }

    /** This thread's walk, begun: call {@link Walk#end()} in a finally block. */
    static Walk begin(String who) {
        Walk walk = WALKS.get();
        if (walk.active) {
            throw new IllegalStateException(
                    who + ": backward called while a backward pass is running on this thread (from inside an op?)");
        }
        walk.shared = enterPass();
        walk.gen = nextGeneration();
        walk.active = true;
        walk.anomaly = Autograd.modes().anomaly;
        return walk;
    }

    /**
     * A backward pass's sort and its buffers, one per thread and reused: a backward pass per
     * training sample would otherwise spend more time growing lists than computing gradients.
     * Buffers grown past {@link #KEEP} entries are dropped after the pass, so a huge graph does not
     * keep its memory once it is gone.
     */
    static final class Walk {
        static final int KEEP = 1 << 16;

        Node[] stack = new Node[64];
        Node[] order = new Node[64];
        int top;
        int count;
        int gen;
        boolean shared;
        boolean anomaly;
        boolean active;
        // Shared passes only: the gradients meant for Variable leaves, added to them under their
        // lock at the end of the pass.
        IdentityHashMap<Variable, double[]> leafGrads;

        /** The stack, grown if needed so that {@code n} more entries fit above {@code top}. */
        Node[] stackWithRoom(int top, int n) {
            if (top + n > stack.length) stack = Arrays.copyOf(stack, Math.max(2 * stack.length, top + n));
            return stack;
        }

        /**
         * Fills {@link #order} with {@code root} (when computed) and every computed node it depends
         * on, inputs before the nodes made from them, claiming each: an iterative depth-first
         * search in which a node is pushed once per use and emitted once, after its inputs.
         * Returns how many were emitted.
         */
        int sort(Node root) {
            this.top = 0;
            this.count = 0;
            if (!root.isComputed()) return 0;
            // NOTE: the loop keeps top, count and the arrays in locals (a scalar pass is a few ns a node)
            int gen = this.gen;
            Node[] stack = this.stack;
            Node[] order = this.order;
            int top = 0;
            int count = 0;
            stack[top++] = root;
            try {
                while (top > 0) {
                    Node v = stack[top - 1];
                    int m = v.mark;
                    if (m == gen) {
                        stack[--top] = null;
                    } else if (m == -gen) { // its inputs are done
                        stack[--top] = null;
                        v.mark = gen;
                        if (count == order.length) order = this.order = Arrays.copyOf(order, 2 * count);
                        order[count++] = v;
                    } else {
                        claim(v, m);
                        top = v.visit(this, top);
                        stack = this.stack;
                    }
                }
            } finally {
                this.top = top; // what end() must clean if a claim threw
                this.count = count;
            }
            return count;
        }

        private void claim(Node v, int seen) {
            if (!shared) {
                v.mark = -gen; // alone: any other stamp is left over from a pass that failed
            } else if (seen != 0 || !MARK.compareAndSet(v, 0, -gen)) {
                throw new ConcurrentModificationException("backward: the '" + v.opName()
                        + "' node is being differentiated by a backward pass on another thread at the same time."
                        + " Passes on several threads may share leaves (parameters) but not computed nodes:"
                        + " build each thread's graph on that thread, or run these passes one after another");
            }
        }

        /** Done with {@code order[i]}, its gradient propagated: frees its slot and its claim. */
        void release(int i) {
            Node v = order[i];
            order[i] = null;
            if (shared) MARK.setRelease(v, 0);
            else v.mark = 0;
        }

        /** Ends the pass: frees what an exception left claimed, flushes shared leaf gradients, drops huge buffers. */
        void end() {
            try {
                for (int i = 0; i < count; i++) {
                    Node v = order[i];
                    if (v != null) {
                        if (v.mark == gen || v.mark == -gen) v.mark = 0;
                        order[i] = null;
                    }
                }
                for (int i = 0; i < top; i++) {
                    Node v = stack[i];
                    if (v.mark == gen || v.mark == -gen) v.mark = 0;
                    stack[i] = null;
                }
                if (leafGrads != null) {
                    leafGrads.forEach(Variable::addToLeafGrad);
                    leafGrads = null;
                }
            } finally {
                if (order.length > KEEP) order = new Node[64];
                if (stack.length > KEEP) stack = new Node[64];
                top = 0;
                count = 0;
                active = false;
                exitPass(shared);
            }
        }

        /** Where a Variable's gradient goes in this pass: its own buffer, or for a leaf in a shared pass a scratch one. */
        double[] gradOf(Variable v) {
            if (!shared || v.isComputed()) return v.gradBuffer();
            if (leafGrads == null) leafGrads = new IdentityHashMap<>();
            return leafGrads.computeIfAbsent(v, leaf -> new double[leaf.size()]);
        }
    }

    // ---- read-only listing ------------------------------------------------------------------------

    /**
     * Every node reachable from {@code root} through {@code inputs}, each once, inputs before the
     * nodes made from them (the first input's side first). Writes nothing into the nodes, so it can
     * run beside a backward pass. Stops with an {@link IllegalStateException} past {@code atMost} nodes.
     */
    static <N> List<N> topologicalOrder(N root, Function<N, List<N>> inputs, int atMost) {
        List<N> order = new ArrayList<>();
        Set<N> done = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<N> entered = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<N> stack = new ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            N v = stack.peek();
            if (done.contains(v)) {
                stack.pop();
            } else if (entered.contains(v)) {
                stack.pop();
                done.add(v);
                order.add(v);
            } else {
                if (entered.size() == atMost) {
                    throw new IllegalStateException("the graph has more than " + atMost + " nodes");
                }
                entered.add(v);
                List<N> in = inputs.apply(v);
                for (int i = in.size() - 1; i >= 0; i--) {
                    if (!done.contains(in.get(i))) stack.push(in.get(i));
                }
            }
        }
        return order;
    }
}

package autograd.compile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A traced function of {@link autograd.Value}s, as plain data: what the code generator reads and
 * what two traces are compared by. Nodes are numbered in the order the eager engine emits them
 * in its backward sort, so walking them backwards visits them in {@code Value.backward()}'s
 * order, and each node lists its inputs in the order the eager engine sends them gradient.
 *
 * <p>A loop written with {@link Compile#repeat} becomes one {@link Kind#SCAN} node whose
 * {@link Scan#body} is the graph of a single step (as {@code jax.lax.scan}); its results are
 * {@link Kind#SCAN_OUT} nodes.
 */
final class ScalarGraph {

    enum Kind {
        /** A declared parameter: {@code index} into the step's parameters. */
        PARAM,
        /** An input of the step: {@code index} into its inputs. */
        INPUT,
        /** A constant that existed before the trace (read from its {@code Value} at every call). */
        CAPTURED,
        /** A constant the function made itself ({@code mul(2)}): written into the code. */
        LITERAL,
        /** One of {@link Rule}'s ops on {@code in[0]} (and {@code in[1]}). */
        OP,
        /** {@code Value.sum}: in[0] + in[1] + ... */
        SUM,
        /** {@code Value.dot}: terms {@code in[0..n)} times factors {@code in[n..2n)}, added left to right. */
        DOT,
        /** A {@link Compile#repeat} loop: {@code in} = its initial carries, then the values its body captures. */
        SCAN,
        /** Carry {@code index} after the last step of the scan {@code in[0]}. */
        SCAN_OUT,
        /** Inside a scan body: the carry {@code index} at the start of the step. */
        CARRY,
        /** Inside a scan body: the captured value {@code index} (an input of the SCAN node after its carries). */
        OUTER
    }

    static final class Node {
        final Kind kind;
        final Rule rule; // OP only
        final int[] in;
        final int index;
        final double literal;
        final Scan scan; // SCAN only
        boolean needsGrad; // depends on a parameter, so backward computes its gradient

        Node(Kind kind, Rule rule, int[] in, int index, double literal, Scan scan) {
            this.kind = kind;
            this.rule = rule;
            this.in = in;
            this.index = index;
            this.literal = literal;
            this.scan = scan;
        }

        boolean computed() {
            return kind == Kind.OP || kind == Kind.SUM || kind == Kind.DOT || kind == Kind.SCAN_OUT;
        }

        String opName() {
            return switch (kind) {
                case OP -> rule.symbol;
                case SUM -> "+";
                case DOT -> "dot";
                case SCAN -> "repeat";
                case SCAN_OUT -> "repeat-out";
                case PARAM -> "parameter";
                case INPUT -> "input";
                case CAPTURED -> "captured constant";
                case LITERAL -> "constant";
                case CARRY -> "carry";
                case OUTER -> "captured";
            };
        }

        /** Same op, inputs and position; literals equal when {@code compareLiterals}. */
        String differs(Node o, boolean compareLiterals) {
            if (kind != o.kind || rule != o.rule) return "was '" + o.opName() + "', is now '" + opName() + "'";
            if (!Arrays.equals(in, o.in)) {
                return "'" + opName() + "' had inputs " + Arrays.toString(o.in) + ", now " + Arrays.toString(in);
            }
            if (index != o.index) return "'" + opName() + "' was number " + o.index + ", is now " + index;
            if (kind == Kind.LITERAL
                    && compareLiterals
                    && Double.doubleToLongBits(literal) != Double.doubleToLongBits(o.literal)) {
                return "the constant was " + o.literal + " and is now " + literal;
            }
            if (kind == Kind.SCAN) return scan.differs(o.scan, compareLiterals);
            return null;
        }
    }

    /** A {@link Compile#repeat} loop: a step's graph, run {@link #steps} times. */
    static final class Scan {
        final int steps;
        final int carries;
        final List<Node> body; // CARRY, OUTER, LITERAL and computed nodes, in forward order
        final int[] next; // body node giving each carry after the step
        final int[] lastOrder; // body nodes in backward order for the last step
        final int[] order; // ... and for every other step

        Scan(int steps, int carries, List<Node> body, int[] next, int[] lastOrder, int[] order) {
            this.steps = steps;
            this.carries = carries;
            this.body = body;
            this.next = next;
            this.lastOrder = lastOrder;
            this.order = order;
        }

        String differs(Scan o, boolean compareLiterals) {
            if (steps != o.steps || carries != o.carries) {
                return "repeat ran " + o.steps + " steps of " + o.carries + " values, now " + steps + " of " + carries;
            }
            if (body.size() != o.body.size()) {
                return "the repeated step had " + o.body.size() + " nodes, now " + body.size();
            }
            for (int i = 0; i < body.size(); i++) {
                String d = body.get(i).differs(o.body.get(i), compareLiterals);
                if (d != null) return "in the repeated step, node " + i + ": " + d;
            }
            if (!Arrays.equals(next, o.next)
                    || !Arrays.equals(order, o.order)
                    || !Arrays.equals(lastOrder, o.lastOrder)) {
                return "the repeated step's outputs or order changed";
            }
            return null;
        }

        int computedNodes() {
            int n = 0;
            for (Node b : body) if (b.computed()) n++;
            return n;
        }
    }

    final List<Node> nodes;
    final int root;
    final int params;
    final int inputs;
    final int captured;

    ScalarGraph(List<Node> nodes, int root, int params, int inputs, int captured) {
        this.nodes = nodes;
        this.root = root;
        this.params = params;
        this.inputs = inputs;
        this.captured = captured;
        markNeedsGrad();
    }

    /** Null when {@code other} is the same function, else what differs (for the error message). */
    String differs(ScalarGraph other, boolean compareLiterals) {
        if (nodes.size() != other.nodes.size()) {
            return "the graph had " + other.nodes.size() + " nodes and now has " + nodes.size();
        }
        if (root != other.root) return "the result is now a different node";
        for (int i = 0; i < nodes.size(); i++) {
            String d = nodes.get(i).differs(other.nodes.get(i), compareLiterals);
            if (d != null) return "node " + i + ": " + d;
        }
        return null;
    }

    /** Gradients are needed exactly for nodes that depend on a parameter (carries: until nothing changes). */
    private void markNeedsGrad() {
        for (Node n : nodes) {
            n.needsGrad = switch (n.kind) {
                case PARAM -> true;
                case INPUT, CAPTURED, LITERAL -> false;
                case SCAN -> false; // set below from its outputs
                case SCAN_OUT -> scanOutNeedsGrad(n);
                default -> anyInputNeedsGrad(nodes, n);
            };
        }
    }

    private boolean scanOutNeedsGrad(Node out) {
        Node scanNode = nodes.get(out.in[0]);
        Scan s = scanNode.scan;
        boolean[] carry = new boolean[s.carries];
        for (int i = 0; i < s.carries; i++) carry[i] = nodes.get(scanNode.in[i]).needsGrad;
        for (boolean changed = true; changed; ) {
            changed = false;
            for (Node b : s.body) {
                b.needsGrad = switch (b.kind) {
                    case CARRY -> carry[b.index];
                    case OUTER -> nodes.get(scanNode.in[s.carries + b.index]).needsGrad;
                    case LITERAL -> false;
                    default -> anyInputNeedsGrad(s.body, b);
                };
            }
            for (int i = 0; i < s.carries; i++) {
                if (!carry[i] && s.body.get(s.next[i]).needsGrad) {
                    carry[i] = true;
                    changed = true;
                }
            }
        }
        boolean any = false;
        for (boolean c : carry) any |= c;
        scanNode.needsGrad = any;
        return s.body.get(s.next[out.index]).needsGrad;
    }

    private static boolean anyInputNeedsGrad(List<Node> in, Node n) {
        for (int i : n.in) {
            if (in.get(i).needsGrad) return true;
        }
        return false;
    }

    int computedNodes() {
        int n = 0;
        for (Node node : nodes) {
            if (node.computed()) n++;
            if (node.kind == Kind.SCAN) n += node.scan.computedNodes();
        }
        return n;
    }

    /** The nodes of each kind, for the generated code's header. */
    List<Node> ofKind(Kind kind) {
        List<Node> out = new ArrayList<>();
        for (Node n : nodes) if (n.kind == kind) out.add(n);
        return out;
    }
}

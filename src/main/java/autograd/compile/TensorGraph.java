package autograd.compile;

import autograd.Variable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A traced function of {@link Variable}s as plain data, numbered as {@link ScalarGraph} is: leaves
 * first, then computed nodes in the order {@code Variable.backward()} emits them, so walking
 * backwards is the eager engine's backward order.
 */
final class TensorGraph {

    enum Kind {
        PARAM,
        INPUT,
        CAPTURED, // a constant tensor that existed before the trace: read at every call
        LITERAL, // a constant the function made: its data are copied into the step
        OP, // an elementwise Rule, with NumPy broadcasting
        LINEAR, // x·W + b (Variable.linear)
        MATMUL, // 2-D × 2-D
        SUM, // all elements
        SUM_AXIS, // one axis (axis, keepDims only changes the shape)
        RESHAPE,
        TRANSPOSE
    }

    static final class Node {
        final Kind kind;
        final Rule rule;
        final int[] in;
        final int[] shape;
        final int index; // PARAM, INPUT, CAPTURED: position; SUM_AXIS: the axis
        final double[] data; // LITERAL
        boolean needsGrad;

        Node(Kind kind, Rule rule, int[] in, int[] shape, int index, double[] data) {
            this.kind = kind;
            this.rule = rule;
            this.in = in;
            this.shape = shape;
            this.index = index;
            this.data = data;
        }

        int size() {
            int s = 1;
            for (int d : shape) s *= d;
            return s;
        }

        boolean computed() {
            return kind.ordinal() >= Kind.OP.ordinal();
        }

        String describe() {
            return (kind == Kind.OP ? rule.symbol : kind.toString().toLowerCase(java.util.Locale.ROOT))
                    + Arrays.toString(shape);
        }

        String differs(Node o, boolean compareData) {
            if (kind != o.kind || rule != o.rule) return "was " + o.describe() + ", is now " + describe();
            if (!Arrays.equals(shape, o.shape)) return describe() + " had shape " + Arrays.toString(o.shape);
            if (!Arrays.equals(in, o.in)) return describe() + " has other inputs";
            if (index != o.index) return describe() + " changed position";
            if (kind == Kind.LITERAL && compareData && !sameBits(data, o.data)) {
                return "a constant the function makes changed, from " + brief(o.data) + " to " + brief(data);
            }
            return null;
        }
    }

    static boolean sameBits(double[] a, double[] b) {
        if (a.length != b.length) return false;
        for (int i = 0; i < a.length; i++) {
            if (Double.doubleToLongBits(a[i]) != Double.doubleToLongBits(b[i])) return false;
        }
        return true;
    }

    private static String brief(double[] d) {
        return d.length == 1 ? String.valueOf(d[0]) : d.length + " values starting " + d[0];
    }

    final List<Node> nodes;
    final int root;

    TensorGraph(List<Node> nodes, int root) {
        this.nodes = nodes;
        this.root = root;
        for (Node n : nodes) {
            if (n.kind == Kind.PARAM) n.needsGrad = true;
            else if (n.computed()) for (int i : n.in) n.needsGrad |= nodes.get(i).needsGrad;
        }
    }

    String differs(TensorGraph other, boolean compareData) {
        if (nodes.size() != other.nodes.size()) {
            return "the graph had " + other.nodes.size() + " nodes and now has " + nodes.size();
        }
        if (root != other.root) return "the result is now a different node";
        for (int i = 0; i < nodes.size(); i++) {
            String d = nodes.get(i).differs(other.nodes.get(i), compareData);
            if (d != null) return "node " + i + ": " + d;
        }
        return null;
    }

    int computedNodes() {
        int n = 0;
        for (Node node : nodes) if (node.computed()) n++;
        return n;
    }

    // ---- tracing ------------------------------------------------------------------------------

    /** Builds the graph of {@code root}; constants in {@code captured} are read at every call, others copied. */
    static TensorGraph trace(
            List<Variable> params,
            Variable[] inputs,
            Set<Variable> captured,
            Variable root,
            List<Variable> constantsOut,
            List<Variable> capturedOut) {
        Map<Variable, Integer> paramIndex = new IdentityHashMap<>();
        for (int i = 0; i < params.size(); i++) paramIndex.putIfAbsent(params.get(i), i);
        Map<Variable, Integer> inputIndex = new IdentityHashMap<>();
        for (int i = 0; i < inputs.length; i++) inputIndex.put(inputs[i], i);
        List<Variable> order = eagerOrder(root);
        List<Node> nodes = new ArrayList<>();
        Map<Variable, Integer> ids = new IdentityHashMap<>();
        for (Variable v : order) {
            List<Variable> in = v.inputs();
            int[] ref = new int[in.size()];
            for (int i = 0; i < ref.length; i++) {
                Variable x = in.get(i);
                Integer id = ids.get(x);
                if (id == null) {
                    id = nodes.size();
                    nodes.add(leaf(x, paramIndex, inputIndex, captured, constantsOut, capturedOut));
                    ids.put(x, id);
                }
                ref[i] = id;
            }
            ids.put(v, nodes.size());
            nodes.add(computed(v, ref, nodes));
        }
        Integer rootId = ids.get(root);
        if (rootId == null) {
            rootId = nodes.size();
            nodes.add(leaf(root, paramIndex, inputIndex, captured, constantsOut, capturedOut));
        }
        return new TensorGraph(nodes, rootId);
    }

    private static Node leaf(
            Variable v,
            Map<Variable, Integer> paramIndex,
            Map<Variable, Integer> inputIndex,
            Set<Variable> captured,
            List<Variable> constantsOut,
            List<Variable> capturedOut) {
        Integer p = paramIndex.get(v);
        if (p != null) return new Node(Kind.PARAM, null, new int[0], v.shape(), p, null);
        Integer x = inputIndex.get(v);
        if (x != null) return new Node(Kind.INPUT, null, new int[0], v.shape(), x, null);
        if (v.requiresGrad()) {
            throw new IllegalArgumentException("compile: the function uses a tensor that requires a gradient ("
                    + "shape " + Arrays.toString(v.shape())
                    + ") but is neither one of the step's parameters nor one of its inputs: add it"
                    + " to the parameters, or make it a constant (Variable.constant(...), detach())");
        }
        constantsOut.add(v);
        if (captured.contains(v)) {
            capturedOut.add(v);
            return new Node(Kind.CAPTURED, null, new int[0], v.shape(), capturedOut.size() - 1, null);
        }
        return new Node(Kind.LITERAL, null, new int[0], v.shape(), 0, v.value());
    }

    private static Node computed(Variable v, int[] in, List<Node> nodes) {
        String op = v.op();
        int[] shape = v.shape();
        Rule rule = Rule.of(op);
        if (rule != null && in.length == (rule.binary() ? 2 : 1)) return new Node(Kind.OP, rule, in, shape, 0, null);
        switch (op) {
            case "linear" -> {
                return new Node(Kind.LINEAR, null, in, shape, 0, null);
            }
            case "matmul" -> {
                return new Node(Kind.MATMUL, null, in, shape, 0, null);
            }
            case "sum" -> {
                return new Node(Kind.SUM, null, in, shape, 0, null);
            }
            case "reshape" -> {
                return new Node(Kind.RESHAPE, null, in, shape, 0, null);
            }
            case "transpose" -> {
                return new Node(Kind.TRANSPOSE, null, in, shape, 0, null);
            }
            default -> {
                if (op.startsWith("sum(axis=") && op.endsWith(")")) {
                    int axis = Integer.parseInt(op.substring("sum(axis=".length(), op.length() - 1));
                    return new Node(Kind.SUM_AXIS, null, in, shape, axis, null);
                }
                throw new IllegalArgumentException("compile: the tensor op '" + op + "' is not supported by the"
                        + " compiled path yet (supported: elementwise ops, linear, matmul, sum, sum(axis), mean,"
                        + " reshape, transpose); run this function eagerly");
            }
        }
    }

    /** {@code Variable.backward()}'s order ({@link EagerOrder}) over the computed nodes that need a gradient. */
    static List<Variable> eagerOrder(Variable root) {
        return root.op().isEmpty()
                ? List.of()
                : EagerOrder.of(
                        root,
                        Variable::inputs,
                        in -> in.requiresGrad() && !in.op().isEmpty());
    }
}

package autograd.compile;

import autograd.compile.TensorGraph.Kind;
import autograd.compile.TensorGraph.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Writes the Java source of a {@link TensorGraph}'s forward and backward pass. Every tensor has a
 * buffer ({@code b[id]}, its gradient {@code b[N + id]}) allocated once per thread; matrix
 * products call {@link autograd.MatMul}, the kernels the eager engine uses; and a run of
 * elementwise ops on tensors of one shape becomes one loop over the elements (a fused kernel)
 * whose body is the ops' scalar code, forward and backward.
 *
 * <p>Exactness: each element's arithmetic is the eager engine's, in its order: a fused loop
 * visits the ops of its run in the eager backward order for every element, and only fuses a run
 * whose ops are consecutive in that order (so no other op's gradient interleaves), and in which
 * each broadcast operand (a scalar, a row) gets its gradient from a single op (the eager engine
 * sums such a gradient op by op).
 */
final class TensorCodegen {

    /** Ops per fused loop at most, so that its body stays a method the JIT compiles well. */
    static final int MAX_GROUP = 120;

    private final TensorGraph graph;
    private final int n;
    final List<int[]> indexMaps = new ArrayList<>(); // broadcast index maps, b[...] reads x[m[k][i]]
    private final Map<String, Integer> mapIds = new HashMap<>();
    int scratchSlots; // transposes for backward products, at b[2N + j]
    private final List<Integer> scratchSizes = new ArrayList<>();

    private final List<List<Integer>> consumers = new ArrayList<>();

    private TensorCodegen(TensorGraph graph) {
        this.graph = graph;
        this.n = graph.nodes.size();
        for (int id = 0; id < n; id++) consumers.add(new ArrayList<>());
        for (int id = 0; id < n; id++) {
            for (int x : graph.nodes.get(id).in) consumers.get(x).add(id);
        }
    }

    record Source(String java, List<int[]> indexMaps, int[] scratchSizes) {}

    static Source generate(TensorGraph graph, String className, String header) {
        TensorCodegen gen = new TensorCodegen(graph);
        String java = gen.classSource(className, header);
        return new Source(
                java,
                gen.indexMaps,
                gen.scratchSizes.stream().mapToInt(Integer::intValue).toArray());
    }

    private Node node(int id) {
        return graph.nodes.get(id);
    }

    private String value(int id) {
        return "b[" + id + "]";
    }

    private String grad(int id) {
        return "b[" + (n + id) + "]";
    }

    private int scratch(int size) {
        scratchSizes.add(size);
        return 2 * n + scratchSlots++;
    }

    // ---- fused elementwise runs ---------------------------------------------------------------

    /** A run of elementwise ops fused into one loop, and a full sum that may close it. */
    private static final class Group {
        final List<Integer> ops = new ArrayList<>();
        int sum = -1;
        int reluOf = -1; // a lone relu of a product only it reads: its backward is ReluGradient's pass
        int size;
        int[] shape;
        int index;
    }

    private List<Object> schedule() {
        // Computed nodes in order; consecutive elementwise ops of one shape share a Group.
        List<Object> items = new ArrayList<>();
        Group open = null;
        Map<Integer, Integer> broadcastContributors = new HashMap<>();
        int groups = 0;
        for (int id = 0; id < n; id++) {
            Node nd = node(id);
            if (!nd.computed()) continue;
            if (nd.kind == Kind.OP) {
                boolean fits = open != null
                        && open.sum < 0
                        && Arrays.equals(open.shape, nd.shape)
                        && open.ops.size() < MAX_GROUP
                        && !secondBroadcastContributor(open, nd, broadcastContributors);
                if (!fits) {
                    open = new Group();
                    open.shape = nd.shape;
                    open.size = nd.size();
                    open.index = groups++;
                    broadcastContributors.clear();
                    items.add(open);
                    secondBroadcastContributor(open, nd, broadcastContributors);
                }
                open.ops.add(id);
                continue;
            }
            if (nd.kind == Kind.SUM && open != null && open.sum < 0 && open.ops.contains(nd.in[0])) {
                open.sum = id;
                continue;
            }
            open = null;
            items.add(id);
        }
        for (Object item : items) {
            if (!(item instanceof Group g) || g.ops.size() != 1 || g.sum >= 0) continue;
            Node relu = node(g.ops.get(0));
            int x = relu.in[0];
            Node xn = node(x);
            boolean product = xn.kind == Kind.LINEAR || xn.kind == Kind.MATMUL;
            if (relu.rule == Rule.RELU
                    && relu.needsGrad
                    && product
                    && xn.needsGrad
                    && consumers.get(x).size() == 1) {
                g.reluOf = x;
            }
        }
        return items;
    }

    /** Linear layers whose bias gradient the relu after them computes (in the same pass). */
    private final Set<Integer> biasSummedByRelu = new LinkedHashSet<>();

    /** The call for a lone relu's backward, with the bias column sums when the product is a linear layer. */
    private String reluBackward(Group g) {
        int relu = g.ops.get(0);
        int x = g.reluOf;
        Node xn = node(x);
        int[] shape = xn.shape;
        int rows = shape.length == 1 ? 1 : shape[0];
        int m = shape[shape.length - 1];
        String bias = "null";
        if (xn.kind == Kind.LINEAR && node(xn.in[2]).needsGrad) {
            bias = grad(xn.in[2]);
            biasSummedByRelu.add(x);
        }
        return "        ReluGradient.backward(" + grad(relu) + ", " + value(x) + ", " + grad(x) + ", " + bias + ", "
                + rows + ", " + m + "); // relu's gradient"
                + (bias.equals("null") ? "" : ", and the bias's column sums") + "\n";
    }

    /** Records {@code nd}'s broadcast operands that need a gradient; true if one already has a contributor in the run. */
    private boolean secondBroadcastContributor(Group g, Node nd, Map<Integer, Integer> contributors) {
        for (int k = 0; k < nd.in.length; k++) {
            int x = nd.in[k];
            Node xn = node(x);
            if (!xn.needsGrad || g.ops.contains(x) || xn.size() == nd.size()) continue;
            if (contributors.containsKey(x)) return true;
        }
        for (int x : nd.in) {
            Node xn = node(x);
            if (xn.needsGrad && !g.ops.contains(x) && xn.size() != nd.size()) contributors.put(x, 1);
        }
        return false;
    }

    /** How element {@code i} of a {@code shape} result reads operand {@code x}: "i", "0", or an index map. */
    private String index(int x, int[] shape) {
        Node xn = node(x);
        if (Arrays.equals(xn.shape, shape)) return "i";
        if (xn.size() == 1) return "0";
        int[] map = broadcastMap(xn.shape, shape);
        boolean identity = true;
        for (int i = 0; i < map.length; i++) identity &= map[i] == i;
        if (identity) return "i";
        String key = Arrays.toString(xn.shape) + "->" + Arrays.toString(shape);
        Integer id = mapIds.get(key);
        if (id == null) {
            id = indexMaps.size();
            indexMaps.add(map);
            mapIds.put(key, id);
        }
        return "m" + id + "[i]";
    }

    /** NumPy broadcasting: for each element of {@code out}, the flat index it reads in {@code x}. */
    static int[] broadcastMap(int[] x, int[] out) {
        int size = 1;
        for (int d : out) size *= d;
        int[] map = new int[size];
        int[] xStride = new int[out.length];
        int stride = 1;
        for (int d = x.length - 1, e = out.length - 1; e >= 0; d--, e--) {
            int dim = d >= 0 ? x[d] : 1;
            xStride[e] = dim == 1 ? 0 : stride;
            stride *= dim;
        }
        int[] coord = new int[out.length];
        for (int i = 0; i < size; i++) {
            int at = 0;
            for (int e = 0; e < out.length; e++) at += coord[e] * xStride[e];
            map[i] = at;
            for (int e = out.length - 1; e >= 0; e--) {
                if (++coord[e] < out[e]) break;
                coord[e] = 0;
            }
        }
        return map;
    }

    /** An operand inside a fused loop: a local of the loop, a literal, or an element of a buffer. */
    private String operand(Group g, int x) {
        Node xn = node(x);
        if (g.ops.contains(x)) return "e" + x;
        if (xn.kind == Kind.LITERAL && xn.size() == 1) return Rule.literal(xn.data[0]);
        String idx = index(x, g.shape);
        return "b" + x + "[" + idx + "]";
    }

    private Set<Integer> externalBuffers(Group g, boolean withGrads) {
        Set<Integer> used = new LinkedHashSet<>();
        for (int op : g.ops) {
            for (int x : node(op).in)
                if (!g.ops.contains(x) && !(node(x).kind == Kind.LITERAL && node(x).size() == 1)) used.add(x);
        }
        return used;
    }

    /** Whether a run's op is read outside the run and its sum (or is the result): its gradient then starts outside. */
    private boolean usedOutside(Group g, int op) {
        if (op == graph.root) return true;
        for (int c : consumers.get(op)) {
            if (!g.ops.contains(c) && c != g.sum) return true;
        }
        return false;
    }

    private String groupForward(Group g, Set<Integer> stored) {
        StringBuilder sb = new StringBuilder();
        sb.append("    /** ").append(describe(g)).append(" */\n");
        sb.append("    private static void fused").append(g.index).append("(double[][] b, int[][] m) {\n");
        declareArrays(sb, g, stored, false);
        if (g.sum >= 0) sb.append("        double sum = 0;\n");
        sb.append("        for (int i = 0; i < ").append(g.size).append("; i++) {\n");
        for (int op : g.ops) {
            Node nd = node(op);
            String a = operand(g, nd.in[0]);
            String bb = nd.rule.binary() ? operand(g, nd.in[1]) : null;
            sb.append("            double e")
                    .append(op)
                    .append(" = ")
                    .append(nd.rule.forward(a, bb))
                    .append(";\n");
            if (stored.contains(op))
                sb.append("            b")
                        .append(op)
                        .append("[i] = e")
                        .append(op)
                        .append(";\n");
        }
        if (g.sum >= 0)
            sb.append("            sum += e").append(node(g.sum).in[0]).append(";\n");
        sb.append("        }\n");
        if (g.sum >= 0) sb.append("        b[").append(g.sum).append("][0] = sum;\n");
        sb.append("    }\n");
        return sb.toString();
    }

    private void declareArrays(StringBuilder sb, Group g, Set<Integer> stored, boolean grads) {
        for (int x : externalBuffers(g, grads)) index(x, g.shape); // registers the index maps the loop will use
        Set<Integer> arrays = new LinkedHashSet<>(externalBuffers(g, grads));
        arrays.addAll(stored);
        for (int x : arrays)
            sb.append("        double[] b").append(x).append(" = b[").append(x).append("];\n");
        for (int k = 0; k < indexMaps.size(); k++) {
            sb.append("        int[] m").append(k).append(" = m[").append(k).append("];\n");
        }
    }

    private String groupBackward(Group g, Set<Integer> stored) {
        StringBuilder sb = new StringBuilder();
        sb.append("    /** The gradients of fused")
                .append(g.index)
                .append(", element by element in the eager order. */\n");
        sb.append("    private static void fused").append(g.index).append("Backward(double[][] b, int[][] m) {\n");
        declareArrays(sb, g, stored, true);
        Set<Integer> gradArrays = new LinkedHashSet<>();
        for (int op : g.ops) {
            if (!node(op).needsGrad) continue;
            if (usedOutside(g, op)) gradArrays.add(op);
            for (int x : node(op).in) if (!g.ops.contains(x) && node(x).needsGrad) gradArrays.add(x);
        }
        for (int x : gradArrays)
            sb.append("        double[] g")
                    .append(x)
                    .append(" = ")
                    .append(grad(x))
                    .append(";\n");
        if (g.sum >= 0) sb.append("        double gsum = ").append(grad(g.sum)).append("[0];\n");
        sb.append("        for (int i = 0; i < ").append(g.size).append("; i++) {\n");
        for (int op : g.ops) { // the values the rules read, from the forward pass's buffers
            sb.append("            double e")
                    .append(op)
                    .append(" = b")
                    .append(op)
                    .append("[i];\n");
        }
        Set<Integer> started = new LinkedHashSet<>();
        for (int k = g.ops.size() - 1; k >= 0; k--) {
            int op = g.ops.get(k);
            Node nd = node(op);
            if (!nd.needsGrad) continue;
            String d = "d" + op;
            if (!started.contains(op)) {
                // Not yet reached inside the run: its gradient so far came from outside it (or is 0).
                String start = usedOutside(g, op) ? "g" + op + "[i]" : "0.0";
                if (g.sum >= 0 && node(g.sum).in[0] == op)
                    start = start.equals("0.0") ? "0.0 + gsum" : start + " + gsum";
                sb.append("            double ")
                        .append(d)
                        .append(" = ")
                        .append(start)
                        .append(";\n");
                started.add(op);
            }
            for (int j = 0; j < (nd.rule.binary() ? 2 : 1); j++) {
                int x = nd.in[j];
                if (!node(x).needsGrad) continue;
                String bb = nd.rule.binary() ? operand(g, nd.in[1]) : null;
                String contribution = nd.rule.grad(j == 0, d, operand(g, nd.in[0]), bb, "e" + op);
                if (g.ops.contains(x)) {
                    if (started.add(x)) {
                        String start = usedOutside(g, x) ? "g" + x + "[i] + " : "0.0 + ";
                        if (g.sum >= 0 && node(g.sum).in[0] == x) start = start + "gsum + ";
                        sb.append("            double d")
                                .append(x)
                                .append(" = ")
                                .append(start)
                                .append(contribution)
                                .append(";\n");
                    } else {
                        sb.append("            d")
                                .append(x)
                                .append(" += ")
                                .append(contribution)
                                .append(";\n");
                    }
                } else {
                    sb.append("            g")
                            .append(x)
                            .append('[')
                            .append(index(x, g.shape))
                            .append("] += ")
                            .append(contribution)
                            .append(";\n");
                }
            }
        }
        sb.append("        }\n    }\n");
        return sb.toString();
    }

    private String describe(Group g) {
        StringBuilder sb = new StringBuilder("fused: ");
        for (int k = 0; k < g.ops.size(); k++) {
            if (k == 6) {
                sb.append(", ... (").append(g.ops.size()).append(" ops)");
                break;
            }
            sb.append(k == 0 ? "" : ", ").append(node(g.ops.get(k)).rule.symbol);
        }
        if (g.sum >= 0) sb.append(", then their sum");
        return sb.append(" on ").append(Arrays.toString(g.shape)).toString();
    }

    // ---- the class -----------------------------------------------------------------------------

    private String classSource(String className, String header) {
        List<Object> items = schedule();
        List<String> forward = new ArrayList<>();
        List<String> backward = new ArrayList<>();
        List<String> methods = new ArrayList<>();
        for (Object item : items) {
            if (item instanceof Group g) {
                Set<Integer> stored = new LinkedHashSet<>(g.ops); // every value: read later or by the backward pass
                forward.add("        fused" + g.index + "(b, m); // " + describe(g) + "\n");
                methods.add(groupForward(g, stored));
                if (anyNeedsGrad(g) && g.reluOf < 0) methods.add(groupBackward(g, stored));
            } else {
                forward.add(forwardOp((Integer) item));
            }
        }
        // Backward: fresh gradient buffers, the seed, then each item in reverse.
        // Fresh (zero) gradients, as the eager engine starts each pass, for the buffers something adds
        // to: not for ops inside a fused loop (their gradients are locals) nor for a product whose
        // only reader is a relu (ReluGradient writes its gradient).
        Set<Integer> noBuffer = new LinkedHashSet<>();
        for (Object item : items) {
            if (!(item instanceof Group g)) continue;
            for (int op : g.ops) if (!usedOutside(g, op)) noBuffer.add(op);
            if (g.reluOf >= 0) noBuffer.add(g.reluOf);
        }
        StringBuilder zero = new StringBuilder();
        for (int id = 0; id < n; id++) {
            Node nd = node(id);
            if (nd.computed() && nd.needsGrad && !noBuffer.contains(id)) {
                zero.append("        java.util.Arrays.fill(").append(grad(id)).append(", 0.0);\n");
            }
        }
        backward.add(zero.toString());
        Node root = node(graph.root);
        if (root.needsGrad) backward.add("        " + grad(graph.root) + "[0] += 1.0; // d(result)/d(result)\n");
        for (int k = items.size() - 1; k >= 0; k--) {
            Object item = items.get(k);
            if (item instanceof Group g) {
                if (g.reluOf >= 0) backward.add(reluBackward(g));
                else if (anyNeedsGrad(g)) backward.add("        fused" + g.index + "Backward(b, m);\n");
            } else {
                int id = (Integer) item;
                if (node(id).needsGrad) backward.add(backwardOp(id));
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append("package autograd.compile;\n\nimport autograd.MatMul;\n\n/**\n");
        for (String line : header.split("\n")) sb.append(" * ").append(line).append('\n');
        sb.append(" */\nfinal class ").append(className).append(" implements TensorKernel {\n\n");
        List<String> fwdParts = chunk("forward", forward, methods);
        List<String> bwdParts = chunk("backward", backward, methods);
        sb.append("    @Override\n    public double forward(double[][] b, int[][] m) {\n");
        for (String call : fwdParts) sb.append(call);
        sb.append("        return b[").append(graph.root).append("][0];\n    }\n\n");
        sb.append("    @Override\n    public void backward(double[][] b, int[][] m) {\n");
        for (String call : bwdParts) sb.append(call);
        sb.append("    }\n");
        for (String method : methods) sb.append('\n').append(method);
        sb.append("}\n");
        return sb.toString();
    }

    /** Long orchestration split into methods of at most 200 lines: returns the calls. */
    private static List<String> chunk(String prefix, List<String> parts, List<String> methods) {
        int lines = 0;
        for (String p : parts) lines += p.split("\n").length;
        if (lines <= 200) return parts;
        List<String> calls = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        int count = 0;
        int index = 0;
        for (String p : parts) {
            body.append(p);
            count += p.split("\n").length;
            if (count >= 200) {
                methods.add("    private static void " + prefix + index + "(double[][] b, int[][] m) {\n" + body
                        + "    }\n");
                calls.add("        " + prefix + index++ + "(b, m);\n");
                body.setLength(0);
                count = 0;
            }
        }
        if (body.length() > 0) {
            methods.add(
                    "    private static void " + prefix + index + "(double[][] b, int[][] m) {\n" + body + "    }\n");
            calls.add("        " + prefix + index + "(b, m);\n");
        }
        return calls;
    }

    private boolean anyNeedsGrad(Group g) {
        for (int op : g.ops) if (node(op).needsGrad) return true;
        return false;
    }

    private static int rows(int[] shape) {
        return shape.length == 1 ? 1 : shape[0];
    }

    private String forwardOp(int id) {
        Node nd = node(id);
        StringBuilder sb = new StringBuilder();
        switch (nd.kind) {
            case LINEAR -> {
                Node x = node(nd.in[0]);
                Node w = node(nd.in[1]);
                int rows = rows(x.shape);
                sb.append("        ")
                        .append(call(
                                "MatMul.multiplyAddRows",
                                value(nd.in[0]),
                                value(nd.in[1]),
                                value(nd.in[2]),
                                value(id),
                                rows,
                                w.shape[0],
                                w.shape[1]))
                        .append("; // v")
                        .append(id)
                        .append(" = v")
                        .append(nd.in[0])
                        .append(".linear(v")
                        .append(nd.in[1])
                        .append(", v")
                        .append(nd.in[2])
                        .append(")\n");
            }
            case MATMUL -> {
                Node a = node(nd.in[0]);
                Node bn = node(nd.in[1]);
                sb.append("        java.util.Arrays.fill(").append(value(id)).append(", 0.0);\n");
                sb.append("        ")
                        .append(call(
                                "MatMul.multiply",
                                value(nd.in[0]),
                                value(nd.in[1]),
                                value(id),
                                a.shape[0],
                                a.shape[1],
                                bn.shape[1]))
                        .append("; // v")
                        .append(id)
                        .append(" = v")
                        .append(nd.in[0])
                        .append(" · v")
                        .append(nd.in[1])
                        .append('\n');
            }
            case SUM ->
                sb.append("        { double s = 0; for (double v : ")
                        .append(value(nd.in[0]))
                        .append(") s += v; ")
                        .append(value(id))
                        .append("[0] = s; } // v")
                        .append(id)
                        .append(" = sum(v")
                        .append(nd.in[0])
                        .append(")\n");
            case RESHAPE ->
                sb.append("        ")
                        .append(value(id))
                        .append(" = ")
                        .append(value(nd.in[0]))
                        .append("; // v")
                        .append(id)
                        .append(" = reshape(v")
                        .append(nd.in[0])
                        .append("): the same elements\n");
            case TRANSPOSE -> {
                int[] s = node(nd.in[0]).shape;
                sb.append("        { double[] x = ")
                        .append(value(nd.in[0]))
                        .append(", out = ")
                        .append(value(id))
                        .append("; for (int i = 0; i < ")
                        .append(s[0])
                        .append("; i++) for (int j = 0; j < ")
                        .append(s[1])
                        .append("; j++) out[j * ")
                        .append(s[0])
                        .append(" + i] = x[i * ")
                        .append(s[1])
                        .append(" + j]; } // transpose\n");
            }
            case SUM_AXIS -> {
                int[] axes = axisSizes(node(nd.in[0]).shape, nd.index);
                sb.append("        { double[] x = ")
                        .append(value(nd.in[0]))
                        .append(", out = ")
                        .append(value(id))
                        .append("; java.util.Arrays.fill(out, 0.0); for (int o = 0; o < ")
                        .append(axes[0])
                        .append("; o++) for (int j = 0; j < ")
                        .append(axes[1])
                        .append("; j++) for (int i = 0; i < ")
                        .append(axes[2])
                        .append("; i++) out[o * ")
                        .append(axes[2])
                        .append(" + i] += x[(o * ")
                        .append(axes[1])
                        .append(" + j) * ")
                        .append(axes[2])
                        .append(" + i]; } // sum(axis=")
                        .append(nd.index)
                        .append(")\n");
            }
            default -> throw new IllegalStateException(nd.kind.toString());
        }
        return sb.toString();
    }

    /** outer, length, inner of a sum over {@code axis}. */
    private static int[] axisSizes(int[] shape, int axis) {
        int outer = 1;
        int inner = 1;
        for (int d = 0; d < axis; d++) outer *= shape[d];
        for (int d = axis + 1; d < shape.length; d++) inner *= shape[d];
        return new int[] {outer, shape[axis], inner};
    }

    /** The backward of out = in0 · in1 ([rows × k] · [k × mm]): grad in0 += g · in1ᵀ, grad in1 += in0ᵀ · g. */
    private void productBackward(
            StringBuilder sb, int id, Node nd, boolean leftNeedsGrad, boolean rightNeedsGrad, int rows, int k, int mm) {
        if (leftNeedsGrad) {
            String scratch = "b[" + scratch(k * mm) + "]";
            sb.append("        ")
                    .append(call(
                            "MatMul.multiplyTransposedRight",
                            grad(id),
                            value(nd.in[1]),
                            grad(nd.in[0]),
                            rows,
                            mm,
                            k,
                            scratch))
                    .append(";\n");
        }
        if (rightNeedsGrad) {
            sb.append("        ")
                    .append(call(
                            "MatMul.multiplyTransposedLeft", value(nd.in[0]), grad(id), grad(nd.in[1]), rows, k, mm))
                    .append(";\n");
        }
    }

    /** {@code method(a, b, ...)}: one generated call, its arguments written as they print. */
    private static String call(String method, Object... args) {
        StringJoiner joined = new StringJoiner(", ", method + "(", ")");
        for (Object arg : args) joined.add(String.valueOf(arg));
        return joined.toString();
    }

    private String backwardOp(int id) {
        Node nd = node(id);
        StringBuilder sb = new StringBuilder();
        switch (nd.kind) {
            case LINEAR -> {
                Node x = node(nd.in[0]);
                Node w = node(nd.in[1]);
                int rows = rows(x.shape);
                int k = w.shape[0];
                int mm = w.shape[1];
                sb.append("        // v")
                        .append(id)
                        .append(" = v")
                        .append(nd.in[0])
                        .append(".linear(v")
                        .append(nd.in[1])
                        .append(", v")
                        .append(nd.in[2])
                        .append(")\n");
                productBackward(sb, id, nd, x.needsGrad, w.needsGrad, rows, k, mm);
                if (node(nd.in[2]).needsGrad && !biasSummedByRelu.contains(id)) { // else the relu after it summed them
                    sb.append("        { double[] g = ")
                            .append(grad(id))
                            .append(", t = ")
                            .append(grad(nd.in[2]))
                            .append("; for (int i = 0; i < ")
                            .append(rows)
                            .append("; i++) for (int j = 0; j < ")
                            .append(mm)
                            .append("; j++) t[j] += g[i * ")
                            .append(mm)
                            .append(" + j]; } // the bias: column sums\n");
                }
            }
            case MATMUL -> {
                Node a = node(nd.in[0]);
                Node bn = node(nd.in[1]);
                int rows = a.shape[0];
                int k = a.shape[1];
                int mm = bn.shape[1];
                productBackward(sb, id, nd, a.needsGrad, bn.needsGrad, rows, k, mm);
            }
            case SUM ->
                sb.append("        { double g = ")
                        .append(grad(id))
                        .append("[0]; double[] t = ")
                        .append(grad(nd.in[0]))
                        .append("; for (int k = 0; k < t.length; k++) t[k] += g; } // sum\n");
            case RESHAPE ->
                sb.append("        { double[] g = ")
                        .append(grad(id))
                        .append(", t = ")
                        .append(grad(nd.in[0]))
                        .append("; for (int k = 0; k < g.length; k++) t[k] += g[k]; } // reshape\n");
            case TRANSPOSE -> {
                int[] s = node(nd.in[0]).shape;
                sb.append("        { double[] g = ")
                        .append(grad(id))
                        .append(", t = ")
                        .append(grad(nd.in[0]))
                        .append("; for (int i = 0; i < ")
                        .append(s[0])
                        .append("; i++) for (int j = 0; j < ")
                        .append(s[1])
                        .append("; j++) t[i * ")
                        .append(s[1])
                        .append(" + j] += g[j * ")
                        .append(s[0])
                        .append(" + i]; } // transpose\n");
            }
            case SUM_AXIS -> {
                int[] axes = axisSizes(node(nd.in[0]).shape, nd.index);
                sb.append("        { double[] g = ")
                        .append(grad(id))
                        .append(", t = ")
                        .append(grad(nd.in[0]))
                        .append("; for (int o = 0; o < ")
                        .append(axes[0])
                        .append("; o++) for (int j = 0; j < ")
                        .append(axes[1])
                        .append("; j++) for (int i = 0; i < ")
                        .append(axes[2])
                        .append("; i++) t[(o * ")
                        .append(axes[1])
                        .append(" + j) * ")
                        .append(axes[2])
                        .append(" + i] += g[o * ")
                        .append(axes[2])
                        .append(" + i]; } // sum(axis)\n");
            }
            default -> throw new IllegalStateException(nd.kind.toString());
        }
        return sb.toString();
    }
}

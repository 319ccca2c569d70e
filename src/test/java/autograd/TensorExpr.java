package autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A random tensor expression over {@link Variable}s, as a DAG (a node used twice is one graph
 * node used twice), built top-down from a wanted result shape: an elementwise op asks for two
 * operands that broadcast to it (either may lose leading dimensions or have dimensions set to
 * 1), {@code sum(axis)} for an operand with one more axis, {@code matmul} and {@code linear}
 * for matching inner dimensions, {@code concat} for parts that split an axis, and so on.
 * Leaves are small tensors of numbers, some of them constants. Shapes have rank 0–3 and
 * dimensions 1–3. It prints itself as Java code and lists simpler variants for shrinking.
 */
final class TensorExpr implements PropertyRunner.Case<TensorExpr> {

    static final int DEPTH = 3;

    static final String[] ELEMENTWISE_UNARY = {
        "neg", "exp", "log", "sqrt", "tanh", "sigmoid", "relu", "abs", "sin", "cos", "selfpow", "^2", "sq"
    };
    static final String[] ELEMENTWISE_CONSTANT = {"+c", "-c", "*c", "/c", "c-", "c/", "c^", "^c"};
    static final String[] ELEMENTWISE_BINARY = {"+", "-", "*", "/", "pow", "nsum"};
    static final String[] STRUCTURAL = {
        "sum",
        "mean",
        "sumAxis",
        "meanAxis",
        "sumKeep",
        "transpose",
        "reshape",
        "matmul",
        "linear",
        "row",
        "slice",
        "concat",
        "stack"
    };
    /** Every op the generator makes: a run fails if one was checked too rarely. */
    static final List<String> OPS;

    static {
        List<String> all = new ArrayList<>();
        for (String[] g : List.of(ELEMENTWISE_UNARY, ELEMENTWISE_CONSTANT, ELEMENTWISE_BINARY, STRUCTURAL)) {
            all.addAll(Arrays.asList(g));
        }
        OPS = List.copyOf(all);
    }

    /** A node: a leaf ({@code "leaf"}, with values) or an op with its operands. Immutable. */
    static final class Node {
        final String op;
        final List<Node> parts;
        final int[] shape;
        /** A leaf's values, row-major. */
        final double[] values;
        /** A leaf that needs no gradient. */
        final boolean constant;
        /** Axis, row index or slice start; the second int is a slice's end. */
        final int arg;

        final int arg2;
        /** The double argument of "+c" and friends. */
        final double c;
        /** A reshape's target shape. */
        final int[] target;

        private Node(
                String op,
                List<Node> parts,
                int[] shape,
                double[] values,
                boolean constant,
                int arg,
                int arg2,
                double c,
                int[] target) {
            this.op = op;
            this.parts = parts;
            this.shape = shape;
            this.values = values;
            this.constant = constant;
            this.arg = arg;
            this.arg2 = arg2;
            this.c = c;
            this.target = target;
        }

        boolean leaf() {
            return parts.isEmpty();
        }

        Node withParts(List<Node> newParts) {
            return new Node(op, newParts, shape, values, constant, arg, arg2, c, target);
        }

        /** The operands as the evaluation uses them: a node used twice is listed twice. */
        List<Node> uses() {
            switch (op) {
                case "pos":
                case "sq":
                case "selfpow":
                    return List.of(parts.get(0), parts.get(0));
                case "nsum":
                    return List.of(parts.get(0), parts.get(1), parts.get(0));
                default:
                    return parts;
            }
        }
    }

    static Node leaf(int[] shape, double[] values, boolean constant) {
        return new Node("leaf", List.of(), shape.clone(), values.clone(), constant, 0, 0, 0, null);
    }

    static Node op(String op, int[] shape, int arg, int arg2, double c, int[] target, Node... parts) {
        return new Node(op, List.of(parts), shape.clone(), null, false, arg, arg2, c, target);
    }

    static Node op(String op, int[] shape, Node... parts) {
        return op(op, shape, 0, 0, 0, null, parts);
    }

    static Node pos(Node e) {
        return op("pos", e.shape, e);
    }

    final Node root;

    TensorExpr(Node root) {
        this.root = root;
    }

    // ---- generation ------------------------------------------------------------------------------

    /** A random expression of depth at most {@value #DEPTH} with a random result shape. */
    static TensorExpr random(Random rng) {
        Generator g = new Generator(rng);
        return new TensorExpr(g.expr(g.shape(), DEPTH));
    }

    private static final class Generator {
        final Random rng;
        /** Nodes made so far, by shape: an operand is sometimes one of them (a reused node). */
        final Map<String, List<Node>> pool = new HashMap<>();

        Generator(Random rng) {
            this.rng = rng;
        }

        int[] shape() {
            int[] s = new int[rng.nextInt(4)];
            for (int d = 0; d < s.length; d++) s[d] = 1 + rng.nextInt(3);
            return s;
        }

        int between(int lo, int hi) {
            return lo + rng.nextInt(hi - lo + 1);
        }

        Node leaf(int[] shape) {
            double[] v = new double[size(shape)];
            for (int i = 0; i < v.length; i++) v[i] = ScalarExpr.round(rng.nextDouble() * 4 - 2, 3);
            return TensorExpr.leaf(shape, v, rng.nextInt(4) == 0);
        }

        Node expr(int[] shape, int depth) {
            if (depth == 0) return leaf(shape);
            List<Node> same = pool.get(Arrays.toString(shape));
            if (same != null && rng.nextInt(8) == 0) return same.get(rng.nextInt(same.size()));
            Node n = choose(shape, depth);
            if (!n.leaf())
                pool.computeIfAbsent(Arrays.toString(shape), k -> new ArrayList<>())
                        .add(n);
            return n;
        }

        /** One of the ops that can make {@code shape}, by weight. */
        Node choose(int[] shape, int depth) {
            List<Integer> weights = new ArrayList<>();
            List<Function<Integer, Node>> makers = new ArrayList<>();
            int rank = shape.length;
            int d = depth - 1;
            add(weights, makers, 2, x -> leaf(shape));
            add(weights, makers, 3, x -> {
                String op = ELEMENTWISE_UNARY[rng.nextInt(ELEMENTWISE_UNARY.length)];
                Node a = expr(shape, d);
                boolean positive = op.equals("log") || op.equals("sqrt") || op.equals("selfpow");
                return op(op, shape, positive ? pos(a) : a);
            });
            add(weights, makers, 2, x -> {
                String op = ELEMENTWISE_CONSTANT[rng.nextInt(ELEMENTWISE_CONSTANT.length)];
                double c = new double[] {-6, -3, -2, 1, 2, 3, 5, 9}[rng.nextInt(8)] / 4;
                if (op.startsWith("c")) c = Math.abs(c);
                Node a = expr(shape, d);
                if (op.equals("c/") || op.equals("^c")) a = pos(a);
                return op(op, shape, 0, 0, c, null, a);
            });
            add(
                    weights,
                    makers,
                    4,
                    x -> { // broadcasting: one operand full, the other reduced, either side
                        String op = ELEMENTWISE_BINARY[rng.nextInt(ELEMENTWISE_BINARY.length)];
                        int[] reduced = reduce(shape, rng.nextInt(rank + 1), rng.nextInt(8));
                        Node full = expr(shape, d);
                        Node small = expr(reduced, d);
                        boolean swap = rng.nextBoolean();
                        Node a = swap ? small : full;
                        Node b = swap ? full : small;
                        if (op.equals("/")) b = pos(b);
                        if (op.equals("pow")) a = pos(a);
                        return op(op, shape, a, b);
                    });
            if (rank == 0) {
                add(weights, makers, 2, x -> op(rng.nextBoolean() ? "sum" : "mean", shape, expr(shape(), d)));
            }
            if (rank < 3) { // sum/mean over an axis the operand has and the result lacks
                add(weights, makers, 2, x -> {
                    int axis = rng.nextInt(rank + 1);
                    Node a = expr(insert(shape, axis, between(1, 3)), d);
                    return op(rng.nextBoolean() ? "sumAxis" : "meanAxis", shape, axis, 0, 0, null, a);
                });
            }
            for (int axis = 0; axis < rank; axis++) { // sum(axis, keepDims) keeps the axis as size 1
                if (shape[axis] != 1) continue;
                int ax = axis;
                add(weights, makers, 1, x -> {
                    int[] operand = shape.clone();
                    operand[ax] = between(2, 3);
                    return op("sumKeep", shape, ax, 0, 0, null, expr(operand, d));
                });
                break;
            }
            if (rank == 2) {
                add(weights, makers, 1, x -> op("transpose", shape, expr(new int[] {shape[1], shape[0]}, d)));
            }
            List<int[]> sources = reshapeSources(shape);
            if (!sources.isEmpty()) {
                add(weights, makers, 1, x -> {
                    int[] from = sources.get(rng.nextInt(sources.size()));
                    return op("reshape", shape, 0, 0, 0, shape.clone(), expr(from, d));
                });
            }
            if (rank <= 2) { // [n,k]x[k,m] -> [n,m]; [k]x[k,m] -> [m]; [n,k]x[k] -> [n]; [k]x[k] -> []
                add(weights, makers, 2, x -> {
                    int k = between(1, 3);
                    int[] left;
                    int[] right;
                    if (rank == 2) {
                        left = new int[] {shape[0], k};
                        right = new int[] {k, shape[1]};
                    } else if (rank == 0) {
                        left = new int[] {k};
                        right = new int[] {k};
                    } else if (rng.nextBoolean()) {
                        left = new int[] {k};
                        right = new int[] {k, shape[0]};
                    } else {
                        left = new int[] {shape[0], k};
                        right = new int[] {k};
                    }
                    return op("matmul", shape, expr(left, d), expr(right, d));
                });
            }
            if (rank == 1 || rank == 2) { // linear: [n,k] or [k] times [k,m] plus [m]
                add(weights, makers, 2, x -> {
                    int k = between(1, 3);
                    int m = shape[rank - 1];
                    int[] in = rank == 2 ? new int[] {shape[0], k} : new int[] {k};
                    return op("linear", shape, expr(in, d), expr(new int[] {k, m}, d), expr(new int[] {m}, d));
                });
            }
            if (rank <= 2) {
                add(weights, makers, 1, x -> {
                    int rows = between(1, 3);
                    return op("row", shape, rng.nextInt(rows), 0, 0, null, expr(insert(shape, 0, rows), d));
                });
            }
            if (rank >= 1) {
                add(weights, makers, 1, x -> {
                    int before = between(0, 2);
                    int[] operand = shape.clone();
                    operand[0] = shape[0] + before + between(0, 2);
                    return op("slice", shape, before, before + shape[0], 0, null, expr(operand, d));
                });
                add(weights, makers, 2, x -> {
                    int axis = rng.nextInt(rank);
                    if (shape[axis] == 1) return op("concat", shape, axis, 0, 0, null, expr(shape, d));
                    int[] first = shape.clone();
                    first[axis] = 1;
                    int[] rest = shape.clone();
                    rest[axis] = shape[axis] - 1;
                    return op("concat", shape, axis, 0, 0, null, expr(first, d), expr(rest, d));
                });
                add(weights, makers, 1, x -> {
                    int axis = rng.nextInt(rank);
                    Node[] parts = new Node[shape[axis]];
                    for (int p = 0; p < parts.length; p++) parts[p] = expr(remove(shape, axis), d);
                    return op("stack", shape, axis, 0, 0, null, parts);
                });
            }
            int total = 0;
            for (int w : weights) total += w;
            int pick = rng.nextInt(total);
            for (int i = 0; ; i++) {
                pick -= weights.get(i);
                if (pick < 0) return makers.get(i).apply(0);
            }
        }

        private static void add(
                List<Integer> weights, List<Function<Integer, Node>> makers, int w, Function<Integer, Node> f) {
            weights.add(w);
            makers.add(f);
        }
    }

    static int size(int[] shape) {
        int n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    /** Drops {@code drop} leading dimensions, then sets those picked by the bits of {@code ones} to 1. */
    static int[] reduce(int[] shape, int drop, int ones) {
        int[] out = Arrays.copyOfRange(shape, drop, shape.length);
        for (int i = 0; i < out.length; i++) if ((ones >> i & 1) == 1) out[i] = 1;
        return out;
    }

    static int[] insert(int[] shape, int axis, int len) {
        int[] out = new int[shape.length + 1];
        for (int d = 0, e = 0; d < out.length; d++) out[d] = d == axis ? len : shape[e++];
        return out;
    }

    static int[] remove(int[] shape, int axis) {
        int[] out = new int[shape.length - 1];
        for (int d = 0, e = 0; d < shape.length; d++) if (d != axis) out[e++] = shape[d];
        return out;
    }

    /** Other shapes of rank 0–3 with the same number of elements, dimensions up to 6. */
    static List<int[]> reshapeSources(int[] shape) {
        int n = size(shape);
        List<int[]> out = new ArrayList<>();
        if (n == 1) out.add(new int[0]);
        if (n <= 6) out.add(new int[] {n});
        for (int a = 1; a <= 6; a++) {
            if (n % a != 0) continue;
            if (n / a <= 6) out.add(new int[] {a, n / a});
            for (int b = 1; b <= 6; b++) {
                if ((n / a) % b == 0 && n / a / b <= 6) out.add(new int[] {a, b, n / a / b});
            }
        }
        out.removeIf(s -> Arrays.equals(s, shape));
        return out;
    }

    // ---- evaluation ------------------------------------------------------------------------------

    /** Records how close the point is to trouble (kinks, large values) and which ops ran. */
    static final class Watch {
        double nearestKink = Double.POSITIVE_INFINITY;
        double largest = 0;
        final Map<String, Integer> ops = new TreeMap<>();

        boolean wellConditioned() {
            return nearestKink > 1e-3 && largest < 50;
        }
    }

    /** How an op node is applied to its evaluated operands; tests may wrap it to break an op on purpose. */
    interface Ops {
        Variable apply(Node n, List<Variable> v);
    }

    /** The ops as the engine offers them (fused {@code linear}, n-ary {@code Variable.sum}). */
    static final Ops FUSED = (n, v) -> apply(n, v, false);
    /** The fused ops spelled out: {@code matmul(w).add(b)} for linear, additions for the n-ary sum. */
    static final Ops PLAIN = (n, v) -> apply(n, v, true);

    static Variable apply(Node n, List<Variable> v, boolean plain) {
        Variable a = v.get(0);
        Variable b = v.size() > 1 ? v.get(1) : null;
        switch (n.op) {
            case "pos":
                return a.mul(a).add(0.5);
            case "+":
                return a.add(b);
            case "-":
                return a.sub(b);
            case "*":
                return a.mul(b);
            case "/":
                return a.div(b);
            case "pow":
                return a.pow(b);
            case "nsum":
                return plain ? a.add(b).add(a) : Variable.sum(List.of(a, b, a));
            case "selfpow":
                return a.pow(a);
            case "sq":
                return a.mul(a);
            case "^2":
                return a.pow(2);
            case "+c":
                return a.add(n.c);
            case "-c":
                return a.sub(n.c);
            case "*c":
                return a.mul(n.c);
            case "/c":
                return a.div(n.c);
            case "c-":
                return a.rsub(n.c);
            case "c/":
                return a.rdiv(n.c);
            case "c^":
                return a.rpow(n.c);
            case "^c":
                return a.pow(n.c);
            case "neg":
                return a.neg();
            case "exp":
                return a.exp();
            case "log":
                return a.log();
            case "sqrt":
                return a.sqrt();
            case "tanh":
                return a.tanh();
            case "sigmoid":
                return a.sigmoid();
            case "relu":
                return a.relu();
            case "abs":
                return a.abs();
            case "sin":
                return a.sin();
            case "cos":
                return a.cos();
            case "sum":
                return a.sum();
            case "mean":
                return a.mean();
            case "sumAxis":
                return a.sum(n.arg);
            case "meanAxis":
                return a.mean(n.arg);
            case "sumKeep":
                return a.sum(n.arg, true);
            case "transpose":
                return a.transpose();
            case "reshape":
                return a.reshape(n.target);
            case "matmul":
                return a.matmul(b);
            case "linear":
                return plain ? a.matmul(b).add(v.get(2)) : a.linear(b, v.get(2));
            case "row":
                return a.row(n.arg);
            case "slice":
                return a.slice(n.arg, n.arg2);
            case "concat":
                return Variable.concat(n.arg, v.toArray(new Variable[0]));
            case "stack":
                return Variable.stack(n.arg, v.toArray(new Variable[0]));
            default:
                throw new IllegalStateException(n.op);
        }
    }

    /** Evaluates with {@code leaves} giving each leaf's tensor; memoized, so a reused node is one graph node. */
    Variable eval(Function<Node, Variable> leaves, Watch watch, Ops ops) {
        return eval(root, leaves, watch, ops, new IdentityHashMap<>());
    }

    private static Variable eval(
            Node n, Function<Node, Variable> leaves, Watch watch, Ops ops, Map<Node, Variable> memo) {
        Variable done = memo.get(n);
        if (done != null) return done;
        Variable result;
        if (n.leaf()) {
            result = leaves.apply(n);
        } else {
            List<Variable> v = new ArrayList<>(n.parts.size());
            for (Node p : n.parts) v.add(eval(p, leaves, watch, ops, memo));
            if (watch != null && (n.op.equals("relu") || n.op.equals("abs"))) {
                for (double x : v.get(0).value()) watch.nearestKink = Math.min(watch.nearestKink, Math.abs(x));
            }
            result = ops.apply(n, v);
            if (!Arrays.equals(result.shape(), n.shape)) {
                throw new IllegalStateException("generator bug: " + n.op + " made shape "
                        + Arrays.toString(result.shape()) + ", expected " + Arrays.toString(n.shape));
            }
            if (watch != null) {
                for (double x : result.value()) watch.largest = Math.max(watch.largest, Math.abs(x));
                if (!n.op.equals("pos")) watch.ops.merge(n.op, 1, Integer::sum);
            }
        }
        memo.put(n, result);
        return result;
    }

    /** The distinct nodes, operands before the nodes made from them. */
    List<Node> topological() {
        List<Node> order = new ArrayList<>();
        visit(root, Collections.newSetFromMap(new IdentityHashMap<>()), order);
        return order;
    }

    private static void visit(Node n, Set<Node> seen, List<Node> order) {
        if (!seen.add(n)) return;
        for (Node p : n.parts) visit(p, seen, order);
        order.add(n);
    }

    /** The distinct leaves in the order they are first reached: the inputs of a check. */
    List<Node> leaves() {
        List<Node> out = new ArrayList<>();
        for (Node n : topological()) if (n.leaf()) out.add(n);
        return out;
    }

    /** Each distinct node's forward value, without recording a graph. */
    Map<Node, Variable> values() {
        Map<Node, Variable> memo = new IdentityHashMap<>();
        try (var scope = Autograd.noGrad()) {
            eval(root, l -> Variable.constant(l.values, l.shape), null, FUSED, memo);
        }
        return memo;
    }

    // ---- printing --------------------------------------------------------------------------------

    @Override
    public String code() {
        List<Node> order = topological();
        Map<Node, Integer> uses = new IdentityHashMap<>();
        for (Node n : order) for (Node u : n.uses()) uses.merge(u, 1, Integer::sum);
        Map<Node, String> names = new IdentityHashMap<>();
        StringBuilder sb = new StringBuilder();
        int x = 0;
        int c = 0;
        int t = 0;
        for (Node n : order) {
            if (n.leaf()) {
                String name = n.constant ? "c" + (++c) : "x" + (++x);
                sb.append("Variable ")
                        .append(name)
                        .append(" = ")
                        .append(leafCode(n))
                        .append(";\n");
                names.put(n, name);
            }
        }
        for (Node n : order) {
            if (n != root && !n.leaf() && uses.getOrDefault(n, 0) > 1) {
                String name = "t" + (++t);
                sb.append("Variable ")
                        .append(name)
                        .append(" = ")
                        .append(expression(n, names))
                        .append(";\n");
                names.put(n, name);
            }
        }
        return sb.append("Variable y = ")
                .append(expression(root, names))
                .append(";")
                .toString();
    }

    private static String leafCode(Node n) {
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < n.values.length; i++)
            values.append(i == 0 ? "" : ", ").append(n.values[i]);
        if (n.shape.length == 0) return (n.constant ? "Variable.scalar(" : "new Variable(") + values + ")";
        String array = "new double[] {" + values + "}";
        String shape = n.shape.length == 1 ? "" : ", " + join(n.shape);
        return (n.constant ? "Variable.constant(" : "new Variable(") + array + shape + ")";
    }

    private static String join(int[] ints) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ints.length; i++) sb.append(i == 0 ? "" : ", ").append(ints[i]);
        return sb.toString();
    }

    private static String expression(Node n, Map<Node, String> names) {
        String named = names.get(n);
        if (named != null) return named;
        List<String> p = new ArrayList<>();
        for (Node part : n.parts) p.add(expression(part, names));
        String a = p.get(0);
        String b = p.size() > 1 ? p.get(1) : null;
        switch (n.op) {
            case "pos":
                return a + ".mul(" + a + ").add(0.5)";
            case "+":
                return a + ".add(" + b + ")";
            case "-":
                return a + ".sub(" + b + ")";
            case "*":
                return a + ".mul(" + b + ")";
            case "/":
                return a + ".div(" + b + ")";
            case "pow":
                return a + ".pow(" + b + ")";
            case "nsum":
                return "Variable.sum(List.of(" + a + ", " + b + ", " + a + "))";
            case "selfpow":
                return a + ".pow(" + a + ")";
            case "sq":
                return a + ".mul(" + a + ")";
            case "^2":
                return a + ".pow(2)";
            case "+c":
                return a + ".add(" + n.c + ")";
            case "-c":
                return a + ".sub(" + n.c + ")";
            case "*c":
                return a + ".mul(" + n.c + ")";
            case "/c":
                return a + ".div(" + n.c + ")";
            case "c-":
                return a + ".rsub(" + n.c + ")";
            case "c/":
                return a + ".rdiv(" + n.c + ")";
            case "c^":
                return a + ".rpow(" + n.c + ")";
            case "^c":
                return a + ".pow(" + n.c + ")";
            case "sumAxis":
                return a + ".sum(" + n.arg + ")";
            case "meanAxis":
                return a + ".mean(" + n.arg + ")";
            case "sumKeep":
                return a + ".sum(" + n.arg + ", true)";
            case "reshape":
                return a + ".reshape(" + join(n.target) + ")";
            case "matmul":
                return a + ".matmul(" + b + ")";
            case "linear":
                return a + ".linear(" + b + ", " + p.get(2) + ")";
            case "row":
                return a + ".row(" + n.arg + ")";
            case "slice":
                return a + ".slice(" + n.arg + ", " + n.arg2 + ")";
            case "concat":
            case "stack":
                return "Variable." + n.op + "(" + n.arg + ", " + String.join(", ", p) + ")";
            default:
                return a + "." + n.op + "()";
        }
    }

    @Override
    public String toString() {
        return code();
    }

    // ---- shrinking -------------------------------------------------------------------------------

    /** [op nodes, leaves, leaf elements, digits of the leaves' numbers]. */
    @Override
    public int[] size() {
        int ops = 0;
        int leaves = 0;
        int elements = 0;
        int digits = 0;
        for (Node n : topological()) {
            if (n.leaf()) {
                leaves++;
                elements += n.values.length;
                for (double v : n.values) digits += ScalarExpr.complexity(v);
                if (!n.constant) digits++; // a constant is simpler: one input fewer to check
            } else {
                ops++;
            }
        }
        return new int[] {ops, leaves, elements, digits};
    }

    /**
     * Simpler variants, most aggressive first: a node below the result as the new result; an op
     * node replaced (wherever it is used) by an operand of its shape, or by a leaf holding its current value (an input, then a constant);
     * then leaves with rounder numbers, and inputs made constants.
     */
    @Override
    public List<TensorExpr> shrinks() {
        List<TensorExpr> out = new ArrayList<>();
        List<Node> nodes = breadthFirst();
        Map<Node, Variable> values = values();
        for (Node n : nodes) { // the result's shape is free: any op node below can become the result
            if (n != root && !n.leaf()) out.add(new TensorExpr(n));
        }
        for (Node n : nodes) {
            if (n.leaf()) continue;
            Set<Node> operands = Collections.newSetFromMap(new IdentityHashMap<>());
            for (Node p : n.parts) if (Arrays.equals(p.shape, n.shape)) operands.add(p);
            for (Node p : operands) out.add(new TensorExpr(replace(root, n, p)));
            double[] now = values.get(n).value();
            out.add(new TensorExpr(replace(root, n, leaf(n.shape, now, false))));
            out.add(new TensorExpr(replace(root, n, leaf(n.shape, now, true))));
        }
        for (Node n : nodes) {
            if (!n.leaf()) continue;
            for (int decimals = 0; decimals <= 1; decimals++) {
                double[] rounder = n.values.clone();
                for (int i = 0; i < rounder.length; i++) rounder[i] = ScalarExpr.round(rounder[i], decimals);
                if (!Arrays.equals(rounder, n.values)) out.add(withLeaf(n, rounder, n.constant));
            }
            for (int i = 0; i < n.values.length; i++) {
                for (double v : ScalarExpr.simpler(n.values[i])) {
                    double[] one = n.values.clone();
                    one[i] = v;
                    out.add(withLeaf(n, one, n.constant));
                }
            }
            if (!n.constant) out.add(withLeaf(n, n.values, true));
        }
        return out;
    }

    private TensorExpr withLeaf(Node old, double[] values, boolean constant) {
        return new TensorExpr(replace(root, old, leaf(old.shape, values, constant)));
    }

    private List<Node> breadthFirst() {
        List<Node> order = new ArrayList<>();
        Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Node> queue = new ArrayDeque<>(List.of(root));
        while (!queue.isEmpty()) {
            Node n = queue.poll();
            if (!seen.add(n)) continue;
            order.add(n);
            queue.addAll(n.parts);
        }
        return order;
    }

    /** {@code root} with {@code target} replaced by {@code by} wherever it is used; sharing is kept. */
    static Node replace(Node root, Node target, Node by) {
        return replace(root, target, by, new IdentityHashMap<>());
    }

    private static Node replace(Node n, Node target, Node by, Map<Node, Node> memo) {
        if (n == target) return by;
        if (n.leaf()) return n;
        Node done = memo.get(n);
        if (done != null) return done;
        List<Node> parts = new ArrayList<>(n.parts.size());
        boolean changed = false;
        for (Node p : n.parts) {
            Node q = replace(p, target, by, memo);
            changed |= q != p;
            parts.add(q);
        }
        Node result = changed ? n.withParts(List.copyOf(parts)) : n;
        memo.put(n, result);
        return result;
    }
}

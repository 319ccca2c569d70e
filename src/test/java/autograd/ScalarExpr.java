package autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * A random scalar expression over three inputs, as a DAG: a {@link Node} object used twice is
 * one graph node used twice (a diamond), so the expressions exercise gradient accumulation,
 * not just trees. It evaluates on {@link Value}s and, the same way, on rank-0 {@link Variable}s
 * (the other engine), prints itself as Java code, and lists simpler variants for shrinking.
 *
 * <p>Every op stays in its domain by construction: log, sqrt, the divisor, pow's base and
 * x^x see {@code pos(e) = e·e + 0.5}, itself a node using {@code e} twice.
 */
final class ScalarExpr implements PropertyRunner.Case<ScalarExpr> {

    static final int INPUTS = 3;
    static final int DEPTH = 4;

    static final String[] UNARY = {
        "neg", "exp", "log", "sqrt", "tanh", "sigmoid", "relu", "abs", "sin", "cos", "sq", "selfpow"
    };
    static final String[] BINARY = {"+", "-", "*", "/", "pow", "sum", "dot"};
    static final String[] WITH_CONSTANT = {"+c", "-c", "*c", "/c", "c-", "c/", "c^", "^int", "^c"};
    /** Every op the generator makes: a run fails if one was checked too rarely. */
    static final List<String> OPS = concat(UNARY, BINARY, WITH_CONSTANT);

    /** A node of the DAG: an input ({@code "x"}), a constant ({@code "c"}) or an op. Immutable. */
    static final class Node {
        final String op;
        final Node a;
        final Node b;
        /** The constant of a leaf "c", the double argument of "+c" and friends, dot's constant factor. */
        final double c;
        /** The input's index, for "x". */
        final int index;

        Node(String op, Node a, Node b, double c, int index) {
            this.op = op;
            this.a = a;
            this.b = b;
            this.c = c;
            this.index = index;
        }

        boolean leaf() {
            return a == null;
        }

        /** This op's operands as the evaluation uses them: a node used twice is listed twice. */
        List<Node> uses() {
            switch (op) {
                case "x":
                case "c":
                    return List.of();
                case "pos":
                case "sq":
                case "selfpow":
                    return List.of(a, a);
                case "sum":
                    return List.of(a, b, a);
                case "dot":
                    return List.of(a, b, a, b, a);
                default:
                    return b == null ? List.of(a) : List.of(a, b);
            }
        }
    }

    static Node input(int i) {
        return new Node("x", null, null, 0, i);
    }

    static Node constant(double c) {
        return new Node("c", null, null, c, -1);
    }

    static Node op(String op, Node a, Node b, double c) {
        return new Node(op, a, b, c, -1);
    }

    static Node pos(Node e) {
        return op("pos", e, null, 0);
    }

    final Node root;
    /** The point: values of x0, x1, x2. */
    final double[] x;

    ScalarExpr(Node root, double[] x) {
        this.root = root;
        this.x = x;
    }

    // ---- generation ------------------------------------------------------------------------------

    /** A random expression of depth at most {@value #DEPTH} at a random point in [−2, 2]³. */
    static ScalarExpr random(Random rng) {
        Node root = new Generator(rng).expr(DEPTH);
        double[] x = new double[INPUTS];
        for (int i = 0; i < INPUTS; i++) x[i] = round(rng.nextDouble() * 4 - 2, 3);
        return new ScalarExpr(root, x);
    }

    private static final class Generator {
        final Random rng;
        /** Nodes made so far in this expression: an operand is sometimes one of them (a reused node). */
        final List<Node> pool = new ArrayList<>();

        Generator(Random rng) {
            this.rng = rng;
        }

        Node leaf() {
            return rng.nextInt(3) < 2 ? input(rng.nextInt(INPUTS)) : constant(round(rng.nextDouble() * 4 - 2, 2));
        }

        Node expr(int depth) {
            if (depth == 0) return leaf();
            if (!pool.isEmpty() && rng.nextInt(8) == 0) return pool.get(rng.nextInt(pool.size()));
            int kind = rng.nextInt(9); // leaf 1 : unary 3 : binary 3 : with a constant 2
            if (kind < 1) return leaf();
            Node n;
            if (kind < 4) {
                String op = UNARY[rng.nextInt(UNARY.length)];
                Node a = expr(depth - 1);
                boolean positive = op.equals("log") || op.equals("sqrt") || op.equals("selfpow");
                n = op(op, positive ? pos(a) : a, null, 0);
            } else if (kind < 7) {
                String op = BINARY[rng.nextInt(BINARY.length)];
                Node a = expr(depth - 1);
                Node b = expr(depth - 1);
                if (op.equals("/")) b = pos(b);
                if (op.equals("pow")) a = pos(a);
                n = op(op, a, b, op.equals("dot") ? round(rng.nextDouble() * 4 - 2, 2) : 0);
            } else {
                String op = WITH_CONSTANT[rng.nextInt(WITH_CONSTANT.length)];
                Node a = expr(depth - 1);
                if (op.equals("c/") || op.equals("^c")) a = pos(a);
                double c = op.equals("^int") ? 1 + rng.nextInt(3) : round(0.25 + 2.25 * rng.nextDouble(), 2);
                n = op(op, a, null, c);
            }
            pool.add(n);
            return n;
        }
    }

    static double round(double v, int decimals) {
        double scale = Math.pow(10, decimals);
        double r = Math.round(v * scale) / scale;
        return r == 0 ? 0.0 : r; // no −0.0 in printed code
    }

    // ---- evaluation ------------------------------------------------------------------------------

    /** Where an evaluation records how close the point is to trouble (kinks, large values) and which ops ran. */
    static final class Watch {
        double nearestKink = Double.POSITIVE_INFINITY;
        double largest = 0;
        final Map<String, Integer> ops = new TreeMap<>();

        /** Finite differences are meaningless at a kink and lose precision on large values. */
        boolean wellConditioned() {
            return nearestKink > 1e-3 && largest < 50;
        }
    }

    /** How an op node is applied to its evaluated operands; tests may wrap it to break an op on purpose. */
    interface Ops<V> {
        V apply(Node n, V u, V v);
    }

    /** The op table on {@link Value}s. */
    static final Ops<Value> VALUE_OPS = ScalarExpr::applyValue;
    /** The op table on rank-0 {@link Variable}s. */
    static final Ops<Variable> VARIABLE_OPS = ScalarExpr::applyVariable;

    /** The expression on {@link Value}s; {@code watch} may be null. */
    Value evalValue(List<Value> inputs, Watch watch) {
        return evalValue(inputs, watch, VALUE_OPS);
    }

    /** The expression on {@link Value}s with the given op table. */
    Value evalValue(List<Value> inputs, Watch watch, Ops<Value> ops) {
        return new Evaluator<>(ops, n -> n.op.equals("x") ? inputs.get(n.index) : Value.constant(n.c), v -> v.data)
                .eval(root, watch);
    }

    /**
     * The same expression on rank-0 {@link Variable}s: the tensor engine's ops, with
     * {@code Variable.sum(List)} for the n-ary sum and {@code stack(...).matmul(stack(...))} for dot.
     */
    Variable evalVariable(List<Variable> inputs) {
        return new Evaluator<>(
                        VARIABLE_OPS,
                        n -> n.op.equals("x") ? inputs.get(n.index) : Variable.scalar(n.c),
                        Variable::item)
                .eval(root, null);
    }

    static Value applyValue(Node n, Value u, Value v) {
        switch (n.op) {
            case "pos":
                return u.mul(u).add(0.5);
            case "neg":
                return u.neg();
            case "exp":
                return u.exp();
            case "log":
                return u.log();
            case "sqrt":
                return u.sqrt();
            case "tanh":
                return u.tanh();
            case "sigmoid":
                return u.sigmoid();
            case "relu":
                return u.relu();
            case "abs":
                return u.abs();
            case "sin":
                return u.sin();
            case "cos":
                return u.cos();
            case "sq":
                return u.mul(u);
            case "selfpow":
                return u.pow(u);
            case "+":
                return u.add(v);
            case "-":
                return u.sub(v);
            case "*":
                return u.mul(v);
            case "/":
                return u.div(v);
            case "pow":
                return u.pow(v);
            case "sum":
                return Value.sum(u, v, u);
            case "dot":
                return Value.dot(new Value[] {u, v, u}, new Value[] {v, Value.constant(n.c), u});
            case "+c":
                return u.add(n.c);
            case "-c":
                return u.sub(n.c);
            case "*c":
                return u.mul(n.c);
            case "/c":
                return u.div(n.c);
            case "c-":
                return u.rsub(n.c);
            case "c/":
                return u.rdiv(n.c);
            case "c^":
                return u.rpow(n.c);
            case "^int":
            case "^c":
                return u.pow(n.c);
            default:
                throw new IllegalStateException(n.op);
        }
    }

    static Variable applyVariable(Node n, Variable u, Variable v) {
        switch (n.op) {
            case "pos":
                return u.mul(u).add(0.5);
            case "neg":
                return u.neg();
            case "exp":
                return u.exp();
            case "log":
                return u.log();
            case "sqrt":
                return u.sqrt();
            case "tanh":
                return u.tanh();
            case "sigmoid":
                return u.sigmoid();
            case "relu":
                return u.relu();
            case "abs":
                return u.abs();
            case "sin":
                return u.sin();
            case "cos":
                return u.cos();
            case "sq":
                return u.mul(u);
            case "selfpow":
                return u.pow(u);
            case "+":
                return u.add(v);
            case "-":
                return u.sub(v);
            case "*":
                return u.mul(v);
            case "/":
                return u.div(v);
            case "pow":
                return u.pow(v);
            case "sum":
                return Variable.sum(List.of(u, v, u));
            case "dot":
                return Variable.stack(0, u, v, u).matmul(Variable.stack(0, v, Variable.scalar(n.c), u));
            case "+c":
                return u.add(n.c);
            case "-c":
                return u.sub(n.c);
            case "*c":
                return u.mul(n.c);
            case "/c":
                return u.div(n.c);
            case "c-":
                return u.rsub(n.c);
            case "c/":
                return u.rdiv(n.c);
            case "c^":
                return u.rpow(n.c);
            case "^int":
            case "^c":
                return u.pow(n.c);
            default:
                throw new IllegalStateException(n.op);
        }
    }

    /** Evaluates the DAG once per node (memoized by identity), so a reused node is one graph node. */
    private static final class Evaluator<V> {
        final Map<Node, V> memo = new IdentityHashMap<>();
        final Ops<V> ops;
        final Function<Node, V> leaves;
        final ToDoubleFunction<V> data;

        Evaluator(Ops<V> ops, Function<Node, V> leaves, ToDoubleFunction<V> data) {
            this.ops = ops;
            this.leaves = leaves;
            this.data = data;
        }

        V eval(Node n, Watch watch) {
            V done = memo.get(n);
            if (done != null) return done;
            V result;
            if (n.leaf()) {
                result = leaves.apply(n);
            } else {
                V u = eval(n.a, watch);
                V v = n.b == null ? null : eval(n.b, watch);
                if (watch != null && (n.op.equals("relu") || n.op.equals("abs"))) {
                    watch.nearestKink = Math.min(watch.nearestKink, Math.abs(data.applyAsDouble(u)));
                }
                result = ops.apply(n, u, v);
                if (watch != null) {
                    watch.largest = Math.max(watch.largest, Math.abs(data.applyAsDouble(result)));
                    if (!n.op.equals("pos")) watch.ops.merge(n.op, 1, Integer::sum);
                }
            }
            memo.put(n, result);
            return result;
        }
    }

    // ---- printing --------------------------------------------------------------------------------

    /** The distinct nodes, inputs before the nodes made from them. */
    List<Node> topological() {
        List<Node> order = new ArrayList<>();
        Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        visit(root, seen, order);
        return order;
    }

    private static void visit(Node n, Set<Node> seen, List<Node> order) {
        if (!seen.add(n)) return;
        if (n.a != null) visit(n.a, seen, order);
        if (n.b != null) visit(n.b, seen, order);
        order.add(n);
    }

    /** Java code that builds this expression and its inputs; a node used more than once gets a name. */
    @Override
    public String code() {
        List<Node> order = topological();
        Map<Node, Integer> uses = new IdentityHashMap<>();
        for (Node n : order) for (Node u : n.uses()) uses.merge(u, 1, Integer::sum);
        Map<Node, String> names = new IdentityHashMap<>();
        StringBuilder sb = new StringBuilder();
        for (int i : usedInputs())
            sb.append("Value x").append(i).append(" = new Value(").append(x[i]).append(");\n");
        int t = 0;
        for (Node n : order) {
            if (n != root && !n.leaf() && uses.getOrDefault(n, 0) > 1) {
                String name = "t" + (++t);
                sb.append("Value ")
                        .append(name)
                        .append(" = ")
                        .append(expression(n, names))
                        .append(";\n");
                names.put(n, name);
            }
        }
        return sb.append("Value y = ")
                .append(expression(root, names))
                .append(";")
                .toString();
    }

    private static String expression(Node n, Map<Node, String> names) {
        String named = names.get(n);
        if (named != null) return named;
        if (n.op.equals("x")) return "x" + n.index;
        if (n.op.equals("c")) return "Value.constant(" + n.c + ")";
        String a = expression(n.a, names);
        String b = n.b == null ? null : expression(n.b, names);
        switch (n.op) {
            case "pos":
                return a + ".mul(" + a + ").add(0.5)";
            case "sq":
                return a + ".mul(" + a + ")";
            case "selfpow":
                return a + ".pow(" + a + ")";
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
            case "sum":
                return "Value.sum(" + a + ", " + b + ", " + a + ")";
            case "dot":
                return "Value.dot(new Value[] {" + a + ", " + b + ", " + a + "}, new Value[] {" + b
                        + ", Value.constant(" + n.c + "), " + a + "})";
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
            case "^int":
            case "^c":
                return a + ".pow(" + n.c + ")";
            default:
                return a + "." + n.op + "()";
        }
    }

    @Override
    public String toString() {
        return code();
    }

    // ---- shrinking -------------------------------------------------------------------------------

    /** Inputs the expression reads, in order. */
    Set<Integer> usedInputs() {
        Set<Integer> used = new java.util.TreeSet<>();
        for (Node n : topological()) if (n.op.equals("x")) used.add(n.index);
        return used;
    }

    /** [op nodes, leaves (distinct inputs and constants), digits of the numbers shown]. */
    @Override
    public int[] size() {
        int ops = 0;
        int leaves = 0;
        int digits = 0;
        Set<Integer> inputs = new java.util.HashSet<>();
        for (Node n : topological()) {
            if (n.op.equals("x")) {
                if (inputs.add(n.index)) {
                    leaves++;
                    digits += complexity(x[n.index]);
                }
            } else if (n.op.equals("c")) {
                leaves++;
                digits += complexity(n.c);
            } else {
                ops++;
                digits += complexity(n.c);
            }
        }
        return new int[] {ops, leaves, digits};
    }

    /** How many characters a number takes to write (0 for zero): what "simpler" means for numbers. */
    static int complexity(double v) {
        if (v == 0) return 0;
        return Double.toString(Math.abs(v)).length() + (v < 0 ? 1 : 0);
    }

    /**
     * Simpler variants, most aggressive first: an op node replaced by one of its operands, by an
     * input or by the constant 1 (everywhere it is used, so reused nodes stay shared); then
     * simpler numbers for constants and inputs.
     */
    @Override
    public List<ScalarExpr> shrinks() {
        List<ScalarExpr> out = new ArrayList<>();
        List<Node> nodes = breadthFirst();
        for (Node n : nodes) {
            if (n.leaf()) continue;
            Set<Node> replacements = Collections.newSetFromMap(new IdentityHashMap<>());
            replacements.add(n.a);
            if (n.b != null) replacements.add(n.b);
            for (Node r : replacements) out.add(new ScalarExpr(replace(root, n, r), x));
            for (int i = 0; i < INPUTS; i++) out.add(new ScalarExpr(replace(root, n, input(i)), x));
            out.add(new ScalarExpr(replace(root, n, constant(1)), x));
        }
        for (Node n : nodes) {
            if (n.op.equals("c")) {
                for (double v : simpler(n.c)) out.add(new ScalarExpr(replace(root, n, constant(v)), x));
            } else if (n.op.equals("^int")) {
                if (n.c > 1) out.add(new ScalarExpr(replace(root, n, op("^int", n.a, null, n.c - 1)), x));
            } else if (!n.leaf() && n.c != 0) {
                for (double v : simpler(n.c)) {
                    if (v == 0 && n.op.equals("/c")) continue;
                    out.add(new ScalarExpr(replace(root, n, op(n.op, n.a, n.b, v)), x));
                }
            }
        }
        for (int i : usedInputs()) {
            for (double v : simpler(x[i])) {
                double[] moved = x.clone();
                moved[i] = v;
                out.add(new ScalarExpr(root, moved));
            }
        }
        return out;
    }

    private List<Node> breadthFirst() {
        List<Node> order = new ArrayList<>();
        Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Node> queue = new ArrayDeque<>(List.of(root));
        while (!queue.isEmpty()) {
            Node n = queue.poll();
            if (!seen.add(n)) continue;
            order.add(n);
            if (n.a != null) queue.add(n.a);
            if (n.b != null) queue.add(n.b);
        }
        return order;
    }

    /** Candidate numbers simpler than {@code v}: 0, ±1, 0.5, v rounded to one decimal and to an integer. */
    static List<Double> simpler(double v) {
        Set<Double> out = new LinkedHashSet<>();
        for (double c : new double[] {0, 1, -1, 0.5, round(v, 0), round(v, 1)}) {
            if (complexity(c) < complexity(v)) out.add(c);
        }
        return new ArrayList<>(out);
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
        Node a = replace(n.a, target, by, memo);
        Node b = n.b == null ? null : replace(n.b, target, by, memo);
        Node result = a == n.a && b == n.b ? n : new Node(n.op, a, b, n.c, n.index);
        memo.put(n, result);
        return result;
    }

    private static List<String> concat(String[]... groups) {
        List<String> all = new ArrayList<>();
        for (String[] g : groups) all.addAll(Arrays.asList(g));
        return List.copyOf(all);
    }
}

package autograd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Random tensor expressions over every {@link Variable} op, with random shapes and NumPy
 * broadcasting, each checked against central finite differences ({@link GradCheck}; a
 * non-scalar result is checked through a fixed weighted sum of its elements).
 *
 * <p>The generator works top-down from a wanted result shape: an elementwise op asks for two
 * operands whose shapes broadcast to it (one may lose leading dimensions or have size-1
 * dimensions), {@code sum(axis)} for an operand with one more axis, {@code matmul} for
 * matching inner dimensions, {@code concat} for parts that split an axis, and so on. Leaves
 * are tensors of generated numbers, some of them constants (no gradient). Expressions print
 * readably, e.g. {@code matmul(x[2, 3], tanh(x[3]))}, and jqwik shrinks failures. Fixed seed.
 */
class VariablePropertiesTest {

    static final int TRIES = 1500;

    static final class Watch {
        double nearestKink = Double.POSITIVE_INFINITY;
        double largest = 0;
        Map<String, Integer> ops = new TreeMap<>();

        Variable seen(Variable v) {
            for (double d : v.value()) largest = Math.max(largest, Math.abs(d));
            return v;
        }

        void kink(Variable v) {
            for (double d : v.value()) nearestKink = Math.min(nearestKink, Math.abs(d));
        }
    }

    abstract static class T {
        abstract Variable eval(Function<Leaf, Variable> inputs, Watch w);

        abstract void leaves(List<Leaf> out);
    }

    static final class Leaf extends T {
        final int[] shape;
        final double[] values;
        final boolean constant;

        Leaf(int[] shape, double[] values, boolean constant) {
            this.shape = shape;
            this.values = values;
            this.constant = constant;
        }

        Variable variable() {
            return constant ? Variable.constant(values, shape) : new Variable(values, shape);
        }

        Variable eval(Function<Leaf, Variable> inputs, Watch w) {
            return inputs.apply(this);
        }

        void leaves(List<Leaf> out) {
            out.add(this);
        }

        public String toString() {
            return (constant ? "c" : "x") + Arrays.toString(shape) + Arrays.toString(values);
        }
    }

    /** An op with its operands; {@code arg} is an axis, index or constant where the op takes one. */
    static final class Node extends T {
        final String op;
        final List<T> parts;
        final int arg;
        final int arg2;

        Node(String op, List<T> parts, int arg, int arg2) {
            this.op = op;
            this.parts = parts;
            this.arg = arg;
            this.arg2 = arg2;
        }

        void leaves(List<Leaf> out) {
            for (T p : parts) p.leaves(out);
        }

        Variable eval(Function<Leaf, Variable> inputs, Watch w) {
            List<Variable> v = new ArrayList<>();
            for (T p : parts) v.add(p.eval(inputs, w));
            Variable a = v.get(0);
            Variable b = v.size() > 1 ? v.get(1) : null;
            w.ops.merge(op, 1, Integer::sum);
            Variable r;
            switch (op) {
                case "+":
                    r = a.add(b);
                    break;
                case "-":
                    r = a.sub(b);
                    break;
                case "*":
                    r = a.mul(b);
                    break;
                case "/":
                    r = a.div(positive(b));
                    break;
                case "pow":
                    r = positive(a).pow(b);
                    break;
                case "selfpow":
                    r = positive(a).pow(a);
                    break;
                case "+c":
                    r = a.add(arg / 4.0);
                    break;
                case "*c":
                    r = a.mul(arg / 4.0);
                    break;
                case "/c":
                    r = a.div(arg / 4.0);
                    break;
                case "c-":
                    r = a.rsub(arg / 4.0);
                    break;
                case "c/":
                    r = positive(a).rdiv(arg / 4.0);
                    break;
                case "c^":
                    r = a.rpow(arg / 4.0);
                    break;
                case "^c":
                    r = positive(a).pow(arg / 4.0);
                    break;
                case "^2":
                    r = a.pow(2);
                    break;
                case "-c":
                    r = a.sub(arg / 4.0);
                    break;
                case "neg":
                    r = a.neg();
                    break;
                case "exp":
                    r = a.exp();
                    break;
                case "log":
                    r = positive(a).log();
                    break;
                case "sqrt":
                    r = positive(a).sqrt();
                    break;
                case "tanh":
                    r = a.tanh();
                    break;
                case "sigmoid":
                    r = a.sigmoid();
                    break;
                case "relu":
                    w.kink(a);
                    r = a.relu();
                    break;
                case "abs":
                    w.kink(a);
                    r = a.abs();
                    break;
                case "sin":
                    r = a.sin();
                    break;
                case "cos":
                    r = a.cos();
                    break;
                case "sum":
                    r = a.sum();
                    break;
                case "mean":
                    r = a.mean();
                    break;
                case "sumAxis":
                    r = a.sum(arg);
                    break;
                case "meanAxis":
                    r = a.mean(arg);
                    break;
                case "sumKeep":
                    r = a.sum(arg, true);
                    break;
                case "transpose":
                    r = a.transpose();
                    break;
                case "reshape":
                    r = a.reshape(shapeOf(arg));
                    break;
                case "matmul":
                    r = a.matmul(b);
                    break;
                case "row":
                    r = a.row(arg);
                    break;
                case "slice":
                    r = a.slice(arg, arg2);
                    break;
                case "concat":
                    r = Variable.concat(arg, v.toArray(new Variable[0]));
                    break;
                case "stack":
                    r = Variable.stack(arg, v.toArray(new Variable[0]));
                    break;
                default:
                    throw new IllegalStateException(op);
            }
            return w.seen(r);
        }

        // The target shape of a reshape is stored in parts' sibling: kept in the static table below.
        private int[] shapeOf(int id) {
            return RESHAPES.get(id);
        }

        private static Variable positive(Variable e) {
            return e.mul(e).add(0.5);
        }

        public String toString() {
            StringBuilder sb = new StringBuilder(op).append('(');
            for (int i = 0; i < parts.size(); i++) sb.append(i > 0 ? ", " : "").append(parts.get(i));
            switch (op) {
                case "+c":
                case "*c":
                case "/c":
                case "c-":
                case "c/":
                case "c^":
                case "^c":
                case "-c":
                    sb.append(", c=").append(arg / 4.0);
                    break;
                case "sumAxis":
                case "meanAxis":
                case "sumKeep":
                case "concat":
                case "stack":
                    sb.append(", axis=").append(arg);
                    break;
                case "row":
                    sb.append(", i=").append(arg);
                    break;
                case "slice":
                    sb.append(", ").append(arg).append(":").append(arg2);
                    break;
                case "reshape":
                    sb.append(", ").append(Arrays.toString(RESHAPES.get(arg)));
                    break;
                default:
            }
            return sb.append(')').toString();
        }
    }

    /** Reshape targets by id (a reshape node stores the id so its toString and eval agree). */
    static final List<int[]> RESHAPES = List.of(
            new int[0],
            new int[] {1},
            new int[] {2},
            new int[] {3},
            new int[] {4},
            new int[] {6},
            new int[] {8},
            new int[] {9},
            new int[] {12},
            new int[] {2, 2},
            new int[] {2, 3},
            new int[] {3, 2},
            new int[] {1, 3},
            new int[] {3, 1},
            new int[] {2, 1},
            new int[] {1, 2},
            new int[] {3, 3},
            new int[] {2, 4},
            new int[] {4, 2},
            new int[] {2, 2, 2},
            new int[] {2, 3, 2},
            new int[] {1, 1},
            new int[] {3, 4},
            new int[] {4, 3},
            new int[] {2, 6},
            new int[] {6, 2},
            new int[] {1, 4},
            new int[] {4, 1},
            new int[] {1, 6},
            new int[] {6, 1});

    static final String[] ELEMENTWISE_UNARY = {
        "neg", "exp", "log", "sqrt", "tanh", "sigmoid", "relu", "abs", "sin", "cos", "selfpow", "^2"
    };
    static final String[] ELEMENTWISE_CONSTANT = {"+c", "-c", "*c", "/c", "c-", "c/", "c^", "^c"};
    static final String[] ELEMENTWISE_BINARY = {"+", "-", "*", "/", "pow"};
    static final String[] STRUCTURAL = {
        "sum",
        "mean",
        "sumAxis",
        "meanAxis",
        "sumKeep",
        "transpose",
        "reshape",
        "matmul",
        "row",
        "slice",
        "concat",
        "stack"
    };

    static Arbitrary<int[]> shapes() {
        return Arbitraries.integers()
                .between(1, 3)
                .array(int[].class)
                .ofMinSize(0)
                .ofMaxSize(3);
    }

    @Provide
    Arbitrary<T> expressions() {
        return shapes().flatMap(shape -> expression(shape, 3));
    }

    static Arbitrary<T> leaf(int[] shape) {
        int n = Shapes.size(shape);
        return Combinators.combine(
                        Arbitraries.doubles()
                                .between(-2, 2)
                                .ofScale(3)
                                .array(double[].class)
                                .ofSize(n),
                        Arbitraries.of(false, false, false, true))
                .as((values, constant) -> new Leaf(shape.clone(), values, constant));
    }

    static Arbitrary<T> expression(int[] shape, int depth) {
        Arbitrary<T> leaf = leaf(shape);
        if (depth == 0) return leaf;
        List<Tuple.Tuple2<Integer, Arbitrary<T>>> choices = new ArrayList<>();
        choices.add(Tuple.of(2, leaf));
        Arbitrary<T> same = Arbitraries.lazy(() -> expression(shape, depth - 1));
        choices.add(Tuple.of(
                3, Combinators.combine(Arbitraries.of(ELEMENTWISE_UNARY), same).as((op, a) -> node(op, 0, 0, a))));
        choices.add(Tuple.of(
                2,
                Combinators.combine(
                                Arbitraries.of(ELEMENTWISE_CONSTANT), same, Arbitraries.of(-6, -3, -2, 1, 2, 3, 5, 9))
                        .as((op, a, c) -> node(op, op.startsWith("c") ? Math.abs(c) : c, 0, a))));
        // Broadcasting: one operand has the full shape, the other a reduced one (either side).
        choices.add(Tuple.of(
                4,
                Combinators.combine(
                                Arbitraries.of(ELEMENTWISE_BINARY),
                                Arbitraries.of(true, false),
                                Arbitraries.integers().between(0, shape.length),
                                Arbitraries.integers().between(0, 7))
                        .flatAs((op, swap, drop, ones) -> {
                            int[] reduced = reduce(shape, drop, ones);
                            Arbitrary<T> full = expression(shape, depth - 1);
                            Arbitrary<T> small = expression(reduced, depth - 1);
                            return swap
                                    ? Combinators.combine(small, full).as((a, b) -> node(op, 0, 0, a, b))
                                    : Combinators.combine(full, small).as((a, b) -> node(op, 0, 0, a, b));
                        })));
        if (shape.length == 0) {
            choices.add(Tuple.of(
                    2,
                    Combinators.combine(Arbitraries.of("sum", "mean"), shapes())
                            .flatAs((op, inner) -> expression(inner, depth - 1).map(a -> node(op, 0, 0, a)))));
        }
        if (shape.length < 3) {
            // sum/mean over an axis that the operand has and the result lacks; sum(keepDims) keeps it as size 1.
            choices.add(Tuple.of(
                    2,
                    Combinators.combine(
                                    Arbitraries.of("sumAxis", "meanAxis"),
                                    Arbitraries.integers().between(0, shape.length),
                                    Arbitraries.integers().between(1, 3))
                            .flatAs((op, axis, len) -> expression(insert(shape, axis, len), depth - 1)
                                    .map(a -> node(op, axis, 0, a)))));
        }
        for (int axis = 0; axis < shape.length; axis++) {
            if (shape[axis] != 1) continue;
            int ax = axis;
            choices.add(Tuple.of(1, Arbitraries.integers().between(2, 3).flatMap(len -> {
                int[] operand = shape.clone();
                operand[ax] = len;
                return expression(operand, depth - 1).map(a -> node("sumKeep", ax, 0, a));
            })));
            break;
        }
        if (shape.length == 2) {
            choices.add(Tuple.of(
                    1, expression(new int[] {shape[1], shape[0]}, depth - 1).map(a -> node("transpose", 0, 0, a))));
        }
        int size = Shapes.size(shape);
        List<Integer> reshapeSources = new ArrayList<>();
        for (int id = 0; id < RESHAPES.size(); id++) {
            if (Shapes.size(RESHAPES.get(id)) == size && !Arrays.equals(RESHAPES.get(id), shape))
                reshapeSources.add(id);
        }
        int target = RESHAPES.stream()
                .filter(s -> Arrays.equals(s, shape))
                .findFirst()
                .map(RESHAPES::indexOf)
                .orElse(-1);
        if (!reshapeSources.isEmpty() && target >= 0) {
            choices.add(Tuple.of(
                    1,
                    Arbitraries.of(reshapeSources)
                            .flatMap(id ->
                                    expression(RESHAPES.get(id), depth - 1).map(a -> node("reshape", target, 0, a)))));
        }
        if (shape.length <= 2) {
            // matmul: [n,k]x[k,m] -> [n,m]; [k]x[k,m] -> [m]; [n,k]x[k] -> [n]; [k]x[k] -> [].
            choices.add(Tuple.of(
                    2,
                    Combinators.combine(Arbitraries.integers().between(1, 3), Arbitraries.of(true, false))
                            .flatAs((k, vectorLeft) -> {
                                int[] left;
                                int[] right;
                                if (shape.length == 2) {
                                    left = new int[] {shape[0], k};
                                    right = new int[] {k, shape[1]};
                                } else if (shape.length == 0) {
                                    left = new int[] {k};
                                    right = new int[] {k};
                                } else if (vectorLeft) {
                                    left = new int[] {k};
                                    right = new int[] {k, shape[0]};
                                } else {
                                    left = new int[] {shape[0], k};
                                    right = new int[] {k};
                                }
                                return Combinators.combine(expression(left, depth - 1), expression(right, depth - 1))
                                        .as((a, b) -> node("matmul", 0, 0, a, b));
                            })));
        }
        if (shape.length <= 2) {
            choices.add(Tuple.of(
                    1,
                    Combinators.combine(
                                    Arbitraries.integers().between(1, 3),
                                    Arbitraries.integers().between(0, 2))
                            .flatAs((rows, i) -> expression(insert(shape, 0, rows), depth - 1)
                                    .map(a -> node("row", Math.min(i, rows - 1), 0, a)))));
        }
        if (shape.length >= 1) {
            choices.add(Tuple.of(
                    1,
                    Combinators.combine(
                                    Arbitraries.integers().between(0, 2),
                                    Arbitraries.integers().between(0, 2))
                            .flatAs((before, after) -> {
                                int[] operand = shape.clone();
                                operand[0] = shape[0] + before + after;
                                return expression(operand, depth - 1)
                                        .map(a -> node("slice", before, before + shape[0], a));
                            })));
            choices.add(Tuple.of(
                    2, Arbitraries.integers().between(0, shape.length - 1).flatMap(axis -> {
                        if (shape[axis] == 1)
                            return expression(shape, depth - 1).map(a -> node("concat", axis, 0, a));
                        int[] first = shape.clone();
                        first[axis] = 1;
                        int[] rest = shape.clone();
                        rest[axis] = shape[axis] - 1;
                        return Combinators.combine(expression(first, depth - 1), expression(rest, depth - 1))
                                .as((a, b) -> node("concat", axis, 0, a, b));
                    })));
            choices.add(Tuple.of(
                    1, Arbitraries.integers().between(0, shape.length - 1).flatMap(axis -> {
                        int[] part = remove(shape, axis);
                        return expression(part, depth - 1)
                                .list()
                                .ofSize(shape[axis])
                                .map(list -> node("stack", axis, 0, list.toArray(new T[0])));
                    })));
        }
        return Arbitraries.frequencyOf(choices);
    }

    @SafeVarargs
    static T node(String op, int arg, int arg2, T... parts) {
        return new Node(op, List.of(parts), arg, arg2);
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

    @Property(tries = TRIES, seed = "20261122", maxDiscardRatio = 10, edgeCases = EdgeCasesMode.NONE)
    void gradientsMatchFiniteDifferences(@ForAll("expressions") T expr) {
        List<Leaf> leaves = new ArrayList<>();
        expr.leaves(leaves);
        Map<Leaf, Integer> position = new IdentityHashMap<>();
        for (Leaf leaf : leaves) position.putIfAbsent(leaf, position.size());
        Variable[] inputs = new Variable[position.size()];
        position.forEach((leaf, i) -> inputs[i] = leaf.variable());
        Watch watch = new Watch();
        Variable probe = expr.eval(leaf -> inputs[position.get(leaf)].detach(), watch);
        Assume.that(watch.nearestKink > 1e-3 && watch.largest < 50);
        Assume.that(leaves.stream().anyMatch(l -> !l.constant));
        CHECKED.merge("(expressions)", 1, Integer::sum);
        watch.ops.forEach((op, n) -> CHECKED.merge(op, n, Integer::sum));
        GradCheck.check(xs -> expr.eval(leaf -> xs.get(position.get(leaf)), new Watch()), inputs)
                .assertOk();
        // The forward result must not depend on whether a graph is recorded.
        org.junit.jupiter.api.Assertions.assertArrayEquals(
                probe.value(),
                expr.eval(leaf -> inputs[position.get(leaf)], new Watch()).value());
    }

    /** Ops seen in checked expressions, and how many expressions were checked (key "(expressions)"). */
    static final Map<String, Integer> CHECKED = new TreeMap<>();

    /** Prints the coverage for docs/testing.md and fails when the generator never produced some op. */
    @AfterContainer
    static void everyOpWasChecked() {
        System.out.println("VariablePropertiesTest: " + CHECKED);
        for (String[] group : List.of(ELEMENTWISE_UNARY, ELEMENTWISE_CONSTANT, ELEMENTWISE_BINARY, STRUCTURAL)) {
            for (String op : group) {
                if (CHECKED.getOrDefault(op, 0) < 20) {
                    throw new AssertionError("the generator checked op '" + op + "' only " + CHECKED.getOrDefault(op, 0)
                            + " times: " + CHECKED);
                }
            }
        }
    }
}

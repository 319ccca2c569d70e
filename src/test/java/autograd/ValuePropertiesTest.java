package autograd;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Random expressions over every {@link Value} op, each checked against central finite
 * differences ({@link GradCheck}). Expressions are trees built from generated data, so jqwik
 * shrinks a failure to a small expression and prints it readably, e.g.
 * {@code log(sq(x0) + 0.5) * sigmoid(x1)}. The seed is fixed: every run checks the same cases.
 *
 * <p>Generators keep each op in its domain: log, sqrt, division and pow bases see
 * {@code sq(e) + 0.5 > 0}. Cases where relu/abs sit within 1e-3 of their kink (finite
 * differences are meaningless there) or values grow beyond 50 (finite differences lose
 * precision) are discarded with {@link Assume}.
 */
class ValuePropertiesTest {

    static final int TRIES = 3000;

    /** Where evaluation records how far the point is from trouble (kinks, large values). */
    static final class Watch {
        double nearestKink = Double.POSITIVE_INFINITY;
        double largest = 0;
        Map<String, Integer> ops = new TreeMap<>();

        Value seen(Value v) {
            largest = Math.max(largest, Math.abs(v.data));
            return v;
        }
    }

    /** An expression tree: its own evaluator and a readable form for shrunk counterexamples. */
    abstract static class Expr {
        abstract Value eval(List<Value> x, Watch w);
    }

    static final class Input extends Expr {
        final int index;

        Input(int index) {
            this.index = index;
        }

        Value eval(List<Value> x, Watch w) {
            return x.get(index);
        }

        public String toString() {
            return "x" + index;
        }
    }

    static final class Constant extends Expr {
        final double c;

        Constant(double c) {
            this.c = c;
        }

        Value eval(List<Value> x, Watch w) {
            return Value.constant(c);
        }

        public String toString() {
            return String.valueOf(c);
        }
    }

    /** One node: {@code op} names the operation, {@code c} is a double argument where the op takes one. */
    static final class Node extends Expr {
        final String op;
        final Expr a;
        final Expr b;
        final double c;

        Node(String op, Expr a, Expr b, double c) {
            this.op = op;
            this.a = a;
            this.b = b;
            this.c = c;
        }

        Value eval(List<Value> x, Watch w) {
            Value u = a.eval(x, w);
            Value v = b == null ? null : b.eval(x, w);
            w.ops.merge(op, 1, Integer::sum);
            Value r;
            switch (op) {
                case "+":
                    r = u.add(v);
                    break;
                case "-":
                    r = u.sub(v);
                    break;
                case "*":
                    r = u.mul(v);
                    break;
                case "/":
                    r = u.div(positive(v));
                    break;
                case "pow":
                    r = positive(u).pow(v);
                    break;
                case "selfpow":
                    r = positive(u).pow(u);
                    break;
                case "sq":
                    r = u.mul(u);
                    break;
                case "+c":
                    r = u.add(c);
                    break;
                case "-c":
                    r = u.sub(c);
                    break;
                case "*c":
                    r = u.mul(c);
                    break;
                case "/c":
                    r = u.div(c);
                    break;
                case "c-":
                    r = u.rsub(c);
                    break;
                case "c/":
                    r = positive(u).rdiv(c);
                    break;
                case "c^":
                    r = u.rpow(c);
                    break;
                case "^int":
                    r = u.pow(c);
                    break;
                case "^c":
                    r = positive(u).pow(c);
                    break;
                case "neg":
                    r = u.neg();
                    break;
                case "exp":
                    r = u.exp();
                    break;
                case "log":
                    r = positive(u).log();
                    break;
                case "sqrt":
                    r = positive(u).sqrt();
                    break;
                case "tanh":
                    r = u.tanh();
                    break;
                case "sigmoid":
                    r = u.sigmoid();
                    break;
                case "relu":
                    w.nearestKink = Math.min(w.nearestKink, Math.abs(u.data));
                    r = u.relu();
                    break;
                case "abs":
                    w.nearestKink = Math.min(w.nearestKink, Math.abs(u.data));
                    r = u.abs();
                    break;
                case "sin":
                    r = u.sin();
                    break;
                case "cos":
                    r = u.cos();
                    break;
                case "sum":
                    r = Value.sum(u, v, u);
                    break;
                case "dot":
                    r = Value.dot(new Value[] {u, v, u}, new Value[] {v, Value.constant(c), u});
                    break;
                default:
                    throw new IllegalStateException(op);
            }
            return w.seen(r);
        }

        /** e·e + 0.5: positive, and a diamond (e is used twice). */
        private static Value positive(Value e) {
            return e.mul(e).add(0.5);
        }

        public String toString() {
            String pa = "(" + a + ")";
            switch (op) {
                case "+":
                case "-":
                case "*":
                    return "(" + a + " " + op + " " + b + ")";
                case "/":
                    return "(" + a + " / pos" + "(" + b + "))";
                case "pow":
                    return "pos" + pa + "^(" + b + ")";
                case "selfpow":
                    return "pos" + pa + "^" + pa;
                case "sq":
                    return "sq" + pa;
                case "+c":
                case "-c":
                case "*c":
                case "/c":
                    return "(" + a + " " + op.charAt(0) + " " + c + ")";
                case "c-":
                    return "(" + c + " - " + a + ")";
                case "c/":
                    return "(" + c + " / pos" + pa + ")";
                case "c^":
                    return c + "^" + pa;
                case "^int":
                case "^c":
                    return (op.equals("^c") ? "pos" : "") + pa + "^" + c;
                case "log":
                case "sqrt":
                    return op + "(pos" + pa + ")";
                case "sum":
                    return "sum(" + a + ", " + b + ", " + a + ")";
                case "dot":
                    return "dot((" + a + ", " + b + ", " + a + "), (" + b + ", " + c + ", " + a + "))";
                default:
                    return op + pa;
            }
        }
    }

    static final String[] UNARY = {
        "neg", "exp", "log", "sqrt", "tanh", "sigmoid", "relu", "abs", "sin", "cos", "sq", "selfpow"
    };
    static final String[] BINARY = {"+", "-", "*", "/", "pow", "sum", "dot"};
    static final String[] WITH_CONSTANT = {"+c", "-c", "*c", "/c", "c-", "c/", "c^", "^int", "^c"};

    @Provide
    Arbitrary<Expr> expressions() {
        return expression(4);
    }

    static Arbitrary<Expr> expression(int depth) {
        Arbitrary<Expr> leaf = Arbitraries.oneOf(
                Arbitraries.integers().between(0, 2).map(Input::new),
                Arbitraries.integers().between(0, 2).map(Input::new),
                Arbitraries.doubles().between(-2, 2).ofScale(2).map(Constant::new));
        if (depth == 0) return leaf;
        Arbitrary<Expr> sub = Arbitraries.lazy(() -> expression(depth - 1));
        Arbitrary<Expr> unary = Combinators.combine(Arbitraries.of(UNARY), sub).as((op, a) -> new Node(op, a, null, 0));
        Arbitrary<Expr> binary =
                Combinators.combine(Arbitraries.of(BINARY), sub, sub).as((op, a, b) -> new Node(op, a, b, 0));
        Arbitrary<Expr> withConstant = Combinators.combine(
                        Arbitraries.of(WITH_CONSTANT),
                        sub,
                        Arbitraries.integers().between(1, 3),
                        Arbitraries.doubles().between(0.25, 2.5).ofScale(2))
                .as((op, a, k, c) -> new Node(op, a, null, op.equals("^int") ? k : c));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, leaf),
                net.jqwik.api.Tuple.of(3, unary),
                net.jqwik.api.Tuple.of(3, binary),
                net.jqwik.api.Tuple.of(2, withConstant));
    }

    @Property(tries = TRIES, seed = "20261122", maxDiscardRatio = 10, edgeCases = EdgeCasesMode.NONE)
    void gradientsMatchFiniteDifferences(
            @ForAll("expressions") Expr expr,
            @ForAll @DoubleRange(min = -2, max = 2) double x0,
            @ForAll @DoubleRange(min = -2, max = 2) double x1,
            @ForAll @DoubleRange(min = -2, max = 2) double x2) {
        Watch watch = new Watch();
        List<Value> probe = List.of(Value.constant(x0), Value.constant(x1), Value.constant(x2));
        expr.eval(probe, watch);
        Assume.that(watch.nearestKink > 1e-3 && watch.largest < 50);
        CHECKED.merge("(expressions)", 1, Integer::sum);
        watch.ops.forEach((op, n) -> CHECKED.merge(op, n, Integer::sum));
        GradCheck.check(x -> expr.eval(x, new Watch()), x0, x1, x2).assertOk();
    }

    /** Ops seen in checked expressions, and how many expressions were checked (key "(expressions)"). */
    static final Map<String, Integer> CHECKED = new TreeMap<>();

    /** Prints the coverage for docs/testing.md and fails when the generator never produced some op. */
    @AfterContainer
    static void everyOpWasChecked() {
        System.out.println("ValuePropertiesTest: " + CHECKED);
        for (String[] group : List.of(UNARY, BINARY, WITH_CONSTANT)) {
            for (String op : group) {
                if (CHECKED.getOrDefault(op, 0) < 20) {
                    throw new AssertionError("the generator checked op '" + op + "' only " + CHECKED.getOrDefault(op, 0)
                            + " times: " + CHECKED);
                }
            }
        }
    }
}

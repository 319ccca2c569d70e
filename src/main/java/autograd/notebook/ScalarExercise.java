package autograd.notebook;

import autograd.GradCheck;
import autograd.Value;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;
import java.util.function.DoubleFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The checks of the "build your own autograd" exercises: a student's scalar class (any
 * {@link ExerciseNode}) against this library's {@link Value} and {@link GradCheck}. Each check
 * prints one line in plain words (which op, which input, expected against got); {@link
 * #assertPassed} then throws an {@link ExerciseFailure} listing what failed, which is what makes
 * nbgrader withhold the test cell's points.
 *
 * <p>A student's op that still throws {@link UnsupportedOperationException} (nbgrader's stub) is
 * reported as "not implemented yet", never as a stack trace.
 *
 * <pre>{@code
 * var exercise = new ScalarExercise<Scalar>(Scalar::new);
 * exercise.binary("mul", (a, b) -> mul(a, b), Value::mul, 2.0, -3.0);
 * exercise.unary("tanh", a -> tanh(a), Value::tanh, 0.5);
 * exercise.assertPassed("Step 2");
 * // ✓ mul(2.0, -3.0): data -6.0, a.grad -4.5, b.grad 3.0 (out.grad 1.5)
 * // ✗ tanh(0.5): with out.grad = 1.5, a.grad should be out.grad·(1 − tanh(a)²) = 1.18... but yours is 0.69...
 * }</pre>
 *
 * @param <S> the student's scalar class
 */
public final class ScalarExercise<S extends ExerciseNode<S>> {

    /** The output gradient a local-derivative check seeds: not 1, so a forgotten chain-rule factor shows. */
    public static final double SEED = 1.5;

    private static final double RTOL = 1e-9;
    private static final double ATOL = 1e-12;

    /** How each op's local derivative reads, for the feedback. */
    private static final Map<String, String> RULES = Map.of(
            "add", "out.grad·1",
            "mul", "out.grad·(the other input)",
            "pow", "out.grad·k·a^(k−1)",
            "exp", "out.grad·exp(a)",
            "tanh", "out.grad·(1 − tanh(a)²)");

    private final DoubleFunction<S> leaf;
    private final List<String> failures = new ArrayList<>();
    private int checks;

    /** Checks for the class whose leaves {@code leaf} makes, e.g. {@code Scalar::new}. */
    public ScalarExercise(DoubleFunction<S> leaf) {
        need(leaf, "new ScalarExercise", "leaf (the constructor of your class, e.g. Scalar::new)");
        this.leaf = leaf;
    }

    // ---- one op: value and local derivative ---------------------------------------------------

    /**
     * Checks a one-input op at {@code a}: its value, that its output remembers the input, and its
     * backward step (seeded with out.grad = {@value #SEED}) against {@code reference}.
     */
    public ScalarExercise<S> unary(String name, UnaryOperator<S> mine, UnaryOperator<Value> reference, double a) {
        need(name, "unary", "name");
        need(mine, "unary", "mine (your op, e.g. a -> tanh(a))");
        need(reference, "unary", "reference (the library's op, e.g. Value::tanh)");
        String call = name + "(" + a + ")";
        Value ra = new Value(a);
        Value rout = reference.apply(ra);
        rout.backward();
        S x = leaf.apply(a);
        S out = forward(call, name, () -> mine.apply(x));
        if (out == null) return this;
        if (!sameData(call, out, rout.data) || !remembers(call, out, List.of(x), "a")) return this;
        if (!backwardStep(call, name, out)) return this;
        if (checkGrad(call, name, "a", x.grad(), SEED * ra.grad)) {
            pass(call + ": data " + out.data() + ", a.grad " + x.grad() + " (out.grad " + SEED + ")");
        }
        return this;
    }

    /**
     * Checks a two-input op at ({@code a}, {@code b}) as {@link #unary} does, and then with one leaf
     * used for both inputs, {@code op(x, x)}, whose gradient must add up from both uses.
     */
    public ScalarExercise<S> binary(
            String name, BinaryOperator<S> mine, BinaryOperator<Value> reference, double a, double b) {
        need(name, "binary", "name");
        need(mine, "binary", "mine (your op, e.g. (a, b) -> mul(a, b))");
        need(reference, "binary", "reference (the library's op, e.g. Value::mul)");
        String call = name + "(" + a + ", " + b + ")";
        Value ra = new Value(a);
        Value rb = new Value(b);
        Value rout = reference.apply(ra, rb);
        rout.backward();
        S x = leaf.apply(a);
        S y = leaf.apply(b);
        S out = forward(call, name, () -> mine.apply(x, y));
        if (out == null) return this;
        if (!sameData(call, out, rout.data) || !remembers(call, out, List.of(x, y), "a and b")) return this;
        if (!backwardStep(call, name, out)) return this;
        boolean ok = checkGrad(call, name, "a", x.grad(), SEED * ra.grad);
        ok &= checkGrad(call, name, "b", y.grad(), SEED * rb.grad);
        if (!ok) return this;

        String twice = name + "(x, x) with x = " + a;
        Value rx = new Value(a);
        reference.apply(rx, rx).backward();
        S z = leaf.apply(a);
        S both = forward(twice, name, () -> mine.apply(z, z));
        if (both == null || !backwardStep(twice, name, both)) return this;
        double expected = SEED * rx.grad;
        if (!close(z.grad(), expected)) {
            fail(twice + " (x used twice): x.grad should be " + expected + " (both uses add up) but yours is "
                    + z.grad() + ". Add to the gradients (a.grad += ...), never overwrite them (a.grad = ...).");
            return this;
        }
        pass(call + ": data " + out.data() + ", a.grad " + x.grad() + ", b.grad " + y.grad() + " (out.grad " + SEED
                + "); " + twice + " adds up to " + z.grad());
        return this;
    }

    // ---- the whole graph ---------------------------------------------------------------------

    /**
     * Checks a topological order of the graph {@code expression} builds from leaves at {@code at}:
     * every node reachable from the root exactly once, each after all of its children.
     */
    public ScalarExercise<S> topologicalOrder(
            String what, Function<S, List<S>> mine, Function<List<S>, S> expression, double... at) {
        need(what, "topologicalOrder", "what");
        need(mine, "topologicalOrder", "mine (your topologicalOrder)");
        need(expression, "topologicalOrder", "expression");
        need(at, "topologicalOrder", "at");
        String call = "topologicalOrder of " + what;
        S root = build(call, expression, at);
        if (root == null) return this;
        Set<S> reachable = reachable(root);
        List<S> order;
        try {
            order = mine.apply(root);
        } catch (Throwable e) {
            reportThrown(call, "topologicalOrder", e);
            return this;
        }
        if (order == null) {
            fail(call + " returned null; return the list of nodes, children first, the root last.");
            return this;
        }
        Map<S, Integer> position = new IdentityHashMap<>();
        for (int i = 0; i < order.size(); i++) {
            S node = order.get(i);
            if (node == null) {
                fail(call + ": element " + i + " is null.");
                return this;
            }
            if (position.put(node, i) != null) {
                fail(call + ": the node " + node + " appears more than once (at " + position.get(node) + " and " + i
                        + "). Mark nodes as visited (an identity set) so each is added once.");
                return this;
            }
            if (!reachable.contains(node)) {
                fail(call + ": " + node + " is not part of this graph.");
                return this;
            }
        }
        if (order.size() != reachable.size()) {
            fail(call + " has " + order.size() + " nodes but the graph has " + reachable.size()
                    + ": every node reachable from the root must be in it.");
            return this;
        }
        for (S node : order) {
            for (S child : node.children()) {
                if (position.get(child) > position.get(node)) {
                    fail(call + ": " + node + " comes before its input " + child
                            + "; every node must come after all of its children (the root last).");
                    return this;
                }
            }
        }
        pass(call + ": all " + order.size() + " node(s) once, children first, the root last");
        return this;
    }

    /**
     * Checks a whole backward pass: {@code mine} runs on the root of the graph {@code expression}
     * builds from leaves at {@code at}; every leaf's gradient must match what this library's
     * {@link Value} gives for the same expression ({@code reference}), and finite differences of
     * your own forward pass ({@link GradCheck}).
     */
    public ScalarExercise<S> backward(
            String what,
            Consumer<S> mine,
            Function<List<S>, S> expression,
            Function<List<Value>, Value> reference,
            double... at) {
        need(what, "backward", "what");
        need(mine, "backward", "mine (your backward)");
        need(expression, "backward", "expression");
        need(reference, "backward", "reference");
        need(at, "backward", "at");
        String call = "backward on " + what;
        List<Value> rleaves = new ArrayList<>();
        for (double v : at) rleaves.add(new Value(v));
        Value rroot = reference.apply(rleaves);
        rroot.backward();

        List<S> leaves = leaves(at);
        S root = forward(call, "your ops", () -> expression.apply(leaves));
        if (root == null || !sameData(call, root, rroot.data)) return this;
        try {
            mine.accept(root);
        } catch (Throwable e) {
            reportThrown(call, "backward", e);
            return this;
        }
        if (root.grad() != 1) {
            fail(call + ": the root's grad should be 1 after backward (d out/d out) but yours is " + root.grad()
                    + ". Set root.grad = 1 before running the backward steps.");
            return this;
        }
        GradCheck.Result numeric = selfCheck(expression, mine, at);
        for (int i = 0; i < at.length; i++) {
            double expected = rleaves.get(i).grad;
            double got = leaves.get(i).grad();
            if (!close(got, expected)) {
                String fd = numeric == null
                        ? ""
                        : "; finite differences of your forward pass (GradCheck) give " + numeric.numeric(0)[i];
                fail(call + ": the gradient of input " + i + " (= " + at[i] + ") should be " + expected
                        + " (the library's Value" + fd + ") but yours is " + got + "."
                        + (got == 0 ? " Is every node's backward step run, in reverse topological order?" : ""));
                return this;
            }
        }
        if (numeric != null && !numeric.ok()) {
            fail(call + ": your gradients match the library but not finite differences of your own forward pass: "
                    + numeric);
            return this;
        }
        pass(call + ": " + at.length + " gradient(s) match the library's Value and finite differences");
        return this;
    }

    // ---- the training loop -------------------------------------------------------------------

    /**
     * Checks a gradient-descent loop for the one-parameter regression y ≈ βx with loss
     * Σ (yᵢ − βxᵢ)²: {@code mine} trains {@code beta} (starting at 0) in place with learning rate
     * {@code learningRate} until |dL/dβ| < 1e-6 and returns the loss of every step; the same loop
     * with this library's {@link Value} is the reference.
     */
    public ScalarExercise<S> gradientDescent(
            Function<S, List<Double>> mine, double[] xs, double[] ys, double learningRate) {
        need(mine, "gradientDescent", "mine (your gradientDescent)");
        need(xs, "gradientDescent", "xs");
        need(ys, "gradientDescent", "ys");
        String call = "gradientDescent";
        if (xs.length != ys.length || xs.length == 0) {
            throw new IllegalArgumentException("xs and ys must have the same, non-zero length");
        }
        List<Double> expected = new ArrayList<>();
        double betaStar = referenceDescent(xs, ys, learningRate, true, expected);
        S beta = leaf.apply(0);
        List<Double> got;
        try {
            got = mine.apply(beta);
        } catch (Throwable e) {
            reportThrown(call, "gradientDescent", e);
            return this;
        }
        if (got == null) {
            fail(call + " returned null; return the loss of every step (a List<Double>).");
            return this;
        }
        int n = Math.min(got.size(), expected.size());
        for (int i = 0; i < n; i++) {
            Double loss = got.get(i);
            if (loss == null || !close(loss, expected.get(i))) {
                fail(call + ": the loss at step " + i + " should be " + expected.get(i) + " but yours is " + loss + "."
                        + hint(xs, ys, learningRate, got, i));
                return this;
            }
        }
        if (got.size() != expected.size()) {
            fail(call + " took " + got.size() + " step(s); the library's Value takes " + expected.size()
                    + " to reach |dL/dβ| < 1e-6 (record the loss of every step, the last one too, then stop).");
            return this;
        }
        if (!close(beta.data(), betaStar)) {
            fail(call + ": beta should end at " + betaStar + " but yours is " + beta.data() + ".");
            return this;
        }
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < xs.length; i++) {
            sxy += xs[i] * ys[i];
            sxx += xs[i] * xs[i];
        }
        pass(call + ": " + got.size() + " steps, beta = " + beta.data() + " (least squares: " + sxy / sxx
                + "), every loss as the library's Value");
        return this;
    }

    // ---- verdict -----------------------------------------------------------------------------

    /**
     * Throws an {@link ExerciseFailure} naming every check that failed since the last call, or
     * prints that {@code step} passed. The cell then shows an error, and nbgrader gives it no points.
     */
    public void assertPassed(String step) {
        need(step, "assertPassed", "step");
        int failed = failures.size();
        int total = checks;
        List<String> lines = new ArrayList<>(failures);
        failures.clear();
        checks = 0;
        if (failed == 0) {
            System.out.println("✓ " + step + ": all " + total + " check(s) passed.");
            return;
        }
        StringBuilder message =
                new StringBuilder(step + " is not done yet: " + failed + " of " + total + " check(s) failed.");
        for (String line : lines) message.append("\n  ✗ ").append(line);
        throw new ExerciseFailure(message.toString());
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static void need(Object argument, String method, String name) {
        if (argument == null) throw new IllegalArgumentException("ScalarExercise." + method + ": " + name + " is null");
    }

    private interface Call<T> {
        T run();
    }

    private <T> T forward(String call, String name, Call<T> body) {
        T out;
        try {
            out = body.run();
        } catch (Throwable e) {
            reportThrown(call, name, e);
            return null;
        }
        if (out == null) fail(call + " returned null; return the new output node.");
        return out;
    }

    private boolean backwardStep(String call, String name, S out) {
        out.setGrad(SEED);
        try {
            out.runBackwardStep();
            return true;
        } catch (Throwable e) {
            reportThrown(call, "the backward step of " + name, e);
            return false;
        }
    }

    private boolean sameData(String call, S out, double expected) {
        if (close(out.data(), expected)) return true;
        fail(call + ": out.data should be " + expected + " (the library's Value) but yours is " + out.data() + ".");
        return false;
    }

    private boolean remembers(String call, S out, List<S> inputs, String names) {
        List<S> children = out.children();
        for (S input : inputs) {
            if (children == null || children.stream().noneMatch(c -> c == input)) {
                fail(call + ": the output's children should be its inputs (" + names + "), so that backward can reach"
                        + " them; yours are " + children + ".");
                return false;
            }
        }
        for (S input : inputs) {
            if (input.grad() != 0) {
                fail(call + ": the forward pass changed an input's grad to " + input.grad()
                        + "; gradients change only in the backward step.");
                return false;
            }
        }
        return true;
    }

    private boolean checkGrad(String call, String name, String input, double got, double expected) {
        if (close(got, expected)) return true;
        String rule = RULES.getOrDefault(name, "out.grad·(local derivative)");
        String why;
        if (close(got, expected / SEED) && expected != 0) {
            why = " Multiply by out.grad (the chain rule): the check set out.grad = " + SEED + ".";
        } else if (got == 0) {
            why = " The backward step did not change " + input + ".grad.";
        } else {
            why = "";
        }
        fail(call + ": with out.grad = " + SEED + ", " + input + ".grad should be " + rule + " = " + expected
                + " but yours is " + got + "." + why);
        return false;
    }

    private void reportThrown(String call, String name, Throwable e) {
        if (e instanceof UnsupportedOperationException) {
            fail(call + ": " + name + " is not implemented yet (it still throws UnsupportedOperationException).");
        } else if (e instanceof StackOverflowError) {
            fail(call + " overflowed the stack (StackOverflowError): a recursive walk cannot go this deep. "
                    + "Walk the graph with a loop and an explicit stack (ArrayDeque) instead.");
        } else {
            fail(call + " threw " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                    + where(e) + ".");
        }
    }

    /** The first frame of the student's own code (a jshell snippet), as "at line N of snippet #K". */
    private static String where(Throwable e) {
        for (StackTraceElement frame : e.getStackTrace()) {
            String file = frame.getFileName();
            if (file != null && file.startsWith("#")) {
                String method = frame.getMethodName();
                return " (in " + (method.isEmpty() || method.startsWith("do_it") ? "your code" : method) + ", line "
                        + frame.getLineNumber() + " of its cell)";
            }
        }
        return "";
    }

    private S build(String call, Function<List<S>, S> expression, double[] at) {
        List<S> leaves = leaves(at);
        return forward(call, "your ops", () -> expression.apply(leaves));
    }

    private List<S> leaves(double[] at) {
        List<S> leaves = new ArrayList<>(at.length);
        for (double v : at) leaves.add(leaf.apply(v));
        return leaves;
    }

    private Set<S> reachable(S root) {
        Set<S> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<S> stack = new ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            S node = stack.pop();
            if (!seen.add(node)) continue;
            for (S child : node.children()) stack.push(child);
        }
        return seen;
    }

    /**
     * The student's gradient against finite differences of the student's own forward pass, through
     * {@link GradCheck}: the checked function is f(x) + Σ gᵢ·(xᵢ − x̄ᵢ), whose value is the student's
     * f and whose backward gives the student's gradient g. Null when the student's code throws.
     */
    private GradCheck.Result selfCheck(Function<List<S>, S> expression, Consumer<S> mine, double[] at) {
        try {
            return GradCheck.check(
                    xs -> {
                        double[] x = new double[xs.size()];
                        for (int i = 0; i < x.length; i++) x[i] = xs.get(i).data;
                        List<S> leaves = leaves(x);
                        S root = expression.apply(leaves);
                        mine.accept(root);
                        Value out = new Value(root.data());
                        for (int i = 0; i < x.length; i++) {
                            out = out.add(xs.get(i).sub(x[i]).mul(leaves.get(i).grad()));
                        }
                        return out;
                    },
                    at);
        } catch (RuntimeException | StackOverflowError e) {
            return null;
        }
    }

    /** The reference loop with {@link Value}; fills {@code losses}, returns the final β. */
    private static double referenceDescent(
            double[] xs, double[] ys, double learningRate, boolean resetGrad, List<Double> losses) {
        Value beta = new Value(0);
        for (int step = 0; step < 10_000; step++) {
            Value loss = null;
            for (int i = 0; i < xs.length; i++) {
                Value square = beta.mul(xs[i]).rsub(ys[i]).pow(2);
                loss = loss == null ? square : loss.add(square);
            }
            if (resetGrad) beta.grad = 0;
            loss.backward();
            losses.add(loss.data);
            if (Math.abs(beta.grad) < 1e-6 || !Double.isFinite(loss.data)) break;
            beta.data -= learningRate * beta.grad;
        }
        return beta.data;
    }

    /** A likely cause when the losses part at {@code step}: a known mistake replayed with {@link Value}. */
    private static String hint(double[] xs, double[] ys, double learningRate, List<Double> got, int step) {
        if (step == 0) return " The loss is Σ (yᵢ − β·xᵢ)² over all points, with β = 0 at the start.";
        List<Double> withoutReset = new ArrayList<>();
        referenceDescent(xs, ys, learningRate, false, withoutReset);
        if (withoutReset.size() > step && close(got.get(step), withoutReset.get(step))) {
            return " Reset beta.grad to 0 before each backward pass: gradients add up across passes.";
        }
        if (got.get(step) != null && got.get(step - 1) != null && got.get(step) > got.get(step - 1)) {
            return " The loss grew: step against the gradient (beta.data -= learningRate * beta.grad).";
        }
        return "";
    }

    private static boolean close(double got, double expected) {
        return Math.abs(got - expected) <= ATOL + RTOL * Math.abs(expected);
    }

    private void pass(String line) {
        checks++;
        System.out.println("✓ " + line);
    }

    private void fail(String line) {
        checks++;
        failures.add(line);
        System.out.println("✗ " + line);
    }
}

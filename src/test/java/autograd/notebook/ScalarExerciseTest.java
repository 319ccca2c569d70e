package autograd.notebook;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import autograd.Value;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The exercise checks against a correct student class and against each typical mistake. */
class ScalarExerciseTest {

    /** A student's class as the exercise notebook gives it. */
    static final class Scalar implements ExerciseNode<Scalar> {
        double data;
        double grad;
        final List<Scalar> children;
        Runnable backwardStep = () -> {};

        Scalar(double data, Scalar... children) {
            this.data = data;
            this.children = List.of(children);
        }

        @Override
        public double data() {
            return data;
        }

        @Override
        public double grad() {
            return grad;
        }

        @Override
        public void setGrad(double grad) {
            this.grad = grad;
        }

        @Override
        public void runBackwardStep() {
            backwardStep.run();
        }

        @Override
        public List<Scalar> children() {
            return children;
        }

        @Override
        public String toString() {
            return "Scalar(" + data + ")";
        }
    }

    // A correct solution, and the mistakes students make.
    static Scalar add(Scalar a, Scalar b) {
        Scalar out = new Scalar(a.data + b.data, a, b);
        out.backwardStep = () -> {
            a.grad += out.grad;
            b.grad += out.grad;
        };
        return out;
    }

    static Scalar addOverwriting(Scalar a, Scalar b) {
        Scalar out = new Scalar(a.data + b.data, a, b);
        out.backwardStep = () -> {
            a.grad = out.grad;
            b.grad = out.grad;
        };
        return out;
    }

    static Scalar mul(Scalar a, Scalar b) {
        Scalar out = new Scalar(a.data * b.data, a, b);
        out.backwardStep = () -> {
            a.grad += b.data * out.grad;
            b.grad += a.data * out.grad;
        };
        return out;
    }

    static Scalar mulWithoutChainRule(Scalar a, Scalar b) {
        Scalar out = new Scalar(a.data * b.data, a, b);
        out.backwardStep = () -> {
            a.grad += b.data;
            b.grad += a.data;
        };
        return out;
    }

    static Scalar tanh(Scalar a) {
        double t = Math.tanh(a.data);
        Scalar out = new Scalar(t, a);
        out.backwardStep = () -> a.grad += (1 - t * t) * out.grad;
        return out;
    }

    static Scalar tanhWrong(Scalar a) {
        double t = Math.tanh(a.data);
        Scalar out = new Scalar(t, a);
        out.backwardStep = () -> a.grad += (1 - t) * out.grad;
        return out;
    }

    static Scalar notImplemented(Scalar a) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    static List<Scalar> order(Scalar root) {
        List<Scalar> order = new ArrayList<>();
        Set<Scalar> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {root, false});
        while (!stack.isEmpty()) {
            Object[] top = stack.pop();
            Scalar node = (Scalar) top[0];
            if ((Boolean) top[1]) {
                order.add(node);
                continue;
            }
            if (!seen.add(node)) continue;
            stack.push(new Object[] {node, true});
            for (Scalar child : node.children) stack.push(new Object[] {child, false});
        }
        return order;
    }

    static List<Scalar> recursiveOrder(Scalar root) {
        List<Scalar> order = new ArrayList<>();
        visit(root, Collections.newSetFromMap(new IdentityHashMap<>()), order);
        return order;
    }

    private static void visit(Scalar node, Set<Scalar> seen, List<Scalar> order) {
        if (!seen.add(node)) return;
        for (Scalar child : node.children) visit(child, seen, order);
        order.add(node);
    }

    static void backward(Scalar root) {
        List<Scalar> order = order(root);
        root.grad = 1;
        for (int i = order.size() - 1; i >= 0; i--) order.get(i).backwardStep.run();
    }

    static void recursiveBackward(Scalar root) {
        List<Scalar> order = recursiveOrder(root);
        root.grad = 1;
        for (int i = order.size() - 1; i >= 0; i--) order.get(i).backwardStep.run();
    }

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private PrintStream saved;
    private final ScalarExercise<Scalar> exercise = new ScalarExercise<>(Scalar::new);

    @BeforeEach
    void capture() {
        saved = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(saved);
    }

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    private ExerciseFailure failure(String step) {
        return assertThrows(ExerciseFailure.class, () -> exercise.assertPassed(step));
    }

    @Test
    void aCorrectSolutionPassesEveryCheck() {
        exercise.binary("add", ScalarExerciseTest::add, Value::add, 2.0, -3.0);
        exercise.binary("mul", ScalarExerciseTest::mul, Value::mul, 2.0, -3.0);
        exercise.unary("tanh", ScalarExerciseTest::tanh, Value::tanh, 0.5);
        exercise.topologicalOrder(
                "a diamond", ScalarExerciseTest::order, in -> add(mul(in.get(0), in.get(0)), in.get(0)), 3.0);
        exercise.backward(
                "a neuron",
                ScalarExerciseTest::backward,
                in -> tanh(add(mul(in.get(0), in.get(1)), in.get(2))),
                in -> in.get(0).mul(in.get(1)).add(in.get(2)).tanh(),
                0.5,
                -1.5,
                0.25);
        assertDoesNotThrow(() -> exercise.assertPassed("everything"));
        assertTrue(printed().contains("✓ everything: all 5 check(s) passed."), printed());
        assertTrue(printed().contains("✓ mul(2.0, -3.0): data -6.0, a.grad -4.5, b.grad 3.0"), printed());
    }

    @Test
    void anUnimplementedOpIsReportedInWordsWithoutAStackTrace() {
        exercise.unary("tanh", ScalarExerciseTest::notImplemented, Value::tanh, 0.5);
        ExerciseFailure failure = failure("Step 2");
        assertEquals(
                "Step 2 is not done yet: 1 of 1 check(s) failed.\n  ✗ tanh(0.5): tanh is not implemented yet (it still"
                        + " throws UnsupportedOperationException).",
                failure.getMessage());
        assertEquals(0, failure.getStackTrace().length);
    }

    @Test
    void aWrongTanhDerivativeIsNamedWithExpectedAndGot() {
        exercise.unary("tanh", ScalarExerciseTest::tanhWrong, Value::tanh, 0.5);
        String message = failure("tanh").getMessage();
        double t = Math.tanh(0.5);
        assertTrue(
                message.contains("tanh(0.5): with out.grad = 1.5, a.grad should be out.grad·(1 − tanh(a)²) = "
                        + (1.5 * (1 - t * t))),
                message);
        assertTrue(message.contains("but yours is " + (1.5 * (1 - t))), message);
    }

    @Test
    void aForgottenChainRuleFactorIsPointedOut() {
        exercise.binary("mul", ScalarExerciseTest::mulWithoutChainRule, Value::mul, 2.0, -3.0);
        assertTrue(failure("mul").getMessage().contains("Multiply by out.grad (the chain rule)"));
    }

    @Test
    void overwritingInsteadOfAddingShowsWhenAnInputIsUsedTwice() {
        exercise.binary("add", ScalarExerciseTest::addOverwriting, Value::add, 2.0, -3.0);
        String message = failure("add").getMessage();
        assertTrue(message.contains("add(x, x) with x = 2.0 (x used twice): x.grad should be 3.0"), message);
        assertTrue(message.contains("never overwrite them"), message);
    }

    @Test
    void aRecursiveSortOnADeepChainIsToldToUseAStack() throws Exception {
        Thread thread = new Thread(
                null,
                () -> exercise.backward(
                        "a chain of 20 000 steps",
                        ScalarExerciseTest::recursiveBackward,
                        in -> {
                            Scalar y = in.get(0);
                            for (int i = 0; i < 20_000; i++) y = add(mul(y, new Scalar(0.9999)), new Scalar(0.001));
                            return y;
                        },
                        in -> {
                            Value y = in.get(0);
                            for (int i = 0; i < 20_000; i++) y = y.mul(0.9999).add(0.001);
                            return y;
                        },
                        1.0),
                "small stack",
                256 * 1024);
        thread.start();
        thread.join();
        String message = failure("backward").getMessage();
        assertTrue(message.contains("overflowed the stack (StackOverflowError)"), message);
        assertTrue(message.contains("explicit stack (ArrayDeque)"), message);
    }

    @Test
    void aTopologicalOrderWithADuplicateOrAParentFirstIsRejected() {
        exercise.topologicalOrder(
                "a diamond",
                root -> {
                    List<Scalar> twice = new ArrayList<>(order(root));
                    twice.add(0, twice.get(0));
                    return twice;
                },
                in -> add(mul(in.get(0), in.get(0)), in.get(0)),
                3.0);
        assertTrue(failure("order").getMessage().contains("appears more than once"));
        exercise.topologicalOrder(
                "a diamond",
                root -> {
                    List<Scalar> reversed = new ArrayList<>(order(root));
                    Collections.reverse(reversed);
                    return reversed;
                },
                in -> add(mul(in.get(0), in.get(0)), in.get(0)),
                3.0);
        assertTrue(failure("order").getMessage().contains("comes before its input"));
    }

    @Test
    void gradientDescentIsComparedStepByStepAndAForgottenResetIsNamed() {
        double[] xs = {1, 2, -1, 0.5};
        double[] ys = {0.9, 1.7, -0.8, 0.45};
        exercise.gradientDescent(beta -> descent(beta, xs, ys, 0.01, true), xs, ys, 0.01);
        assertDoesNotThrow(() -> exercise.assertPassed("Step 4"));
        exercise.gradientDescent(beta -> descent(beta, xs, ys, 0.01, false), xs, ys, 0.01);
        String message = failure("Step 4").getMessage();
        assertTrue(message.contains("the loss at step 2 should be"), message);
        assertTrue(message.contains("Reset beta.grad to 0"), message);
    }

    private static List<Double> descent(Scalar beta, double[] xs, double[] ys, double lr, boolean reset) {
        List<Double> losses = new ArrayList<>();
        for (int step = 0; step < 1000; step++) {
            Scalar loss = null;
            for (int i = 0; i < xs.length; i++) {
                Scalar r = add(new Scalar(ys[i]), mul(new Scalar(-xs[i]), beta));
                Scalar sq = mul(r, r);
                loss = loss == null ? sq : add(loss, sq);
            }
            if (reset) beta.grad = 0;
            backward(loss);
            losses.add(loss.data);
            if (Math.abs(beta.grad) < 1e-6) break;
            beta.data -= lr * beta.grad;
        }
        return losses;
    }

    @Test
    void nullArgumentsAreNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> exercise.unary("tanh", null, Value::tanh, 0.5));
        assertEquals("ScalarExercise.unary: mine (your op, e.g. a -> tanh(a)) is null", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ScalarExercise<Scalar>(null));
        assertThrows(IllegalArgumentException.class, () -> exercise.assertPassed(null));
    }
}

package autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import autograd.data.Dataset;
import autograd.data.Datasets;
import autograd.nn.Activation;
import autograd.nn.Loss;
import autograd.nn.MLP;
import autograd.optimizer.Adam;
import autograd.optimizer.GD;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Bad input, tried as an adversary would: NaN flows through every op instead of turning into a
 * plausible number, data changed between forward and backward is detected, empty tensors reduce
 * as in PyTorch, indices and scopes are checked. Each case was a silent wrong result or an
 * unhelpful failure once.
 */
class BadInputTest {

    private static void assertMessage(Class<? extends Throwable> type, Executable body, String... parts) {
        String message = assertThrows(type, body).getMessage();
        for (String part : parts) assertTrue(message.contains(part), "'" + part + "' missing from: " + message);
    }

    // ---- NaN propagates ---------------------------------------------------------------------------

    @Test
    void nanFlowsThroughEveryUnaryOpOfBothEngines() {
        for (Op op : Op.values()) {
            if (op == Op.DOT || op == Op.ADD || op == Op.SUB || op == Op.MUL || op == Op.DIV || op == Op.POW) continue;
            assertTrue(Double.isNaN(op.f(Double.NaN, 0)), op + " of NaN");
        }
        assertTrue(Double.isNaN(new Value(Double.NaN).relu().data), "relu(NaN) was 0");
        assertTrue(Double.isNaN(new Value(Double.NaN).log().data), "log(NaN) threw a domain error");
        assertTrue(Double.isNaN(new Value(Double.NaN).abs().data));
        double[] relu =
                Variable.constant(new double[] {Double.NaN, -1, 2}).relu().value();
        assertTrue(Double.isNaN(relu[0]), "Variable relu(NaN) was 0");
        assertArrayEquals(new double[] {0, 2}, new double[] {relu[1], relu[2]});
        for (double x : Variable.constant(new double[] {Double.NaN}).log().value()) assertTrue(Double.isNaN(x));
    }

    @Test
    void binaryOpsPropagateNaNFromEitherSide() {
        for (Op op : List.of(Op.ADD, Op.SUB, Op.MUL, Op.DIV, Op.POW)) {
            assertTrue(Double.isNaN(op.f(Double.NaN, 2)), op + "(NaN, 2)");
            assertTrue(Double.isNaN(op.f(2, Double.NaN)), op + "(2, NaN)");
        }
    }

    @Test
    void anomalyModeReportsANaNAtTheReluThatMadeIt() {
        Value x = Value.constant(Double.NaN);
        try (var scope = Autograd.detectAnomaly()) {
            assertMessage(Autograd.AnomalyException.class, x::relu, "forward", "'relu'", "NaN");
            Variable v = Variable.constant(new double[] {1, Double.NaN});
            assertMessage(Autograd.AnomalyException.class, v::relu, "forward", "'relu'", "element 1", "NaN");
        }
    }

    /** One NaN feature used to leave a finite loss of 0.6931 and a network whose outputs were all equal. */
    @Test
    void aNaNFeatureInTheMoonsMakesTheLossNaNNotAPlausibleNumber() {
        Dataset moons = Datasets.makeMoons(100).noise(0.1).seed(1).build();
        double[][] x = moons.inputArray();
        x[17][0] = Double.NaN;
        Variable inputs = Variable.constant(x);
        Variable targets = Variable.constant(moons.labelArray(), 100, 1);
        MLP net = new MLP(2, new int[] {16, 16, 1}, Activation.identity(), new Random(0));
        Adam adam = new Adam(net, 0.01);
        Variable loss = Loss.bceWithLogits().apply(net.forward(inputs), targets);
        assertTrue(Double.isNaN(loss.item()), "the loss hides the NaN: " + loss.item());
        loss.backward();
        adam.step();
        Variable after = Loss.bceWithLogits().apply(net.forward(inputs), targets);
        assertTrue(Double.isNaN(after.item()), "after one step the loss is " + after.item());
    }

    // ---- null arguments ---------------------------------------------------------------------------

    @Test
    void nullOperandsAreRejectedNamingTheOp() {
        Value x = new Value(3);
        assertMessage(IllegalArgumentException.class, () -> x.mul((Value) null), "Value.mul", "null");
        assertMessage(IllegalArgumentException.class, () -> x.add((Value) null), "Value.add", "null");
        assertMessage(IllegalArgumentException.class, () -> x.pow((Value) null), "Value.pow", "null");
        assertMessage(IllegalArgumentException.class, () -> x.div((Value) null), "Value.div", "null");
        assertMessage(IllegalArgumentException.class, () -> x.sub((Value) null), "Value.sub", "null");
        Variable v = new Variable(new double[] {1, 2});
        assertMessage(IllegalArgumentException.class, () -> v.add((Variable) null), "Variable.add", "null");
        assertMessage(IllegalArgumentException.class, () -> v.matmul(null), "Variable.matmul", "null");
        assertEquals(0.0, x.grad, "nothing was recorded");
    }

    // ---- data changed between forward and backward ------------------------------------------------

    @Test
    void setDataBetweenForwardAndBackwardIsDetected() {
        Variable w = new Variable(new double[] {1, 2}).label("w");
        Variable loss = w.mul(w).sum();
        w.setData(5, 6);
        assertMessage(IllegalStateException.class, loss::backward, "'*'", "'w'", "changed after the forward pass");
    }

    @Test
    void setDataAtAndTheLiveArrayAreChangesToo() {
        Variable w = new Variable(new double[] {1, 2});
        Variable loss = w.tanh().sum();
        w.setDataAt(0, 3);
        assertMessage(IllegalStateException.class, loss::backward, "'tanh'", "shape [2]");
        Variable u = new Variable(new double[] {1, 2});
        Variable loss2 = u.exp().sum();
        u.data()[1] = 7;
        assertMessage(IllegalStateException.class, loss2::backward, "'exp'");
    }

    @Test
    void anOptimizerStepBetweenForwardAndBackwardIsDetected() {
        Variable w = new Variable(new double[] {1, 2});
        GD gd = new GD(List.of(w), 0.1);
        w.mul(w).sum().backward();
        Variable stale = w.mul(3).sum();
        gd.step();
        assertMessage(IllegalStateException.class, stale::backward, "'*'", "optimizer step");
        // In the right order, nothing is said and the gradient is the new data's.
        gd.zeroGrad();
        w.mul(3).sum().backward();
        assertArrayEquals(new double[] {3, 3}, w.grad().value());
    }

    @Test
    void changingAnIntermediateResultIsDetected() {
        Variable x = new Variable(new double[] {0.5});
        Variable y = x.tanh();
        Variable loss = y.mul(2).sum();
        y.setData(0.9); // tanh's backward would use 1 − 0.9² instead of 1 − tanh(0.5)²
        assertMessage(IllegalStateException.class, loss::backward, "'tanh'");
    }

    // ---- empty tensors ----------------------------------------------------------------------------

    @Test
    void emptyTensorsReduceAsInPyTorch() {
        Variable empty = Variable.zeros(0, 5);
        assertEquals(0.0, empty.sum().item());
        assertTrue(Double.isNaN(empty.mean().item()));
        assertArrayEquals(new int[] {5}, empty.sum(0).shape());
        assertArrayEquals(new double[5], empty.sum(0).value());
        assertArrayEquals(new int[] {0}, empty.sum(1).shape());
        double[] means = empty.mean(0).value();
        assertEquals(5, means.length);
        for (double m : means) assertTrue(Double.isNaN(m));
        empty.sum().backward(); // no elements, nothing to do, no error
        assertEquals(0, empty.grad().size());
    }

    // ---- indices, deep shapes -------------------------------------------------------------------------

    @Test
    void elementIndicesAreChecked() {
        Variable v = new Variable(new double[] {1, 2});
        assertMessage(IndexOutOfBoundsException.class, () -> v.dataAt(10), "dataAt(10)", "[2]", "0 to 1");
        assertMessage(IndexOutOfBoundsException.class, () -> v.gradAt(10), "gradAt(10)");
        assertMessage(IndexOutOfBoundsException.class, () -> v.setDataAt(-1, 0), "setDataAt(-1)");
    }

    @Test
    void aTensorOfRank20000Prints() {
        int[] shape = new int[20_000];
        java.util.Arrays.fill(shape, 1);
        Variable deep = Variable.constant(new double[] {4.5}, shape);
        String text = deep.toString();
        assertTrue(text.startsWith("Variable([[[[") && text.contains("4.5"), text.substring(0, 40));
        assertEquals(20_000, text.chars().filter(c -> c == '[').count() - 1, "brackets plus the shape's own");
    }

    @Test
    void printingMatchesTheNestedForm() {
        Variable m = Variable.constant(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertEquals("Variable([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], shape=[2, 3])", m.toString());
        double[] many = new double[10];
        for (int i = 0; i < 10; i++) many[i] = i;
        assertEquals(
                "Variable([0.0, 1.0, 2.0, 3.0, 4.0, 5.0, ..., 9.0], shape=[10])",
                Variable.constant(many).toString());
        assertEquals(
                "Variable([[], []], shape=[2, 0])",
                Variable.zeros(2, 0).detach().toString());
        assertEquals("Variable(2.5, shape=[])", Variable.scalar(2.5).toString());
    }

    // ---- scopes -----------------------------------------------------------------------------------------

    @Test
    void scopesClosedOutOfOrderRestoreExactlyAndSaySo() {
        var s1 = Autograd.noGrad();
        var s2 = Autograd.enableGrad();
        assertMessage(IllegalStateException.class, s1::close, "out of order", "noGrad", "enableGrad");
        assertTrue(Autograd.isGradEnabled(), "recording is back on, as before noGrad()");
        s2.close(); // already closed with s1: nothing changes
        assertTrue(Autograd.isGradEnabled());
        assertTrue(new Value(1).mul(2).requiresGrad());
    }

    @Test
    void aScopeClosedOnAnotherThreadIsRefused() throws Exception {
        var scope = Autograd.noGrad();
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            Future<Throwable> closing = other.submit(() -> {
                try {
                    scope.close();
                    return null;
                } catch (IllegalStateException e) {
                    return e;
                }
            });
            Throwable refused = closing.get(10, TimeUnit.SECONDS);
            assertTrue(refused != null && refused.getMessage().contains("thread"), String.valueOf(refused));
            assertFalse(Autograd.isGradEnabled(), "still inside noGrad on this thread");
        } finally {
            scope.close();
            other.shutdownNow();
        }
        assertTrue(Autograd.isGradEnabled());
    }

    // ---- memory -------------------------------------------------------------------------------------------

    @Test
    void aHugeBackwardPassDoesNotKeepItsSortBuffers() {
        Value x = new Value(1.0);
        Value y = x;
        for (int i = 0; i < 200_000; i++) y = y.mul(1.0);
        y.backward();
        assertEquals(1.0, x.grad);
        assertTrue(
                Graphs.bufferCapacity() <= Graphs.Walk.KEEP,
                "buffers of " + Graphs.bufferCapacity() + " entries kept after the pass");
    }
}

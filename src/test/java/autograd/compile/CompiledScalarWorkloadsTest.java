package autograd.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import autograd.Parameter;
import autograd.Value;
import autograd.nn.Activation;
import autograd.nn.scalar.ScalarMLP;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Compiled steps against the eager engine on the benchmark's scalar workloads (W1, W2, W3, W7
 * cells), bit for bit: values, gradients and whole training runs.
 */
class CompiledScalarWorkloadsTest {

    static void assertSameBits(double expected, double actual, String what) {
        assertEquals(
                Double.doubleToLongBits(expected),
                Double.doubleToLongBits(actual),
                () -> what + ": expected " + expected + " but the compiled step gave " + actual);
    }

    static List<Value> values(List<Parameter> params) {
        List<Value> out = new ArrayList<>();
        for (Parameter p : params) out.add((Value) p);
        return out;
    }

    static double[][] points(int n, long seed) {
        Random r = new Random(seed);
        double[][] xy = new double[n][];
        for (int i = 0; i < n; i++) xy[i] = new double[] {r.nextGaussian(), r.nextGaussian(), i % 2};
        return xy;
    }

    // ---- W1: the scalar MLP, per-sample SGD ------------------------------------------------------

    @Test
    void w1TrainingMatchesTheEagerEngineBitForBitInBothCallingModes() {
        double[][] data = points(20, 5);
        ScalarMLP eager = new ScalarMLP(2, new int[] {8, 8, 1}, Activation.sigmoid(), new Random(3));
        ScalarMLP bound = new ScalarMLP(2, new int[] {8, 8, 1}, Activation.sigmoid(), new Random(3));
        ScalarMLP flat = new ScalarMLP(2, new int[] {8, 8, 1}, Activation.sigmoid(), new Random(3));
        List<Value> pe = values(eager.parameters());
        List<Value> pb = values(bound.parameters());
        ScalarStep boundStep = Compile.scalar(
                pb,
                3,
                in -> bound.forward(List.of(in[0], in[1])).get(0).sub(in[2]).pow(2));
        ScalarStep flatStep = Compile.scalar(
                flat.parameters(),
                3,
                in -> flat.forward(List.of(in[0], in[1])).get(0).sub(in[2]).pow(2));
        double[] theta = flatStep.parameterValues();
        double[] grad = new double[theta.length];
        for (int epoch = 0; epoch < 3; epoch++) {
            for (double[] s : data) {
                Value loss = eager.forward(s[0], s[1]).sub(s[2]).pow(2);
                loss.backward();
                for (Value p : pe) {
                    p.data -= 0.1 * p.grad;
                    p.grad = 0;
                }
                double lb = boundStep.run(s[0], s[1], s[2]);
                for (Value p : pb) {
                    p.data -= 0.1 * p.grad;
                    p.grad = 0;
                }
                Arrays.fill(grad, 0);
                double lf = flatStep.run(theta, s, grad);
                for (int k = 0; k < theta.length; k++) theta[k] -= 0.1 * grad[k];
                assertSameBits(loss.data, lb, "bound loss");
                assertSameBits(loss.data, lf, "flat loss");
            }
        }
        for (int k = 0; k < pe.size(); k++) {
            assertSameBits(pe.get(k).data, pb.get(k).data, "bound parameter " + k);
            assertSameBits(pe.get(k).data, theta[k], "flat parameter " + k);
        }
        assertTrue(boundStep.toString().contains("equal bit for bit"), boundStep.toString());
    }

    @Test
    void gradientsAccumulateOntoExistingOnesAsBackwardDoes() {
        Value w = Value.of(0.7);
        Value b = Value.of(-0.2);
        ScalarStep step =
                Compile.scalar(List.of(w, b), 1, in -> w.mul(in[0]).add(b).tanh());
        step.run(0.3);
        step.run(-1.1);
        Value we = Value.of(0.7);
        Value be = Value.of(-0.2);
        we.mul(0.3).add(be).tanh().backward();
        we.mul(-1.1).add(be).tanh().backward();
        assertSameBits(we.grad, w.grad, "w.grad after two calls");
        assertSameBits(be.grad, b.grad, "b.grad after two calls");
        assertSameBits(Math.tanh(0.7 * 2 - 0.2), step.value(2.0), "value(...)");
    }

    // ---- W2 and W7: the double pendulum through Compile.repeat --------------------------------

    static Value[] eulerStep(Value[] s) {
        Value t1 = s[0], t2 = s[1], p1 = s[2], p2 = s[3];
        double h = 0.01;
        Value d = t1.sub(t2);
        Value c = d.cos();
        Value denom = c.pow(2).mul(-9).add(16);
        Value dt1 = p1.mul(2).sub(c.mul(p2).mul(3)).mul(6).div(denom);
        Value dt2 = p2.mul(8).sub(c.mul(p1).mul(3)).mul(6).div(denom);
        Value prod = dt1.mul(dt2).mul(d.sin());
        Value dp1 = prod.add(t1.sin().mul(3 * 9.8)).mul(-0.5);
        Value dp2 = prod.neg().add(t2.sin().mul(9.8)).mul(-0.5);
        return new Value[] {t1.add(dt1.mul(h)), t2.add(dt2.mul(h)), p1.add(dp1.mul(h)), p2.add(dp2.mul(h))};
    }

    @Test
    void w2PendulumThroughRepeatIsALoopAndMatchesTheEagerEngine() {
        double[] start = {0.4, 0, 1, 4};
        Value[] eager = new Value[4];
        for (int i = 0; i < 4; i++) eager[i] = Value.of(start[i]);
        Value[] s = eager;
        for (int t = 0; t < 500; t++) s = eulerStep(s);
        s[1].backward();

        Value[] p = new Value[4];
        for (int i = 0; i < 4; i++) p[i] = Value.of(start[i]);
        ScalarStep step = Compile.scalar(
                List.of(p), 0, in -> Compile.repeat(500, p.clone(), CompiledScalarWorkloadsTest::eulerStep)[1]);
        double theta2 = step.run();
        assertSameBits(s[1].data, theta2, "θ2(5 s)");
        for (int i = 0; i < 4; i++) assertSameBits(eager[i].grad, p[i].grad, "∂θ2/∂ initial value " + i);
        String code = step.code().source();
        assertTrue(code.contains("for (int t = 0"), "the steps are a loop:\n" + code);
        assertTrue(
                step.code().lines() < 400,
                "one step's code, not 500: " + step.code().lines() + " lines");
    }

    @Test
    void w7CellsOneGradientPerCellMatchTheEagerEngine() {
        Value theta1 = Value.of(0);
        ScalarStep cell = Compile.scalar(
                List.of(theta1),
                1,
                in -> Compile.repeat(
                        300,
                        new Value[] {theta1, in[0], Value.constant(0), Value.constant(0)},
                        CompiledScalarWorkloadsTest::eulerStep)[1]);
        double[] angles = {-Math.PI, -1.3, 0, 0.4, 2.9};
        double[] theta = new double[1];
        double[] grad = new double[1];
        for (double a : angles) {
            for (double b : angles) {
                Value start1 = Value.of(a);
                Value[] s = {start1, Value.constant(b), Value.constant(0), Value.constant(0)};
                for (int t = 0; t < 300; t++) s = eulerStep(s);
                s[1].backward();
                theta[0] = a;
                grad[0] = 0;
                double out = cell.run(theta, new double[] {b}, grad);
                assertSameBits(s[1].data, out, "θ2 at (" + a + ", " + b + ")");
                assertSameBits(start1.grad, grad[0], "∂θ2/∂θ1 at (" + a + ", " + b + ")");
            }
        }
        // The momenta start as constants, so step 0 is partly constant: it stays outside the loop.
        assertTrue(cell.code().source().contains("for (int t = 0"), cell.toString());
        assertTrue(cell.code().lines() < 600, cell.code().lines() + " lines: the loop was unrolled\n" + cell);
    }

    // ---- W3: the perceptron, one graph over the whole batch -----------------------------------

    @Test
    void w3PerceptronWholeBatchLossMatches() {
        double[][] data = points(100, 9);
        Value w1 = Value.of(0.3), w2 = Value.of(-0.6), b = Value.of(0.1);
        Value e1 = Value.of(0.3), e2 = Value.of(-0.6), eb = Value.of(0.1);
        // The data are captured, unchanging: they become constants of the compiled code.
        ScalarStep step = Compile.scalar(List.of(w1, w2, b), 0, in -> perceptronLoss(w1, w2, b, data));
        for (int epoch = 0; epoch < 5; epoch++) {
            Value loss = perceptronLoss(e1, e2, eb, data);
            loss.backward();
            double compiled = step.run();
            assertSameBits(loss.data, compiled, "loss at epoch " + epoch);
            for (Value[] pair : new Value[][] {{e1, w1}, {e2, w2}, {eb, b}}) {
                assertSameBits(pair[0].grad, pair[1].grad, "gradient at epoch " + epoch);
                pair[0].data -= 0.1 * pair[0].grad;
                pair[1].data -= 0.1 * pair[1].grad;
                pair[0].grad = 0;
                pair[1].grad = 0;
            }
        }
    }

    static Value perceptronLoss(Value w1, Value w2, Value b, double[][] data) {
        Value loss = null;
        for (double[] s : data) {
            double target = s[2] == 1 ? 1 : -1;
            Value err = w1.mul(s[0]).add(w2.mul(s[1])).add(b).tanh().sub(target).pow(2);
            loss = loss == null ? err : loss.add(err);
        }
        return loss;
    }
}

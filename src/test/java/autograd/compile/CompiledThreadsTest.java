package autograd.compile;

import static autograd.compile.CompiledScalarWorkloadsTest.assertSameBits;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import autograd.Value;
import autograd.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One compiled step on several threads at once, as a sweep runs it: each thread has its own
 * buffers, so flat calls give the serial results bit for bit, and calls that add to shared
 * parameters' gradients lose none.
 */
class CompiledThreadsTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() throws InterruptedException {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }

    @Test
    void pendulumCellsOnFourThreadsEqualTheSerialOnes() throws Exception {
        Value theta1 = Value.of(0);
        ScalarStep cell = Compile.scalar(
                List.of(theta1),
                1,
                in -> Compile.repeat(
                        200,
                        new Value[] {theta1, in[0], Value.constant(0), Value.constant(0)},
                        CompiledScalarWorkloadsTest::eulerStep)[1]);
        int n = 24;
        double[] serial = new double[n * n];
        for (int k = 0; k < serial.length; k++) serial[k] = gradient(cell, k, n);
        double[] parallel = new double[n * n];
        CyclicBarrier start = new CyclicBarrier(4);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int first = t;
            done.add(pool.submit(() -> {
                start.await();
                for (int k = first; k < n * n; k += 4) parallel[k] = gradient(cell, k, n);
                return null;
            }));
        }
        for (Future<?> f : done) f.get(60, TimeUnit.SECONDS);
        for (int k = 0; k < serial.length; k++) assertSameBits(serial[k], parallel[k], "cell " + k);
    }

    private static double gradient(ScalarStep cell, int k, int n) {
        double[] g = new double[1];
        cell.run(new double[] {-3 + 6.0 * (k % n) / n}, new double[] {-3 + 6.0 * (k / n) / n}, g);
        return g[0];
    }

    @Test
    void callsThatAddToSharedParametersLoseNoGradient() throws Exception {
        Value w = Value.of(0.25);
        ScalarStep step = Compile.scalar(List.of(w), 1, in -> w.mul(in[0]));
        step.run(1.0);
        step.run(1.0);
        w.grad = 0;
        CyclicBarrier start = new CyclicBarrier(4);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            done.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < 2000; i++) step.run(1.0);
                return null;
            }));
        }
        for (Future<?> f : done) f.get(60, TimeUnit.SECONDS);
        assertEquals(8000.0, w.grad, "d(w·1)/dw = 1, added by 8000 calls");
    }

    @Test
    void aTensorStepOnFourThreadsEqualsTheSerialRuns() throws Exception {
        Variable[] params = CompiledTensorWorkloadsTest.mlp(3, 2, 8, 1);
        TensorStep step = Compile.tensor(
                List.of(params),
                List.of(new int[] {20, 2}, new int[] {20, 1}),
                in -> CompiledTensorWorkloadsTest.forward(params, in[0])
                        .sub(in[1])
                        .pow(2)
                        .mean());
        double[][][] data = new double[8][][];
        for (int s = 0; s < data.length; s++) data[s] = CompiledTensorWorkloadsTest.data(20, s);
        double[] serial = new double[data.length];
        for (int s = 0; s < data.length; s++) serial[s] = train(step, data[s]);
        double[] parallel = new double[data.length];
        List<Future<?>> done = new ArrayList<>();
        for (int s = 0; s < data.length; s++) {
            int which = s;
            done.add(pool.submit(() -> parallel[which] = train(step, data[which])));
        }
        for (Future<?> f : done) f.get(60, TimeUnit.SECONDS);
        for (int s = 0; s < data.length; s++) assertSameBits(serial[s], parallel[s], "run " + s);
    }

    /** 20 steps of gradient descent from the step's parameters; the last loss. */
    private static double train(TensorStep step, double[][] xy) {
        double[][] theta = step.parameterValues();
        double[][] grad = CompiledTensorWorkloadsTest.zerosLike(theta);
        double loss = 0;
        for (int t = 0; t < 20; t++) {
            for (double[] g : grad) java.util.Arrays.fill(g, 0);
            loss = step.run(theta, xy, grad);
            for (int k = 0; k < theta.length; k++) {
                for (int i = 0; i < theta[k].length; i++) theta[k][i] -= 0.1 * grad[k][i];
            }
        }
        return loss;
    }
}

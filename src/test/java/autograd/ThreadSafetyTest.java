package autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The engine on several threads: grad and anomaly modes belong to a thread (as PyTorch's grad
 * mode), independent graphs give the serial results bit for bit, and a leaf that backward passes
 * on several threads reach at once gets the exact sum of their gradients.
 */
class ThreadSafetyTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }

    /** A small training step on Values: d/dw of (w·x − y)² summed over a few samples. */
    private static double valueGradient(double w0, double[] xs) {
        Value w = new Value(w0);
        List<Value> terms = new ArrayList<>();
        for (double x : xs) terms.add(w.mul(x).sub(1).pow(2));
        Value.sum(terms).backward();
        return w.grad;
    }

    /** The same on a Variable, with a matmul and a tanh. */
    private static double[] variableGradient(double[] w0, double[][] xs) {
        Variable w = new Variable(w0);
        Variable.constant(xs).matmul(w).tanh().sub(1).pow(2).sum().backward();
        return w.grad().value();
    }

    @Test
    void noGradOnAnotherThreadNeverTurnsRecordingOffHere() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(1);
        Future<?> toggler = pool.submit(() -> {
            started.countDown();
            while (!stop.get()) {
                try (var scope = Autograd.noGrad()) {
                    Thread.onSpinWait();
                }
            }
        });
        started.await();
        double[] xs = {0.5, -1, 2};
        double expected = valueGradient(0.3, xs);
        try {
            for (int step = 0; step < 20_000; step++) {
                assertTrue(Autograd.isGradEnabled(), "step " + step);
                assertEquals(expected, valueGradient(0.3, xs), "step " + step);
            }
        } finally {
            stop.set(true);
            toggler.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void scopesOnTwoThreadsLeaveEachThreadAsItWas() throws Exception {
        for (int trial = 0; trial < 200; trial++) {
            CyclicBarrier together = new CyclicBarrier(2);
            Callable<Boolean> openAndClose = () -> {
                together.await();
                for (int i = 0; i < 50; i++) {
                    try (var scope = Autograd.noGrad()) {
                        if (Autograd.isGradEnabled()) return false;
                    }
                }
                return Autograd.isGradEnabled();
            };
            Future<Boolean> a = pool.submit(openAndClose);
            Future<Boolean> b = pool.submit(openAndClose);
            assertTrue(a.get(10, TimeUnit.SECONDS), "trial " + trial + ", thread a");
            assertTrue(b.get(10, TimeUnit.SECONDS), "trial " + trial + ", thread b");
            assertTrue(Autograd.isGradEnabled(), "trial " + trial + ", test thread");
        }
    }

    @Test
    void anomalyModeIsPerThread() throws Exception {
        try (var scope = Autograd.detectAnomaly()) {
            assertTrue(Autograd.isAnomalyDetectionEnabled());
            Future<Boolean> other = pool.submit(Autograd::isAnomalyDetectionEnabled);
            assertFalse(other.get(10, TimeUnit.SECONDS), "another thread stays out of anomaly mode");
            Future<Double> overflow = pool.submit(() -> new Value(800).exp().data);
            assertEquals(Double.POSITIVE_INFINITY, overflow.get(10, TimeUnit.SECONDS));
            assertThrows(Autograd.AnomalyException.class, () -> new Value(800).exp());
        }
    }

    @Test
    void independentGraphsOnFourThreadsMatchSerialBitForBit() throws Exception {
        Random rng = new Random(7);
        int runs = 400;
        double[][] xs = new double[runs][];
        double[][][] batches = new double[runs][][];
        for (int r = 0; r < runs; r++) {
            xs[r] = new double[] {rng.nextGaussian(), rng.nextGaussian(), rng.nextGaussian()};
            batches[r] = new double[][] {{rng.nextGaussian(), rng.nextGaussian()}, {rng.nextGaussian(), 1}};
        }
        double[] serialValue = new double[runs];
        double[][] serialVariable = new double[runs][];
        for (int r = 0; r < runs; r++) {
            serialValue[r] = valueGradient(0.1 * r, xs[r]);
            serialVariable[r] = variableGradient(new double[] {0.01 * r, -0.5}, batches[r]);
        }
        List<Future<double[]>> parallel = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            int run = r;
            parallel.add(pool.submit(() -> {
                double[] v = variableGradient(new double[] {0.01 * run, -0.5}, batches[run]);
                return new double[] {valueGradient(0.1 * run, xs[run]), v[0], v[1]};
            }));
        }
        for (int r = 0; r < runs; r++) {
            double[] got = parallel.get(r).get(30, TimeUnit.SECONDS);
            assertEquals(serialValue[r], got[0], "Value run " + r);
            assertArrayEquals(serialVariable[r], new double[] {got[1], got[2]}, "Variable run " + r);
        }
    }

    @Test
    void aValueLeafSharedByBackwardPassesOnFourThreadsGetsTheExactSum() throws Exception {
        // Each pass adds exactly 1000 to w.grad, one unit per term of a dot node (sums of small
        // integers are exact in doubles, so any lost update shows).
        Value w = new Value(0.5);
        Value[] ws = new Value[1000];
        Value[] ones = new Value[1000];
        java.util.Arrays.fill(ws, w);
        java.util.Arrays.fill(ones, Value.constant(1));
        int threads = 4;
        int passes = 500;
        CyclicBarrier together = new CyclicBarrier(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                together.await();
                for (int i = 0; i < passes; i++) Value.dot(ws, ones).backward();
                return null;
            }));
        }
        for (Future<?> f : done) f.get(60, TimeUnit.SECONDS);
        assertEquals(1000.0 * threads * passes, w.grad, "every pass adds 1000 to w.grad: none may be lost");
    }

    @Test
    void aVariableLeafSharedByBackwardPassesOnFourThreadsGetsTheExactSum() throws Exception {
        int n = 100_000;
        Variable w = Variable.zeros(n);
        Variable x = Variable.constant(new double[n]).add(1);
        int threads = 4;
        int passes = 200;
        CyclicBarrier together = new CyclicBarrier(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                together.await();
                for (int i = 0; i < passes; i++) w.mul(x).sum().backward();
                return null;
            }));
        }
        for (Future<?> f : done) f.get(60, TimeUnit.SECONDS);
        double[] expected = new double[n];
        java.util.Arrays.fill(expected, threads * passes);
        assertArrayEquals(expected, w.grad().value(), "every pass adds 1 per element: none may be lost");
    }

    @Test
    void stressMixingNoGradAnomalyModeAndTraining() throws Exception {
        int threads = 4;
        CyclicBarrier together = new CyclicBarrier(threads);
        List<Future<String>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            results.add(pool.submit(() -> {
                together.await();
                double[] xs = {0.25, -0.5, 1.5};
                double expected = valueGradient(0.7, xs);
                double[] expectedTensor = variableGradient(new double[] {0.3, -0.2}, new double[][] {{1, 2}, {3, 4}});
                for (int i = 0; i < 2_000; i++) {
                    switch ((i + id) % 4) {
                        case 0 -> {
                            try (var scope = Autograd.noGrad()) {
                                if (new Value(1).mul(2).requiresGrad()) return "noGrad recorded a graph";
                            }
                        }
                        case 1 -> {
                            try (var scope = Autograd.detectAnomaly()) {
                                if (valueGradient(0.7, xs) != expected) return "wrong gradient in anomaly mode";
                            }
                        }
                        case 2 -> {
                            try (var outer = Autograd.noGrad();
                                    var inner = Autograd.enableGrad()) {
                                if (valueGradient(0.7, xs) != expected) return "wrong gradient in enableGrad";
                            }
                        }
                        default -> {
                            double[] got = variableGradient(new double[] {0.3, -0.2}, new double[][] {{1, 2}, {3, 4}});
                            if (!java.util.Arrays.equals(got, expectedTensor)) return "wrong tensor gradient";
                        }
                    }
                    if (!Autograd.isGradEnabled() || Autograd.isAnomalyDetectionEnabled()) {
                        return "modes not restored after step " + i;
                    }
                }
                return "ok";
            }));
        }
        for (Future<String> r : results) assertEquals("ok", r.get(120, TimeUnit.SECONDS));
    }

    /**
     * Two passes through the same computed nodes at once: each either completes or throws
     * ConcurrentModificationException before touching any gradient, so the shared leaf holds
     * exactly the completed passes' sum.
     */
    @Test
    void passesThroughASharedComputedNodeCompleteOrThrowNeverMix() throws Exception {
        Value x = new Value(1.0);
        Value h = x;
        for (int i = 0; i < 3_000; i++) h = h.mul(1.0).add(0.0);
        Value twice = h.mul(2.0);
        Value thrice = h.mul(3.0);
        int[] completed = new int[2];
        int[] refused = new int[2];
        for (int trial = 0; trial < 100; trial++) {
            CyclicBarrier together = new CyclicBarrier(2);
            Future<Boolean> a = pool.submit(() -> backwardOrRefused(together, twice));
            Future<Boolean> b = pool.submit(() -> backwardOrRefused(together, thrice));
            if (a.get(30, TimeUnit.SECONDS)) completed[0]++;
            else refused[0]++;
            if (b.get(30, TimeUnit.SECONDS)) completed[1]++;
            else refused[1]++;
        }
        assertEquals(
                2.0 * completed[0] + 3.0 * completed[1],
                x.grad,
                "completed " + java.util.Arrays.toString(completed) + ", refused "
                        + java.util.Arrays.toString(refused));
        twice.backward(); // alone again: fine
    }

    private static boolean backwardOrRefused(CyclicBarrier together, Value root) throws Exception {
        together.await();
        try {
            root.backward();
            return true;
        } catch (java.util.ConcurrentModificationException e) {
            assertTrue(e.getMessage().contains("another thread"), e.getMessage());
            return false;
        }
    }
}

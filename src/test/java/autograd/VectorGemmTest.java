package autograd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The engine's vector-API GEMM (used for large products where the CPU has 512-bit vectors; it
 * computes right at any width) against the textbook sum: every shape class (edges of the 8-row
 * tiles, depths across panels, transposed factors, accumulating or not, products large enough to
 * run on several threads, NaN and infinity propagating to exactly their rows and columns), the
 * same bits for any number of threads, and threads sharing it without corrupting each other.
 * Its sums round as a BLAS's do (fused, in blocks), so the bound is the sum's own rounding:
 * |error| ≤ 4·k·ε·Σ|aᵢₚ·bₚⱼ|.
 */
class VectorGemmTest {

    @Test
    void productsEqualTheTextbookSumToRounding() {
        assertTrue(MatMul.VECTOR_TILES, "the tests run with --add-modules jdk.incubator.vector (pom.xml)");
        Random r = new Random(4);
        int[][] shapes = {
            {1, 1, 1},
            {8, 16, 16},
            {7, 300, 17},
            {100, 257, 33},
            {13, 520, 1},
            {64, 64, 64},
            {301, 1030, 99},
            {200, 64, 4100}
        };
        for (int[] s : shapes) {
            for (int variant = 0; variant < 8; variant++) {
                boolean transA = (variant & 1) != 0, transB = (variant & 2) != 0, accumulate = (variant & 4) != 0;
                check(r, s[0], s[1], s[2], transA, transB, accumulate);
            }
        }
    }

    @Test
    void nonFiniteValuesReachExactlyTheirRowsAndColumns() {
        int n = 130, k = 300, m = 70;
        Random r = new Random(5);
        double[] a = random(r, n * k);
        double[] b = random(r, k * m);
        a[17 * k + 299] = Double.NaN; // row 17 of the product
        b[3 * m + 41] = Double.POSITIVE_INFINITY; // column 41 (infinite, or NaN where it meets row 17)
        double[] c = new double[n * m];
        VectorGemm.gemm(a, false, b, false, c, false, n, k, m);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double v = c[i * m + j];
                if (i == 17) assertTrue(Double.isNaN(v), "row 17 holds a NaN factor: (" + i + ", " + j + ") = " + v);
                else if (j == 41) assertTrue(Double.isInfinite(v), "column 41: (" + i + ", " + j + ") = " + v);
                else assertTrue(Double.isFinite(v), "(" + i + ", " + j + ") = " + v + " should be finite");
            }
        }
    }

    @Test
    void theBitsDoNotDependOnTheThreadsOrOnOtherCallers() throws Exception {
        int n = 517, k = 600, m = 301;
        Random r = new Random(6);
        double[] a = random(r, n * k);
        double[] b = random(r, k * m);
        double[] alone = new double[n * m];
        VectorGemm.gemm(a, true, b, false, alone, false, n, k, m); // a read as its transpose: any n x k data
        // one thread, row by row (one row is below the threshold for splitting)
        double[] byRows = new double[n * m];
        for (int i = 0; i < n; i++) {
            double[] row = new double[m];
            double[] ai = new double[k];
            for (int p = 0; p < k; p++) ai[p] = a[p * n + i];
            VectorGemm.gemm(ai, false, b, false, row, false, 1, k, m);
            System.arraycopy(row, 0, byRows, i * m, m);
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(
                alone, byRows, 0.0, "split over threads vs one row at a time");
        // four callers at once, each checked against the product alone
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<double[]>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    double[] c = new double[n * m];
                    VectorGemm.gemm(a, true, b, false, c, false, n, k, m);
                    return c;
                }));
            }
            for (java.util.concurrent.Future<double[]> f : results) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(alone, f.get(), 0.0, "concurrent callers");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anEmptyDepthGivesZerosOrLeavesTheTarget() {
        double[] c = {1, 2, 3, 4};
        VectorGemm.gemm(new double[0], false, new double[0], false, c, true, 2, 0, 2);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {1, 2, 3, 4}, c, 0.0, "c += a·b with k = 0");
        VectorGemm.gemm(new double[0], false, new double[0], false, c, false, 2, 0, 2);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[4], c, 0.0, "c = a·b with k = 0");
    }

    @Test
    void aBusyPoolNeitherStopsProductsNorQueuesHelpersWithoutBound() throws Exception {
        // Every common-pool thread blocked: helpers sent now cannot start until the end of the test.
        int workers = java.util.concurrent.ForkJoinPool.commonPool().getParallelism();
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch blocked = new java.util.concurrent.CountDownLatch(workers);
        for (int i = 0; i < workers; i++) {
            java.util.concurrent.ForkJoinPool.commonPool().execute(() -> {
                blocked.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        try {
            assertTrue(blocked.await(30, java.util.concurrent.TimeUnit.SECONDS), "the pool's threads did not start");
            Random r = new Random(8);
            for (int i = 0; i < 50; i++) check(r, 130, 140, 150, false, false, false); // each large enough for helpers
            int cores = Runtime.getRuntime().availableProcessors();
            assertTrue(VectorGemm.waitingHelpers() <= 2 * cores, "queued helpers: " + VectorGemm.waitingHelpers());
        } finally {
            release.countDown();
        }
    }

    @Test
    void aFailingUnitFailsTheProductWithoutHangingAndTheNextProductWorks() {
        int n = 300, k = 300, m = 300;
        Random r = new Random(7);
        double[] a = random(r, n * k);
        double[] b = random(r, k * m);
        double[] tooShort = new double[n * m - 1]; // the last block of rows writes past its end, on some thread
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30), () -> {
            RuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(
                    RuntimeException.class, () -> VectorGemm.gemm(a, false, b, false, tooShort, false, n, k, m));
            assertTrue(
                    e instanceof ArrayIndexOutOfBoundsException
                            || e.getCause() instanceof ArrayIndexOutOfBoundsException,
                    "the index error itself, or wrapped when a helper hit it: " + e);
        });
        // and nothing writes to c once the call has thrown (helpers inside a unit are waited for)
        for (int trial = 0; trial < 20; trial++) {
            double[] c = new double[n * m - 1];
            try {
                VectorGemm.gemm(a, false, b, false, c, false, n, k, m);
            } catch (RuntimeException expected) {
                // as above
            }
            double[] after = c.clone();
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            org.junit.jupiter.api.Assertions.assertArrayEquals(after, c, 0.0, "c changed after the product threw");
        }
        check(r, n, k, m, false, false, false);
    }

    private static void check(Random r, int n, int k, int m, boolean transA, boolean transB, boolean accumulate) {
        double[] a = random(r, n * k);
        double[] b = random(r, k * m);
        double[] c0 = random(r, n * m);
        double[] c = c0.clone();
        VectorGemm.gemm(a, transA, b, transB, c, accumulate, n, k, m);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double sum = 0;
                double scale = 0;
                for (int p = 0; p < k; p++) {
                    double term = (transA ? a[p * n + i] : a[i * k + p]) * (transB ? b[j * k + p] : b[p * m + j]);
                    sum += term;
                    scale += Math.abs(term);
                }
                double expected = accumulate ? c0[i * m + j] + sum : sum;
                double bound = 4 * (k + 1) * Math.ulp(1.0) * (scale + (accumulate ? Math.abs(c0[i * m + j]) : 0));
                double error = Math.abs(c[i * m + j] - expected);
                String where = n + "×" + k + "×" + m + (transA ? " aᵀ" : "") + (transB ? " bᵀ" : "")
                        + (accumulate ? " +=" : " =") + " at (" + i + ", " + j + ")";
                assertTrue(error <= bound, where + ": " + c[i * m + j] + " vs " + expected + " (bound " + bound + ")");
            }
        }
    }

    private static double[] random(Random r, int size) {
        double[] v = new double[size];
        for (int i = 0; i < size; i++) v[i] = r.nextGaussian();
        return v;
    }
}

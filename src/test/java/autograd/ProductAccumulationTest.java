package autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Gradients accumulate through every backward product of {@code matmul} and {@code linear}
 * (g·Wᵀ for the left factor, Xᵀ·g for the right one, the row sums for a bias), on the plain
 * Java kernels, on ND4J's BLAS and on the engine's vector GEMM (used when every side is at least
 * {@link MatMul#BLAS_MIN_SIDE}). A weight used twice
 * in one graph, and two backward passes, must give exactly twice the gradient of the textbook
 * rule; a square weight multiplied by itself gets both products added into one gradient. A
 * product that overwrote the gradient instead of adding to it passes every single-use test,
 * so only these catch it.
 */
class ProductAccumulationTest {

    /**
     * n×k times k×m with a side below 64: plain Java. The small ones use the register tiles and
     * their leftovers; 63×130×530 has all three products split over the cores and cache-blocked,
     * with depths (130, 530, 63) that leave remainders after the 4-row unrolled loop.
     */
    static final int[][] JAVA_SIZES = {{3, 4, 5}, {5, 3, 2}, {1, 7, 3}, {63, 130, 530}};
    /** Every side at least 64: BLAS. */
    static final int[][] BLAS_SIZES = {{64, 65, 66}, {96, 96, 96}};

    @Test
    void javaProductsAccumulate() {
        for (int[] s : JAVA_SIZES) everyProductAccumulates(s[0], s[1], s[2], "java");
        squareWeightTimesItself(5, "java");
        squareWeightTimesItself(63, "java");
    }

    @Test
    void blasProductsAccumulate() {
        // On ND4J's BLAS and on the engine's own vector GEMM (what auto picks where the CPU has 512-bit vectors).
        String saved = MatMul.backend();
        try {
            for (String engine : new String[] {"nd4j", "java-vector"}) {
                MatMul.useProvider(MatMul.findBlas(engine));
                for (int[] s : BLAS_SIZES) everyProductAccumulates(s[0], s[1], s[2], engine);
                squareWeightTimesItself(96, engine);
                // Had the engine failed, MatMul would have fallen back to Java for good, and this would prove nothing.
                assertEquals(engine, MatMul.backend(), "the BLAS sizes must have run on " + engine);
            }
        } finally {
            MatMul.useProvider(MatMul.findBlas(saved));
        }
    }

    @Test
    void vectorOperandsAccumulate() {
        // [k]·[k,m], [n,k]·[k] and [k]·[k]: the vector becomes a 1×k or k×1 matrix inside.
        Random rng = new Random(11);
        int n = 4;
        int k = 3;
        int m = 5;
        for (int[][] shapes : new int[][][] {{{k}, {k, m}}, {{n, k}, {k}}, {{k}, {k}}}) {
            int rows = shapes[0].length == 1 ? 1 : n;
            int cols = shapes[1].length == 1 ? 1 : m;
            double[] xs = random(rng, rows * k);
            double[] ws = random(rng, k * cols);
            int[] outShape = shapes[0].length == 1 && shapes[1].length == 1
                    ? new int[0]
                    : shapes[0].length == 1 ? new int[] {m} : new int[] {n};
            double[] gs = random(rng, rows * cols);
            Variable g = Variable.constant(gs, outShape);
            Variable x = new Variable(xs, shapes[0]);
            Variable w = new Variable(ws, shapes[1]);
            x.matmul(w).add(x.matmul(w)).backward(g);
            String what = "matmul " + Arrays.toString(shapes[0]) + "·" + Arrays.toString(shapes[1]) + ", used twice";
            close(
                    what + ", d/dx",
                    times(2, leftGradient(gs, ws, rows, k, cols)),
                    x.grad().value());
            close(
                    what + ", d/dw",
                    times(2, rightGradient(xs, gs, rows, k, cols)),
                    w.grad().value());
        }
        // One sample through linear: [k]·[k,m] + [m].
        double[] xs = random(rng, k);
        double[] ws = random(rng, k * m);
        double[] gs = random(rng, m);
        Variable x = new Variable(xs);
        Variable w = new Variable(ws, k, m);
        Variable b = new Variable(random(rng, m));
        for (int pass = 0; pass < 2; pass++) x.linear(w, b).backward(Variable.constant(gs));
        close(
                "linear [k], two passes, d/dx",
                times(2, leftGradient(gs, ws, 1, k, m)),
                x.grad().value());
        close(
                "linear [k], two passes, d/dw",
                times(2, rightGradient(xs, gs, 1, k, m)),
                w.grad().value());
        close("linear [k], two passes, d/db", times(2, gs), b.grad().value());
    }

    /**
     * For matmul and linear at n×k×m: once (the plain rule), used twice in one graph, and over
     * two backward passes; the gradients of x, w (and the bias) must be 1, 2 and 2 times the rule.
     */
    static void everyProductAccumulates(int n, int k, int m, String path) {
        Random rng = new Random(31L * n + 7L * k + m);
        double[] xs = random(rng, n * k);
        double[] ws = random(rng, k * m);
        double[] bs = random(rng, m);
        double[] gs = random(rng, n * m);
        Variable g = Variable.constant(gs, n, m);
        double[] dx = leftGradient(gs, ws, n, k, m);
        double[] dw = rightGradient(xs, gs, n, k, m);
        double[] db = biasGradient(gs, n, m);
        for (boolean linear : new boolean[] {false, true}) {
            for (int scenario = 0; scenario < 3; scenario++) {
                Variable x = new Variable(xs, n, k);
                Variable w = new Variable(ws, k, m);
                Variable b = new Variable(bs, m);
                int factor = scenario == 0 ? 1 : 2;
                if (scenario == 0) {
                    product(linear, x, w, b).backward(g);
                } else if (scenario == 1) { // the same weight (and input) used twice in one graph
                    product(linear, x, w, b).add(product(linear, x, w, b)).backward(g);
                } else { // two backward passes
                    product(linear, x, w, b).backward(g);
                    product(linear, x, w, b).backward(g);
                }
                String what = (linear ? "linear " : "matmul ") + n + "×" + k + "·" + k + "×" + m + " (" + path + "), "
                        + new String[] {"once", "used twice in one graph", "two backward passes"}[scenario];
                close(what + ", d/dx", times(factor, dx), x.grad().value());
                close(what + ", d/dw", times(factor, dw), w.grad().value());
                if (linear) close(what + ", d/db", times(factor, db), b.grad().value());
            }
        }
    }

    /** y = w·w for a square w: d/dw = g·wᵀ + wᵀ·g, the two products adding into one gradient. */
    static void squareWeightTimesItself(int n, String path) {
        Random rng = new Random(n);
        double[] ws = random(rng, n * n);
        double[] gs = random(rng, n * n);
        double[] expected = leftGradient(gs, ws, n, n, n);
        double[] right = rightGradient(ws, gs, n, n, n);
        for (int i = 0; i < expected.length; i++) expected[i] += right[i];
        Variable w = new Variable(ws, n, n);
        w.matmul(w).backward(Variable.constant(gs, n, n));
        close("w·w, " + n + "×" + n + " (" + path + ")", expected, w.grad().value());
    }

    static Variable product(boolean linear, Variable x, Variable w, Variable b) {
        return linear ? x.linear(w, b) : x.matmul(w);
    }

    // ---- the textbook rules, as triple loops ------------------------------------------------------

    /** d(Σ g ⊙ x·w)/dx = g·wᵀ, for x n×k, w k×m. */
    static double[] leftGradient(double[] g, double[] w, int n, int k, int m) {
        double[] out = new double[n * k];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < k; p++) {
                double s = 0;
                for (int j = 0; j < m; j++) s += g[i * m + j] * w[p * m + j];
                out[i * k + p] = s;
            }
        }
        return out;
    }

    /** d(Σ g ⊙ x·w)/dw = xᵀ·g. */
    static double[] rightGradient(double[] x, double[] g, int n, int k, int m) {
        double[] out = new double[k * m];
        for (int p = 0; p < k; p++) {
            for (int j = 0; j < m; j++) {
                double s = 0;
                for (int i = 0; i < n; i++) s += x[i * k + p] * g[i * m + j];
                out[p * m + j] = s;
            }
        }
        return out;
    }

    /** d(Σ g ⊙ (x·w + b))/db = the column sums of g. */
    static double[] biasGradient(double[] g, int n, int m) {
        double[] out = new double[m];
        for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) out[j] += g[i * m + j];
        return out;
    }

    static double[] times(double factor, double[] v) {
        double[] out = v.clone();
        for (int i = 0; i < out.length; i++) out[i] *= factor;
        return out;
    }

    static double[] random(Random rng, int size) {
        double[] x = new double[size];
        for (int i = 0; i < size; i++) x[i] = rng.nextDouble() * 2 - 1;
        return x;
    }

    /** Equal up to rounding: the kernels sum in other orders than the triple loop (1e-12 of the largest entry). */
    static void close(String what, double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length, what + ": size");
        double scale = 1;
        for (double v : expected) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(expected[i] - actual[i]) <= 1e-12 * scale)) {
                throw new AssertionError(what + ": element " + i + " is " + actual[i] + ", the plain rule gives "
                        + expected[i]
                        + (Math.abs(actual[i] - expected[i] / 2) <= 1e-12 * scale
                                ? " (half of it: one contribution was overwritten, not added)"
                                : ""));
            }
        }
    }
}

package autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The matrix-product kernels against a textbook triple loop, at small, odd and parallel sizes. */
class MatMulTest {

    private static double[] random(Random rng, int size) {
        double[] x = new double[size];
        for (int i = 0; i < size; i++) x[i] = rng.nextDouble() * 2 - 1;
        return x;
    }

    /** c = a·b for a[n×k], b[k×m] with explicit strides, the obvious way. */
    private static double[] reference(double[] a, double[] b, int n, int k, int m) {
        double[] c = new double[n * m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) s += a[i * k + p] * b[p * m + j];
                c[i * m + j] = s;
            }
        }
        return c;
    }

    private static final int[][] SIZES = {
        {1, 1, 1},
        {3, 2, 1},
        {100, 2, 16},
        {100, 16, 1},
        {100, 16, 16},
        {16, 100, 16},
        {2, 100, 16},
        {6, 5, 7},
        {7, 300, 5},
        {90, 200, 170},
        {130, 70, 260},
        {257, 129, 300},
    };

    @Test
    void javaKernelMatchesTheTripleLoopIncludingBlockedAndParallelSizes() {
        Random rng = new Random(1);
        for (int[] s : SIZES) {
            double[] a = random(rng, s[0] * s[1]);
            double[] b = random(rng, s[1] * s[2]);
            double[] c = new double[s[0] * s[2]];
            c[0] = 5; // the kernel accumulates
            MatMul.kernel(a, b, c, s[0], s[1], s[2]);
            double[] expected = reference(a, b, s[0], s[1], s[2]);
            expected[0] += 5;
            assertArrayEquals(expected, c, 1e-9, () -> "size " + java.util.Arrays.toString(s));
        }
    }

    @Test
    void transposedProductsMatchTheTripleLoopOnTransposedOperands() {
        Random rng = new Random(2);
        for (int[] s : SIZES) {
            int n = s[0];
            int k = s[1];
            int m = s[2];
            double[] g = random(rng, n * m);
            double[] b = random(rng, k * m);
            double[] left = new double[n * k];
            MatMul.multiplyTransposedRight(g, b, left, n, m, k);
            assertArrayEquals(reference(g, MatMul.transpose(b, k, m), n, m, k), left, 1e-9);

            double[] a = random(rng, n * k);
            double[] right = new double[k * m];
            MatMul.multiplyTransposedLeft(a, g, right, n, k, m);
            assertArrayEquals(reference(MatMul.transpose(a, n, k), g, k, n, m), right, 1e-9);
        }
    }

    @Test
    void largeProductsThroughVariableGiveTheSameGradientsAsTheDefinition() {
        // 96 per side: over the BLAS threshold when ND4J is present, and over the parallel threshold.
        Random rng = new Random(3);
        int n = 96;
        Variable x = new Variable(random(rng, n * n), n, n);
        Variable w = new Variable(random(rng, n * n), n, n);
        Variable y = x.matmul(w);
        assertArrayEquals(reference(x.value(), w.value(), n, n, n), y.value(), 1e-9);
        y.sum().backward();
        // d(sum(x·w))/dx[i][p] = Σ_j w[p][j]; d/dw[p][j] = Σ_i x[i][p].
        for (int p = 0; p < n; p++) {
            double rowSumW = 0;
            double colSumX = 0;
            for (int j = 0; j < n; j++) rowSumW += w.get(p, j);
            for (int i = 0; i < n; i++) colSumX += x.get(i, p);
            assertEquals(rowSumW, x.grad().get(0, p), 1e-9);
            assertEquals(colSumX, w.grad().get(p, 0), 1e-9);
        }
    }
}

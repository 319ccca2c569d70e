package autograd.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** ND4J's gemm behind reused native arrays: every product sees its own operands, never old ones. */
class Nd4jBlasTest {

    private static final Nd4jBlas BLAS = new Nd4jBlas();

    private static double[] random(Random rng, int size) {
        double[] x = new double[size];
        for (int i = 0; i < size; i++) x[i] = rng.nextDouble() * 2 - 1;
        return x;
    }

    private static double[] product(double[] a, double[] b, int n, int k, int m) {
        double[] c = new double[n * m];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < k; p++) {
                for (int j = 0; j < m; j++) c[i * m + j] += a[i * k + p] * b[p * m + j];
            }
        }
        return c;
    }

    @Test
    void repeatedSquareProductsUseFreshOperandsAndKeepLeftAndRightApart() {
        Random rng = new Random(11);
        int n = 70;
        for (int round = 0; round < 3; round++) {
            double[] a = random(rng, n * n);
            double[] b = random(rng, n * n); // same shape as a: the two must not share a native array
            double[] c = new double[n * n];
            BLAS.gemm(a, false, b, false, c, true, n, n, n);
            assertArrayEquals(product(a, b, n, n, n), c, 1e-10);
        }
    }

    @Test
    void accumulatingProductsReadTheCurrentOutputIn() {
        Random rng = new Random(12);
        int n = 65, k = 80, m = 66;
        double[] a = random(rng, n * k);
        double[] b = random(rng, k * m);
        double[] c = new double[n * m];
        BLAS.gemm(a, false, b, false, c, true, n, k, m); // leaves the scratch output holding a·b
        double[] start = random(rng, n * m);
        double[] want = product(a, b, n, k, m);
        for (int i = 0; i < want.length; i++) want[i] += start[i];
        BLAS.gemm(a, false, b, false, start, false, n, k, m);
        assertArrayEquals(want, start, 1e-10);
    }

    @Test
    void manyShapesInTurnEvictOldArraysAndStayCorrect() {
        Random rng = new Random(13);
        int[][] shapes = {{300, 300, 300}, {1000, 1000, 8}, {64, 64, 64}, {1000, 1000, 8}, {300, 300, 300}};
        for (int[] s : shapes) {
            double[] a = random(rng, s[0] * s[1]);
            double[] b = random(rng, s[1] * s[2]);
            double[] c = new double[s[0] * s[2]];
            BLAS.gemm(a, false, b, false, c, true, s[0], s[1], s[2]);
            assertArrayEquals(product(a, b, s[0], s[1], s[2]), c, 1e-9);
        }
    }
}

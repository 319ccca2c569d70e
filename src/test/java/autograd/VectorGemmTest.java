package autograd;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The engine's vector-API GEMM (used for large products where the CPU has 512-bit vectors)
 * against the textbook sum: every shape class (edges of the 6 × 16 tiles, depths across panels,
 * transposed factors, accumulating or not, a product large enough to run on several threads).
 * Its sums round as a BLAS's do (fused, in blocks), so the bound is the sum's own rounding:
 * |error| ≤ 4·k·ε·Σ|aᵢₚ·bₚⱼ|.
 */
class VectorGemmTest {

    @Test
    void productsEqualTheTextbookSumToRounding() {
        assumeTrue(MatMul.vectorApi() && VectorGemm.nativeWidth(), "no vector API or no 512-bit vectors here");
        Random r = new Random(4);
        int[][] shapes = {
            {1, 1, 1}, {6, 16, 16}, {7, 300, 17}, {100, 257, 33}, {13, 520, 1}, {64, 64, 64}, {301, 1030, 99}
        };
        for (int[] s : shapes) {
            for (int variant = 0; variant < 8; variant++) {
                boolean transA = (variant & 1) != 0, transB = (variant & 2) != 0, accumulate = (variant & 4) != 0;
                check(r, s[0], s[1], s[2], transA, transB, accumulate);
            }
        }
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

package autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The vector kernel of the small products gives the scalar tiles' bits: every result element is
 * 0 plus its products in depth order, then added to the target. Checked against that sum written
 * out, on shapes with leftover rows and columns, transposed factors and single columns; and in a
 * JVM without the incubator module, where the scalar tiles run, against this JVM's results.
 */
class VectorTilesTest {

    /** c[i][j] += (0 + a(i,0)·b(0,j) + a(i,1)·b(1,j) + ...), the order both kernels keep. */
    static double[] reference(double[] a, int rowStride, int colStride, double[] b, double[] c0, int n, int k, int m) {
        double[] c = c0.clone();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) s += a[i * rowStride + p * colStride] * b[p * m + j];
                c[i * m + j] += s;
            }
        }
        return c;
    }

    @Test
    void vectorAndScalarTilesAgreeWithTheWrittenOutSumBitForBit() {
        Random r = new Random(3);
        int[][] shapes = {
            {1, 1, 1},
            {3, 5, 2},
            {4, 16, 16},
            {7, 9, 21},
            {100, 16, 16},
            {2, 100, 16},
            {16, 100, 1},
            {13, 3, 37},
            {5, 1, 9},
            {64, 40, 33},
            {6, 7, 4},
            {9, 11, 24},
            {5, 6, 40},
            {6, 5, 48}
        };
        for (int[] s : shapes) {
            int n = s[0], k = s[1], m = s[2];
            double[] a = new double[n * k];
            double[] b = new double[k * m];
            double[] c = new double[n * m];
            for (int i = 0; i < a.length; i++) a[i] = r.nextGaussian();
            for (int i = 0; i < b.length; i++) b[i] = r.nextGaussian();
            for (int i = 0; i < c.length; i++) c[i] = r.nextGaussian();
            double[] got = c.clone();
            MatMul.kernel(a, b, got, n, k, m);
            assertBits(reference(a, k, 1, b, c, n, k, m), got, "a·b " + java.util.Arrays.toString(s));
            // the gradient product with a transposed left factor: (k×n)ᵀ read in place
            double[] at = new double[k * n];
            for (int i = 0; i < at.length; i++) at[i] = r.nextGaussian();
            double[] g = new double[k * m];
            for (int i = 0; i < g.length; i++) g[i] = r.nextGaussian();
            double[] cT = new double[n * m];
            MatMul.multiplyTransposedLeft(at, g, cT, k, n, m);
            assertBits(reference(at, 1, n, g, new double[n * m], n, k, m), cT, "aᵀ·g " + java.util.Arrays.toString(s));
        }
    }

    private static void assertBits(double[] expected, double[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Double.doubleToLongBits(expected[i]), Double.doubleToLongBits(actual[i]), what + " at " + i);
        }
    }

    /** Prints the products' bits in a JVM without jdk.incubator.vector (the scalar tiles). */
    public static final class Child {
        public static void main(String[] args) {
            System.out.println("vector=" + MatMul.VECTOR_TILES + " checksum=" + products());
        }
    }

    static long products() {
        Random r = new Random(8);
        long hash = 17;
        int[][] shapes = {{100, 16, 16}, {2, 100, 16}, {16, 100, 1}, {13, 3, 37}, {7, 9, 21}};
        for (int[] s : shapes) {
            int n = s[0], k = s[1], m = s[2];
            double[] a = new double[n * k];
            double[] b = new double[k * m];
            for (int i = 0; i < a.length; i++) a[i] = r.nextGaussian();
            for (int i = 0; i < b.length; i++) b[i] = r.nextGaussian();
            double[] c = new double[n * m];
            MatMul.kernel(a, b, c, n, k, m);
            double[] at = new double[k * n]; // a k×n matrix whose transpose is the left factor
            for (int i = 0; i < at.length; i++) at[i] = r.nextGaussian();
            double[] t = new double[n * m];
            MatMul.multiplyTransposedLeft(at, b, t, k, n, m);
            for (double v : t) hash = 31 * hash + Double.doubleToLongBits(v);
            for (double v : c) hash = 31 * hash + Double.doubleToLongBits(v);
        }
        return hash;
    }

    @Test
    void withoutTheIncubatorModuleTheScalarTilesGiveTheSameBits() throws Exception {
        assertTrue(MatMul.VECTOR_TILES, "the tests run with --add-modules jdk.incubator.vector (pom.xml)");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = location(MatMul.class) + File.pathSeparator + location(Child.class);
        Process child = new ProcessBuilder(java, "-cp", cp, Child.class.getName())
                .redirectErrorStream(true)
                .start();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child JVM did not finish");
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals("vector=false checksum=" + products(), out);
    }

    private static String location(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
    }
}

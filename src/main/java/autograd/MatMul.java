package autograd;

import java.util.stream.IntStream;

/**
 * Dense matrix products on row-major {@code double[]} storage: the forward product and the two
 * products its backward pass needs, each accumulating into a target.
 *
 * <p>Small products (the demos' 2→16→16→1 networks) stay in plain Java loops: a call costs tens
 * of nanoseconds, where a native library costs microseconds. From {@link #BLAS_MIN_SIDE} per side
 * up, a product goes to ND4J's BLAS when ND4J is on the classpath (detected once, by name, so
 * the engine loads and works without it); otherwise large products are split by rows over the
 * cores.
 *
 * <p>All three products are written as one i-k-j kernel, {@code c += a · b}, whose inner loop
 * walks a row of {@code b} and a row of {@code c} contiguously so the JIT vectorizes it; the
 * product with a transposed right factor first transposes it into a scratch array (O(k × m)
 * against the product's O(n × k × m)); a transposed left factor is read in place.
 */
final class MatMul {

    private MatMul() {}

    /**
     * Products with every side at least this long go to BLAS when it is available: below it,
     * copying the operands into native memory and the call overhead (~15 µs) cost more than the
     * product (measured crossover on a 2-core AMD EPYC: 48-64 per side).
     */
    static final int BLAS_MIN_SIDE = 64;

    /** Java products of at least this many multiply-adds are split over the cores. */
    static final long PARALLEL_MIN_WORK = 1L << 21;

    private static volatile boolean blasUsable = detectBlas();

    private static boolean detectBlas() {
        String setting = System.getProperty("autograd.blas", "auto");
        if (setting.equals("false") || setting.equals("java")) return false;
        try {
            // initialize = false: ND4J's native start-up (seconds) waits until the first large product.
            Class.forName("org.nd4j.linalg.factory.Nd4j", false, MatMul.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Which kernel large products use right now: {@code "nd4j"} or {@code "java"}. */
    static String backend() {
        return blasUsable ? "nd4j" : "java";
    }

    /** {@code c[n×m] = a[n×k] · b[k×m]}, where {@code c} is a new array (all zeros). */
    static void multiply(double[] a, double[] b, double[] c, int n, int k, int m) {
        if (useBlas(n, k, m) && blas(a, false, b, false, c, true, n, k, m)) return;
        kernel(a, b, c, n, k, m);
    }

    /** {@code c[n×k] += g[n×m] · b[k×m]ᵀ}: the gradient of a product with respect to its left factor. */
    static void multiplyTransposedRight(double[] g, double[] b, double[] c, int n, int m, int k) {
        if (useBlas(n, m, k) && blas(g, false, b, true, c, false, n, m, k)) return;
        kernel(g, transpose(b, k, m), c, n, m, k);
    }

    /** {@code c[k×m] += a[n×k]ᵀ · g[n×m]}: the gradient of a product with respect to its right factor. */
    static void multiplyTransposedLeft(double[] a, double[] g, double[] c, int n, int k, int m) {
        if (useBlas(k, n, m) && blas(a, true, g, false, c, false, k, n, m)) return;
        kernel(a, 1, k, g, c, k, n, m); // aᵀ read in place: element (p, i) of aᵀ is a[i·k + p]
    }

    private static boolean useBlas(int n, int k, int m) {
        return blasUsable && n >= BLAS_MIN_SIDE && k >= BLAS_MIN_SIDE && m >= BLAS_MIN_SIDE;
    }

    /** Hands the product to ND4J; on any failure (no native library for this platform...) falls back for good. */
    private static boolean blas(double[] a, boolean transA, double[] b, boolean transB, double[] c, boolean cIsZero,
            int n, int k, int m) {
        try {
            autograd.nd4j.Blas.gemm(a, transA, b, transB, c, cIsZero, n, k, m);
            return true;
        } catch (LinkageError | RuntimeException e) {
            blasUsable = false;
            System.err.println("autograd: ND4J's BLAS is unusable here (" + e + "); matrix products use plain Java");
            return false;
        }
    }

    /** {@code c[n×m] += a[n×k] · b[k×m]} in Java, over the cores when the product is large. */
    static void kernel(double[] a, double[] b, double[] c, int n, int k, int m) {
        kernel(a, k, 1, b, c, n, k, m);
    }

    /**
     * {@code c[n×m] += A · b[k×m]} where element (i, p) of the {@code n×k} matrix A is
     * {@code a[i·rowStride + p·colStride]}: a row-major matrix ({@code k, 1}) or the transpose of
     * one ({@code 1, n}), read in place.
     */
    private static void kernel(double[] a, int rowStride, int colStride, double[] b, double[] c, int n, int k, int m) {
        if ((long) n * k * m >= PARALLEL_MIN_WORK && n >= 2) {
            int chunks = Math.min(n, 4 * Runtime.getRuntime().availableProcessors());
            IntStream.range(0, chunks).parallel().forEach(t ->
                    rows(a, rowStride, colStride, b, c, k, m, (int) ((long) n * t / chunks), (int) ((long) n * (t + 1) / chunks)));
        } else {
            rows(a, rowStride, colStride, b, c, k, m, 0, n);
        }
    }

    /** Rows {@code [from, to)} of {@code c += a · b}. */
    private static void rows(double[] a, int rowStride, int colStride, double[] b, double[] c, int k, int m, int from, int to) {
        if (m == 1) { // a matrix times a column: one dot product per row
            for (int i = from; i < to; i++) {
                double s = 0;
                for (int p = 0, rowA = i * rowStride; p < k; p++) s += a[rowA + p * colStride] * b[p];
                c[i] += s;
            }
            return;
        }
        // Blocks of b's columns and rows keep the part of b in use within the core's cache. Four
        // rows of b per pass over a row of c: c is loaded and stored once per four multiply-adds,
        // which is what limits the short rows of small networks.
        final int colBlock = 256;
        final int depthBlock = 128;
        for (int j0 = 0; j0 < m; j0 += colBlock) {
            int j1 = Math.min(m, j0 + colBlock);
            for (int p0 = 0; p0 < k; p0 += depthBlock) {
                int p1 = Math.min(k, p0 + depthBlock);
                for (int i = from; i < to; i++) {
                    int rowA = i * rowStride;
                    int rowC = i * m;
                    int p = p0;
                    for (; p + 3 < p1; p += 4) {
                        double a0 = a[rowA + p * colStride];
                        double a1 = a[rowA + (p + 1) * colStride];
                        double a2 = a[rowA + (p + 2) * colStride];
                        double a3 = a[rowA + (p + 3) * colStride];
                        int b0 = p * m;
                        int b1 = b0 + m;
                        int b2 = b1 + m;
                        int b3 = b2 + m;
                        for (int j = j0; j < j1; j++) {
                            c[rowC + j] += a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
                        }
                    }
                    for (; p < p1; p++) {
                        double aip = a[rowA + p * colStride];
                        int rowB = p * m;
                        for (int j = j0; j < j1; j++) c[rowC + j] += aip * b[rowB + j];
                    }
                }
            }
        }
    }

    /** The transpose of a row-major {@code rows × cols} matrix. */
    static double[] transpose(double[] x, int rows, int cols) {
        double[] t = new double[x.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) t[j * rows + i] = x[i * cols + j];
        }
        return t;
    }
}

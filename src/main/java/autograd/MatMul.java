package autograd;

import autograd.spi.BlasProvider;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.IntStream;

/**
 * Dense matrix products on row-major {@code double[]} storage: the forward product and the two
 * products its backward pass needs, each accumulating into a target.
 *
 * <p>Small products (the demos' 2→16→16→1 networks) stay in plain Java loops: a call costs tens
 * of nanoseconds, where a native library costs microseconds. From {@link #BLAS_MIN_SIDE} per side
 * up, a product goes to the engine's own {@link VectorGemm} where the CPU has 512-bit vectors and
 * the JVM the vector API, else to a {@link BlasProvider} found with {@link ServiceLoader} (ND4J's,
 * when {@code autograd.nd4j} and ND4J are on the classpath; the engine never names it); otherwise
 * large products are split by rows over the cores.
 *
 * <p>All three products are written as one kernel, {@code c += a · b}: 4 × 4 register tiles of
 * {@code c} while {@code b} fits in the cache (the small networks), else an i-k-j loop whose inner
 * loop walks a row of {@code b} and a row of {@code c} contiguously so the JIT vectorizes it; the
 * product with a transposed right factor first transposes it into a scratch array (O(k × m)
 * against the product's O(n × k × m)); a transposed left factor is read in place.
 *
 * <p>Public for the compiled path ({@code autograd.compile}), whose generated code calls exactly
 * these products so that its results are the eager engine's bit for bit; in a model, use
 * {@link Variable#matmul} and {@link Variable#linear}.
 *
 * <pre>{@code
 * jshell> double[] c = new double[4];
 * jshell> MatMul.multiply(new double[] {1, 2, 3, 4}, new double[] {1, 0, 0, 1}, c, 2, 2, 2); c
 * $2 ==> double[4] { 1.0, 2.0, 3.0, 4.0 }
 * }</pre>
 */
public final class MatMul {

    private MatMul() {}

    /**
     * Products with every side at least this long go to BLAS when it is available: below it,
     * copying the operands into native memory and the call overhead (~15 µs) cost more than the
     * product (measured crossover on a 2-core AMD EPYC: 48-64 per side). {@link VectorGemm} copies
     * nothing, but packs: its crossover with the vector tiles is at 64 too (64³ even, 96³ 1.4×).
     */
    static final int BLAS_MIN_SIDE = 64;

    /**
     * Whether {@link #tiles} uses {@link VectorTiles}: the JDK's vector API is an incubator module
     * in Java 17, present only when the JVM was started with {@code --add-modules
     * jdk.incubator.vector}; {@code -Dautograd.vector=false} turns it off. Both kernels give the
     * same bits.
     */
    static final boolean VECTOR_TILES = vectorApi() && VectorTiles.nativeWidth();

    /**
     * Whether the library's vector kernels run in this JVM ({@link #VECTOR_TILES}): the one switch
     * for all of them, the compiled path's included.
     */
    public static boolean vectorKernels() {
        return VECTOR_TILES;
    }

    /** Whether the JDK's vector API is in this JVM (and not turned off with {@code -Dautograd.vector=false}). */
    static boolean vectorApi() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                && !"false".equals(System.getProperty("autograd.vector"));
    }

    /** Java products of at least this many multiply-adds are split over the cores. */
    static final long PARALLEL_MIN_WORK = 1L << 21;

    // NOTE: volatile, and set to null for good when the provider fails at its first product.
    private static volatile BlasProvider blas = findBlas(System.getProperty("autograd.blas", "auto"));

    /**
     * The provider to use: for {@code auto} the engine's own {@link VectorGemm} where the CPU has
     * 512-bit vectors, else the first available one found with {@link ServiceLoader}; the one of
     * that name ({@code java-vector} is the engine's); or none for {@code java} (also {@code false}).
     */
    static BlasProvider findBlas(String setting) {
        if (setting.equals("false") || setting.equals("java")) return null;
        // The vector API's GEMM first where the CPU has 512-bit vectors: faster than the BLAS found here,
        // and it works on the Java arrays (no copies into native memory).
        if ((setting.equals("auto") || setting.equals(VectorGemm.NAME)) && VECTOR_TILES && VectorGemm.nativeWidth()) {
            return VectorGemm.PROVIDER;
        }
        try {
            for (BlasProvider provider : ServiceLoader.load(BlasProvider.class, MatMul.class.getClassLoader())) {
                if ((setting.equals("auto") || setting.equals(provider.name())) && provider.isAvailable()) {
                    return provider;
                }
            }
        } catch (ServiceConfigurationError | LinkageError e) {
            System.err.println(
                    "autograd: no BLAS provider could be loaded (" + e + "); matrix products use plain Java");
        }
        return null;
    }

    /** The provider in use, or null (for tests that swap it). */
    static BlasProvider provider() {
        return blas;
    }

    /** Uses {@code provider} (null: plain Java) from now on (for tests). */
    static void useProvider(BlasProvider provider) {
        blas = provider;
    }

    /** Which kernel large products use right now: a provider's name, or {@code "java"}. */
    static String backend() {
        BlasProvider provider = blas;
        return provider == null ? "java" : provider.name();
    }

    /** {@code c[n×m] = a[n×k] · b[k×m]}, where {@code c} holds zeros (a new array). */
    public static void multiply(double[] a, double[] b, double[] c, int n, int k, int m) {
        if (useBlas(n, k, m) && blas(a, false, b, false, c, true, n, k, m)) return;
        kernel(a, b, c, n, k, m);
    }

    /**
     * {@code c[n×m] = a[n×k] · b[k×m] + row} with {@code row[m]} added to every row, where
     * {@code c} is a new array: the forward pass of a linear layer in one pass over {@code c}
     * (in Java the rows start as {@code row} and the kernel accumulates onto them).
     */
    public static void multiplyAddRows(double[] a, double[] b, double[] row, double[] c, int n, int k, int m) {
        if (useBlas(n, k, m) && blas(a, false, b, false, c, true, n, k, m)) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) c[i * m + j] += row[j];
            }
            return;
        }
        if (VECTOR_TILES
                && m % VectorTiles.L == 0
                && (long) k * m <= TILE_MAX_RIGHT
                && (long) n * k * m < PARALLEL_MIN_WORK) {
            // Every result element is row[j] + its sum: the vector kernel starts from the row, no copy first.
            VectorTiles.tiles(a, k, 1, b, row, c, k, m, 0, n);
            return;
        }
        if (m == 1) java.util.Arrays.fill(c, 0, n, row[0]); // one column: a call per one-element row would cost more
        else for (int i = 0; i < n; i++) System.arraycopy(row, 0, c, i * m, m);
        kernel(a, b, c, n, k, m);
    }

    /** {@code c[n×k] += g[n×m] · b[k×m]ᵀ}: the gradient of a product with respect to its left factor. */
    public static void multiplyTransposedRight(double[] g, double[] b, double[] c, int n, int m, int k) {
        multiplyTransposedRight(g, b, c, n, m, k, null);
    }

    /**
     * {@link #multiplyTransposedRight(double[], double[], double[], int, int, int)} with a scratch
     * array of at least {@code k × m} elements for the transposed {@code b} (null: a new one), so
     * that repeated calls allocate nothing.
     */
    public static void multiplyTransposedRight(
            double[] g, double[] b, double[] c, int n, int m, int k, double[] scratch) {
        if (useBlas(n, m, k) && blas(g, false, b, true, c, false, n, m, k)) return;
        kernel(g, transpose(b, k, m, scratch), c, n, m, k);
    }

    /** {@code c[k×m] += a[n×k]ᵀ · g[n×m]}: the gradient of a product with respect to its right factor. */
    public static void multiplyTransposedLeft(double[] a, double[] g, double[] c, int n, int k, int m) {
        if (useBlas(k, n, m) && blas(a, true, g, false, c, false, k, n, m)) return;
        kernel(a, 1, k, g, c, k, n, m); // aᵀ read in place: element (p, i) of aᵀ is a[i·k + p]
    }

    private static boolean useBlas(int n, int k, int m) {
        return blas != null && n >= BLAS_MIN_SIDE && k >= BLAS_MIN_SIDE && m >= BLAS_MIN_SIDE;
    }

    /** Hands the product to the provider; on any failure (no native library for this platform...) falls back for good. */
    private static boolean blas(
            double[] a, boolean transA, double[] b, boolean transB, double[] c, boolean cIsZero, int n, int k, int m) {
        BlasProvider provider = blas;
        if (provider == null) return false;
        try {
            provider.gemm(a, transA, b, transB, c, cIsZero, n, k, m);
            return true;
        } catch (LinkageError | RuntimeException e) {
            // NOTE: the engine's own GEMM writes c as it goes: a rerun in Java would add to a half-written c
            if (provider.name().equals(VectorGemm.NAME)) throw e;
            blas = null;
            System.err.println("autograd: the " + provider.name() + " BLAS is unusable here (" + e
                    + "); matrix products use plain Java");
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
            IntStream.range(0, chunks)
                    .parallel()
                    .forEach(t -> rows(a, rowStride, colStride, b, c, k, m, (int) ((long) n * t / chunks), (int)
                            ((long) n * (t + 1) / chunks)));
        } else {
            rows(a, rowStride, colStride, b, c, k, m, 0, n);
        }
    }

    /**
     * While {@code b} has at most this many elements (256 kB), it stays in the core's cache for
     * the whole product and {@link #tiles} is used; larger right factors go through the
     * cache-blocked loop.
     */
    static final int TILE_MAX_RIGHT = 1 << 15;

    /** Rows {@code [from, to)} of {@code c += a · b}. */
    private static void rows(
            double[] a, int rowStride, int colStride, double[] b, double[] c, int k, int m, int from, int to) {
        if ((long) k * m <= TILE_MAX_RIGHT) {
            tiles(a, rowStride, colStride, b, c, k, m, from, to);
            return;
        }
        // Blocks of b's columns and rows keep the part of b in use within the core's cache. Four
        // rows of b per pass over a row of c: c is loaded and stored once per four multiply-adds.
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

    /**
     * Rows {@code [from, to)} of {@code c += a · b}, one 4 × 4 tile of {@code c} at a time: its 16
     * sums stay in registers over the whole depth {@code k}, so every four loads from {@code a}
     * and four from {@code b} feed 16 multiply-adds, and {@code c} is written once. On the short
     * rows of small networks (16 wide), where a vectorized inner loop barely starts, this is about
     * twice as fast as the row loop. Leftover rows and columns use the same scheme with fewer sums.
     */
    private static void tiles(
            double[] a, int rowStride, int colStride, double[] b, double[] c, int k, int m, int from, int to) {
        // The vector kernel does what it can (the columns a vector at a time; a single column of a
        // transposed left factor a vector of rows at a time); the scalar loops below do the rest.
        int vectorColumns = 0;
        if (VECTOR_TILES && m >= VectorTiles.L) {
            vectorColumns = VectorTiles.tiles(a, rowStride, colStride, b, c, k, m, from, to); // all rows
        } else if (VECTOR_TILES && m == 1 && rowStride == 1) {
            from = VectorTiles.column(a, colStride, b, c, k, from, to);
        } else if (m == 1) {
            from = column8(a, rowStride, colStride, b, c, k, from, to);
        }
        if (vectorColumns == m) return; // the vector kernel did every column of every row
        int i = from;
        for (; i + 3 < to; i += 4) {
            int r0 = i * rowStride;
            int r1 = r0 + rowStride;
            int r2 = r1 + rowStride;
            int r3 = r2 + rowStride;
            int j = vectorColumns;
            for (; j + 3 < m; j += 4) {
                double c00 = 0, c01 = 0, c02 = 0, c03 = 0;
                double c10 = 0, c11 = 0, c12 = 0, c13 = 0;
                double c20 = 0, c21 = 0, c22 = 0, c23 = 0;
                double c30 = 0, c31 = 0, c32 = 0, c33 = 0;
                for (int p = 0, ap = 0, bp = j; p < k; p++, ap += colStride, bp += m) {
                    double a0 = a[r0 + ap], a1 = a[r1 + ap], a2 = a[r2 + ap], a3 = a[r3 + ap];
                    double b0 = b[bp], b1 = b[bp + 1], b2 = b[bp + 2], b3 = b[bp + 3];
                    c00 += a0 * b0;
                    c01 += a0 * b1;
                    c02 += a0 * b2;
                    c03 += a0 * b3;
                    c10 += a1 * b0;
                    c11 += a1 * b1;
                    c12 += a1 * b2;
                    c13 += a1 * b3;
                    c20 += a2 * b0;
                    c21 += a2 * b1;
                    c22 += a2 * b2;
                    c23 += a2 * b3;
                    c30 += a3 * b0;
                    c31 += a3 * b1;
                    c32 += a3 * b2;
                    c33 += a3 * b3;
                }
                int o = i * m + j;
                c[o] += c00;
                c[o + 1] += c01;
                c[o + 2] += c02;
                c[o + 3] += c03;
                o += m;
                c[o] += c10;
                c[o + 1] += c11;
                c[o + 2] += c12;
                c[o + 3] += c13;
                o += m;
                c[o] += c20;
                c[o + 1] += c21;
                c[o + 2] += c22;
                c[o + 3] += c23;
                o += m;
                c[o] += c30;
                c[o + 1] += c31;
                c[o + 2] += c32;
                c[o + 3] += c33;
            }
            for (; j < m; j++) { // leftover columns: 4 × 1
                double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                for (int p = 0, ap = 0, bp = j; p < k; p++, ap += colStride, bp += m) {
                    double bpj = b[bp];
                    s0 += a[r0 + ap] * bpj;
                    s1 += a[r1 + ap] * bpj;
                    s2 += a[r2 + ap] * bpj;
                    s3 += a[r3 + ap] * bpj;
                }
                c[i * m + j] += s0;
                c[(i + 1) * m + j] += s1;
                c[(i + 2) * m + j] += s2;
                c[(i + 3) * m + j] += s3;
            }
        }
        for (; i < to; i++) { // leftover rows: 1 × 4, then 1 × 1
            int r0 = i * rowStride;
            int j = vectorColumns;
            for (; j + 3 < m; j += 4) {
                double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                for (int p = 0, ap = r0, bp = j; p < k; p++, ap += colStride, bp += m) {
                    double aip = a[ap];
                    s0 += aip * b[bp];
                    s1 += aip * b[bp + 1];
                    s2 += aip * b[bp + 2];
                    s3 += aip * b[bp + 3];
                }
                int o = i * m + j;
                c[o] += s0;
                c[o + 1] += s1;
                c[o + 2] += s2;
                c[o + 3] += s3;
            }
            for (; j < m; j++) {
                double s = 0;
                for (int p = 0, ap = r0, bp = j; p < k; p++, ap += colStride, bp += m) s += a[ap] * b[bp];
                c[i * m + j] += s;
            }
        }
    }

    /**
     * A single result column ({@code m == 1}), eight rows at a time: each result is still its own
     * sum in depth order, but eight independent sums keep the adder busy where four wait on it.
     * Returns the first row left for the loops in {@link #tiles}.
     */
    private static int column8(
            double[] a, int rowStride, int colStride, double[] b, double[] c, int k, int from, int to) {
        int i = from;
        for (; i + 7 < to; i += 8) {
            int r = i * rowStride;
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
            for (int p = 0, ap = r; p < k; p++, ap += colStride) {
                double bp = b[p];
                s0 += a[ap] * bp;
                s1 += a[ap + rowStride] * bp;
                s2 += a[ap + 2 * rowStride] * bp;
                s3 += a[ap + 3 * rowStride] * bp;
                s4 += a[ap + 4 * rowStride] * bp;
                s5 += a[ap + 5 * rowStride] * bp;
                s6 += a[ap + 6 * rowStride] * bp;
                s7 += a[ap + 7 * rowStride] * bp;
            }
            c[i] += s0;
            c[i + 1] += s1;
            c[i + 2] += s2;
            c[i + 3] += s3;
            c[i + 4] += s4;
            c[i + 5] += s5;
            c[i + 6] += s6;
            c[i + 7] += s7;
        }
        return i;
    }

    /** The transpose of a row-major {@code rows × cols} matrix. */
    static double[] transpose(double[] x, int rows, int cols) {
        return transpose(x, rows, cols, null);
    }

    /** The transpose into {@code into} (null, or too small: a new array). */
    static double[] transpose(double[] x, int rows, int cols, double[] into) {
        double[] t = into != null && into.length >= rows * cols ? into : new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) t[j * rows + i] = x[i * cols + j];
        }
        return t;
    }
}

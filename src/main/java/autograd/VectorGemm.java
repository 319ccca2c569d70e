package autograd;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Large matrix products in Java with the JDK's vector API, blocked as BLAS libraries are (the
 * BLIS scheme): a panel of {@code b} ({@link #KC} deep, {@link #NC} wide) is packed so that each
 * 16-column strip is contiguous, blocks of {@code a} ({@link #MC} rows) are packed in 6-row strips,
 * and a 6 × 16 micro-kernel keeps its 12 sums in 512-bit registers over the whole depth of the
 * panel, one fused multiply-add per pair of vectors. Blocks of rows run on the cores.
 *
 * <p>Like a BLAS it adds each product with fused multiply-adds in blocks of depth, so its sums
 * round differently from the small products' kernels (as OpenBLAS's do). Loaded only when
 * {@code jdk.incubator.vector} is in the JVM; {@link MatMul} uses it for large products in place
 * of the BLAS provider when it is faster, which it is on the machines measured
 * (docs/compiled.md).
 */
final class VectorGemm {

    private VectorGemm() {}

    /** Its name for {@code -Dautograd.blas} and {@link MatMul#backend()}. */
    static final String NAME = "java-vector";

    /** Whether this CPU has 512-bit vectors, which the 6 × 16 kernel is written for. */
    static boolean nativeWidth() {
        return DoubleVector.SPECIES_PREFERRED.length() >= 8;
    }

    /** This GEMM as the engine's large-product provider. */
    static final autograd.spi.BlasProvider PROVIDER = new autograd.spi.BlasProvider() {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public boolean isAvailable() {
            return true;
        }

        @Override
        public void gemm(
                double[] a,
                boolean transA,
                double[] b,
                boolean transB,
                double[] c,
                boolean cIsZero,
                int n,
                int k,
                int m) {
            VectorGemm.gemm(a, transA, b, transB, c, !cIsZero, n, k, m);
        }
    };

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_512;
    static final int MR = 6;
    static final int NR = 16;
    static final int KC = 256;
    static final int MC = 96;
    static final int NC = 4096;

    /** Per thread: the packed block of {@code a} and an edge tile. */
    private static final ThreadLocal<double[]> PACKED_A = ThreadLocal.withInitial(() -> new double[MC * KC]);

    private static final ThreadLocal<double[]> TILE = ThreadLocal.withInitial(() -> new double[MR * NR]);

    /** Per calling thread: the packed panel of {@code b}. */
    private static final ThreadLocal<double[]> PACKED_B = ThreadLocal.withInitial(() -> new double[0]);

    /**
     * {@code c[n×m] = op(a) · op(b) + (accumulate ? c : 0)}, row-major, where {@code op(a)} is
     * {@code n×k} ({@code a} holds its transpose when {@code transA}) and {@code op(b)} is {@code k×m}.
     */
    static void gemm(
            double[] a,
            boolean transA,
            double[] b,
            boolean transB,
            double[] c,
            boolean accumulate,
            int n,
            int k,
            int m) {
        for (int jc = 0; jc < m; jc += NC) {
            int nc = Math.min(NC, m - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                double[] bPanel = packB(b, transB, k, m, pc, kc, jc, nc);
                boolean add = accumulate || pc > 0;
                int blocks = (n + MC - 1) / MC;
                Blocks work = new Blocks(a, transA, n, k, bPanel, c, m, pc, kc, jc, nc, add, 0, blocks);
                if (blocks > 1 && (long) n * kc * nc >= MatMul.PARALLEL_MIN_WORK)
                    ForkJoinPool.commonPool().invoke(work);
                else work.compute();
            }
        }
    }

    /** Row blocks {@code [from, to)} of one panel, split in halves over the pool. */
    private static final class Blocks extends RecursiveAction {
        final double[] a;
        final boolean transA;
        final int n;
        final int k;
        final double[] bPanel;
        final double[] c;
        final int m;
        final int pc;
        final int kc;
        final int jc;
        final int nc;
        final boolean add;
        final int from;
        final int to;

        Blocks(
                double[] a,
                boolean transA,
                int n,
                int k,
                double[] bPanel,
                double[] c,
                int m,
                int pc,
                int kc,
                int jc,
                int nc,
                boolean add,
                int from,
                int to) {
            this.a = a;
            this.transA = transA;
            this.n = n;
            this.k = k;
            this.bPanel = bPanel;
            this.c = c;
            this.m = m;
            this.pc = pc;
            this.kc = kc;
            this.jc = jc;
            this.nc = nc;
            this.add = add;
            this.from = from;
            this.to = to;
        }

        @Override
        protected void compute() {
            if (to - from > 1 && (long) (to - from) * MC * kc * nc >= MatMul.PARALLEL_MIN_WORK / 2) {
                int mid = (from + to) >>> 1;
                invokeAll(
                        new Blocks(a, transA, n, k, bPanel, c, m, pc, kc, jc, nc, add, from, mid),
                        new Blocks(a, transA, n, k, bPanel, c, m, pc, kc, jc, nc, add, mid, to));
                return;
            }
            double[] aPacked = PACKED_A.get();
            double[] tile = TILE.get();
            for (int block = from; block < to; block++) {
                int ic = block * MC;
                int mc = Math.min(MC, n - ic);
                packA(a, transA, n, k, ic, mc, pc, kc, aPacked);
                for (int jr = 0; jr < nc; jr += NR) {
                    int nr = Math.min(NR, nc - jr);
                    for (int ir = 0; ir < mc; ir += MR) {
                        int mr = Math.min(MR, mc - ir);
                        int row = ic + ir;
                        int col = jc + jr;
                        if (mr == MR && nr == NR) {
                            micro(aPacked, ir * kc, bPanel, jr * kc, kc, c, row * m + col, m, add);
                        } else { // an edge: compute the whole tile aside, keep its valid part
                            java.util.Arrays.fill(tile, 0);
                            micro(aPacked, ir * kc, bPanel, jr * kc, kc, tile, 0, NR, false);
                            for (int r = 0; r < mr; r++) {
                                for (int j = 0; j < nr; j++) {
                                    int at = (row + r) * m + col + j;
                                    c[at] = add ? c[at] + tile[r * NR + j] : tile[r * NR + j];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** {@code b}'s panel, 16-column strips one after another, each row of a strip contiguous (zero-padded). */
    private static double[] packB(double[] b, boolean transB, int k, int m, int pc, int kc, int jc, int nc) {
        int strips = (nc + NR - 1) / NR;
        double[] packed = PACKED_B.get();
        if (packed.length < strips * NR * kc) {
            packed = new double[strips * NR * kc];
            PACKED_B.set(packed);
        }
        for (int s = 0; s < strips; s++) {
            int j0 = jc + s * NR;
            int width = Math.min(NR, jc + nc - j0);
            int base = s * NR * kc;
            for (int p = 0; p < kc; p++) {
                int to = base + p * NR;
                if (transB) {
                    for (int j = 0; j < width; j++) packed[to + j] = b[(j0 + j) * k + pc + p];
                } else {
                    System.arraycopy(b, (pc + p) * m + j0, packed, to, width);
                }
                for (int j = width; j < NR; j++) packed[to + j] = 0;
            }
        }
        return packed;
    }

    /** A block of {@code a}, 6-row strips, each depth step's 6 values contiguous (zero-padded). */
    private static void packA(
            double[] a, boolean transA, int n, int k, int ic, int mc, int pc, int kc, double[] packed) {
        for (int ir = 0; ir < mc; ir += MR) {
            int height = Math.min(MR, mc - ir);
            int base = ir * kc;
            for (int p = 0; p < kc; p++) {
                int to = base + p * MR;
                for (int r = 0; r < height; r++) {
                    int i = ic + ir + r;
                    packed[to + r] = transA ? a[(pc + p) * n + i] : a[i * k + pc + p];
                }
                for (int r = height; r < MR; r++) packed[to + r] = 0;
            }
        }
    }

    /** The 6 × 16 tile at {@code c[at]} (row stride {@code ldc}) plus (or set to) the panels' product. */
    private static void micro(
            double[] a, int ap, double[] b, int bp, int kc, double[] c, int at, int ldc, boolean add) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        DoubleVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        for (int p = 0; p < kc; p++, ap += MR, bp += NR) {
            DoubleVector b0 = DoubleVector.fromArray(S, b, bp);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bp + 8);
            DoubleVector a0 = DoubleVector.broadcast(S, a[ap]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            DoubleVector a1 = DoubleVector.broadcast(S, a[ap + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            DoubleVector a2 = DoubleVector.broadcast(S, a[ap + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            DoubleVector a3 = DoubleVector.broadcast(S, a[ap + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            DoubleVector a4 = DoubleVector.broadcast(S, a[ap + 4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            DoubleVector a5 = DoubleVector.broadcast(S, a[ap + 5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
        }
        // NOTE: each store written out (no helper taking vectors, no vector picked by a condition): the JIT would box
        // them
        if (add) {
            DoubleVector.fromArray(S, c, at).add(c00).intoArray(c, at);
            DoubleVector.fromArray(S, c, at + 8).add(c01).intoArray(c, at + 8);
            at += ldc;
            DoubleVector.fromArray(S, c, at).add(c10).intoArray(c, at);
            DoubleVector.fromArray(S, c, at + 8).add(c11).intoArray(c, at + 8);
            at += ldc;
            DoubleVector.fromArray(S, c, at).add(c20).intoArray(c, at);
            DoubleVector.fromArray(S, c, at + 8).add(c21).intoArray(c, at + 8);
            at += ldc;
            DoubleVector.fromArray(S, c, at).add(c30).intoArray(c, at);
            DoubleVector.fromArray(S, c, at + 8).add(c31).intoArray(c, at + 8);
            at += ldc;
            DoubleVector.fromArray(S, c, at).add(c40).intoArray(c, at);
            DoubleVector.fromArray(S, c, at + 8).add(c41).intoArray(c, at + 8);
            at += ldc;
            DoubleVector.fromArray(S, c, at).add(c50).intoArray(c, at);
            DoubleVector.fromArray(S, c, at + 8).add(c51).intoArray(c, at + 8);
        } else {
            c00.intoArray(c, at);
            c01.intoArray(c, at + 8);
            at += ldc;
            c10.intoArray(c, at);
            c11.intoArray(c, at + 8);
            at += ldc;
            c20.intoArray(c, at);
            c21.intoArray(c, at + 8);
            at += ldc;
            c30.intoArray(c, at);
            c31.intoArray(c, at + 8);
            at += ldc;
            c40.intoArray(c, at);
            c41.intoArray(c, at + 8);
            at += ldc;
            c50.intoArray(c, at);
            c51.intoArray(c, at + 8);
        }
    }
}

package autograd;

import autograd.spi.BlasProvider;
import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Large matrix products in Java with the JDK's vector API, blocked as BLAS libraries are (the BLIS
 * scheme): a panel of {@code b} ({@link #KC} deep) is packed so that each two-vector strip of
 * columns is contiguous, blocks of {@code a} ({@link #MC} rows) in 8-row strips, and an 8 × 16
 * micro-kernel keeps its 16 sums in 512-bit registers over the whole depth of the panel, one fused
 * multiply-add per pair of vectors, its sums starting from the tile (or zeros). Blocks of rows,
 * and the packing of {@code b}, are shared out over the cores.
 *
 * <p>It works on the Java arrays, so a product needs no copies into native memory, which a BLAS
 * provider does (3 × 8 MB for a 1024 × 1024 product). Like a BLAS it adds each product with fused
 * multiply-adds in blocks of depth, so its sums round differently from the small products' kernels
 * (as OpenBLAS's do); they do not depend on the number of threads. Loaded only when {@code
 * jdk.incubator.vector} is in the JVM; {@link MatMul} picks it for large products where the CPU has
 * 512-bit vectors ({@code -Dautograd.blas=java-vector}, or {@code auto}).
 */
final class VectorGemm {

    private VectorGemm() {}

    /** Its name for {@code -Dautograd.blas} and {@link MatMul#backend()}. */
    static final String NAME = "java-vector";

    // NOTE: the tiles' species, never another: a second species in the JVM boxes every vector (VectorTiles).
    private static final VectorSpecies<Double> S = VectorTiles.S;

    /** Whether this CPU has 512-bit vectors: narrower ones leave the kernel too few registers to beat a BLAS. */
    static boolean nativeWidth() {
        return VectorTiles.L >= 8;
    }

    private static final int L = VectorTiles.L;
    static final int MR = 8;
    /** Two vectors: 16 columns with 512-bit vectors. */
    static final int NR = 2 * L;
    /** Depth of a panel: a 16-column strip of it (32 KB) stays in the level-1 cache. */
    static final int KC = 256;
    /** Rows of a block of {@code a}: packed (256 KB) it stays in the level-2 cache. */
    static final int MC = 128;
    /** Widest panel of {@code b} (8 MB packed); wider products take several panels. */
    static final int NC = 4096;

    /** This GEMM as the engine's large-product provider. */
    static final BlasProvider PROVIDER = new BlasProvider() {
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

    /**
     * A caller's buffers: the packed panel of {@code b}, and per task a packed block of {@code a} and
     * an edge tile. Owned by the calling thread, so pool threads keep nothing.
     */
    private static final class Workspace {
        double[] bPanel = new double[0];
        double[][] aBlocks = new double[0][];
        double[][] tiles = new double[0][];

        long size() {
            return bPanel.length + (long) aBlocks.length * (MC * KC + MR * NR);
        }

        void fit(int panelSize, int tasks) {
            if (bPanel.length < panelSize) bPanel = new double[panelSize];
            if (aBlocks.length < tasks) {
                aBlocks = Arrays.copyOf(aBlocks, tasks);
                tiles = Arrays.copyOf(tiles, tasks);
                for (int t = 0; t < tasks; t++) {
                    if (aBlocks[t] == null) aBlocks[t] = new double[MC * KC];
                    if (tiles[t] == null) tiles[t] = new double[MR * NR];
                }
            }
        }
    }

    private static final ThreadLocal<Workspace> WORKSPACE = new ThreadLocal<>();

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
        if (k == 0) { // no panels: the product is zero
            if (!accumulate) Arrays.fill(c, 0, n * m, 0);
            return;
        }
        int tasks = (long) n * k * m >= MatMul.PARALLEL_MIN_WORK
                ? Math.max(1, Math.min(ForkJoinPool.commonPool().getParallelism() + 1, (n + MR - 1) / MR))
                : 1;
        int width = Math.min(NC, m);
        // NOTE: taken out while in use: a product started on this thread while it waits must not share it
        Workspace w = WORKSPACE.get();
        WORKSPACE.set(null);
        boolean keep = false;
        try {
            if (w == null) w = new Workspace();
            w.fit((width + NR - 1) / NR * NR * KC, tasks);
            Product product = new Product(a, transA, b, transB, c, accumulate, n, k, m, tasks, w);
            product.start(tasks - 1);
            product.drive();
            keep = w.size() <= KEEP_AT_MOST;
        } finally {
            if (keep) WORKSPACE.set(w);
        }
    }

    /** Doubles a calling thread keeps between products (4 MB; a larger workspace is made for each one). */
    private static final int KEEP_AT_MOST = 1 << 19;

    /** Helpers sent to the pool that have not started yet, over all products: at most {@link #MAX_WAITING}. */
    private static final AtomicInteger WAITING = new AtomicInteger();

    private static final int MAX_WAITING = 2 * Runtime.getRuntime().availableProcessors();

    /** For tests: helpers queued and not started. */
    static int waitingHelpers() {
        return WAITING.get();
    }

    /**
     * One product shared out. Its phases run one after another: pack a panel of {@code b}, then
     * multiply it into every block of rows, for each panel. Within a phase, whoever is there takes
     * the units (groups of strips, blocks of rows) in turn: the caller drives the phases, helpers
     * join whenever their thread starts and stay, spinning between phases, until the end, so no
     * thread is put to sleep and woken again within a product. A core slowed by another process
     * takes fewer units. Each element is one chain of fused multiply-adds in depth order, so the
     * bits do not depend on who takes what.
     */
    private static final class Product {
        final double[] a;
        final boolean transA;
        final double[] b;
        final boolean transB;
        final double[] c;
        final boolean accumulate;
        final int n;
        final int k;
        final int m;
        final Workspace w;
        final int tasks;
        final int blockRows;
        final int blocks;
        final int panelsAcross;
        final int panelsDeep;
        final int phases;
        final AtomicIntegerArray taken;
        final AtomicIntegerArray finished;
        /** The phase being worked on; {@link #phases} once the product is done (or failed). */
        volatile int phase;

        volatile Throwable failure;

        /** Helpers running {@link #help} (they may still write after a failure: the caller waits for them). */
        final AtomicInteger active = new AtomicInteger();

        /** What a queued helper holds: this product until it ends, then nothing. */
        final AtomicReference<Product> ticket = new AtomicReference<>(this);

        Product(
                double[] a,
                boolean transA,
                double[] b,
                boolean transB,
                double[] c,
                boolean accumulate,
                int n,
                int k,
                int m,
                int tasks,
                Workspace w) {
            this.a = a;
            this.transA = transA;
            this.b = b;
            this.transB = transB;
            this.c = c;
            this.accumulate = accumulate;
            this.n = n;
            this.k = k;
            this.m = m;
            this.w = w;
            this.tasks = tasks;
            // whole strips, at most MC rows, about four blocks per thread
            blockRows = Math.max(MR, Math.min(MC, ((n + 4 * tasks - 1) / (4 * tasks) + MR - 1) / MR * MR));
            blocks = (n + blockRows - 1) / blockRows;
            panelsAcross = (m + NC - 1) / NC;
            panelsDeep = (k + KC - 1) / KC;
            phases = 2 * panelsAcross * panelsDeep;
            taken = new AtomicIntegerArray(phases);
            finished = new AtomicIntegerArray(phases);
        }

        int strips(int ph) {
            int jc = ph / 2 / panelsDeep * NC;
            return (Math.min(NC, m - jc) + NR - 1) / NR;
        }

        int units(int ph) {
            return ph % 2 == 0 ? Math.min(strips(ph), 4 * tasks) : blocks;
        }

        /** Unit {@code u} of phase {@code ph}, with the buffers of {@code slot}. */
        void run(int ph, int u, int slot) {
            int jc = ph / 2 / panelsDeep * NC;
            int pc = ph / 2 % panelsDeep * KC;
            int nc = Math.min(NC, m - jc);
            int kc = Math.min(KC, k - pc);
            if (ph % 2 == 0) {
                int strips = strips(ph);
                int groups = units(ph);
                packB(b, transB, k, m, pc, kc, jc, nc, strips * u / groups, strips * (u + 1) / groups, w.bPanel);
            } else {
                int r0 = u * blockRows;
                boolean add = accumulate || pc > 0;
                rows(
                        a,
                        transA,
                        n,
                        k,
                        w.bPanel,
                        c,
                        m,
                        pc,
                        kc,
                        jc,
                        nc,
                        add,
                        r0,
                        Math.min(n, r0 + blockRows),
                        w.aBlocks[slot],
                        w.tiles[slot]);
            }
        }

        /**
         * Sends up to {@code helpers} helpers to the common pool. A queued helper holds only a small
         * ticket, which {@link #drive} clears: one the pool never starts keeps no arrays alive.
         */
        void start(int helpers) {
            AtomicReference<Product> ticket = this.ticket;
            for (int slot = 1; slot <= helpers; slot++) {
                if (WAITING.incrementAndGet() > MAX_WAITING) { // NOTE: a pool that runs nothing must not fill up
                    WAITING.decrementAndGet();
                    return;
                }
                int helper = slot;
                ForkJoinPool.commonPool().execute(() -> {
                    WAITING.decrementAndGet();
                    Product product = ticket.get();
                    if (product != null) product.help(helper);
                });
            }
        }

        /** The caller: every phase in turn, its own share of each, then waits for the units others took. */
        void drive() {
            boolean done = false;
            try {
                for (int ph = 0; ph < phases; ph++) {
                    int units = units(ph);
                    for (int u; (u = taken.getAndIncrement(ph)) < units; ) {
                        run(ph, u, 0);
                        finished.incrementAndGet(ph);
                    }
                    while (finished.get(ph) < units) {
                        Throwable f = failure;
                        if (f instanceof RuntimeException) throw (RuntimeException) f;
                        if (f instanceof Error) throw (Error) f;
                        if (f != null) throw new IllegalStateException("VectorGemm: a helper failed", f);
                        Thread.onSpinWait();
                    }
                    phase = ph + 1; // NOTE: volatile: publishes this phase's packed panel and sums to the helpers
                }
                done = true;
            } finally {
                ticket.set(null);
                phase = phases;
                // NOTE: after a failure, helpers may be inside a unit: c and the workspace are theirs until they leave
                if (!done) {
                    while (active.get() > 0) Thread.onSpinWait();
                }
            }
        }

        /** A helper thread: takes units of the current phase until the product is done. */
        void help(int slot) {
            active.incrementAndGet();
            try {
                // NOTE: the phase is read after the count went up: a caller that saw no helper has already ended it
                for (int ph; (ph = phase) < phases; ) {
                    int u = taken.getAndIncrement(ph);
                    if (u < units(ph)) {
                        run(ph, u, slot);
                        finished.incrementAndGet(ph);
                    } else {
                        while (phase == ph) Thread.onSpinWait();
                    }
                }
            } catch (Throwable e) {
                failure = e;
            } finally {
                active.decrementAndGet();
            }
        }
    }

    /** Rows {@code [r0, r1)} of {@code c} (columns {@code [jc, jc + nc)}) plus the panel's product. */
    private static void rows(
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
            int r0,
            int r1,
            double[] aPacked,
            double[] tile) {
        for (int ic = r0; ic < r1; ic += MC) {
            int mc = Math.min(MC, r1 - ic);
            packA(a, transA, n, k, ic, mc, pc, kc, aPacked);
            for (int jr = 0; jr < nc; jr += NR) {
                int nr = Math.min(NR, nc - jr);
                for (int ir = 0; ir < mc; ir += MR) {
                    int mr = Math.min(MR, mc - ir);
                    int row = ic + ir;
                    int col = jc + jr;
                    if (mr == MR && nr == NR) {
                        micro(aPacked, ir * kc, bPanel, jr * kc, kc, c, row * m + col, m, add);
                    } else { // an edge: its valid part copied into a whole tile aside, summed the same way, copied back
                        Arrays.fill(tile, 0);
                        if (add) {
                            for (int r = 0; r < mr; r++) System.arraycopy(c, (row + r) * m + col, tile, r * NR, nr);
                        }
                        micro(aPacked, ir * kc, bPanel, jr * kc, kc, tile, 0, NR, true);
                        for (int r = 0; r < mr; r++) System.arraycopy(tile, r * NR, c, (row + r) * m + col, nr);
                    }
                }
            }
        }
    }

    /** Strips {@code [s0, s1)} of {@code b}'s panel: each depth step's {@link #NR} values contiguous (zero-padded). */
    private static void packB(
            double[] b, boolean transB, int k, int m, int pc, int kc, int jc, int nc, int s0, int s1, double[] packed) {
        for (int s = s0; s < s1; s++) {
            int j0 = jc + s * NR;
            int width = Math.min(NR, jc + nc - j0);
            // b holds op(b)ᵀ when transB: column j of op(b) is then a row of b
            if (transB) interleave(b, j0 * k + pc, k, width, NR, kc, packed, s * NR * kc);
            else copyRows(b, pc * m + j0, m, width, NR, kc, packed, s * NR * kc);
        }
    }

    /** A block of {@code a}: 8-row strips, each depth step's 8 values contiguous (zero-padded). */
    private static void packA(
            double[] a, boolean transA, int n, int k, int ic, int mc, int pc, int kc, double[] packed) {
        for (int ir = 0; ir < mc; ir += MR) {
            int height = Math.min(MR, mc - ir);
            // a holds op(a)ᵀ when transA: a depth step's rows are then adjacent
            if (transA) copyRows(a, pc * n + ic + ir, n, height, MR, kc, packed, ir * kc);
            else interleave(a, (ic + ir) * k + pc, k, height, MR, kc, packed, ir * kc);
        }
    }

    /**
     * {@code dst[base + p·width + r] = src[from + r·stride + p]} for {@code p < kc}, {@code r < rows},
     * zeros up to {@code width}: {@code rows} rows of the source interleaved, one depth step after another.
     */
    private static void interleave(
            double[] src, int from, int stride, int rows, int width, int kc, double[] dst, int base) {
        if (rows == 8 && width == 8) { // a full strip of a: the eight rows written out, the JIT keeps eight streams
            for (int p = 0, f = from; p < kc; p++, f++) {
                int to = base + p * 8;
                dst[to] = src[f];
                dst[to + 1] = src[f + stride];
                dst[to + 2] = src[f + 2 * stride];
                dst[to + 3] = src[f + 3 * stride];
                dst[to + 4] = src[f + 4 * stride];
                dst[to + 5] = src[f + 5 * stride];
                dst[to + 6] = src[f + 6 * stride];
                dst[to + 7] = src[f + 7 * stride];
            }
            return;
        }
        for (int p = 0; p < kc; p++) { // NOTE: step by step, so the writes run along dst (faster than row by row)
            int to = base + p * width;
            for (int r = 0; r < rows; r++) dst[to + r] = src[from + r * stride + p];
            for (int r = rows; r < width; r++) dst[to + r] = 0;
        }
    }

    /**
     * {@code dst[base + p·width + j] = src[from + p·stride + j]} for {@code p < kc}, {@code j < cols},
     * zeros up to {@code width}: {@code kc} rows of {@code cols} contiguous values.
     */
    private static void copyRows(
            double[] src, int from, int stride, int cols, int width, int kc, double[] dst, int base) {
        if (cols == width && width % L == 0) { // NOTE: vectors, not arraycopy: its call costs as much as 16 values
            for (int p = 0; p < kc; p++) {
                for (int j = 0; j < width; j += L) {
                    DoubleVector.fromArray(S, src, from + p * stride + j).intoArray(dst, base + p * width + j);
                }
            }
            return;
        }
        for (int p = 0; p < kc; p++) {
            System.arraycopy(src, from + p * stride, dst, base + p * width, cols);
            Arrays.fill(dst, base + p * width + cols, base + (p + 1) * width, 0);
        }
    }

    /** Zeros for a tile's sums to start from (read only). */
    private static final double[] ZERO_TILE = new double[MR * NR];

    /**
     * The 8 × 16 tile at {@code c[at]} (row stride {@code ldc}) plus (or set to) the panels'
     * product: its sums start from the tile itself (or from zeros) and go on as one chain of fused
     * multiply-adds.
     */
    private static void micro(
            double[] a, int ap, double[] b, int bp, int kc, double[] c, int at, int ldc, boolean add) {
        // NOTE: the start picked by a condition on arrays, never on vectors: a vector picked by a condition, or
        // a vector add after the loop, is boxed whenever the JIT compiled it before that path ran (16 MB a product)
        double[] from = add ? c : ZERO_TILE;
        int f = add ? at : 0;
        int stride = add ? ldc : NR;
        DoubleVector c00 = DoubleVector.fromArray(S, from, f);
        DoubleVector c01 = DoubleVector.fromArray(S, from, f + L);
        DoubleVector c10 = DoubleVector.fromArray(S, from, f + 1 * stride);
        DoubleVector c11 = DoubleVector.fromArray(S, from, f + 1 * stride + L);
        DoubleVector c20 = DoubleVector.fromArray(S, from, f + 2 * stride);
        DoubleVector c21 = DoubleVector.fromArray(S, from, f + 2 * stride + L);
        DoubleVector c30 = DoubleVector.fromArray(S, from, f + 3 * stride);
        DoubleVector c31 = DoubleVector.fromArray(S, from, f + 3 * stride + L);
        DoubleVector c40 = DoubleVector.fromArray(S, from, f + 4 * stride);
        DoubleVector c41 = DoubleVector.fromArray(S, from, f + 4 * stride + L);
        DoubleVector c50 = DoubleVector.fromArray(S, from, f + 5 * stride);
        DoubleVector c51 = DoubleVector.fromArray(S, from, f + 5 * stride + L);
        DoubleVector c60 = DoubleVector.fromArray(S, from, f + 6 * stride);
        DoubleVector c61 = DoubleVector.fromArray(S, from, f + 6 * stride + L);
        DoubleVector c70 = DoubleVector.fromArray(S, from, f + 7 * stride);
        DoubleVector c71 = DoubleVector.fromArray(S, from, f + 7 * stride + L);
        for (int p = 0; p < kc; p++) {
            int ai = ap + p * MR; // NOTE: indices linear in p, so the JIT hoists the bounds checks
            int bi = bp + p * NR;
            DoubleVector b0 = DoubleVector.fromArray(S, b, bi);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bi + L);
            DoubleVector x = DoubleVector.broadcast(S, a[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = DoubleVector.broadcast(S, a[ai + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = DoubleVector.broadcast(S, a[ai + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = DoubleVector.broadcast(S, a[ai + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = DoubleVector.broadcast(S, a[ai + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = DoubleVector.broadcast(S, a[ai + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = DoubleVector.broadcast(S, a[ai + 6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = DoubleVector.broadcast(S, a[ai + 7]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        c00.intoArray(c, at);
        c01.intoArray(c, at + L);
        c10.intoArray(c, at + 1 * ldc);
        c11.intoArray(c, at + 1 * ldc + L);
        c20.intoArray(c, at + 2 * ldc);
        c21.intoArray(c, at + 2 * ldc + L);
        c30.intoArray(c, at + 3 * ldc);
        c31.intoArray(c, at + 3 * ldc + L);
        c40.intoArray(c, at + 4 * ldc);
        c41.intoArray(c, at + 4 * ldc + L);
        c50.intoArray(c, at + 5 * ldc);
        c51.intoArray(c, at + 5 * ldc + L);
        c60.intoArray(c, at + 6 * ldc);
        c61.intoArray(c, at + 6 * ldc + L);
        c70.intoArray(c, at + 7 * ldc);
        c71.intoArray(c, at + 7 * ldc + L);
    }
}

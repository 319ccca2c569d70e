package autograd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link MatMul}'s small-product kernel with the JDK's vector API: 4 rows × 4 vectors of the
 * result in 16 vector registers (then 4 × 2 and 4 × 1 vectors), over the whole depth. Each result
 * element is summed exactly as in the scalar 4 × 4 tiles (its products added one by one in depth
 * order to a sum starting at 0, which is then added to it), so both give the same bits at any
 * vector width; this one is about three times faster on the small networks' 16-wide layers.
 *
 * <p>Loaded only when {@code jdk.incubator.vector} is in the JVM ({@link MatMul#VECTOR_TILES}).
 * The species is a constant, the CPU's widest: the JIT compiles the vector API to vector
 * instructions only then.
 */
final class VectorTiles {

    private VectorTiles() {}

    // NOTE: every vector kernel of the library uses this one species, the preferred one. Java 17's vector
    // API boxes every vector of a kernel once a second species has run in the JVM (its call sites' type
    // profiles turn polymorphic): a 512-bit GEMM after 256-bit tiles allocated 15.8 GB and ran 30x slower.
    static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    /** Doubles per vector: 8 with AVX-512, 4 with AVX2. */
    static final int L = S.length();

    /** Whether this CPU has vectors of at least 4 doubles (else these kernels are no faster than scalar ones). */
    static boolean nativeWidth() {
        return L >= 4;
    }

    /**
     * {@code c += A · b} for the rows {@code [from, to)} (four at a time, the last ones one by one)
     * and the columns {@code [0, L·⌊m/L⌋)}, where A(i, p) is {@code a[i·rowStride + p·colStride]}; returns
     * {@code L·⌊m/L⌋}, the columns done.
     */
    static int tiles(double[] a, int rowStride, int colStride, double[] b, double[] c, int k, int m, int from, int to) {
        return tiles(a, rowStride, colStride, b, null, c, k, m, from, to);
    }

    /**
     * As {@link #tiles(double[], int, int, double[], double[], int, int, int, int)}, but with
     * {@code row} not null each result is {@code row[j] + sum} (c is only written): a linear
     * layer's bias without first copying it into every row, the same bits.
     */
    static int tiles(
            double[] a,
            int rowStride,
            int colStride,
            double[] b,
            double[] row,
            double[] c,
            int k,
            int m,
            int from,
            int to) {
        int columns = m - m % L;
        int i = from;
        for (; i + 3 < to; i += 4) {
            int r0 = i * rowStride;
            int r1 = r0 + rowStride;
            int r2 = r1 + rowStride;
            int r3 = r2 + rowStride;
            int j = 0;
            for (; j + 4 * L <= m; j += 4 * L) block4v(a, r0, r1, r2, r3, colStride, b, row, c, k, m, i, j);
            for (; j + 2 * L <= m; j += 2 * L) block2v(a, r0, r1, r2, r3, colStride, b, row, c, k, m, i, j);
            for (; j + L <= m; j += L) block1v(a, r0, r1, r2, r3, colStride, b, row, c, k, m, i, j);
        }
        for (; i < to; i++) { // the last rows one by one, 4 vectors then 1 at a time
            int j = 0;
            for (; j + 4 * L <= m; j += 4 * L) row4v(a, i * rowStride, colStride, b, row, c, k, m, i, j);
            for (; j + L <= m; j += L) row1v(a, i * rowStride, colStride, b, row, c, k, m, i, j);
        }
        return columns;
    }

    /**
     * {@code c += A · b} for a single column ({@code m == 1}) when A's rows are adjacent in
     * {@code a} (a transposed left factor, {@code rowStride == 1}): L results per vector, each
     * still summed in depth order. Does rows {@code [from, from + L·⌊(to − from)/L⌋)}; returns
     * the first row left.
     */
    static int column(double[] a, int colStride, double[] b, double[] c, int k, int from, int to) {
        int i = from;
        for (; i + 4 * L <= to; i += 4 * L) {
            DoubleVector c0 = DoubleVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
            for (int p = 0, ap = i; p < k; p++, ap += colStride) {
                DoubleVector bp = DoubleVector.broadcast(S, b[p]);
                c0 = c0.add(DoubleVector.fromArray(S, a, ap).mul(bp));
                c1 = c1.add(DoubleVector.fromArray(S, a, ap + L).mul(bp));
                c2 = c2.add(DoubleVector.fromArray(S, a, ap + 2 * L).mul(bp));
                c3 = c3.add(DoubleVector.fromArray(S, a, ap + 3 * L).mul(bp));
            }
            DoubleVector.fromArray(S, c, i).add(c0).intoArray(c, i);
            DoubleVector.fromArray(S, c, i + L).add(c1).intoArray(c, i + L);
            DoubleVector.fromArray(S, c, i + 2 * L).add(c2).intoArray(c, i + 2 * L);
            DoubleVector.fromArray(S, c, i + 3 * L).add(c3).intoArray(c, i + 3 * L);
        }
        for (; i + L <= to; i += L) {
            DoubleVector c0 = DoubleVector.zero(S);
            for (int p = 0, ap = i; p < k; p++, ap += colStride) {
                c0 = c0.add(DoubleVector.fromArray(S, a, ap).mul(DoubleVector.broadcast(S, b[p])));
            }
            DoubleVector.fromArray(S, c, i).add(c0).intoArray(c, i);
        }
        return i;
    }

    private static void row4v(
            double[] a, int r, int cs, double[] b, double[] row, double[] c, int k, int m, int i, int j) {
        DoubleVector c0 = DoubleVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
        for (int p = 0, ap = r, bp = j; p < k; p++, ap += cs, bp += m) {
            DoubleVector ai = DoubleVector.broadcast(S, a[ap]);
            c0 = c0.add(ai.mul(DoubleVector.fromArray(S, b, bp)));
            c1 = c1.add(ai.mul(DoubleVector.fromArray(S, b, bp + L)));
            c2 = c2.add(ai.mul(DoubleVector.fromArray(S, b, bp + 2 * L)));
            c3 = c3.add(ai.mul(DoubleVector.fromArray(S, b, bp + 3 * L)));
        }
        int o = i * m + j;
        if (row == null) { // NOTE: two copies, not one vector picked by a condition: the JIT would box it
            DoubleVector.fromArray(S, c, o).add(c0).intoArray(c, o);
            DoubleVector.fromArray(S, c, o + L).add(c1).intoArray(c, o + L);
            DoubleVector.fromArray(S, c, o + 2 * L).add(c2).intoArray(c, o + 2 * L);
            DoubleVector.fromArray(S, c, o + 3 * L).add(c3).intoArray(c, o + 3 * L);
        } else {
            DoubleVector.fromArray(S, row, j).add(c0).intoArray(c, o);
            DoubleVector.fromArray(S, row, j + L).add(c1).intoArray(c, o + L);
            DoubleVector.fromArray(S, row, j + 2 * L).add(c2).intoArray(c, o + 2 * L);
            DoubleVector.fromArray(S, row, j + 3 * L).add(c3).intoArray(c, o + 3 * L);
        }
    }

    private static void row1v(
            double[] a, int r, int cs, double[] b, double[] row, double[] c, int k, int m, int i, int j) {
        DoubleVector c0 = DoubleVector.zero(S);
        for (int p = 0, ap = r, bp = j; p < k; p++, ap += cs, bp += m) {
            c0 = c0.add(DoubleVector.broadcast(S, a[ap]).mul(DoubleVector.fromArray(S, b, bp)));
        }
        int o = i * m + j;
        if (row == null) { // NOTE: two copies, not one vector picked by a condition: the JIT would box it
            DoubleVector.fromArray(S, c, o).add(c0).intoArray(c, o);
        } else {
            DoubleVector.fromArray(S, row, j).add(c0).intoArray(c, o);
        }
    }

    private static void block4v(
            double[] a,
            int r0,
            int r1,
            int r2,
            int r3,
            int cs,
            double[] b,
            double[] row,
            double[] c,
            int k,
            int m,
            int i,
            int j) {
        DoubleVector z = DoubleVector.zero(S);
        DoubleVector c00 = z, c01 = z, c02 = z, c03 = z;
        DoubleVector c10 = z, c11 = z, c12 = z, c13 = z;
        DoubleVector c20 = z, c21 = z, c22 = z, c23 = z;
        DoubleVector c30 = z, c31 = z, c32 = z, c33 = z;
        for (int p = 0, ap = 0, bp = j; p < k; p++, ap += cs, bp += m) {
            DoubleVector b0 = DoubleVector.fromArray(S, b, bp);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bp + L);
            DoubleVector b2 = DoubleVector.fromArray(S, b, bp + 2 * L);
            DoubleVector b3 = DoubleVector.fromArray(S, b, bp + 3 * L);
            DoubleVector a0 = DoubleVector.broadcast(S, a[r0 + ap]);
            c00 = c00.add(a0.mul(b0)); // NOTE: mul then add, never fma: the scalar kernel rounds twice
            c01 = c01.add(a0.mul(b1));
            c02 = c02.add(a0.mul(b2));
            c03 = c03.add(a0.mul(b3));
            DoubleVector a1 = DoubleVector.broadcast(S, a[r1 + ap]);
            c10 = c10.add(a1.mul(b0));
            c11 = c11.add(a1.mul(b1));
            c12 = c12.add(a1.mul(b2));
            c13 = c13.add(a1.mul(b3));
            DoubleVector a2 = DoubleVector.broadcast(S, a[r2 + ap]);
            c20 = c20.add(a2.mul(b0));
            c21 = c21.add(a2.mul(b1));
            c22 = c22.add(a2.mul(b2));
            c23 = c23.add(a2.mul(b3));
            DoubleVector a3 = DoubleVector.broadcast(S, a[r3 + ap]);
            c30 = c30.add(a3.mul(b0));
            c31 = c31.add(a3.mul(b1));
            c32 = c32.add(a3.mul(b2));
            c33 = c33.add(a3.mul(b3));
        }
        // NOTE: written out, not through a helper taking vectors: a call the JIT does not inline boxes them
        int o = i * m + j;
        if (row == null) { // NOTE: two copies, not one vector picked by a condition: the JIT would box it
            DoubleVector.fromArray(S, c, o).add(c00).intoArray(c, o);
            DoubleVector.fromArray(S, c, o + L).add(c01).intoArray(c, o + L);
            DoubleVector.fromArray(S, c, o + 2 * L).add(c02).intoArray(c, o + 2 * L);
            DoubleVector.fromArray(S, c, o + 3 * L).add(c03).intoArray(c, o + 3 * L);
            o += m;
            DoubleVector.fromArray(S, c, o).add(c10).intoArray(c, o);
            DoubleVector.fromArray(S, c, o + L).add(c11).intoArray(c, o + L);
            DoubleVector.fromArray(S, c, o + 2 * L).add(c12).intoArray(c, o + 2 * L);
            DoubleVector.fromArray(S, c, o + 3 * L).add(c13).intoArray(c, o + 3 * L);
            o += m;
            DoubleVector.fromArray(S, c, o).add(c20).intoArray(c, o);
            DoubleVector.fromArray(S, c, o + L).add(c21).intoArray(c, o + L);
            DoubleVector.fromArray(S, c, o + 2 * L).add(c22).intoArray(c, o + 2 * L);
            DoubleVector.fromArray(S, c, o + 3 * L).add(c23).intoArray(c, o + 3 * L);
            o += m;
            DoubleVector.fromArray(S, c, o).add(c30).intoArray(c, o);
            DoubleVector.fromArray(S, c, o + L).add(c31).intoArray(c, o + L);
            DoubleVector.fromArray(S, c, o + 2 * L).add(c32).intoArray(c, o + 2 * L);
            DoubleVector.fromArray(S, c, o + 3 * L).add(c33).intoArray(c, o + 3 * L);
        } else {
            DoubleVector.fromArray(S, row, j).add(c00).intoArray(c, o);
            DoubleVector.fromArray(S, row, j + L).add(c01).intoArray(c, o + L);
            DoubleVector.fromArray(S, row, j + 2 * L).add(c02).intoArray(c, o + 2 * L);
            DoubleVector.fromArray(S, row, j + 3 * L).add(c03).intoArray(c, o + 3 * L);
            o += m;
            DoubleVector.fromArray(S, row, j).add(c10).intoArray(c, o);
            DoubleVector.fromArray(S, row, j + L).add(c11).intoArray(c, o + L);
            DoubleVector.fromArray(S, row, j + 2 * L).add(c12).intoArray(c, o + 2 * L);
            DoubleVector.fromArray(S, row, j + 3 * L).add(c13).intoArray(c, o + 3 * L);
            o += m;
            DoubleVector.fromArray(S, row, j).add(c20).intoArray(c, o);
            DoubleVector.fromArray(S, row, j + L).add(c21).intoArray(c, o + L);
            DoubleVector.fromArray(S, row, j + 2 * L).add(c22).intoArray(c, o + 2 * L);
            DoubleVector.fromArray(S, row, j + 3 * L).add(c23).intoArray(c, o + 3 * L);
            o += m;
            DoubleVector.fromArray(S, row, j).add(c30).intoArray(c, o);
            DoubleVector.fromArray(S, row, j + L).add(c31).intoArray(c, o + L);
            DoubleVector.fromArray(S, row, j + 2 * L).add(c32).intoArray(c, o + 2 * L);
            DoubleVector.fromArray(S, row, j + 3 * L).add(c33).intoArray(c, o + 3 * L);
        }
    }

    private static void block2v(
            double[] a,
            int r0,
            int r1,
            int r2,
            int r3,
            int cs,
            double[] b,
            double[] row,
            double[] c,
            int k,
            int m,
            int i,
            int j) {
        DoubleVector z = DoubleVector.zero(S);
        DoubleVector c00 = z, c01 = z;
        DoubleVector c10 = z, c11 = z;
        DoubleVector c20 = z, c21 = z;
        DoubleVector c30 = z, c31 = z;
        for (int p = 0, ap = 0, bp = j; p < k; p++, ap += cs, bp += m) {
            DoubleVector b0 = DoubleVector.fromArray(S, b, bp);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bp + L);
            DoubleVector a0 = DoubleVector.broadcast(S, a[r0 + ap]);
            c00 = c00.add(a0.mul(b0)); // NOTE: mul then add, never fma: the scalar kernel rounds twice
            c01 = c01.add(a0.mul(b1));
            DoubleVector a1 = DoubleVector.broadcast(S, a[r1 + ap]);
            c10 = c10.add(a1.mul(b0));
            c11 = c11.add(a1.mul(b1));
            DoubleVector a2 = DoubleVector.broadcast(S, a[r2 + ap]);
            c20 = c20.add(a2.mul(b0));
            c21 = c21.add(a2.mul(b1));
            DoubleVector a3 = DoubleVector.broadcast(S, a[r3 + ap]);
            c30 = c30.add(a3.mul(b0));
            c31 = c31.add(a3.mul(b1));
        }
        // NOTE: written out, not through a helper taking vectors: a call the JIT does not inline boxes them
        int o = i * m + j;
        if (row == null) { // NOTE: two copies, not one vector picked by a condition: the JIT would box it
            DoubleVector.fromArray(S, c, o).add(c00).intoArray(c, o);
            DoubleVector.fromArray(S, c, o + L).add(c01).intoArray(c, o + L);
            o += m;
            DoubleVector.fromArray(S, c, o).add(c10).intoArray(c, o);
            DoubleVector.fromArray(S, c, o + L).add(c11).intoArray(c, o + L);
            o += m;
            DoubleVector.fromArray(S, c, o).add(c20).intoArray(c, o);
            DoubleVector.fromArray(S, c, o + L).add(c21).intoArray(c, o + L);
            o += m;
            DoubleVector.fromArray(S, c, o).add(c30).intoArray(c, o);
            DoubleVector.fromArray(S, c, o + L).add(c31).intoArray(c, o + L);
        } else {
            DoubleVector.fromArray(S, row, j).add(c00).intoArray(c, o);
            DoubleVector.fromArray(S, row, j + L).add(c01).intoArray(c, o + L);
            o += m;
            DoubleVector.fromArray(S, row, j).add(c10).intoArray(c, o);
            DoubleVector.fromArray(S, row, j + L).add(c11).intoArray(c, o + L);
            o += m;
            DoubleVector.fromArray(S, row, j).add(c20).intoArray(c, o);
            DoubleVector.fromArray(S, row, j + L).add(c21).intoArray(c, o + L);
            o += m;
            DoubleVector.fromArray(S, row, j).add(c30).intoArray(c, o);
            DoubleVector.fromArray(S, row, j + L).add(c31).intoArray(c, o + L);
        }
    }

    private static void block1v(
            double[] a,
            int r0,
            int r1,
            int r2,
            int r3,
            int cs,
            double[] b,
            double[] row,
            double[] c,
            int k,
            int m,
            int i,
            int j) {
        DoubleVector c0 = DoubleVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
        for (int p = 0, ap = 0, bp = j; p < k; p++, ap += cs, bp += m) {
            DoubleVector bv = DoubleVector.fromArray(S, b, bp);
            c0 = c0.add(DoubleVector.broadcast(S, a[r0 + ap]).mul(bv));
            c1 = c1.add(DoubleVector.broadcast(S, a[r1 + ap]).mul(bv));
            c2 = c2.add(DoubleVector.broadcast(S, a[r2 + ap]).mul(bv));
            c3 = c3.add(DoubleVector.broadcast(S, a[r3 + ap]).mul(bv));
        }
        int o = i * m + j;
        if (row == null) { // NOTE: two copies, not one vector picked by a condition: the JIT would box it
            DoubleVector.fromArray(S, c, o).add(c0).intoArray(c, o);
            DoubleVector.fromArray(S, c, o + m).add(c1).intoArray(c, o + m);
            DoubleVector.fromArray(S, c, o + 2 * m).add(c2).intoArray(c, o + 2 * m);
            DoubleVector.fromArray(S, c, o + 3 * m).add(c3).intoArray(c, o + 3 * m);
        } else {
            DoubleVector.fromArray(S, row, j).add(c0).intoArray(c, o);
            DoubleVector.fromArray(S, row, j).add(c1).intoArray(c, o + m);
            DoubleVector.fromArray(S, row, j).add(c2).intoArray(c, o + 2 * m);
            DoubleVector.fromArray(S, row, j).add(c3).intoArray(c, o + 3 * m);
        }
    }
}

package autograd;

import java.util.Arrays;

/**
 * Shape arithmetic for {@link Variable}: sizes, row-major strides, NumPy broadcasting and the
 * reduction that sends a broadcast gradient back to an input's shape.
 */
final class Shapes {

    private Shapes() {}

    static int size(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            n *= d;
            if (n > Integer.MAX_VALUE)
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " is too large");
        }
        return (int) n;
    }

    static int[] strides(int[] shape) {
        int[] strides = new int[shape.length];
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= shape[i];
        }
        return strides;
    }

    /** The NumPy broadcast of two shapes, or an error naming the op and both shapes. */
    static int[] broadcast(String op, int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = dimFromEnd(a, rank - 1 - i);
            int db = dimFromEnd(b, rank - 1 - i);
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + Arrays.toString(a) + " and "
                        + Arrays.toString(b) + " do not broadcast (dimension " + i + " of the result: " + da
                        + " vs " + db + ")");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    private static int dimFromEnd(int[] shape, int fromEnd) {
        int i = shape.length - 1 - fromEnd;
        return i >= 0 ? shape[i] : 1;
    }

    /**
     * For each element of {@code outShape}, the flat index of the element of {@code shape} that
     * broadcasting reads: strides of broadcast (size-1 or missing) dimensions are 0.
     */
    static int[] broadcastStrides(int[] shape, int[] outShape) {
        int[] own = strides(shape);
        int[] result = new int[outShape.length];
        int offset = outShape.length - shape.length;
        for (int i = 0; i < shape.length; i++) {
            result[offset + i] = shape[i] == 1 ? 0 : own[i];
        }
        return result;
    }

    /**
     * Maps every flat index of {@code outShape} to the flat index in an input of {@code shape};
     * {@code null} when the shapes are equal (the identity map).
     */
    static int[] broadcastIndex(int[] shape, int[] outShape) {
        if (Arrays.equals(shape, outShape)) return null;
        int n = size(outShape);
        int[] index = new int[n];
        if (size(shape) == 1) return index; // all zeros
        int rank = outShape.length;
        int[] st = broadcastStrides(shape, outShape);
        int[] counter = new int[rank];
        int at = 0;
        for (int k = 0; k < n; k++) {
            index[k] = at;
            for (int d = rank - 1; d >= 0; d--) { // odometer over the output's dimensions
                counter[d]++;
                at += st[d];
                if (counter[d] < outShape[d]) break;
                at -= st[d] * counter[d];
                counter[d] = 0;
            }
        }
        return index;
    }

    /**
     * When broadcasting {@code shape} to {@code outShape} repeats the operand as a whole (equal
     * shapes, a scalar, a row against a matrix: the operand's shape, without leading 1s, is the
     * tail of {@code outShape}), element k of the result reads element {@code k mod period} of
     * the operand: returns that period (the operand's size). Otherwise -1.
     */
    static int tilePeriod(int[] shape, int[] outShape) {
        int lead = 0;
        while (lead < shape.length && shape[lead] == 1) lead++;
        int tail = shape.length - lead;
        if (tail > outShape.length) return -1;
        for (int d = 0; d < tail; d++) {
            if (shape[lead + d] != outShape[outShape.length - tail + d]) return -1;
        }
        return Math.max(1, size(shape));
    }

    static String str(int[] shape) {
        return Arrays.toString(shape);
    }

    static int normalizeAxis(String op, int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for a tensor of rank " + rank);
        }
        return a;
    }
}

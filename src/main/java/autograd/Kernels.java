package autograd;

import java.util.Arrays;

/**
 * The tensor engine's elementwise loops: {@link Op}'s rules applied over whole arrays, with NumPy
 * broadcasting, forward and backward. {@link Variable}'s ops call these and read like
 * micrograd's: the result, then how gradient flows back.
 *
 * <p>Most broadcasts repeat one operand as a whole against the other (a scalar, a bias row):
 * then the result is walked tile by tile, the full operand at the same place as the result and
 * the repeated one at the position within the tile, with no index arrays. Anything else (a
 * column against a row...) gets an index map per operand.
 *
 * <p>A loop that calls Op's rules dispatches on the op for every element: the JIT neither hoists
 * the switch out of the loop nor folds it for a constant op (javac compiles an enum switch to a
 * lookup in a synthetic array). For the cheap rules (+, −, ×, relu) the dispatch costs more than
 * the arithmetic (W4's bias additions took a third of a training step), so {@link #forwardRun}
 * and {@link #gradRun} write those four rules out again in loops the JIT vectorizes; every other
 * op uses Op's rule. {@code KernelsTest} checks each written-out loop against its Op row, bit for
 * bit, NaN and signed zeros included.
 */
final class Kernels {

    private Kernels() {}

    /** How the operands of a binary elementwise op line up with its result. */
    static final class Broadcast {
        final int[] shape; // the result's
        final int n;
        final boolean tiled;
        final boolean xFull; // tiled: x is as large as the result, y repeats (else the other way)
        final int period; // tiled: the repeated operand's size
        final int[] ix; // not tiled: where each result element reads x (null: the identity)
        final int[] iy;

        Broadcast(String op, int[] xShape, int[] yShape) {
            shape = Arrays.equals(xShape, yShape) ? xShape : Shapes.broadcast(op, xShape, yShape);
            n = Shapes.size(shape);
            int periodX = Shapes.tilePeriod(xShape, shape);
            int periodY = Shapes.tilePeriod(yShape, shape);
            xFull = periodX == n;
            tiled = (xFull && periodY > 0) || (periodY == n && periodX > 0);
            period = !tiled ? Math.max(1, n) : xFull ? periodY : periodX;
            ix = tiled ? null : Shapes.broadcastIndex(xShape, shape);
            iy = tiled ? null : Shapes.broadcastIndex(yShape, shape);
        }
    }

    /** {@code op(x, y)} for every element of the broadcast result. */
    static double[] forward(Op op, double[] x, double[] y, Broadcast b) {
        double[] out = new double[b.n];
        if (b.tiled) { // in tile [base, base + period) the full operand is read at base + t, the repeated one at t
            for (int base = 0; base < b.n; base += b.period) {
                forwardRun(op, x, b.xFull ? base : 0, y, b.xFull ? 0 : base, out, base, b.period);
            }
        } else {
            for (int k = 0; k < b.n; k++) out[k] = op.f(x[at(b.ix, k)], y[at(b.iy, k)]);
        }
        return out;
    }

    /**
     * Adds {@code g} times ∂op/∂x ({@code wrtX}) or ∂op/∂y to {@code target}, summed back over the
     * broadcast dimensions to that operand's shape.
     */
    static void backward(
            Op op, boolean wrtX, double[] g, double[] x, double[] y, double[] out, double[] target, Broadcast b) {
        if (b.tiled) {
            for (int base = 0; base < b.n; base += b.period) {
                gradRun(op, wrtX, g, base, x, b.xFull ? base : 0, y, b.xFull ? 0 : base, out, target, b.period);
            }
            return;
        }
        for (int k = 0; k < b.n; k++) {
            int i = at(b.ix, k);
            int j = at(b.iy, k);
            if (wrtX) target[i] += g[k] * op.dA(x[i], y[j], out[k]);
            else target[j] += g[k] * op.dB(x[i], y[j], out[k]);
        }
    }

    /** {@code op(x)} for every element of a unary op. */
    static double[] forward(Op op, double[] x) {
        double[] out = new double[x.length];
        forwardRun(op, x, 0, x, 0, out, 0, x.length); // a unary rule ignores its second operand
        return out;
    }

    /** Adds {@code g} times op′(x) to {@code target}, for a unary op. */
    static void backward(Op op, double[] g, double[] x, double[] out, double[] target) {
        gradRun(op, true, g, 0, x, 0, x, 0, out, target, x.length);
    }

    /** Where element {@code k} of a broadcast result reads an operand ({@code null}: the identity map). */
    private static int at(int[] indexMap, int k) {
        return indexMap == null ? k : indexMap[k];
    }

    /** {@code out[o + t] = op(x[xo + t], y[yo + t])} for {@code t < len}. */
    static void forwardRun(Op op, double[] x, int xo, double[] y, int yo, double[] out, int o, int len) {
        switch (op) {
            case ADD -> {
                for (int t = 0; t < len; t++) out[o + t] = x[xo + t] + y[yo + t];
            }
            case SUB -> {
                for (int t = 0; t < len; t++) out[o + t] = x[xo + t] - y[yo + t];
            }
            case MUL -> {
                for (int t = 0; t < len; t++) out[o + t] = x[xo + t] * y[yo + t];
            }
            case RELU -> { // NOTE: written so that NaN passes through, as Op.RELU's row
                for (int t = 0; t < len; t++) out[o + t] = x[xo + t] <= 0 ? 0 : x[xo + t];
            }
            default -> {
                for (int t = 0; t < len; t++) out[o + t] = op.f(x[xo + t], y[yo + t]);
            }
        }
    }

    /**
     * Adds {@code g[o + t]} times the op's derivative with respect to its first operand
     * ({@code wrtA}) or its second to {@code target} at that operand's index, for {@code t < len}.
     */
    static void gradRun(
            Op op,
            boolean wrtA,
            double[] g,
            int o,
            double[] x,
            int xo,
            double[] y,
            int yo,
            double[] out,
            double[] target,
            int len) {
        int to = wrtA ? xo : yo;
        if (wrtA) {
            switch (op) {
                case ADD, SUB -> {
                    for (int t = 0; t < len; t++) target[to + t] += g[o + t];
                }
                case MUL -> {
                    for (int t = 0; t < len; t++) target[to + t] += g[o + t] * y[yo + t];
                }
                case RELU -> {
                    for (int t = 0; t < len; t++) target[to + t] += g[o + t] * (x[xo + t] > 0 ? 1 : 0);
                }
                default -> {
                    for (int t = 0; t < len; t++) target[to + t] += g[o + t] * op.dA(x[xo + t], y[yo + t], out[o + t]);
                }
            }
        } else {
            switch (op) {
                case ADD -> {
                    for (int t = 0; t < len; t++) target[to + t] += g[o + t];
                }
                case SUB -> {
                    for (int t = 0; t < len; t++) target[to + t] -= g[o + t];
                }
                case MUL -> {
                    for (int t = 0; t < len; t++) target[to + t] += g[o + t] * x[xo + t];
                }
                default -> {
                    for (int t = 0; t < len; t++) target[to + t] += g[o + t] * op.dB(x[xo + t], y[yo + t], out[o + t]);
                }
            }
        }
    }
}

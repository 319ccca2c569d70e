package autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Kernels} writes the rules of +, −, × and relu out again in loops of their own, for
 * speed: every such loop must give what {@link Op}'s row gives, bit for bit, on ordinary numbers,
 * signed zeros, infinities and NaN, forward and for both operands' gradients.
 */
class KernelsTest {

    private static final double[] SPECIAL = {
        0.0,
        -0.0,
        1.0,
        -1.0,
        1e-300,
        -1e-300,
        3.5,
        -2.25,
        Double.MAX_VALUE,
        Double.MIN_VALUE,
        Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY,
        Double.NaN
    };

    private static double[] values(Random rng, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextInt(3) == 0 ? SPECIAL[rng.nextInt(SPECIAL.length)] : rng.nextGaussian() * 10;
        }
        return v;
    }

    private static void assertSameBits(double expected, double actual, String what) {
        assertEquals(
                Double.doubleToRawLongBits(expected) == Double.doubleToRawLongBits(actual)
                        || (Double.isNaN(expected) && Double.isNaN(actual)),
                true,
                what + ": Op's row gives " + expected + ", the loop " + actual);
    }

    @Test
    void everyWrittenOutLoopMatchesItsOpRow() {
        Random rng = new Random(20261130);
        int checked = 0;
        for (Op op : Op.values()) {
            if (op == Op.DOT) continue; // scalar-only: Value.Sum applies its rows
            for (int trial = 0; trial < 200; trial++) {
                int len = 1 + rng.nextInt(40);
                int xo = rng.nextInt(5);
                int yo = rng.nextInt(5);
                int o = rng.nextInt(5);
                double[] x = values(rng, xo + len);
                double[] y = values(rng, yo + len);
                double[] g = values(rng, o + len);
                double[] out = new double[o + len];
                try {
                    Kernels.forwardRun(op, x, xo, y, yo, out, o, len);
                } catch (ArithmeticException domainError) {
                    continue; // an element outside the op's domain: the rule's own error, not a fast path
                }
                for (int t = 0; t < len; t++) {
                    double expected = op.f(x[xo + t], y[yo + t]);
                    assertSameBits(expected, out[o + t], op + " forward at " + x[xo + t] + ", " + y[yo + t]);
                    checked++;
                }
                for (boolean wrtA : new boolean[] {true, false}) {
                    if (!wrtA && isUnary(op)) continue;
                    double[] start = values(rng, Math.max(xo, yo) + len);
                    double[] target = start.clone();
                    Kernels.gradRun(op, wrtA, g, o, x, xo, y, yo, out, target, len);
                    int to = wrtA ? xo : yo;
                    for (int t = 0; t < len; t++) {
                        double local = wrtA
                                ? op.dA(x[xo + t], y[yo + t], out[o + t])
                                : op.dB(x[xo + t], y[yo + t], out[o + t]);
                        double expected = start[to + t] + g[o + t] * local;
                        assertSameBits(expected, target[to + t], op + (wrtA ? " dA" : " dB") + " at " + x[xo + t]);
                        checked++;
                    }
                }
            }
        }
        assertEquals(true, checked > 50_000, "checked " + checked + " elements");
    }

    private static boolean isUnary(Op op) {
        return switch (op) {
            case ADD, SUB, MUL, DIV, POW, DOT -> false;
            default -> true;
        };
    }
}

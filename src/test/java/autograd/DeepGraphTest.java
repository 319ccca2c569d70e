package autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Backward through very deep graphs. Surefire runs with {@code -Xss512k} on purpose: a
 * recursive graph walk would overflow long before these depths. Memory is printed (for
 * docs/testing.md), never asserted; nothing here is timed.
 */
class DeepGraphTest {

    static long usedMemory() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }

    static String mib(long bytes) {
        return String.format("%.1f MiB", bytes / (1024.0 * 1024.0));
    }

    /** The factor of step i of the chains below: just under 1, so no step's contribution fades away. */
    static double factor(int i) {
        return 1 - (1 + i % 5) * 1e-6; // over 500 000 steps the factors multiply to about e^-1.5
    }

    /**
     * y ← (y + x)·aᵢ from y = x, 500 000 steps. Every step adds about a^j ≥ 0.2 to dy/dx (about
     * 258 000 in all), so a backward pass that skipped any stretch of the chain would be off by far
     * more than the tolerance; the expected derivative comes from forward-mode differentiation
     * of the same steps in plain doubles.
     */
    @Test
    void millionNodeValueChain() {
        int steps = 500_000; // two recorded nodes per step: 1 000 000 nodes
        long before = usedMemory();
        Value x = new Value(0.3);
        Value y = x;
        for (int i = 0; i < steps; i++) y = y.add(x).mul(factor(i));
        long built = usedMemory();
        y.backward();
        long after = usedMemory();

        // Forward mode in plain doubles: y' = (y + x)·a gives dy'/dx = (dy/dx + 1)·a.
        double value = 0.3;
        double derivative = 1;
        for (int i = 0; i < steps; i++) {
            value = (value + 0.3) * factor(i);
            derivative = (derivative + 1) * factor(i);
        }
        assertEquals(value, y.data, 0.0, "the same operations in the same order give the same bits");
        // Reverse and forward mode round differently: ~5e5 steps · 1.1e-16 bounds the relative error by 6e-11.
        double tolerance = 1e-9 * derivative;
        assertEquals(derivative, x.grad, tolerance);
        // What the tolerance rules out: a backward pass cut to the last 1 000 nodes (500 steps) gets only their share.
        double lastSteps = 0;
        for (int i = steps - 1, k = 0; k < 500; i--, k++) lastSteps = (lastSteps + 1) * factor(i);
        assertTrue(derivative - lastSteps > 1e5 * tolerance, "the check must be depth-sensitive");
        // Dropping even the first step would change the result by its share, Π aᵢ ≈ 0.22: over 800× the tolerance.
        assertTrue(Math.abs(derivative - derivativeWithoutFirstStep(steps)) > 100 * tolerance);
        System.out.println("DeepGraphTest: 1 000 000-node Value chain: dy/dx = " + x.grad + " (forward mode "
                + derivative + "), graph " + mib(built - before)
                + " (" + (built - before) / (2 * steps) + " bytes per recorded node incl. its constant), "
                + "after backward " + mib(after - before));
    }

    /** dy/dx when the first step's path from x is missing: what a walk that lost the chain's start would give. */
    private static double derivativeWithoutFirstStep(int steps) {
        double derivative = 1 * factor(0); // (dy0/dx + 0)·a0: the x added in step 0 is not counted
        for (int i = 1; i < steps; i++) derivative = (derivative + 1) * factor(i);
        return derivative;
    }

    @Test
    void tenThousandStepPendulumUnroll() {
        int steps = 10_000;
        double h = 0.001;
        double[] start = {0.4, 0, 1, 4};
        long before = usedMemory();
        Value[] state = new Value[4];
        for (int i = 0; i < 4; i++) state[i] = new Value(start[i]);
        Value[] end = Pendulum.euler(state, h, steps, 9.8);
        long built = usedMemory();
        end[1].backward();
        long after = usedMemory();

        // Independent check: forward-mode derivatives (dual numbers) of the same Euler steps.
        for (int i = 0; i < 4; i++) {
            double[] seed = new double[4];
            seed[i] = 1;
            double[] dual = DualPendulum.dTheta2(start, seed, h, steps, 9.8);
            assertEquals(dual[0], end[1].data, 1e-12 * Math.abs(dual[0]), "theta2(T)");
            assertEquals(
                    dual[1], state[i].grad, 1e-9 * Math.max(1, Math.abs(dual[1])), "d theta2(T)/d initial[" + i + "]");
        }
        System.out.println("DeepGraphTest: 10 000-step pendulum unroll (h = 0.001): graph " + mib(built - before)
                + ", after backward " + mib(after - before) + ", d theta2(T)/d theta1(0) = " + state[0].grad);
    }

    @Test
    void deepVariableChain() {
        int steps = 100_000;
        Variable w = new Variable(new double[] {0.5, -0.25, 2});
        Variable y = w.mul(0.5); // not the recurrence's fixed point (y = w), so the derivative depends on the depth
        for (int i = 0; i < steps; i++) y = y.mul(0.9999).add(w.mul(0.0001));
        y.sum().backward();
        double derivative = 0.5;
        for (int i = 0; i < steps; i++) derivative = derivative * 0.9999 + 0.0001;
        for (int k = 0; k < 3; k++) assertEquals(derivative, w.grad().get(k), 1e-10);
    }

    /** The Euler pendulum on dual numbers (value, derivative): forward-mode differentiation. */
    static final class DualPendulum {
        static double[] dTheta2(double[] start, double[] seed, double h, int steps, double g) {
            double t1 = start[0], t2 = start[1], p1 = start[2], p2 = start[3];
            double dt1 = seed[0], dt2 = seed[1], dp1 = seed[2], dp2 = seed[3];
            for (int i = 0; i < steps; i++) {
                double diff = t1 - t2, dDiff = dt1 - dt2;
                double c = Math.cos(diff), dc = -Math.sin(diff) * dDiff;
                double s = Math.sin(diff), ds = Math.cos(diff) * dDiff;
                double den = 16 - 9 * c * c, dDen = -18 * c * dc;
                double n1 = 6 * (2 * p1 - 3 * c * p2), dn1 = 6 * (2 * dp1 - 3 * (dc * p2 + c * dp2));
                double n2 = 6 * (8 * p2 - 3 * c * p1), dn2 = 6 * (8 * dp2 - 3 * (dc * p1 + c * dp1));
                double v1 = n1 / den, dv1 = (dn1 * den - n1 * dDen) / (den * den);
                double v2 = n2 / den, dv2 = (dn2 * den - n2 * dDen) / (den * den);
                double q1 = -0.5 * (v1 * v2 * s + 3 * g * Math.sin(t1));
                double dq1 = -0.5 * (dv1 * v2 * s + v1 * dv2 * s + v1 * v2 * ds + 3 * g * Math.cos(t1) * dt1);
                double q2 = -0.5 * (-v1 * v2 * s + g * Math.sin(t2));
                double dq2 = -0.5 * (-(dv1 * v2 * s + v1 * dv2 * s + v1 * v2 * ds) + g * Math.cos(t2) * dt2);
                t1 += h * v1;
                dt1 += h * dv1;
                t2 += h * v2;
                dt2 += h * dv2;
                p1 += h * q1;
                dp1 += h * dq1;
                p2 += h * q2;
                dp2 += h * dq2;
            }
            return new double[] {t2, dt2};
        }
    }
}

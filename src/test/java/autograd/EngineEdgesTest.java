package autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import autograd.spi.BlasProvider;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The engine's edges that mutation testing found untested: factories, index and domain
 * boundaries, argument checks, GradCheck's reports, and the walk's clean-up after a failure.
 */
class EngineEdgesTest {

    @Test
    void factoriesFillAndRequireGradients() {
        Variable ones = Variable.ones(2, 3);
        assertArrayEquals(new int[] {2, 3}, ones.shape());
        assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1}, ones.value());
        assertTrue(ones.requiresGrad());
        Variable full = Variable.full(2.5, 3);
        assertArrayEquals(new double[] {2.5, 2.5, 2.5}, full.value());
        assertTrue(full.requiresGrad());
        double[] drawn = Variable.randn(new Random(3), 4, 5).value();
        Random same = new Random(3);
        for (double d : drawn) assertEquals(same.nextGaussian(), d);
        assertTrue(Variable.randn(new Random(3), 2).requiresGrad());
        double[] u = Variable.uniform(new Random(4), -1, 3, 50).value();
        for (double v : u) assertTrue(v >= -1 && v < 3, "uniform in [-1, 3): " + v);
    }

    @Test
    void setDataCopiesAndChecksTheCount() {
        Variable v = new Variable(new double[] {1, 2});
        double[] given = {5, 6};
        v.setData(given);
        given[0] = 99;
        assertArrayEquals(new double[] {5, 6}, v.value(), "setData keeps a copy, not the caller's array");
        assertThrows(IllegalArgumentException.class, () -> v.setData(1, 2, 3));
    }

    @Test
    void indexBoundsAreExact() {
        Variable v = new Variable(new double[] {1, 2, 3});
        assertEquals(3, v.dataAt(2));
        assertThrows(IndexOutOfBoundsException.class, () -> v.dataAt(3));
        assertThrows(IndexOutOfBoundsException.class, () -> v.dataAt(-1));
        Value x = new Value(4);
        assertEquals(4, x.dataAt(0));
        assertThrows(IndexOutOfBoundsException.class, () -> x.setDataAt(1, 5));
        assertEquals(4, x.data, "a refused write changes nothing");
        Variable m = Variable.constant(new double[] {1, 2, 3, 4, 5, 6}, 3, 2);
        assertArrayEquals(new double[] {3, 4, 5, 6}, m.slice(1, 3).value());
        assertEquals(0, m.slice(3, 3).size());
        assertThrows(IndexOutOfBoundsException.class, () -> m.slice(1, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> m.slice(2, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> m.row(3));
    }

    @Test
    void joinAndLinearArgumentsAreChecked() {
        Variable a = Variable.constant(new double[] {1, 2, 3, 4}, 2, 2);
        Variable b = Variable.constant(new double[] {1, 2, 3}, 1, 3);
        assertThrows(IllegalArgumentException.class, () -> Variable.concat(0, a, b));
        assertArrayEquals(new int[] {3, 2}, Variable.concat(0, a, a.slice(0, 1)).shape());
        assertThrows(IllegalArgumentException.class, () -> Variable.concat(0));
        assertThrows(IllegalArgumentException.class, () -> Variable.stack(0));
        assertThrows(IllegalArgumentException.class, () -> Variable.stack(0, a, b));
        assertArrayEquals(new int[] {2, 2, 2}, Variable.stack(0, a, a).shape());
        Variable w = new Variable(new double[][] {{1, 2}, {3, 4}});
        Variable bias = new Variable(new double[] {1, 1});
        assertThrows(IllegalArgumentException.class, () -> a.linear(w, new Variable(new double[] {1, 1, 1})));
        assertThrows(IllegalArgumentException.class, () -> b.linear(w, bias));
        assertThrows(IllegalArgumentException.class, () -> a.linear(new Variable(new double[] {1, 2}), bias));
        assertArrayEquals(new double[] {8, 11, 16, 23}, a.linear(w, bias).value());
    }

    @Test
    void powAtBaseZero() {
        assertEquals(0.0, Op.POW.f(0, 2));
        assertEquals(1.0, Op.POW.f(0, 0));
        assertThrows(ArithmeticException.class, () -> Op.POW.f(0, -1));
        assertThrows(ArithmeticException.class, () -> Op.POW.f(-2, 0.5));
        assertEquals(-8.0, Op.POW.f(-2, 3));
        assertEquals(0.25, Op.POW.f(-2, -2));
    }

    @Test
    void theSquaresShortcutGivesTheGeneralRulesBits() {
        Random random = new Random(11);
        double[] special = {
            0.0,
            -0.0,
            1.0,
            -1.0,
            Double.MIN_VALUE,
            -Double.MIN_NORMAL,
            Double.MAX_VALUE,
            -Double.MAX_VALUE,
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            Double.NaN,
            1e-300,
            3.0e300
        };
        double[] drawn = new double[2000];
        for (int i = 0; i < drawn.length; i++) drawn[i] = random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20);
        for (double[] inputs : List.of(special, drawn)) {
            for (double a : inputs) {
                double general = 2 * Math.pow(a, 2 - 1); // the rule b·a^(b−1) without the shortcut for b = 2
                assertEquals(
                        Double.doubleToRawLongBits(general),
                        Double.doubleToRawLongBits(Op.POW.dA(a, 2, a * a)),
                        "d(a^2)/da at a = " + a);
            }
        }
    }

    @Test
    void anomalyReportsNameTheCallersLine() {
        Value x = new Value(-1);
        try (var scope = Autograd.detectAnomaly()) {
            String message = assertThrows(
                            ArithmeticException.class, () -> x.mul(0).add(Double.NaN))
                    .getMessage();
            assertTrue(message.contains("EngineEdgesTest.java:"), message);
            assertFalse(message.contains("autograd.Value."), "engine frames are skipped: " + message);
        }
    }

    @Test
    void gradCheckReportsItsErrors() {
        GradCheck.Result wrong = GradCheck.check(x -> x.get(0).mul(x.get(0).detach()), 3.0);
        assertEquals(3.0, wrong.maxAbsError(), 1e-6);
        assertEquals(0.5, wrong.maxRelError(), 1e-6);
        assertTrue(wrong.toString().startsWith("GradCheck(FAILED, max abs error 3.0"), wrong.toString());
        GradCheck.Result right = GradCheck.check(x -> x.get(0).mul(x.get(0)), 3.0);
        assertTrue(right.maxAbsError() < 1e-6 && right.maxAbsError() > 0, "finite differences are not exact");
        assertTrue(right.toString().startsWith("GradCheck(ok"), right.toString());
        assertArrayEquals(new double[] {6}, right.analytic(0));
        // At a domain edge the one-sided difference is the right one: d/dx sqrt(x) at 1e-7 by (f(x + h) − f(x)) / h.
        GradCheck.Result edge = GradCheck.check(x -> x.get(0).sqrt(), 1e-7);
        double h = GradCheck.EPS;
        assertEquals((Math.sqrt(1e-7 + h) - Math.sqrt(1e-7)) / h, edge.numeric(0)[0], 1e-9);
        assertEquals(List.of(), GradCheck.check(x -> x.get(0).sqrt(), 4.0).notes());
    }

    @Test
    void checkParametersLeavesTheParametersGradientsAsTheyWere() {
        Variable w = new Variable(new double[] {0.5, -0.25});
        Variable x = Variable.constant(new double[] {2, 3});
        w.mul(5).sum().backward();
        double[] before = w.grad().value();
        GradCheck.checkParameters(() -> w.mul(x).tanh().sum(), w).assertOk();
        assertArrayEquals(before, w.grad().value(), 0);
        Variable fresh = new Variable(new double[] {0.5, -0.25});
        GradCheck.checkParameters(() -> fresh.mul(x).tanh().sum(), fresh).assertOk();
        assertArrayEquals(new double[2], fresh.grad().value(), 0, "no gradient before: none after");
    }

    @Test
    void aPassThatFailsLeavesNoClaimAndNoBufferBehind() {
        Value x = new Value(0);
        Value y = x.sqrt().mul(3); // d sqrt at 0 is infinite: anomaly mode throws in the middle of the pass
        try (var scope = Autograd.detectAnomaly()) {
            assertThrows(Autograd.AnomalyException.class, y::backward);
        }
        x.grad = 0;
        Value z = x.add(1).mul(2);
        z.backward(); // the walk is usable again, and y's nodes were released
        assertEquals(2, x.grad);
        assertEquals(0, y.mark, "a claim left behind would make other threads' passes throw");
        assertTrue(Graphs.bufferCapacity() <= Graphs.Walk.KEEP);
    }

    @Test
    void aBlasProviderThatFailsFallsBackToJavaForGood() {
        BlasProvider failing = new BlasProvider() {
            @Override
            public String name() {
                return "failing";
            }

            @Override
            public boolean isAvailable() {
                return true;
            }

            @Override
            public void gemm(
                    double[] a, boolean ta, double[] b, boolean tb, double[] c, boolean zero, int n, int k, int m) {
                throw new UnsatisfiedLinkError("no native library here");
            }
        };
        BlasProvider saved = MatMul.provider();
        try {
            MatMul.useProvider(failing);
            int n = MatMul.BLAS_MIN_SIDE;
            double[] ones = new double[n * n];
            java.util.Arrays.fill(ones, 1);
            double[] c = new double[n * n];
            MatMul.multiply(ones, ones, c, n, n, n);
            assertEquals(n, c[0], "computed in Java after the provider failed");
            assertEquals("java", MatMul.backend());
        } finally {
            MatMul.useProvider(saved);
        }
        assertNotEquals("failing", MatMul.backend());
    }
}

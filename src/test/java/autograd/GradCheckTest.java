package autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class GradCheckTest {

    @Test
    void passesForCorrectGradients() {
        GradCheck.Result r = GradCheck.check(
                        x -> x.get(0).mul(x.get(1)).sin().add(x.get(0).exp()), 0.5, 2.0)
                .assertOk();
        assertTrue(r.ok());
        assertTrue(r.maxAbsError() < 1e-8, r.toString());
        assertArrayEquals(new double[] {2 * Math.cos(1) + Math.exp(0.5), 0.5 * Math.cos(1)}, r.analytic(0), 1e-15);
        assertArrayEquals(r.analytic(0), r.numeric(0), 1e-8);
        assertEquals(Math.sin(1) + Math.exp(0.5), r.output(), 1e-15);
    }

    @Test
    void failsLoudlyNamingTheWorstElement() {
        // x · detach(x) has derivative 2x, but backward only sees the first factor: x.
        GradCheck.Result r =
                GradCheck.check(x -> x.get(0).add(x.get(1).mul(x.get(1).detach())), 1.0, 3.0);
        assertFalse(r.ok());
        AssertionError e = assertThrows(AssertionError.class, r::assertOk);
        assertTrue(
                e.getMessage().contains("input 1")
                        && e.getMessage().contains("backward gave 3.0")
                        && e.getMessage().contains("finite differences give 6."),
                e.getMessage());

        Variable t = new Variable(new double[][] {{1, 2}, {3, 4}}).label("weights");
        GradCheck.Result tr = GradCheck.check(
                v -> v.get(1).mul(v.get(1).detach()).mul(v.get(0)).sum(), Variable.constant(new double[] {1, 1}), t);
        AssertionError te = assertThrows(AssertionError.class, tr::assertOk);
        assertTrue(te.getMessage().contains("input 1 (weights) element [1, 1]"), te.getMessage());
    }

    @Test
    void nanGradientsNeverPass() {
        GradCheck.Result r = GradCheck.check(x -> x.get(0).mul(Double.NaN), 1.0);
        assertFalse(r.ok());
        assertThrows(AssertionError.class, r::assertOk);
    }

    /** sqrt at 0: x − eps is outside the domain. The check says so instead of "sqrt is undefined for -1.0E-6". */
    @Test
    void aStepOutOfTheDomainIsDifferencedOnTheInsideAndSaidSo() {
        GradCheck.Result atZero = GradCheck.check(x -> x.get(0).sqrt(), 0.0);
        assertFalse(atZero.ok(), "sqrt has no derivative at 0: backward gives +Infinity");
        assertEquals(1, atZero.notes().size(), atZero.toString());
        assertTrue(
                atZero.notes().get(0).contains("one-sidedly")
                        && atZero.notes().get(0).contains("domain"),
                atZero.notes().get(0));
        AssertionError e = assertThrows(AssertionError.class, atZero::assertOk);
        assertTrue(e.getMessage().contains("leaves the domain"), e.getMessage());
        // Near the edge but with a derivative, the one-sided difference passes.
        GradCheck.Result nearLogEdge =
                GradCheck.tolerances(1e-9, 1e-4, 1e-3).check(x -> x.get(0).log(), 5e-10);
        assertFalse(nearLogEdge.notes().isEmpty());
        // sqrt(−x²) exists at 0 only: neither side is inside, and the message says so.
        IllegalArgumentException neither = assertThrows(
                IllegalArgumentException.class,
                () -> GradCheck.check(x -> x.get(0).mul(x.get(0)).neg().sqrt(), 0.0));
        assertTrue(neither.getMessage().contains("both finite-difference points"), neither.getMessage());
    }

    /** Checking a layer's input used to add into the layer's weight gradient. */
    @Test
    void capturedParametersKeepTheirGradients() {
        Variable w = new Variable(new double[][] {{1, 2}, {3, 4}});
        Variable b = new Variable(new double[] {0.5, -0.5});
        w.mul(2).sum().backward(); // a gradient the user already has
        double[] before = w.grad().value();
        GradCheck.check(v -> v.get(0).linear(w, b).tanh().sum(), new Variable(new double[] {0.3, -0.7}))
                .assertOk();
        assertArrayEquals(before, w.grad().value(), 0);
        assertArrayEquals(new double[2], b.grad().value(), 0);

        Value c = new Value(2);
        c.grad = 7;
        GradCheck.check(x -> x.get(0).mul(c).exp(), 0.1).assertOk();
        assertEquals(7, c.grad);
    }

    @Test
    void checksParametersALossReads() {
        Variable w = new Variable(new double[][] {{0.1, -0.2}, {0.3, 0.4}});
        Variable b = new Variable(new double[] {0.05, 0.0});
        Variable x = Variable.constant(new double[][] {{1, 2}, {-1, 0.5}});
        w.mul(3).sum().backward();
        double[] before = w.grad().value();
        GradCheck.Result r = GradCheck.checkParameters(
                        () -> x.linear(w, b).tanh().pow(2).sum(), w, b)
                .assertOk();
        assertEquals(2, r.inputCount());
        assertArrayEquals(before, w.grad().value(), 0);
        assertArrayEquals(new double[][] {{0.1, -0.2}, {0.3, 0.4}}, w.toArray2D());
        Value p = new Value(0.7);
        GradCheck.checkParameters(() -> p.mul(p).sin(), p).assertOk();
        assertEquals(0.0, p.grad);
        // A wrong gradient is caught here too.
        assertFalse(GradCheck.checkParameters(() -> p.mul(p.detach()), p).ok());
    }

    @Test
    void leavesTheCallersTensorsAlone() {
        Variable x = new Variable(new double[] {0.5, -1, 2});
        Variable w = new Variable(new double[][] {{1, 2, 3}, {4, 5, 6}});
        GradCheck.check(v -> v.get(1).matmul(v.get(0)).tanh(), x, w).assertOk(); // a non-scalar result
        assertArrayEquals(new double[] {0.5, -1, 2}, x.value());
        assertArrayEquals(new double[3], x.grad().value());
        assertArrayEquals(new double[6], w.grad().value());
    }

    @Test
    void constantInputsAreNotChecked() {
        GradCheck.Result r = GradCheck.check(
                v -> v.get(0).mul(v.get(1)).sum(),
                Variable.constant(new double[] {1, 2}),
                new Variable(new double[] {3, 4}));
        assertEquals(1, r.inputCount());
        assertArrayEquals(new double[] {1, 2}, r.analytic(0), 0);
    }

    @Test
    void numericHelpers() {
        assertEquals(6, GradCheck.numericDerivative(x -> x * x, 3), 1e-8);
        assertEquals(Math.cos(1), GradCheck.numericDerivative(Math::sin, 1, 1e-4), 1e-8);
        assertArrayEquals(new double[] {2, 1}, GradCheck.numericGradient((double[] p) -> p[0] * p[1], 1, 2), 1e-8);
        Function<List<Value>, Value> notebookF =
                x -> x.get(0).sub(3).pow(x.get(0).rdiv(2)).sub(1).pow(x.get(0).sub(1));
        double[] g = GradCheck.finiteDifferences(notebookF, 10);
        Value ten = new Value(10);
        notebookF.apply(List.of(ten)).backward();
        assertEquals(ten.grad, g[0], 1e-9, "finite differences against backward()");
    }

    @Test
    void tolerancesAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> GradCheck.tolerances(0, 1e-5, 1e-3));
        GradCheck.Checker strict = GradCheck.tolerances(1e-6, 0, 0);
        assertFalse(strict.check(x -> x.get(0).exp(), 1.0).ok(), "finite differences are never exact");
        assertTrue(GradCheck.tolerances(1e-5, 1e-6, 1e-6)
                .check(x -> x.get(0).exp(), 1.0)
                .ok());
    }
}

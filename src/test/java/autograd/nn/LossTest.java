package autograd.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import autograd.GradCheck;
import autograd.Variable;
import org.junit.jupiter.api.Test;

class LossTest {

    private static final Variable TARGET = Variable.constant(new double[] {1, 0, 1, 0});

    @Test
    void mseAndSquaredError() {
        Variable p = new Variable(new double[] {1, 2, 3});
        Variable t = Variable.constant(new double[] {0, 2, 5});
        assertEquals(5.0, Loss.squaredError().apply(p, t).item(), 1e-15); // 1 + 0 + 4
        assertEquals(5.0 / 3, Loss.mse().apply(p, t).item(), 1e-15);
    }

    @Test
    void bceEqualsTheTextbookFormula() {
        double[] z = {-2, -0.5, 0, 1.5};
        Variable logits = new Variable(z);
        double expected = 0;
        for (int i = 0; i < z.length; i++) {
            double s = 1 / (1 + Math.exp(-z[i]));
            double y = TARGET.get(i);
            expected -= y * Math.log(s) + (1 - y) * Math.log(1 - s);
        }
        assertEquals(
                expected / z.length, Loss.bceWithLogits().apply(logits, TARGET).item(), 1e-14);
    }

    @Test
    void bceIsStableForHugeLogits() {
        Variable logits = new Variable(new double[] {1000, 1000, -1000, -1000});
        Variable loss = Loss.bceWithLogits().apply(logits, TARGET);
        // Elements 1 and 2 are confidently wrong and cost 1000 each; the mean over 4 is 500.
        assertEquals(500.0, loss.item(), 1e-9);
        loss.backward();
        // d/dz = (σ(z) − y)/n: right answers → 0, wrong ones → ±1/4.
        assertArrayEquals(new double[] {0, 0.25, -0.25, 0}, logits.grad().value(), 1e-12);
    }

    @Test
    void bceGradientIsSigmoidMinusTargetEvenAtZero() {
        Variable logits = new Variable(new double[] {0, 0, 0.7, -1.3});
        Loss.bceWithLogits().apply(logits, TARGET).backward();
        double[] z = logits.value();
        double[] g = logits.grad().value();
        for (int i = 0; i < z.length; i++) {
            double expected = (1 / (1 + Math.exp(-z[i])) - TARGET.get(i)) / z.length;
            assertEquals(expected, g[i], 1e-15, "element " + i);
        }
    }

    @Test
    void gradientsMatchCentralDifferences() {
        Variable p = new Variable(new double[] {0.3, -1.7, 2.2, -0.1});
        Variable pm = Variable.constant(new double[] {1, -1, 1, -1});
        GradCheck.tolerances(1e-6, 1e-7, 1e-7)
                .checkParameters(() -> Loss.mse().apply(p, TARGET), p)
                .assertOk();
        GradCheck.tolerances(1e-6, 1e-7, 1e-7)
                .checkParameters(() -> Loss.squaredError().apply(p.tanh(), TARGET), p)
                .assertOk();
        GradCheck.tolerances(1e-6, 1e-7, 1e-7)
                .checkParameters(() -> Loss.bceWithLogits().apply(p, TARGET), p)
                .assertOk();
        GradCheck.tolerances(1e-6, 1e-7, 1e-7)
                .checkParameters(() -> Loss.hinge().apply(p, pm), p)
                .assertOk();
    }

    @Test
    void hingeLoss() {
        Variable s = new Variable(new double[] {2, 0.5, -0.5});
        Variable y = Variable.constant(new double[] {1, 1, 1});
        assertEquals((0 + 0.5 + 1.5) / 3, Loss.hinge().apply(s, y).item(), 1e-15);
        var e = assertThrows(
                IllegalArgumentException.class, () -> Loss.hinge().apply(s, Variable.constant(new double[] {1, 0, 1})));
        assertTrue(e.getMessage().contains("-1 or +1"), e.getMessage());
    }

    @Test
    void shapeMismatchNamesTheLossAndBothShapes() {
        Variable column = new Variable(new double[4], 4, 1);
        var e = assertThrows(IllegalArgumentException.class, () -> Loss.mse().apply(column, TARGET));
        assertTrue(e.getMessage().startsWith("mse:"), e.getMessage());
        assertTrue(e.getMessage().contains("[4, 1]") && e.getMessage().contains("[4]"), e.getMessage());
        assertTrue(e.getMessage().contains("reshape"), e.getMessage());
        var bce = assertThrows(
                IllegalArgumentException.class, () -> Loss.bceWithLogits().apply(new Variable(new double[3]), TARGET));
        assertTrue(bce.getMessage().startsWith("bceWithLogits:"), bce.getMessage());
    }
}

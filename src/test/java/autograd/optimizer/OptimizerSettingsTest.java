package autograd.optimizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import autograd.Variable;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The optimizers' settings, at the edges mutation testing found untested: every setter returns
 * the optimizer itself (so settings chain), and the decay rates accept exactly [0, 1).
 */
class OptimizerSettingsTest {

    private static List<Variable> params() {
        return List.of(new Variable(new double[] {1, 2}));
    }

    @Test
    void settersReturnTheOptimizerForChaining() {
        Adam adam = new Adam(params(), 0.1);
        assertSame(adam, adam.betas(0.8, 0.9));
        assertSame(adam, adam.eps(1e-6));
        assertSame(adam, adam.lr(0.2));
        assertSame(adam, adam.weightDecay(0.01));
        RMSProp rms = new RMSProp(params(), 0.1);
        assertSame(rms, rms.alpha(0.9));
        assertSame(rms, rms.eps(1e-6));
        assertSame(rms, rms.lr(0.2));
        assertSame(rms, rms.momentum(0.5));
        assertSame(rms, rms.centered(true));
        SGD sgd = new SGD(params(), 0.1);
        assertSame(sgd, sgd.lr(0.2));
        assertSame(sgd, sgd.momentum(0.9));
        assertSame(sgd, sgd.nesterov(true));
        Optimizer gd = new GD(params(), 0.1);
        assertSame(gd, gd.lr(0.3));
        assertSame(gd, gd.weightDecay(0.1));
        assertEquals(0.3, gd.lr());
        assertEquals(0.1, gd.weightDecay());
    }

    @Test
    void decayRatesAcceptZeroAndRejectOne() {
        Adam adam = new Adam(params(), 0.1).betas(0, 0); // as torch.optim: 0 <= beta < 1
        RMSProp rms = new RMSProp(params(), 0.1).alpha(0);
        for (Runnable bad : List.<Runnable>of(
                () -> adam.betas(1, 0.5), () -> adam.betas(0.5, 1), () -> rms.alpha(1), () -> adam.betas(-1e-9, 0.5))) {
            var e = assertThrows(IllegalArgumentException.class, bad::run);
            assertTrue(e.getMessage().contains("must be in [0, 1)"), e.getMessage());
        }
        // With beta1 = beta2 = 0, Adam's step is lr·g/(|g| + eps): a sign step of size lr.
        Variable x = (Variable) adam.parameters().get(0);
        x.sub(3).pow(2).sum().backward();
        adam.step();
        assertEquals(1 + 0.1, x.value()[0], 1e-6);
        assertEquals(2 + 0.1, x.value()[1], 1e-6);
    }
}

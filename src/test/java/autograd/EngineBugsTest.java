package autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Regression tests for engine bugs found while checking the engines against PyTorch. */
class EngineBugsTest {

    /** d(a^b)/db = a^b·ln a is 0·(−∞) = NaN at a = 0; PyTorch (and the limit) give 0. */
    @Test
    void powExponentGradientAtZeroBaseIsZeroNotNaN() {
        Value base = new Value(0);
        Value exponent = new Value(3);
        base.pow(exponent).backward();
        assertEquals(0.0, exponent.grad);
        assertEquals(0.0, base.grad);

        Variable b = new Variable(new double[] {0, 2});
        Variable e = new Variable(new double[] {2, 3});
        b.pow(e).sum().backward();
        assertEquals(0.0, e.grad().get(0));
        assertEquals(8 * Math.log(2), e.grad().get(1), 1e-15);
    }

    /**
     * backward() on a Value computed inside noGrad (or from constants only) silently did nothing,
     * leaving every gradient 0; Variable already refused. Both now say why.
     */
    @Test
    void valueBackwardWithoutAGraphFailsLoudly() {
        Value x = new Value(2);
        Value y;
        try (var scope = Autograd.noGrad()) {
            y = x.mul(3);
        }
        IllegalStateException e =
                org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, y::backward);
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("noGrad"), e.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalStateException.class, () -> Value.constant(1).exp().backward());
        assertEquals(0.0, x.grad);
    }
}

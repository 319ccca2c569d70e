package autograd.notebooks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import autograd.GradCheck;
import autograd.Variable;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Notebook 01's claims, in plain Java with the real engines it uses: the derivative of
 * f(x) = ((x − 3)^(2/x) − 1)^(x − 1) from our {@code Variable} matches PyTorch (DJL, float64) and
 * ND4J SameDiff to rounding, and central differences to 1e-9, at x = 10 and over the sweep
 * x = 4.5, 4.75, ..., 14.
 */
class Notebook01GradientTest {

    /** What {@code SameDiff.calculateGradients} printed for f'(10) when the notebook was written. */
    static final double SAMEDIFF_AT_TEN = -0.0012886539585819875;

    static Variable f(Variable x) {
        return x.sub(3).pow(x.rdiv(2)).sub(1).pow(x.sub(1));
    }

    static double fPlain(double x) {
        return Math.pow(Math.pow(x - 3, 2 / x) - 1, x - 1);
    }

    static double[] sweep() {
        double[] xs = new double[39];
        for (int i = 0; i < xs.length; i++) xs[i] = 4.5 + 0.25 * i;
        return xs;
    }

    static double[] ours(double... xs) {
        Variable x = new Variable(xs);
        f(x).sum().backward();
        return x.grad().value();
    }

    static double[] torch(double... xs) {
        Engine torch = Engine.getEngine("PyTorch");
        try (NDManager manager = torch.newBaseManager()) {
            NDArray x = manager.create(xs);
            x.setRequiresGradient(true);
            try (var tape = torch.newGradientCollector()) {
                NDArray y = x.sub(3).pow(NDArrays.div(2.0, x)).sub(1).pow(x.sub(1));
                tape.backward(y.sum());
            }
            return x.getGradient().toDoubleArray();
        }
    }

    static double[] sameDiff(double... xs) {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.var("x", Nd4j.createFromArray(xs));
        sd.math.pow(sd.math.pow(x.sub(3.0), x.rdiv(2.0)).sub(1.0), x.sub(1.0)).sum("f");
        return sd.calculateGradients(Map.of(), "x").get("x").toDoubleVector();
    }

    static void assertClose(double[] expected, double[] actual, double relative, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            double tolerance = relative * Math.max(Math.abs(expected[i]), 1e-300);
            assertEquals(expected[i], actual[i], tolerance, what + " at index " + i);
        }
    }

    @Test
    void derivativeAtTenIsWhatTheNotebookPrints() {
        double ours = ours(10.0)[0];
        assertEquals(SAMEDIFF_AT_TEN, ours, 1e-15 * Math.abs(SAMEDIFF_AT_TEN));
        assertEquals("-0.00129", String.format("%.5f", ours));
    }

    @Test
    void pytorchAgreesToRoundingOverTheSweep() {
        double[] xs = sweep();
        assertClose(torch(xs), ours(xs), 1e-13, "PyTorch vs autograd");
    }

    @Test
    void sameDiffAgreesToRoundingOverTheSweep() {
        double[] xs = sweep();
        double[] viaSameDiff = sameDiff(xs);
        assertClose(viaSameDiff, ours(xs), 1e-13, "SameDiff vs autograd");
        assertEquals(SAMEDIFF_AT_TEN, viaSameDiff[22], 1e-15 * Math.abs(SAMEDIFF_AT_TEN), "x = 10 is index 22");
    }

    @Test
    void centralDifferencesAgreeToTheirOwnError() {
        double[] xs = sweep();
        double[] ours = ours(xs);
        double[] numeric = new double[xs.length];
        for (int i = 0; i < xs.length; i++)
            numeric[i] = GradCheck.numericDerivative(Notebook01GradientTest::fPlain, xs[i], 1e-5);
        assertArrayEquals(ours, numeric, 1e-9);
    }
}

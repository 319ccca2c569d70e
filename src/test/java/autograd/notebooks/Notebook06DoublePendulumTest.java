package autograd.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Notebook 06 against PyTorch ({@code scripts/reference_notebooks.py}: the same Euler steps, operation
 * for operation, on PyTorch's autograd), without a copy of its cells: the executed notebook, through
 * its {@code autograd_checks}, must print PyTorch's final state, gradient, finite differences,
 * balancing times and gradient-descent results, the unstable rates of PyTorch's Jacobian of the
 * dynamics at the upright position, a batched sweep identical to the scalar engine and Newton
 * shooting that holds the pendulum 4–7 s (the double-precision limit); and the claims its text makes
 * (regular small swings, chaotic large ones, gradient descent stalling) hold for PyTorch's runs.
 */
class Notebook06DoublePendulumTest {

    static final String NOTEBOOK = "06-double-pendulum";
    static final Map<String, double[]> REFERENCE = NotebookReference.load();
    static final String[] NAMES = {"θ1(0)", "θ2(0)", "p1(0)", "p2(0)"};
    static final int[] HORIZONS = {50, 100, 150, 200};

    static double[] ref(String key) {
        return NotebookReference.get(REFERENCE, key);
    }

    static String format(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    /** The lines the notebook prints, from PyTorch's numbers, as regexes for the notebook runner. */
    static List<String> expectedStdout() {
        double[] state = ref("pendulum.final"), grad = ref("pendulum.grad"), fd = ref("pendulum.fd");
        List<String> checks = new ArrayList<>();
        String end = format(
                "t = 5.0s: θ1 = %.5f, θ2 = %.5f, p1 = %.5f, p2 = %.5f  (500 steps in ",
                state[0], state[1], state[2], state[3]);
        checks.add("^" + NotebookChecks.literal(end) + "\\d+ ms\\)$");
        for (int i = 0; i < 4; i++) {
            checks.add(NotebookChecks.line(format("∂θ2(T)/∂%s = %.5f", NAMES[i], grad[i])));
        }
        for (int i = 0; i < 4; i++) {
            checks.add(NotebookChecks.line(
                    format("%-6s autograd %10.5f   finite difference %10.5f", NAMES[i], grad[i], fd[i])));
        }
        checks.add("^6561 simulations with backward in \\d+\\.\\d s \\(local threads: \\d+\\)$");
        checks.add(NotebookChecks.line("batched and scalar agree on 9 cells: largest difference 0.0"));
        checks.add(NotebookChecks.line(format("from rest: balanced for %.2fs", ref("pendulum.rest")[0])));
        for (int horizon : HORIZONS) {
            double[] gd = ref("pendulum.gd." + horizon);
            checks.add(NotebookChecks.line(format(
                    "horizon %.1fs: J = %.5f, p(0) = (%.5f, %.5f), balanced for %.2fs",
                    horizon * 0.01, gd[0], gd[1], gd[2], gd[3])));
        }
        double[] rates = ref("pendulum.rates");
        checks.add(NotebookChecks.line(format("unstable rates: λ1 = %.2f /s, λ2 = %.2f /s", rates[0], rates[1])));
        // Newton shooting: the last horizon holds the pendulum up 4–7 s; 1e-16 · e^(λ1 t) ≈ 0.5 gives t ≈ 5 s
        checks.add("^horizon 5\\.0s: p\\(0\\) = \\(-?\\d\\.\\d{12}, -?\\d\\.\\d{12}\\), balanced for [4-6]\\.\\d\\ds$");
        return checks;
    }

    @Test
    void theExecutedNotebookMustPrintPyTorchsNumbers() {
        NotebookChecks.assertDemanded(NOTEBOOK, "stdout", expectedStdout());
    }

    @Test
    void pytorchsGradientAgreesWithItsFiniteDifferences() {
        double[] grad = ref("pendulum.grad"), fd = ref("pendulum.fd");
        for (int i = 0; i < 4; i++) assertEquals(grad[i], fd[i], 1e-6 * Math.abs(grad[i]), NAMES[i]);
    }

    /** "The dark centre is the familiar, regular pendulum ... further out ... chaos." */
    @Test
    void smallSwingsAreRegularAndLargeOnesChaotic() {
        for (double s : ref("pendulum.calm")) assertTrue(s < 10, "small swing: sensitivity " + s);
        for (double s : ref("pendulum.wild")) assertTrue(s > 1000, "large swing: sensitivity " + s);
    }

    /** The unstable rates the notebook derives by hand: λ1 ≈ 7.2 /s, λ2 ≈ 2.7 /s (README and text). */
    @Test
    void theUprightPositionIsUnstableAtTheRatesTheTextGives() {
        double[] rates = ref("pendulum.rates");
        assertEquals(2, rates.length, "two unstable modes");
        assertEquals(7.2, rates[0], 0.05);
        assertEquals(2.7, rates[1], 0.05);
        // 1e-16 · e^(λ1 t) = 0.5 rad: the time double precision can keep it up, about 5 s
        assertEquals(5, Math.log(0.5 / 1e-16) / rates[0], 0.2);
    }

    /** "Gradient descent triples the balancing time, and then stalls: longer horizons no longer help." */
    @Test
    void gradientDescentTriplesTheBalanceAndStalls() {
        double fromRest = ref("pendulum.rest")[0];
        assertTrue(fromRest > 0.3 && fromRest < 0.4, "from rest: " + fromRest);
        double best = 0;
        for (int horizon : HORIZONS) best = Math.max(best, ref("pendulum.gd." + horizon)[3]);
        assertTrue(best > 3 * fromRest && best < 2, "after gradient descent: " + best);
        assertTrue(ref("pendulum.gd.200")[3] <= ref("pendulum.gd.150")[3], "a longer horizon helps");
    }
}

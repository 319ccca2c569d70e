package autograd.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import autograd.Variable;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Notebook 01 against PyTorch ({@code scripts/reference_notebooks.py}: f(x) = ((x − 3)^(2/x) − 1)^(x − 1)
 * and f′ on the sweep x = 4.5, 4.75, ..., 14, float64), without a copy of its cells: the library
 * calls the notebook makes, at full precision; and what the executed notebook prints, through its
 * {@code autograd_checks}: the value and derivative at 10 and the range of f′ to PyTorch's digits,
 * PyTorch (DJL) and SameDiff within two units in the last place of ours at every integer x of the
 * table, and central differences within 2e-12.
 */
class Notebook01GradientTest {

    static final String NOTEBOOK = "01-gradient-vs-pytorch";
    static final Map<String, double[]> REFERENCE = NotebookReference.load();
    /** x = 10 in the sweep. */
    static final int TEN = 22;

    static double[] ref(String key) {
        return NotebookReference.get(REFERENCE, key);
    }

    /** The notebook's calls: one {@code Variable} holding the sweep, f, one backward pass. */
    @Test
    void variableGivesPyTorchsValuesAndDerivativesOverTheSweep() {
        Variable x = new Variable(ref("gradient.x"));
        Variable f = x.sub(3).pow(x.rdiv(2)).sub(1).pow(x.sub(1));
        f.sum().backward();
        assertClose(ref("gradient.f"), f.value(), "f");
        assertClose(ref("gradient.grad"), x.grad().value(), "f'");
    }

    static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(
                    expected[i], actual[i], 1e-13 * Math.abs(expected[i]), what + " at x = " + ref("gradient.x")[i]);
        }
    }

    /** "f climbs to its peak near x ≈ 6, where f′ = 0, and decays after" (the text under the chart). */
    @Test
    void theSweepPeaksNearSixAsTheTextSays() {
        double[] x = ref("gradient.x"), f = ref("gradient.f"), grad = ref("gradient.grad");
        assertEquals(10.0, x[TEN]);
        int peak = 0;
        for (int i = 0; i < x.length; i++) {
            assertEquals(x[i] <= 6, grad[i] > 0, "sign of f' at " + x[i]);
            if (f[i] > f[peak]) peak = i;
        }
        assertTrue(x[peak] == 6 || x[peak] == 6.25, "f peaks at " + x[peak]);
    }

    static final String TINY = "(0\\.0e\\+00|\\d\\.\\de-(1[89]|[2-9]\\d))"; // below 1e-17 (%.1e)
    static final String BELOW_2E_12 = "([01]\\.\\de-12|\\d\\.\\de-(1[3-9]|[2-9]\\d))"; // %.1e

    static String format(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    /** The lines the notebook prints, from PyTorch's numbers, as regexes for the notebook runner. */
    static List<String> expectedStdout() {
        double[] f = ref("gradient.f"), grad = ref("gradient.grad");
        List<String> checks = new ArrayList<>();
        checks.add(NotebookChecks.line(format("f(%.0f) = %.6f,  df/dx = %.10f", 10.0, f[TEN], grad[TEN])));
        for (String engine : List.of("autograd", "torch", "SameDiff", "finite differences")) {
            String gradient = format("%s gradient: %.5f in ", engine, grad[TEN]);
            checks.add("^" + NotebookChecks.literal(gradient) + "\\d+\\.\\d{5}s$");
        }
        checks.add("^largest difference: (0\\.00e\\+00|\\d\\.\\d\\de-(1[3-9]|[2-9]\\d))$"); // of the four: below 1e-12
        checks.add(NotebookChecks.line("The packages agree!"));
        double[] range = {
            Arrays.stream(grad).min().orElseThrow(), Arrays.stream(grad).max().orElseThrow()
        };
        checks.add(NotebookChecks.line(format("%d points, f' from %.5f to %.5f", grad.length, range[0], range[1])));
        checks.add("^largest \\|difference\\| over 39 points: PyTorch " + TINY + ", SameDiff " + TINY
                + ", finite differences " + BELOW_2E_12 + "$");
        return checks;
    }

    /** The rows of the notebook's table (integer x): f′ to ten digits, the other engines' differences. */
    static List<String> expectedText() {
        DecimalFormatSymbols symbols = DecimalFormatSymbols.getInstance(Locale.ROOT);
        DecimalFormat tenDigits = new DecimalFormat("0.000000000E0", symbols);
        DecimalFormat difference = new DecimalFormat("0.00E0", symbols);
        double[] x = ref("gradient.x"), grad = ref("gradient.grad");
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (x[i] != Math.rint(x[i])) continue;
            List<String> withinTwoUlps = new ArrayList<>();
            for (int k = -2; k <= 2; k++) withinTwoUlps.add(difference.format(k * Math.ulp(grad[i])));
            String ulps = NotebookChecks.anyOf(withinTwoUlps);
            String finite = "(0\\.00E0|-?[01]\\.\\d\\dE-12|-?\\d\\.\\d\\dE-(1[3-9]|[2-9]\\d))"; // below 2e-12
            rows.add(NotebookChecks.row(
                    String.valueOf((int) x[i]), NotebookChecks.literal(tenDigits.format(grad[i])), ulps, ulps, finite));
        }
        assertEquals(10, rows.size(), "x = 5, 6, ..., 14");
        return rows;
    }

    @Test
    void theExecutedNotebookMustPrintPyTorchsNumbers() {
        NotebookChecks.assertDemanded(NOTEBOOK, "stdout", expectedStdout());
        NotebookChecks.assertDemanded(NOTEBOOK, "text", expectedText());
    }
}

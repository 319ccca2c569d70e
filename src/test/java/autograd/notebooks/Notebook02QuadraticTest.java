package autograd.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import autograd.Variable;
import autograd.optimizer.GD;
import autograd.optimizer.Optimizer;
import autograd.optimizer.SGD;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Notebook 02, gradient descent on f(x) = (x − 2)² + 4x − 2, against PyTorch
 * ({@code scripts/reference_notebooks.py}: {@code torch.optim.SGD} with and without momentum) and the
 * closed form x_i = (1 − 2·lr)^i·x_0, without a copy of its cells: PyTorch's runs print the lines the
 * original Python demo published and follow the closed form; the library calls the notebook makes
 * take PyTorch's steps; and the executed notebook, through its {@code autograd_checks}, must print
 * PyTorch's lines, keep within 1e-15 of the closed form and find f″ = 2 by Newton's method.
 */
class Notebook02QuadraticTest {

    static final String NOTEBOOK = "02-quadratic-gd";
    static final Map<String, double[]> REFERENCE = NotebookReference.load();
    static final int[] STARTS = {-3, 4};
    static final double[] RATES = {0.1, 0.8};

    static double[] ref(String key) {
        return NotebookReference.get(REFERENCE, key);
    }

    /** The epoch lines of the two runs, as the notebook prints them, from PyTorch's iterates. */
    static List<String> epochLines(int run) {
        double[] x = ref("quadratic.gd" + (run + 1) + ".x"), f = ref("quadratic.gd" + (run + 1) + ".f");
        List<String> lines = new ArrayList<>();
        for (int epoch = 0; epoch < 100; epoch += 25) {
            lines.add(String.format(Locale.ROOT, "epoch: %d | x: %.3f | f(x): %.3f", epoch, x[epoch + 1], f[epoch]));
        }
        return lines;
    }

    /** What the original demo printed (its published output). */
    @Test
    void pytorchsRunsPrintTheOriginalDemosLines() {
        assertEquals(
                List.of(
                        "epoch: 0 | x: -2.400 | f(x): 11.000",
                        "epoch: 25 | x: -0.009 | f(x): 2.000",
                        "epoch: 50 | x: -0.000 | f(x): 2.000",
                        "epoch: 75 | x: -0.000 | f(x): 2.000"),
                epochLines(0));
        assertEquals(
                List.of(
                        "epoch: 0 | x: -2.400 | f(x): 18.000",
                        "epoch: 25 | x: 0.000 | f(x): 2.000",
                        "epoch: 50 | x: -0.000 | f(x): 2.000",
                        "epoch: 75 | x: -0.000 | f(x): 2.000"),
                epochLines(1));
    }

    @Test
    void pytorchsIteratesFollowTheClosedForm() {
        for (int run = 0; run < 2; run++) {
            double[] x = ref("quadratic.gd" + (run + 1) + ".x");
            for (int i = 0; i < x.length; i++) {
                double closedForm = STARTS[run] * Math.pow(1 - 2 * RATES[run], i);
                assertEquals(closedForm, x[i], 1e-15, "run " + run + ", iteration " + i);
            }
        }
    }

    /** The notebook's calls (the model's f, backward, the optimizer's step) take PyTorch's 100 steps. */
    @Test
    void theNotebooksCallsTakePyTorchsSteps() {
        String[] runs = {"gd1", "gd2", "momentum306", "momentum9"};
        for (String run : runs) {
            double[] expected = ref("quadratic." + run + ".x");
            Variable x = new Variable(expected[0]);
            Optimizer optimizer = switch (run) {
                case "gd1" -> new GD(List.of(x), 0.1);
                case "gd2" -> new GD(List.of(x), 0.8);
                case "momentum306" -> new SGD(List.of(x), 0.1).momentum(0.306);
                default -> new SGD(List.of(x), 0.1).momentum(0.9);
            };
            for (int step = 1; step <= 100; step++) {
                optimizer.zeroGrad();
                Variable f = x.sub(2).pow(2).add(x.mul(4)).sub(2);
                double expectedF = ref("quadratic." + run + ".f")[step - 1];
                assertEquals(expectedF, f.item(), 1e-14 * Math.abs(expectedF), run + ": f before step " + step);
                f.backward();
                optimizer.step();
                assertEquals(expected[step], x.item(), 1e-15, run + ": x after step " + step);
            }
        }
    }

    /** The lines the notebook prints, from PyTorch's numbers and the closed forms, as regexes. */
    static List<String> expectedStdout() {
        List<String> checks = new ArrayList<>();
        checks.add(NotebookChecks.line("Performing GD for 2 runs with different initializations:"));
        for (int run = 0; run < 2; run++) {
            String block =
                    "Starting run " + run + " with x_0=" + STARTS[run] + "\n" + String.join("\n", epochLines(run));
            checks.add(NotebookChecks.line(block));
        }
        // |x_i − (1 − 2 lr)^i x_0| below 1e-15 for every iterate of both runs
        checks.add(
                "^largest gap between GD and \\(1 - 2 lr\\)\\^i x_0: (0\\.0e\\+00|\\d\\.\\de-(1[6-9]|[2-9]\\d|\\d{3}))$");
        String[][] momentum = {{"GD", "gd1"}, {"momentum 0.306", "momentum306"}, {"momentum 0.9", "momentum9"}};
        for (String[] run : momentum) {
            double[] x = ref("quadratic." + run[1] + ".x");
            String line = String.format(Locale.ROOT, "%-15s |x_25| = %.1e   |x_99| = ", run[0], Math.abs(x[25]));
            checks.add("^" + NotebookChecks.literal(line) + digits(Math.abs(x[99])) + "$");
        }
        // f'' = 2 everywhere: Newton's first step lands on x* = 0 up to the error of the differenced f''
        checks.add("^Newton step 1: f''\\(x\\) = 2\\.000000, x = -?\\d\\.\\d{3}e-(0[7-9]|[1-9]\\d)$");
        for (int step = 2; step <= 3; step++) {
            checks.add("^Newton step " + step + ": f''\\(x\\) = 2\\.000000, x = -?\\d\\.\\d{3}e-(1[5-9]|[2-9]\\d)$");
        }
        return checks;
    }

    /**
     * {@code |x|} as {@code %.1e} prints it; below 1e-15 only that it is: there the gradient 2(x − 2) + 4
     * has lost every digit of x to the rounding of x − 2 (the floor the notebook explains), so the
     * last iterates are rounding noise (momentum 0.306's |x_99|: PyTorch 1.3e-16, this library 1.1e-16).
     */
    static String digits(double x) {
        return x < 1e-15
                ? "\\d\\.\\de-(1[6-9]|[2-9]\\d)"
                : NotebookChecks.literal(String.format(Locale.ROOT, "%.1e", x));
    }

    @Test
    void theExecutedNotebookMustPrintPyTorchsLines() {
        NotebookChecks.assertDemanded(NOTEBOOK, "stdout", expectedStdout());
    }
}

package autograd.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import autograd.Variable;
import autograd.optimizer.GD;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Notebook 03, descents on f(x, y) = −(1 − (x² + y³))·exp(−(x² + y²)/2), against PyTorch
 * ({@code scripts/reference_notebooks.py}: gradient descent, momentum and Adam from {@code torch.optim}
 * on PyTorch's gradients), without a copy of its cells: PyTorch's runs print the original demo's
 * lines; the library calls the notebook makes take PyTorch's steps; the executed notebook,
 * through its {@code autograd_checks}, must print PyTorch's 15-, 500- and 50-epoch results; and the
 * endings its text explains (global minimum, the origin's local minimum, the plateau) are where
 * PyTorch's runs end.
 */
class Notebook03ContourTest {

    static final String NOTEBOOK = "03-contour-trajectories";
    static final Map<String, double[]> REFERENCE = NotebookReference.load();
    static final double[][] STARTS = {{0.5, 1.8}, {-2, -2}, {-2, 2}, {1.6, -0.1}};

    static double[] ref(String key) {
        return NotebookReference.get(REFERENCE, key);
    }

    static String format(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    /** Run {@code run} (0..3) as the notebook prints it: its start, then epochs 0, 5 and 10. */
    static String block(int run) {
        String key = "contour." + (run + 1);
        double[] x = ref(key + ".x"), y = ref(key + ".y"), f = ref(key + ".f");
        StringBuilder block =
                new StringBuilder("Starting initialization: x=" + STARTS[run][0] + ", y=" + STARTS[run][1]);
        for (int epoch = 0; epoch < 15; epoch += 5) {
            block.append(format(
                    "\n   epoch: %d | x: %.3f | y: %.3f | f(x): %.3f", epoch, x[epoch + 1], y[epoch + 1], f[epoch]));
        }
        return block.toString();
    }

    /** What the original demo printed (its published output). */
    @Test
    void pytorchsRunsPrintTheOriginalDemosLines() {
        assertEquals(
                List.of(
                        "Starting initialization: x=0.5, y=1.8\n"
                                + "   epoch: 0 | x: 0.581 | y: 1.770 | f(x): 0.888\n"
                                + "   epoch: 5 | x: 1.037 | y: 1.426 | f(x): 0.686\n"
                                + "   epoch: 10 | x: 0.903 | y: 0.674 | f(x): 0.298",
                        "Starting initialization: x=-2.0, y=-2.0\n"
                                + "   epoch: 0 | x: -1.923 | y: -2.011 | f(x): -0.092\n"
                                + "   epoch: 5 | x: -1.272 | y: -1.979 | f(x): -0.323\n"
                                + "   epoch: 10 | x: -0.135 | y: -1.608 | f(x): -1.322",
                        "Starting initialization: x=-2.0, y=2.0\n"
                                + "   epoch: 0 | x: -2.099 | y: 2.055 | f(x): 0.201\n"
                                + "   epoch: 5 | x: -2.425 | y: 2.249 | f(x): 0.079\n"
                                + "   epoch: 10 | x: -2.606 | y: 2.362 | f(x): 0.043",
                        "Starting initialization: x=1.6, y=-0.1\n"
                                + "   epoch: 0 | x: 1.541 | y: -0.115 | f(x): 0.431\n"
                                + "   epoch: 5 | x: 0.397 | y: -0.209 | f(x): -0.259\n"
                                + "   epoch: 10 | x: 0.000 | y: -0.100 | f(x): -0.994"),
                List.of(block(0), block(1), block(2), block(3)));
    }

    /** The notebook's calls (the model's f, backward, a GD step of lr 0.3) take PyTorch's 15 steps. */
    @Test
    void theNotebooksCallsTakePyTorchsSteps() {
        for (int run = 0; run < STARTS.length; run++) {
            String key = "contour." + (run + 1);
            Variable x = new Variable(STARTS[run][0]), y = new Variable(STARTS[run][1]);
            GD optimizer = new GD(List.of(x, y), 0.3);
            for (int step = 1; step <= 15; step++) {
                optimizer.zeroGrad();
                Variable bump = x.pow(2).add(y.pow(2)).div(2).neg().exp();
                Variable f = x.pow(2).add(y.pow(3)).rsub(1).neg().mul(bump);
                assertEquals(ref(key + ".f")[step - 1], f.item(), 1e-15, key + ": f before step " + step);
                f.backward();
                optimizer.step();
                assertEquals(ref(key + ".x")[step], x.item(), 1e-15, key + ": x after step " + step);
                assertEquals(ref(key + ".y")[step], y.item(), 1e-15, key + ": y after step " + step);
            }
        }
    }

    static final String[] OPTIMIZERS = {"gd", "momentum", "adam"};
    static final String[] NAMES = {"GD", "momentum", "Adam"};
    /** Where each optimizer ends from each start after 50 epochs: the notebook's "ends in" column. */
    static final String[][] ENDINGS = {
        {"local minimum (origin)", "global minimum", "plateau", "local minimum (origin)"},
        {"plateau", "global minimum", "plateau", "global minimum"},
        {"global minimum", "global minimum", "plateau", "global minimum"}
    };

    /** The lines the notebook prints, from PyTorch's numbers, as regexes for the notebook runner. */
    static List<String> expectedStdout() {
        List<String> checks = new ArrayList<>();
        checks.add(NotebookChecks.line("Performing GD for 4 runs with different initializations:"));
        for (int run = 0; run < STARTS.length; run++) checks.add(NotebookChecks.line(block(run)));
        for (int run = 0; run < STARTS.length; run++) {
            double[] end = ref("contour." + (run + 1) + ".end500");
            checks.add(NotebookChecks.line(
                    format("run %d after 500 epochs: x = %.3f, y = %.3f, f = %.4f", run, end[0], end[1], end[2])));
        }
        return checks;
    }

    /** The rows of the notebook's table: each optimizer from each start after 50 epochs. */
    static List<String> expectedText() {
        DecimalFormat threeDecimals = new DecimalFormat("0.000", DecimalFormatSymbols.getInstance(Locale.ROOT));
        List<String> rows = new ArrayList<>();
        for (int o = 0; o < OPTIMIZERS.length; o++) {
            for (int run = 0; run < STARTS.length; run++) {
                double[] end = ref("contour." + OPTIMIZERS[o] + "." + (run + 1) + ".end50");
                List<String> cells =
                        new ArrayList<>(List.of(NAMES[o], "(" + STARTS[run][0] + ", " + STARTS[run][1] + ")"));
                for (double v : end) cells.add(threeDecimals.format(v));
                cells.add(ENDINGS[o][run]);
                rows.add(NotebookChecks.row(
                        cells.stream().map(NotebookChecks::literal).toArray(String[]::new)));
            }
        }
        return rows;
    }

    @Test
    void theExecutedNotebookMustPrintPyTorchsNumbers() {
        NotebookChecks.assertDemanded(NOTEBOOK, "stdout", expectedStdout());
        NotebookChecks.assertDemanded(NOTEBOOK, "text", expectedText());
    }

    /** "Why only one run finds the global minimum": where PyTorch's 500-epoch runs end. */
    @Test
    void pytorchsRunsEndWhereTheNotebookSays() {
        double[][] ends = new double[STARTS.length][];
        for (int run = 0; run < STARTS.length; run++) ends[run] = ref("contour." + (run + 1) + ".end500");
        // Runs 0 and 3: the local minimum at the origin, f = −1.
        for (int run : new int[] {0, 3}) {
            assertEquals(0, ends[run][0], 1e-6, "run " + run + " x");
            assertEquals(0, ends[run][1], 1e-6, "run " + run + " y");
            assertEquals(-1, ends[run][2], 1e-12, "run " + run + " f");
        }
        // Run 1: the global minimum on the axis x = 0, where 1 + 3y − y³ = 0 (y = 2 cos 140° ≈ −1.532).
        assertEquals(0, ends[1][0], 1e-6);
        assertEquals(2 * Math.cos(Math.toRadians(140)), ends[1][1], 1e-9);
        assertEquals(-1.4213, ends[1][2], 1e-4);
        // Run 2: drifting out on the plateau, f small and positive, ever further from the origin.
        assertTrue(ends[2][2] > 0 && ends[2][2] < 1e-3, "f = " + ends[2][2]);
        assertTrue(Math.hypot(ends[2][0], ends[2][1]) > 4, "distance from the origin");
    }

    /** The table's "ends in" column, read off f as the notebook does, holds for PyTorch's runs. */
    @Test
    void theEndingsOfTheTableAreWherePyTorchsRunsEnd() {
        for (int o = 0; o < OPTIMIZERS.length; o++) {
            for (int run = 0; run < STARTS.length; run++) {
                double f = ref("contour." + OPTIMIZERS[o] + "." + (run + 1) + ".end50")[2];
                String where = NAMES[o] + " from start " + run + ": f = " + f;
                switch (ENDINGS[o][run]) {
                    case "global minimum" -> assertTrue(f < -1.4, where);
                    case "local minimum (origin)" -> assertEquals(-1, f, 1e-6, where);
                    default -> assertTrue(Math.abs(f) < 1e-2, where);
                }
            }
        }
    }
}

package autograd.notebooks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import autograd.Variable;
import autograd.data.Dataset;
import autograd.nn.Loss;
import autograd.nn.Perceptron;
import autograd.optimizer.GD;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Notebook 04 against PyTorch ({@code scripts/reference_notebooks.py}, {@code torch.nn.MSELoss}
 * and {@code torch.optim.SGD} on the same blobs), without re-typing the notebook's loop: the
 * library calls the notebook makes, checked at full precision for one step; what the executed
 * notebook prints, checked by {@code ./kernel-setup.sh test} through the notebook's
 * {@code autograd_checks}, which must demand PyTorch's numbers; and the claims its text makes,
 * checked on PyTorch's runs.
 */
class Notebook04BlobPerceptronTest {

    static final Map<String, double[]> REFERENCE = NotebookReference.load();
    static final double[][] STARTS = NotebookReference.PERCEPTRON_STARTS;

    static double[] ref(String key) {
        return NotebookReference.get(REFERENCE, key);
    }

    @Test
    void theBlobsAreTheDataPyTorchTrainedOn() {
        Dataset blobs = NotebookReference.blobs();
        assertArrayEquals(
                ref("blobs.x"),
                NotebookReference.features(blobs),
                "Datasets.makeBlobs changed: regenerate notebooks.txt (see NotebookReference)");
        assertArrayEquals(ref("blobs.y"), blobs.labelArray());
    }

    /** The notebook's calls: forward on all inputs, the loss, backward, one GD step of lr 0.1. */
    @Test
    void theNotebooksLossAndOneGdStepMatchPyTorch() {
        Dataset blobs = NotebookReference.blobs();
        for (String variant : List.of("run", "summed")) {
            Loss loss = variant.equals("run") ? Loss.mse() : Loss.squaredError();
            for (int run = 0; run < 4; run++) {
                String key = variant + "." + (run + 1);
                Perceptron perceptron = new Perceptron(STARTS[run]);
                GD optimizer = new GD(perceptron, 0.1);
                Variable l = loss.apply(perceptron.forward(blobs.inputs()), blobs.labels());
                assertEquals(ref(key + ".losses")[0], l.item(), 1e-13 * ref(key + ".losses")[0], key + " loss");
                optimizer.zeroGrad();
                l.backward();
                optimizer.step();
                double[] w = perceptron.weights().value();
                double[] actual = {w[0], w[1], perceptron.bias().item()};
                assertArrayEquals(ref(key + ".step1"), actual, 1e-13, key + " after one step");
            }
        }
    }

    /** The lines the notebook prints, from PyTorch's numbers, as regexes for the notebook runner. */
    static List<String> expectedChecks() {
        List<String> checks = new ArrayList<>();
        for (int run = 0; run < 4; run++) {
            double[] losses = ref("run." + (run + 1) + ".losses");
            StringBuilder block = new StringBuilder("Starting run with w=" + Arrays.toString(STARTS[run]));
            for (int k = 0; k < 4; k++) block.append(String.format("\nepoch: %d | loss:%.4f", 100 * k, losses[k]));
            checks.add(NotebookChecks.line(block.toString()));
        }
        for (String variant : List.of("run", "summed")) {
            for (int run = 0; run < 4; run++) {
                double[] end = ref(variant + "." + (run + 1) + ".final");
                double last = ref(variant + "." + (run + 1) + ".losses")[4];
                checks.add(NotebookChecks.line(String.format(
                        "run %d from w=%s: w = [%.3f, %.3f], b = %.3f, loss %.4f",
                        run + 1, Arrays.toString(STARTS[run]), end[0], end[1], end[2], last)));
            }
        }
        return checks;
    }

    @Test
    void theExecutedNotebookMustPrintPyTorchsLosses() {
        NotebookChecks.assertDemanded("04-blob-perceptron", "stdout", expectedChecks());
    }

    /** Loss of run {@code run} (1..4) of {@code variant} at {@code epoch}, a multiple of 10. */
    static double at(String variant, int run, int epoch) {
        return ref(variant + "." + run + ".history")[epoch / 10];
    }

    static double last(String variant, int run) {
        return ref(variant + "." + run + ".losses")[4];
    }

    /** What the notebook's text says about its plots, on PyTorch's runs (which its printed lines match). */
    @Test
    void theNotebooksStoryHoldsForPyTorchsRuns() {
        // [2, 2] and [2, 0] start near the maximum 4; w and −w: 2 + 2·mean tanh² ≤ 4, "3.60 + 0.19 = 3.78".
        for (int run : new int[] {1, 2}) assertTrue(at("run", run, 0) > 3.5 && at("run", run, 0) < 4);
        assertEquals(3.78, at("run", 1, 0) + at("run", 4, 0), 0.005);
        // Still above 3 after 20 epochs from [2, 0] and 50 from [2, 2]; below 0.3 within the next 20 and 60.
        assertTrue(at("run", 2, 20) > 3 && at("run", 2, 40) < 0.3);
        assertTrue(at("run", 1, 50) > 3 && at("run", 1, 110) < 0.3);
        // [−2, 2]: from 0.80, a second descent still under way at epoch 400, the last run to arrive.
        assertEquals(0.80, at("run", 3, 0), 0.005);
        assertTrue(last("run", 3) < at("run", 3, 300) - 0.04 && at("run", 3, 390) < at("run", 3, 380));
        for (int run : new int[] {1, 2, 4}) assertTrue(last("run", 3) > last("run", run) + 0.01);
        // [−2, −2] starts in the valley (0.19) and only settles: its loss never rises.
        assertEquals(0.19, at("run", 4, 0), 0.005);
        for (int epoch = 10; epoch < 400; epoch += 10) assertTrue(at("run", 4, epoch) < at("run", 4, epoch - 10));
        // No run leaves the [−4, 4) × [−4, 5) window; losses from 0.118 to 0.133; four different end points.
        for (int run = 1; run <= 4; run++) {
            assertTrue(ref("run." + run + ".reach")[0] < 4, "run " + run + " leaves the window");
            assertTrue(last("run", run) > 0.1175 && last("run", run) < 0.1335, "run " + run);
            for (int other = 1; other < run; other++) {
                double[] a = ref("run." + run + ".final");
                double[] b = ref("run." + other + ".final");
                assertTrue(Math.hypot(a[0] - b[0], a[1] - b[1]) > 0.05, "runs " + other + " and " + run);
            }
        }
        // The variation: [−2, 2] to (−6.99, −3.47) in one step, [2, 2] out to w0 ≈ −5.9, [2, 0] to ≈ −13.9.
        assertArrayEquals(new double[] {-6.99, -3.47}, Arrays.copyOf(ref("summed.3.step1"), 2), 0.005);
        assertEquals(5.9, ref("summed.1.reach")[0], 0.05);
        assertEquals(13.9, ref("summed.2.reach")[0], 0.05);
        // A plateau near 14.7, left at about epoch 145 from [2, 2] and 270 from [−2, 2]; [2, 0] still crawling.
        assertTrue(at("summed", 1, 140) > 14 && at("summed", 1, 150) < 14);
        assertTrue(at("summed", 3, 260) > 14 && at("summed", 3, 280) < 14);
        assertEquals(14.74, last("summed", 2), 0.005);
        assertTrue(last("summed", 2) < ref("summed.2.losses")[3]);
        // Three runs end on the same, best line, summed 11.7757, a mean of 0.1178, below every mean run.
        for (int run : new int[] {1, 3, 4}) {
            assertArrayEquals(new double[] {-1.484, -1.065, 0.638}, ref("summed." + run + ".final"), 0.003);
            assertEquals(11.7757, last("summed", run), 0.0002);
            for (int original = 1; original <= 4; original++)
                assertTrue(last("summed", run) / 100 < last("run", original));
        }
    }

    /** "95 or 96 of the 100 points on the right side" of each run's final line. */
    @Test
    void theFinalLinesClassifyTheBlobsAlike() {
        Dataset blobs = NotebookReference.blobs();
        for (int run = 1; run <= 4; run++) {
            double[] end = ref("run." + run + ".final");
            double[] out = new Perceptron(new double[] {end[0], end[1]}, end[2])
                    .forward(blobs.inputs())
                    .value();
            int correct = 0;
            for (int i = 0; i < out.length; i++) if (Math.signum(out[i]) == blobs.y(i)) correct++;
            assertTrue(correct == 95 || correct == 96, "run " + run + ": " + correct);
        }
    }
}

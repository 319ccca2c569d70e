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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Notebook 04's training, in plain Java: the four perceptron runs, their printed
 * {@code epoch: %d | loss:%.4f} lines and final weights against PyTorch, and the claims its text
 * makes about them.
 */
class Notebook04BlobPerceptronTest {

    static final Map<String, double[]> REFERENCE = NotebookReference.load();
    static final List<Run> RUNS = new ArrayList<>();

    record Run(double[] losses, List<String> printed, double[] finalWeights) {}

    /** The notebook's training loop: GD with lr 0.1 for 400 epochs on the summed squared error. */
    static Run train(Dataset blobs, double[] start) {
        Perceptron perceptron = new Perceptron(start);
        GD optimizer = new GD(perceptron, 0.1);
        double[] losses = new double[400];
        List<String> printed = new ArrayList<>();
        for (int epoch = 0; epoch < 400; epoch++) {
            Variable loss = perceptron.forwardDataset(blobs, Loss.squaredError());
            optimizer.zeroGrad();
            loss.backward();
            optimizer.step();
            losses[epoch] = loss.item();
            if (epoch % 100 == 0) printed.add(String.format("epoch: %d | loss:%.4f", epoch, loss.item()));
        }
        double[] w = perceptron.weights().value();
        return new Run(
                losses, printed, new double[] {w[0], w[1], perceptron.bias().item()});
    }

    @BeforeAll
    static void trainFourRuns() {
        Dataset blobs = NotebookReference.blobs();
        for (double[] start : NotebookReference.PERCEPTRON_STARTS) RUNS.add(train(blobs, start));
    }

    @Test
    void theBlobsAreTheDataPyTorchTrainedOn() {
        Dataset blobs = NotebookReference.blobs();
        assertArrayEquals(
                NotebookReference.get(REFERENCE, "blobs.x"),
                NotebookReference.features(blobs),
                "Datasets.makeBlobs changed: regenerate notebooks.txt (see NotebookReference)");
        assertArrayEquals(NotebookReference.get(REFERENCE, "blobs.y"), blobs.labelArray());
    }

    @Test
    void lossesEvery100EpochsMatchPyTorch() {
        for (int run = 0; run < 4; run++) {
            double[] expected = NotebookReference.get(REFERENCE, "run." + (run + 1) + ".losses");
            for (int k = 0; k < 4; k++) {
                double actual = RUNS.get(run).losses()[100 * k];
                assertEquals(
                        expected[k], actual, 1e-9 * Math.abs(expected[k]), "run " + (run + 1) + ", epoch " + 100 * k);
                assertEquals(
                        String.format("epoch: %d | loss:%.4f", 100 * k, expected[k]),
                        RUNS.get(run).printed().get(k));
            }
        }
    }

    @Test
    void finalWeightsAndBiasMatchPyTorch() {
        for (int run = 0; run < 4; run++) {
            double[] expected = NotebookReference.get(REFERENCE, "run." + (run + 1) + ".final");
            double[] actual = RUNS.get(run).finalWeights();
            for (int i = 0; i < 3; i++) {
                assertEquals(
                        expected[i],
                        actual[i],
                        1e-8 * Math.max(1, Math.abs(expected[i])),
                        "run " + (run + 1) + ", parameter " + i);
            }
        }
    }

    @Test
    void theNotebooksStoryHolds() {
        // "Only the start [-2, -2] slides straight to the best line": lowest loss at epoch 100.
        double slope = RUNS.get(3).losses()[100];
        for (int run = 0; run < 3; run++) {
            assertTrue(
                    slope < RUNS.get(run).losses()[100] - 1,
                    "run 4 should lead at epoch 100, run " + (run + 1) + " has "
                            + RUNS.get(run).losses()[100] + " vs " + slope);
        }
        // "The run from [2, 0] is still crawling after 400 epochs", far out on a plateau.
        Run crawling = RUNS.get(1);
        assertTrue(crawling.losses()[399] > RUNS.get(0).losses()[399] + 1);
        assertTrue(crawling.losses()[399] < crawling.losses()[300], "still descending");
        assertTrue(Math.abs(crawling.finalWeights()[0]) > 4, "outside the [-4, 4) box");
        // Runs 1, 3 and 4 end at the same line.
        for (int run : new int[] {0, 2}) {
            assertEquals(RUNS.get(3).finalWeights()[0], RUNS.get(run).finalWeights()[0], 0.01);
            assertEquals(RUNS.get(3).finalWeights()[1], RUNS.get(run).finalWeights()[1], 0.01);
        }
    }
}

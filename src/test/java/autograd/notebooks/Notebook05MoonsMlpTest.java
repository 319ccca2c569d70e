package autograd.notebooks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import autograd.Value;
import autograd.Variable;
import autograd.data.Dataset;
import autograd.nn.Loss;
import autograd.nn.MLP;
import autograd.nn.scalar.ScalarMLP;
import autograd.optimizer.GD;
import autograd.optimizer.SGD;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Notebook 05 against PyTorch ({@code scripts/reference_notebooks.py}: the same networks from the same
 * initial weights on the same moons), without a copy of its cells: the library calls the notebook
 * makes take PyTorch's first steps at full precision; the executed notebook, through its
 * {@code autograd_checks}, must print PyTorch's accuracy after every epoch of the scalar MLP and
 * after the tensor MLP's 300 steps, the parameter count, and a regression slope equal to its own
 * closed form.
 */
class Notebook05MoonsMlpTest {

    static final String NOTEBOOK = "05-moons-mlp";
    static final Map<String, double[]> REFERENCE = NotebookReference.load();

    static double[] ref(String key) {
        return NotebookReference.get(REFERENCE, key);
    }

    @Test
    void moonsAndInitialWeightsAreWhatPyTorchTrained() {
        Dataset moons = NotebookReference.moons();
        assertArrayEquals(
                ref("moons.x"),
                NotebookReference.features(moons),
                "Datasets.makeMoons changed: regenerate notebooks.txt (see NotebookReference)");
        assertArrayEquals(ref("moons.y"), moons.labelArray());
        assertArrayEquals(
                ref("mlp.init"),
                NotebookReference.weights(NotebookReference.moonsModel()),
                "the scalar MLP's initialisation changed: regenerate notebooks.txt (see NotebookReference)");
        assertArrayEquals(
                ref("tensor.init"),
                NotebookReference.weights(NotebookReference.tensorModel()),
                "the tensor MLP's initialisation changed: regenerate notebooks.txt (see NotebookReference)");
    }

    /** The notebook's calls for one point: forward, squared error, backward, an SGD step of lr 0.1. */
    @Test
    void oneStepOfTheScalarMlpIsPyTorchs() {
        Dataset moons = NotebookReference.moons();
        ScalarMLP model = NotebookReference.moonsModel();
        SGD optimizer = new SGD(model, 0.1);
        Dataset.Sample first = moons.iterator().next();
        Value loss = model.forward(first.x()).sub(first.y()).pow(2);
        optimizer.zeroGrad();
        loss.backward();
        optimizer.step();
        assertArrayEquals(ref("moons.step1"), NotebookReference.weights(model), 1e-15);
    }

    /** The notebook's calls for the whole batch: forward, mean squared error, backward, a GD step of lr 1. */
    @Test
    void oneStepOfTheTensorMlpIsPyTorchs() {
        Dataset moons = NotebookReference.moons();
        MLP net = NotebookReference.tensorModel();
        GD fullBatch = new GD(net, 1.0);
        Variable loss =
                Loss.mse().apply(net.forward(moons.inputs()), moons.labels().reshape(100, 1));
        assertEquals(ref("tensor.losses")[0], loss.item(), 1e-15);
        fullBatch.zeroGrad();
        loss.backward();
        fullBatch.step();
        assertArrayEquals(ref("tensor.step1"), NotebookReference.weights(net), 1e-14);
    }

    /** What the text says: 100 % after training, both networks; full batch cuts the loss by far more than 5. */
    @Test
    void pytorchsRunsSeparateTheMoons() {
        double[] correct = ref("moons.correct");
        assertEquals(100, correct[24], "scalar MLP after 25 epochs");
        assertEquals(100, ref("tensor.correct")[0], "tensor MLP after 300 steps");
        assertTrue(ref("tensor.losses")[1] < ref("tensor.losses")[0] / 5);
    }

    /** The lines the notebook prints, from PyTorch's numbers and closed forms, as regexes. */
    static List<String> expectedStdout() {
        List<String> checks = new ArrayList<>();
        // Gradient descent stops at |dL/dβ| < 1e-6 within 50 steps, at its own closed form Σxy / Σx² (6 decimals).
        checks.add("^converged after ([1-9]|[1-4]\\d) steps: beta = (-?\\d+\\.\\d{6}), loss = \\d+\\.\\d{6},"
                + " dL/dbeta = -?\\d\\.\\de-(0[7-9]|[1-9]\\d)\\n(.*\\n)*closed form:  beta = \\2$");
        // 2·16 + 16 weights and biases in the first layer, 16·16 + 16 in the second, 16 + 1 in the output
        checks.add(NotebookChecks.line("ScalarMLP(2 -> 16 -> 16 -> 1, output Sigmoid) with "
                + (2 * 16 + 16 + 16 * 16 + 16 + 16 + 1) + " parameters"));
        double[] correct = ref("moons.correct");
        StringBuilder epochs = new StringBuilder();
        for (int epoch = 0; epoch < correct.length; epoch++) {
            epochs.append(epoch == 0 ? "" : "\n")
                    .append("finished epoch  ")
                    .append(epoch)
                    .append(" accuracy ")
                    .append(correct[epoch] / 100);
        }
        checks.add(NotebookChecks.line(epochs.toString()));
        checks.add(NotebookChecks.line(
                "tensor MLP, full batch: accuracy " + ref("tensor.correct")[0] / 100 + " after 300 epochs"));
        return checks;
    }

    @Test
    void theExecutedNotebookMustPrintPyTorchsAccuracies() {
        NotebookChecks.assertDemanded(NOTEBOOK, "stdout", expectedStdout());
    }
}

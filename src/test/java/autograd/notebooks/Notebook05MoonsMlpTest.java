package autograd.notebooks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import autograd.Autograd;
import autograd.Value;
import autograd.Variable;
import autograd.data.Dataset;
import autograd.nn.Loss;
import autograd.nn.scalar.ScalarMLP;
import autograd.optimizer.GD;
import autograd.optimizer.SGD;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Notebook 05's computations in plain Java: the regression by gradient descent against the closed
 * form, the scalar MLP's per-epoch accuracy against PyTorch, and the tensor MLP's accuracy.
 */
class Notebook05MoonsMlpTest {

    static final Map<String, double[]> REFERENCE = NotebookReference.load();

    @Test
    void regressionStopsAtTheLeastSquaresSlope() {
        Random random = new Random(42);
        double[] xs = new double[40], ys = new double[40];
        for (int i = 0; i < 40; i++) {
            xs[i] = gaussian(random);
            ys[i] = 0.8 * xs[i] + 0.1 * gaussian(random);
        }
        Value beta = new Value(0);
        int step = 0;
        while (true) {
            List<Value> squares = new ArrayList<>();
            for (int i = 0; i < 40; i++) squares.add(beta.mul(xs[i]).rsub(ys[i]).pow(2));
            Value loss = Value.sum(squares);
            beta.zeroGrad();
            loss.backward();
            if (Math.abs(beta.grad) < 1e-6) break;
            beta.data -= 0.01 * beta.grad;
            step++;
            assertTrue(step < 1000, "gradient descent did not converge");
        }
        double sxy = 0, sxx = 0;
        for (int i = 0; i < 40; i++) {
            sxy += xs[i] * ys[i];
            sxx += xs[i] * xs[i];
        }
        // |dL/dβ| = 2·Σx²·|β − β*| < 1e-6
        assertEquals(sxy / sxx, beta.data, 1e-6 / (2 * sxx) * 1.01);
        assertTrue(step < 50, "expected fast linear convergence, took " + step + " steps");
    }

    static double gaussian(Random random) {
        double sum = 0;
        for (int k = 0; k < 12; k++) sum += random.nextDouble();
        return sum - 6;
    }

    @Test
    void moonsAndInitialWeightsAreWhatPyTorchTrained() {
        Dataset moons = NotebookReference.moons();
        assertArrayEquals(
                NotebookReference.get(REFERENCE, "moons.x"),
                NotebookReference.features(moons),
                "Datasets.makeMoons changed: regenerate notebooks.txt (see NotebookReference)");
        assertArrayEquals(NotebookReference.get(REFERENCE, "moons.y"), moons.labelArray());
        assertArrayEquals(
                NotebookReference.get(REFERENCE, "mlp.init"),
                NotebookReference.weights(NotebookReference.moonsModel()),
                "the scalar MLP's initialisation changed: regenerate notebooks.txt (see NotebookReference)");
    }

    @Test
    void scalarMlpAccuracyPerEpochMatchesPyTorch() {
        Dataset moons = NotebookReference.moons();
        ScalarMLP model = NotebookReference.moonsModel();
        SGD optimizer = new SGD(model, 0.1);
        double[] expected = NotebookReference.get(REFERENCE, "moons.correct");
        String last = null;
        for (int epoch = 0; epoch < 25; epoch++) {
            for (Dataset.Sample sample : moons) {
                Value loss = model.forward(sample.x()).sub(sample.y()).pow(2);
                optimizer.zeroGrad();
                loss.backward();
                optimizer.step();
            }
            double accuracy = accuracy(model, moons);
            assertEquals(expected[epoch] / 100, accuracy, 1e-12, "accuracy after epoch " + epoch);
            last = "finished epoch  " + epoch + " accuracy " + accuracy;
        }
        assertTrue(expected[24] >= 95, "the notebook's check wants a final accuracy >= 0.95");
        assertEquals("finished epoch  24 accuracy " + expected[24] / 100, last);
    }

    static double accuracy(ScalarMLP model, Dataset data) {
        int correct = 0;
        try (var scope = Autograd.noGrad()) {
            for (Dataset.Sample sample : data) {
                if ((model.forward(sample.x()).data > 0.5) == (sample.y() > 0.5)) correct++;
            }
        }
        return (double) correct / data.size();
    }

    @Test
    void tensorMlpFullBatchSeparatesTheMoons() {
        Dataset moons = NotebookReference.moons();
        var net = new autograd.nn.MLP(2, new int[] {16, 16, 1}, autograd.nn.Activation.sigmoid(), new Random(1337));
        Variable inputs = moons.inputs();
        Variable targets = moons.labels().reshape(100, 1);
        GD fullBatch = new GD(net, 1.0);
        double firstLoss = 0, lastLoss = 0;
        for (int epoch = 0; epoch < 300; epoch++) {
            Variable loss = Loss.mse().apply(net.forward(inputs), targets);
            fullBatch.zeroGrad();
            loss.backward();
            fullBatch.step();
            if (epoch == 0) firstLoss = loss.item();
            lastLoss = loss.item();
        }
        double[] p = net.forward(inputs).value();
        int correct = 0;
        for (int i = 0; i < p.length; i++) if ((p[i] > 0.5) == (moons.y(i) == 1)) correct++;
        assertTrue(correct >= 95, "full-batch accuracy " + correct + "/100");
        assertTrue(lastLoss < firstLoss / 5, "loss " + firstLoss + " -> " + lastLoss);
    }
}

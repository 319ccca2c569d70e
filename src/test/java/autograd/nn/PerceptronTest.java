package autograd.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import autograd.Variable;
import autograd.data.Dataset;
import autograd.data.Datasets;
import autograd.optimizer.GD;
import org.junit.jupiter.api.Test;

class PerceptronTest {

    @Test
    void forwardIsTanhOfAffine() {
        Perceptron p = new Perceptron(new double[] {0.5, -2}, 0.25);
        double expected = Math.tanh(0.5 * 3 - 2 * 1 + 0.25);
        assertEquals(expected, p.forward(Variable.constant(new double[] {3, 1})).item(), 1e-15);
        Variable batch = p.forward(Variable.constant(new double[][] {{3, 1}, {0, 0}}));
        assertArrayEquals(new double[] {expected, Math.tanh(0.25)}, batch.value(), 1e-15);
        assertEquals(2, p.parameters().size());
    }

    @Test
    void batchLossIsThePerSampleLossesMeanOrSumWithTheirGradients() {
        Perceptron p = new Perceptron(new double[] {0.1, 0.2});
        Dataset data = new Dataset(new double[][] {{1, 2}, {-1, 0.5}}, new double[] {1, -1});
        double[] terms = {Math.pow(Math.tanh(0.5) - 1, 2), Math.pow(Math.tanh(0) + 1, 2)};
        Variable mean = Loss.mse().apply(p.forward(data.inputs()), data.labels());
        assertEquals((terms[0] + terms[1]) / 2, mean.item(), 1e-15);
        mean.backward();
        double[] batchGrad = p.weights().grad().value();
        // The same gradient, sample by sample: d/dw of ½·Σ (tanh(w·x) − y)².
        Perceptron q = new Perceptron(new double[] {0.1, 0.2});
        for (Dataset.Sample s : data)
            Loss.squaredError().apply(q.forward(s.input()), s.target()).mul(0.5).backward();
        assertArrayEquals(q.weights().grad().value(), batchGrad, 1e-15);
        Variable sum = Loss.squaredError().apply(p.forward(data.inputs()), data.labels());
        assertEquals(terms[0] + terms[1], sum.item(), 1e-15);
    }

    @Test
    void trainingOnBlobsReachesLowLoss() {
        Dataset blobs = Datasets.makeBlobs(100)
                .centers(2)
                .features(2)
                .centerBox(-4, 4)
                .clusterStd(0.6)
                .seed(7)
                .build()
                .mapLabels(y -> 2 * y - 1);
        Perceptron p = new Perceptron(new double[] {0, 0});
        GD opt = new GD(p, 0.01);
        Loss summed = Loss.squaredError();
        double first = summed.apply(p.forward(blobs.inputs()), blobs.labels()).item();
        double loss = first;
        for (int epoch = 0; epoch < 60; epoch++) {
            opt.zeroGrad();
            Variable l = summed.apply(p.forward(blobs.inputs()), blobs.labels());
            l.backward();
            opt.step();
            loss = l.item();
        }
        assertEquals(100.0, first, 1e-12); // tanh(0) = 0 against ±1 targets
        assertTrue(loss < 5, "summed squared error after training: " + loss);
        int correct = 0;
        for (Dataset.Sample s : blobs) if (Math.signum(p.forward(s.input()).item()) == s.y()) correct++;
        assertTrue(correct >= 97, "accuracy " + correct + "/100");
    }

    @Test
    void wrongInputSizeIsNamed() {
        Perceptron p = new Perceptron(new double[] {1, 2, 3});
        var e = assertThrows(IllegalArgumentException.class, () -> p.forward(Variable.constant(new double[] {1, 2})));
        assertTrue(e.getMessage().contains("3 weights") && e.getMessage().contains("[2]"), e.getMessage());
    }
}

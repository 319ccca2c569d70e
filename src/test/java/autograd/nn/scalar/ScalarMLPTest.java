package autograd.nn.scalar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import autograd.Autograd;
import autograd.GradCheck;
import autograd.Parameter;
import autograd.Value;
import autograd.data.Dataset;
import autograd.data.Datasets;
import autograd.nn.Activation;
import autograd.optimizer.Adam;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ScalarMLPTest {

    @Test
    void neuronComputesActivationOfWeightedSum() {
        Neuron n = new Neuron(2, Activation.tanh(), new Random(1));
        Value w0 = n.weights().get(0);
        Value w1 = n.weights().get(1);
        for (Value w : n.weights()) assertTrue(w.data > -1 && w.data < 1, "weight " + w.data);
        assertEquals(0.0, n.bias().data);
        double out = n.forward(ScalarMLP.constants(0.5, -2)).data;
        assertEquals(Math.tanh(0.5 * w0.data - 2 * w1.data), out, 1e-15);
        assertEquals(Activation.relu(), new Neuron(2, true, new Random(1)).activation());
        assertEquals(Activation.identity(), new Neuron(2, false, new Random(1)).activation());
    }

    @Test
    void parametersAreFoundAndCountedAsMicrograd() {
        ScalarMLP model = new ScalarMLP(2, new int[] {16, 16, 1}, 1337);
        assertEquals(337, model.parameters().size()); // micrograd's demo: 2·16+16 + 16·16+16 + 16+1
        Layer layer = new Layer(3, 4, Activation.relu(), new Random(0));
        assertEquals(16, layer.parameters().size());
        assertSame(layer.neurons().get(0).weights().get(0), layer.parameters().get(0));
    }

    @Test
    void seededInitIsReproducible() {
        ScalarMLP a = new ScalarMLP(3, new int[] {4, 2}, 5);
        ScalarMLP b = new ScalarMLP(3, new int[] {4, 2}, 5);
        List<Parameter> pa = a.parameters();
        List<Parameter> pb = b.parameters();
        for (int i = 0; i < pa.size(); i++)
            assertEquals(pa.get(i).dataAt(0), pb.get(i).dataAt(0));
    }

    @Test
    void outputActivationIsApplied() {
        ScalarMLP model = new ScalarMLP(2, new int[] {8, 1}, Activation.sigmoid(), new Random(2));
        assertEquals("ScalarMLP(2 -> 8 -> 1, output Sigmoid)", model.toString());
        for (double x = -3; x <= 3; x += 0.5) {
            double p = model.forward(x, -x).data;
            assertTrue(p > 0 && p < 1, "sigmoid output " + p);
        }
        ScalarMLP two = new ScalarMLP(2, new int[] {3, 2}, 2);
        assertEquals(2, two.forward(ScalarMLP.constants(1, 2)).size());
        var e = assertThrows(IllegalStateException.class, () -> two.forward(1, 2));
        assertTrue(e.getMessage().contains("2"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> new Neuron(3, Activation.relu(), new Random()).forward(ScalarMLP.constants(1)));
    }

    @Test
    void gradientsMatchCentralDifferences() {
        ScalarMLP model = new ScalarMLP(2, new int[] {4, 1}, Activation.tanh(), new Random(8));
        double[][] xs = {{0.3, -0.7}, {1.1, 0.4}, {-0.5, 0.9}};
        double[] ys = {1, -1, 1};
        GradCheck.tolerances(1e-6, 1e-7, 1e-7)
                .checkParameters(() -> lossOf(model, xs, ys), model.parameters().toArray(new Parameter[0]))
                .assertOk();
    }

    private static Value lossOf(ScalarMLP model, double[][] xs, double[] ys) {
        List<Value> terms = new ArrayList<>();
        for (int i = 0; i < xs.length; i++)
            terms.add(model.forward(xs[i]).sub(ys[i]).pow(2));
        return Value.sum(terms);
    }

    @Test
    void learnsTheMoonsWithMicrogradsLoss() {
        Dataset moons = Datasets.makeMoons(100).noise(0.1).seed(1).build().mapLabels(y -> 2 * y - 1);
        ScalarMLP model = new ScalarMLP(2, new int[] {16, 16, 1}, 1337);
        Adam opt = new Adam(model, 0.05);
        for (int k = 0; k < 40; k++) {
            opt.zeroGrad();
            maxMarginLoss(model, moons).backward();
            opt.step();
        }
        int correct = 0;
        try (var scope = Autograd.noGrad()) {
            for (Dataset.Sample s : moons) if ((model.forward(s.x()).data > 0 ? 1 : -1) == s.y()) correct++;
        }
        assertTrue(correct >= 95, "accuracy " + correct + "/100");
    }

    /** micrograd's demo loss: mean hinge loss plus 1e-4 · Σ p². */
    private static Value maxMarginLoss(ScalarMLP model, Dataset data) {
        List<Value> losses = new ArrayList<>();
        for (Dataset.Sample s : data)
            losses.add(model.forward(s.x()).mul(s.y()).rsub(1).relu());
        Value dataLoss = Value.sum(losses).div(data.size());
        List<Value> squares = new ArrayList<>();
        for (Parameter p : model.parameters()) squares.add(((Value) p).pow(2));
        return dataLoss.add(Value.sum(squares).mul(1e-4));
    }
}

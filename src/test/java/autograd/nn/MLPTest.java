package autograd.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import autograd.Autograd;
import autograd.Variable;
import autograd.data.Dataset;
import autograd.data.Datasets;
import autograd.optimizer.Adam;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MLPTest {

    @Test
    void shapesAndParameters() {
        MLP net = new MLP(2, new int[] {8, 4, 1}, Activation.sigmoid(), new Random(0));
        assertEquals(3, net.layers().size());
        assertEquals(6, net.parameters().size());
        assertEquals(2 * 8 + 8 + 8 * 4 + 4 + 4 + 1, net.numParameters());
        Variable out = net.forward(Variable.constant(new double[5][2]));
        assertArrayEquals(new int[] {5, 1}, out.shape());
        for (double v : out.value()) assertTrue(v > 0 && v < 1, "sigmoid output " + v);
        assertEquals("MLP(2 -> 8 -> 4 -> 1, output Sigmoid)", net.toString());
    }

    @Test
    void sequentialChainsBlocksAndCollectsParameters() {
        Linear a = new Linear(2, 3, 1);
        Linear b = new Linear(3, 1, 2);
        Sequential net = new Sequential(a, Activation.tanh(), b);
        assertEquals(4, net.parameters().size());
        Variable x = Variable.constant(new double[] {0.5, -1});
        assertArrayEquals(b.forward(a.forward(x).tanh()).value(), net.forward(x).value(), 0);
        assertArrayEquals(net.forward(x).value(), net.apply(x).value(), 0);
        assertEquals("Sequential(Linear(2, 3), Tanh, Linear(3, 1))", net.toString());
    }

    @Test
    void fullBatchTrainingOnMoonsSeparatesThem() {
        Dataset moons = Datasets.makeMoons(100).noise(0.1).seed(1).build();
        MLP net = new MLP(2, new int[] {16, 16, 1}, Activation.identity(), new Random(3));
        Adam opt = new Adam(net, 0.02);
        Variable x = moons.inputs();
        Variable y = moons.labels().reshape(moons.size(), 1);
        for (int epoch = 0; epoch < 300; epoch++) {
            opt.zeroGrad();
            Loss.bceWithLogits().apply(net.forward(x), y).backward();
            opt.step();
        }
        int correct = 0;
        try (var scope = Autograd.noGrad()) {
            double[] logits = net.forward(x).value();
            for (int i = 0; i < logits.length; i++) if ((logits[i] > 0 ? 1 : 0) == moons.y(i)) correct++;
        }
        assertTrue(correct >= 97, "accuracy " + correct + "/100");
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new MLP(2, new int[] {0, 1}, 1));
        assertThrows(IllegalArgumentException.class, () -> new MLP(2, new int[] {4, 1}, null, new Random()));
        assertThrows(IllegalArgumentException.class, Sequential::new);
    }
}

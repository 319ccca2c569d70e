package autograd.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import autograd.Variable;
import autograd.nn.scalar.Layer;
import autograd.nn.scalar.Neuron;
import autograd.nn.scalar.ScalarMLP;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The edges of the nn constructors and losses that mutation testing found untested: a size of
 * exactly 0 is rejected (1 is fine), weights start on both sides of 0 within PyTorch's bound,
 * every loss checks shapes, Sequential rejects a null block, and the printed forms.
 */
class NnEdgesTest {

    private static void rejected(Runnable r, String expectedInMessage) {
        var e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(expectedInMessage), e.getMessage());
    }

    @Test
    void sizesOfZeroAreRejectedAndOneIsFine() {
        Random rng = new Random(1);
        rejected(() -> new Linear(0, 3, rng), "in=0");
        rejected(() -> new Linear(3, 0, rng), "out=0");
        assertEquals(1, new Linear(1, 1, rng).in());
        rejected(() -> new MLP(2, new int[] {3, 0}, Activation.identity(), rng), "[3, 0]");
        assertEquals(
                2,
                new MLP(2, new int[] {1, 1}, Activation.identity(), rng)
                        .layers()
                        .size());
        rejected(() -> new Neuron(0, Activation.relu(), rng), "nin=0");
        assertEquals(1, new Neuron(1, Activation.relu(), rng).weights().size());
        rejected(() -> new Layer(2, 0, Activation.relu(), rng), "nout=0");
        assertEquals(1, new Layer(2, 1, Activation.relu(), rng).neurons().size());
        rejected(() -> new ScalarMLP(2, new int[] {2, 0}, Activation.identity(), rng), "[2, 0]");
        assertEquals(
                1,
                new ScalarMLP(2, new int[] {1}, Activation.identity(), rng)
                        .layers()
                        .size());
    }

    @Test
    void linearStartsUniformInPlusMinusOneOverSqrtIn() {
        // PyTorch's nn.Linear: U(−1/√in, 1/√in) for weight and bias; both signs must occur.
        Linear layer = new Linear(4, 50, new Random(3));
        double bound = 1 / Math.sqrt(4);
        for (Variable v : List.of(layer.weight(), layer.bias())) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double w : v.value()) {
                min = Math.min(min, w);
                max = Math.max(max, w);
            }
            assertTrue(min >= -bound && max <= bound, min + " .. " + max);
            assertTrue(min < -bound / 2 && max > bound / 2, "spread over the range: " + min + " .. " + max);
        }
    }

    @Test
    void everyLossChecksShapes() {
        Variable p = new Variable(new double[] {1, -1, 1});
        Variable column = Variable.constant(new double[] {1, -1, 1}, 3, 1); // would broadcast to 3×3
        for (Loss loss : List.of(Loss.mse(), Loss.squaredError(), Loss.bceWithLogits(), Loss.hinge())) {
            var e = assertThrows(IllegalArgumentException.class, () -> loss.apply(p, column));
            assertTrue(e.getMessage().contains("[3] but target has shape [3, 1]"), e.getMessage());
        }
    }

    @Test
    void sequentialRejectsANullBlockAndListsItsBlocks() {
        Linear a = new Linear(2, 2, 1);
        rejected(() -> new Sequential(a, null), "block 1 is null");
        Sequential net = new Sequential(a, Activation.tanh());
        assertEquals(List.of(a, Activation.tanh()), net.blocks());
    }

    @Test
    void printedForms() {
        assertEquals("Perceptron(w=[0.5, -2.0], b=0.25)", new Perceptron(new double[] {0.5, -2}, 0.25).toString());
        Random rng = new Random(2);
        assertEquals("LinearNeuron(3)", new Neuron(3, Activation.identity(), rng).toString());
        assertEquals("ReLUNeuron(3)", new Neuron(3, Activation.relu(), rng).toString());
        assertEquals("Layer of [TanhNeuron(2), TanhNeuron(2)]", new Layer(2, 2, Activation.tanh(), rng).toString());
    }
}

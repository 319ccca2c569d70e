package autograd.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import autograd.GradCheck;
import autograd.Variable;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LinearTest {

    @Test
    void vectorAndBatchShapes() {
        Linear layer = new Linear(3, 2, 1);
        assertArrayEquals(
                new int[] {2},
                layer.forward(Variable.constant(new double[] {1, 2, 3})).shape());
        assertArrayEquals(
                new int[] {4, 2},
                layer.forward(Variable.constant(new double[12], 4, 3)).shape());
    }

    @Test
    void batchRowsEqualSingleForwards() {
        Linear layer = new Linear(3, 2, 5);
        double[][] rows = {{1, 2, 3}, {-1, 0.5, 4}};
        Variable batch = layer.forward(Variable.constant(rows));
        for (int r = 0; r < rows.length; r++) {
            assertArrayEquals(
                    layer.forward(Variable.constant(rows[r])).value(),
                    batch.row(r).value(),
                    1e-15);
        }
    }

    @Test
    void computesXTimesWeightPlusBias() {
        Linear layer = new Linear(2, 1, 3);
        double[] w = layer.weight().value();
        double b = layer.bias().get(0);
        double y = layer.forward(Variable.constant(new double[] {2, -3})).get(0);
        assertEquals(2 * w[0] - 3 * w[1] + b, y, 1e-15);
    }

    @Test
    void initIsUniformWithinPyTorchBoundAndSeeded() {
        Linear layer = new Linear(16, 64, new Random(11));
        double bound = 1 / Math.sqrt(16);
        double max = 0;
        for (double v : layer.weight().value()) {
            assertTrue(Math.abs(v) <= bound, "weight " + v + " outside ±" + bound);
            max = Math.max(max, Math.abs(v));
        }
        assertTrue(max > 0.9 * bound, "1024 uniform draws should come near the bound, max " + max);
        for (double v : layer.bias().value()) assertTrue(Math.abs(v) <= bound);
        assertArrayEquals(
                layer.weight().value(), new Linear(16, 64, 11).weight().value());
        assertNotEquals(
                layer.weight().get(0, 0), new Linear(16, 64, 12).weight().get(0, 0));
        assertEquals(2, layer.parameters().size());
        assertEquals(16 * 64 + 64, layer.numParameters());
    }

    @Test
    void gradientsMatchCentralDifferences() {
        Linear layer = new Linear(3, 2, 7);
        Variable x = Variable.constant(new double[][] {{0.3, -1.2, 2.0}, {1.5, 0.4, -0.7}});
        Variable target = Variable.constant(new double[][] {{1, 0}, {0, 1}});
        GradCheck.tolerances(1e-6, 1e-7, 1e-7)
                .checkParameters(() -> Loss.mse().apply(layer.forward(x).tanh(), target), layer.weight(), layer.bias())
                .assertOk();
    }

    @Test
    void wrongInputShapeIsNamed() {
        Linear layer = new Linear(3, 2, 7);
        var e = assertThrows(
                IllegalArgumentException.class, () -> layer.forward(Variable.constant(new double[] {1, 2})));
        assertTrue(e.getMessage().contains("[2]") && e.getMessage().contains("Linear(3, 2)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Linear(0, 2, 1));
    }
}

package autograd.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import autograd.Model;
import autograd.Variable;
import autograd.optimizer.Adam;
import autograd.optimizer.GD;
import autograd.optimizer.Optimizer;
import autograd.optimizer.SGD;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Notebook 03's runs on f(x, y) = −(1 − (x² + y³))·exp(−(x² + y²)/2): the printed epoch lines equal
 * the original Python demo's, every iterate equals plain gradient descent driven by PyTorch's
 * gradients (DJL, float64), and the endings the notebook explains (global minimum, the origin's
 * local minimum, the plateau) are where the runs actually end.
 */
class Notebook03ContourTest {

    static final double[][] STARTS = {{0.5, 1.8}, {-2, -2}, {-2, 2}, {1.6, -0.1}};

    static final class Landscape extends Model {
        final Variable x;
        final Variable y;

        Landscape(double x0, double y0) {
            x = new Variable(x0);
            y = new Variable(y0);
        }

        Variable forward() {
            Variable bump = x.pow(2).add(y.pow(2)).div(2).neg().exp();
            return x.pow(2).add(y.pow(3)).rsub(1).neg().mul(bump);
        }
    }

    /** (x, y) before each of {@code epochs} steps, then the final (x, y, f); prints as the notebook. */
    static double[][] descend(
            double[] start, Function<Landscape, Optimizer> optimizer, int epochs, List<String> printed) {
        Landscape module = new Landscape(start[0], start[1]);
        Optimizer opt = optimizer.apply(module);
        double[][] path = new double[epochs + 1][];
        for (int epoch = 0; epoch < epochs; epoch++) {
            path[epoch] = new double[] {module.x.item(), module.y.item()};
            opt.zeroGrad();
            Variable value = module.forward();
            value.backward();
            opt.step();
            if (printed != null && epoch % 5 == 0) {
                printed.add(String.format(
                        "   epoch: %d | x: %.3f | y: %.3f | f(x): %.3f",
                        epoch, module.x.item(), module.y.item(), value.item()));
            }
        }
        path[epochs] =
                new double[] {module.x.item(), module.y.item(), module.forward().item()};
        return path;
    }

    @Test
    void printedLinesMatchTheOriginalDemo() {
        List<String> printed = new ArrayList<>();
        for (double[] start : STARTS) {
            printed.add("Starting initialization: x=" + start[0] + ", y=" + start[1]);
            descend(start, m -> new GD(m, 0.3), 15, printed);
        }
        assertEquals(
                List.of(
                        "Starting initialization: x=0.5, y=1.8",
                        "   epoch: 0 | x: 0.581 | y: 1.770 | f(x): 0.888",
                        "   epoch: 5 | x: 1.037 | y: 1.426 | f(x): 0.686",
                        "   epoch: 10 | x: 0.903 | y: 0.674 | f(x): 0.298",
                        "Starting initialization: x=-2.0, y=-2.0",
                        "   epoch: 0 | x: -1.923 | y: -2.011 | f(x): -0.092",
                        "   epoch: 5 | x: -1.272 | y: -1.979 | f(x): -0.323",
                        "   epoch: 10 | x: -0.135 | y: -1.608 | f(x): -1.322",
                        "Starting initialization: x=-2.0, y=2.0",
                        "   epoch: 0 | x: -2.099 | y: 2.055 | f(x): 0.201",
                        "   epoch: 5 | x: -2.425 | y: 2.249 | f(x): 0.079",
                        "   epoch: 10 | x: -2.606 | y: 2.362 | f(x): 0.043",
                        "Starting initialization: x=1.6, y=-0.1",
                        "   epoch: 0 | x: 1.541 | y: -0.115 | f(x): 0.431",
                        "   epoch: 5 | x: 0.397 | y: -0.209 | f(x): -0.259",
                        "   epoch: 10 | x: 0.000 | y: -0.100 | f(x): -0.994"),
                printed);
    }

    @Test
    void everyIterateEqualsGradientDescentOnPytorchGradients() {
        Engine torch = Engine.getEngine("PyTorch");
        try (NDManager manager = torch.newBaseManager()) {
            for (double[] start : STARTS) {
                double[][] ours = descend(start, m -> new GD(m, 0.3), 15, null);
                double[] point = start.clone();
                for (int epoch = 0; epoch < 15; epoch++) {
                    String where = " at epoch " + epoch + " from (" + start[0] + ", " + start[1] + ")";
                    assertEquals(point[0], ours[epoch][0], 1e-12, "x" + where);
                    assertEquals(point[1], ours[epoch][1], 1e-12, "y" + where);
                    double[] grad = torchGradient(torch, manager, point);
                    point[0] -= 0.3 * grad[0];
                    point[1] -= 0.3 * grad[1];
                }
            }
        }
    }

    static double[] torchGradient(Engine torch, NDManager parent, double[] point) {
        try (NDManager scope = parent.newSubManager()) {
            NDArray x = scope.create(point[0]);
            NDArray y = scope.create(point[1]);
            x.setRequiresGradient(true);
            y.setRequiresGradient(true);
            try (var tape = torch.newGradientCollector()) {
                NDArray bump = x.pow(2).add(y.pow(2)).div(2).neg().exp();
                NDArray f = x.pow(2).add(y.pow(3)).neg().add(1).neg().mul(bump);
                tape.backward(f);
            }
            return new double[] {x.getGradient().getDouble(), y.getGradient().getDouble()};
        }
    }

    @Test
    void runsEndWhereTheNotebookSays() {
        double[][] ends = new double[STARTS.length][];
        for (int run = 0; run < STARTS.length; run++)
            ends[run] = descend(STARTS[run], m -> new GD(m, 0.3), 500, null)[500];
        // Runs 0 and 3: the local minimum at the origin, f = −1.
        for (int run : new int[] {0, 3}) {
            assertEquals(0, ends[run][0], 1e-6, "run " + run + " x");
            assertEquals(0, ends[run][1], 1e-6, "run " + run + " y");
            assertEquals(-1, ends[run][2], 1e-12, "run " + run + " f");
        }
        // Run 1: the global minimum on the axis x = 0, where 1 + 3y − y³ = 0 (y ≈ −1.532).
        assertEquals(0, ends[1][0], 1e-6);
        double y = ends[1][1];
        assertEquals(0, 1 + 3 * y - y * y * y, 1e-6, "y = " + y);
        assertEquals(-1.4213, ends[1][2], 1e-4);
        // Run 2: drifting out on the plateau, f small and positive, ever further from the origin.
        assertTrue(ends[2][2] > 0 && ends[2][2] < 1e-3, "f = " + ends[2][2]);
        assertTrue(Math.hypot(ends[2][0], ends[2][1]) > 4, "distance from the origin");
    }

    @Test
    void momentumAndAdamReachTheGlobalMinimumFromWhereGdIsTrapped() {
        double[] start = STARTS[3];
        assertEquals(-1, descend(start, m -> new GD(m, 0.3), 50, null)[50][2], 1e-6, "GD: origin");
        assertTrue(descend(start, m -> new SGD(m, 0.3).momentum(0.9), 50, null)[50][2] < -1.4, "momentum");
        assertTrue(descend(start, m -> new Adam(m, 0.3), 50, null)[50][2] < -1.4, "Adam");
        assertTrue(descend(STARTS[0], m -> new Adam(m, 0.3), 50, null)[50][2] < -1.4, "Adam from (0.5, 1.8)");
        assertTrue(
                Math.abs(descend(STARTS[0], m -> new SGD(m, 0.3).momentum(0.9), 50, null)[50][2]) < 1e-3,
                "momentum from (0.5, 1.8) overshoots onto the plateau");
    }
}

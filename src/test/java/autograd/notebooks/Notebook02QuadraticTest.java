package autograd.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import autograd.Model;
import autograd.Variable;
import autograd.optimizer.GD;
import autograd.optimizer.Optimizer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Notebook 02's gradient descent on f(x) = (x − 2)² + 4x − 2, run as the notebook runs it
 * ({@code Model} + {@code GD}), checked two independent ways: the printed lines equal those the
 * original Python demo published, and every iterate follows the closed form x_i = (1 − 2·lr)^i·x_0.
 */
class Notebook02QuadraticTest {

    static final class Quadratic extends Model {
        final Variable x;

        Quadratic(double x0) {
            x = new Variable(x0);
        }

        Variable forward() {
            return x.sub(2).pow(2).add(x.mul(4)).sub(2);
        }
    }

    /** Runs 100 epochs; returns x before each step, and appends the notebook's lines to {@code printed}. */
    static double[] run(int x0, double lr, List<String> printed) {
        Quadratic module = new Quadratic(x0);
        Optimizer optimizer = new GD(module, lr);
        double[] xs = new double[100];
        for (int epoch = 0; epoch < 100; epoch++) {
            xs[epoch] = module.x.item();
            optimizer.zeroGrad();
            Variable value = module.forward();
            value.backward();
            optimizer.step();
            if (epoch % 25 == 0) {
                printed.add(String.format("epoch: %d | x: %.3f | f(x): %.3f", epoch, module.x.item(), value.item()));
            }
        }
        return xs;
    }

    @Test
    void printedLinesMatchTheOriginalDemo() {
        List<String> printed = new ArrayList<>();
        run(-3, 0.1, printed);
        run(4, 0.8, printed);
        assertEquals(
                List.of(
                        "epoch: 0 | x: -2.400 | f(x): 11.000",
                        "epoch: 25 | x: -0.009 | f(x): 2.000",
                        "epoch: 50 | x: -0.000 | f(x): 2.000",
                        "epoch: 75 | x: -0.000 | f(x): 2.000",
                        "epoch: 0 | x: -2.400 | f(x): 18.000",
                        "epoch: 25 | x: 0.000 | f(x): 2.000",
                        "epoch: 50 | x: -0.000 | f(x): 2.000",
                        "epoch: 75 | x: -0.000 | f(x): 2.000"),
                printed);
    }

    @Test
    void iteratesFollowTheClosedForm() {
        int[] starts = {-3, 4};
        double[] rates = {0.1, 0.8};
        for (int run = 0; run < 2; run++) {
            double[] xs = run(starts[run], rates[run], new ArrayList<>());
            double factor = 1 - 2 * rates[run];
            for (int i = 0; i < xs.length; i++) {
                assertEquals(starts[run] * Math.pow(factor, i), xs[i], 1e-14, "run " + run + ", iteration " + i);
            }
        }
    }
}

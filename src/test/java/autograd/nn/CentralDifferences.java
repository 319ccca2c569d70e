package autograd.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import autograd.Variable;
import java.util.function.Supplier;

/** Checks backward's gradient of a scalar function against central finite differences. */
final class CentralDifferences {

    private CentralDifferences() {}

    /** Compares d(loss)/d(param) from backward with (f(p + h) − f(p − h)) / 2h for every element. */
    static void check(Supplier<Variable> loss, Variable param, double tolerance) {
        param.zeroGrad();
        loss.get().backward();
        double[] analytic = param.grad().value();
        double[] data = param.data();
        double h = 1e-6;
        for (int i = 0; i < data.length; i++) {
            double saved = data[i];
            data[i] = saved + h;
            double up = loss.get().item();
            data[i] = saved - h;
            double down = loss.get().item();
            data[i] = saved;
            double numeric = (up - down) / (2 * h);
            assertEquals(
                    numeric,
                    analytic[i],
                    tolerance * Math.max(1, Math.abs(numeric)),
                    "gradient element " + i + " (analytic " + analytic[i] + ", numeric " + numeric + ")");
        }
    }
}

package autograd.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import autograd.Autograd;
import autograd.Value;
import autograd.ode.Derivative;
import autograd.ode.Ode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Notebook 06's computations in plain Java, written as in the notebook (dynamics through {@link Ode#euler}): the unrolled pendulum
 * and its gradient against PyTorch and finite differences, the sensitivity map's contrast, and
 * the balancing results its text reports.
 */
class Notebook06DoublePendulumTest {

    static final Map<String, double[]> REFERENCE = NotebookReference.load();
    static final double GRAVITY = 9.8;
    static final double H = 0.01;
    static final int STEPS = 500;
    static final double TILT1 = Math.PI + 0.1;
    static final double TILT2 = Math.PI - 0.1;

    /** The notebook's right-hand side (θ1′, θ2′, p1′, p2′). */
    static List<Value> pendulum(List<Value> s) {
        Value theta1 = s.get(0), theta2 = s.get(1), p1 = s.get(2), p2 = s.get(3);
        Value delta = theta1.sub(theta2);
        Value cos = delta.cos();
        Value denominator = cos.pow(2).mul(-9).add(16);
        Value dTheta1 = p1.mul(2).sub(cos.mul(p2).mul(3)).mul(6).div(denominator);
        Value dTheta2 = p2.mul(8).sub(cos.mul(p1).mul(3)).mul(6).div(denominator);
        Value coupling = dTheta1.mul(dTheta2).mul(delta.sin());
        Value dP1 = coupling.add(theta1.sin().mul(3 * GRAVITY)).mul(-0.5);
        Value dP2 = coupling.neg().add(theta2.sin().mul(GRAVITY)).mul(-0.5);
        return List.of(dTheta1, dTheta2, dP1, dP2);
    }

    static final Derivative<List<Value>> DYNAMICS = (t, s) -> pendulum(s);

    /** The state after {@code steps} Euler steps, through the library's ODE helper as in the notebook. */
    static List<Value> run(List<Value> start, int steps) {
        return Ode.euler(DYNAMICS, start, H, steps).get(steps);
    }

    @Test
    void finalStateAndGradientMatchPyTorch() {
        List<Value> initial = Arrays.stream(NotebookReference.PENDULUM_START)
                .mapToObj(Value::new)
                .toList();
        List<Value> last = run(initial, STEPS);
        last.get(1).backward();
        double[] state = NotebookReference.get(REFERENCE, "pendulum.final");
        double[] grad = NotebookReference.get(REFERENCE, "pendulum.grad");
        String[] names = {"θ1(0)", "θ2(0)", "p1(0)", "p2(0)"};
        for (int i = 0; i < 4; i++) {
            assertEquals(state[i], last.get(i).data, 1e-9 * Math.abs(state[i]), "final state " + i);
            assertEquals(grad[i], initial.get(i).grad, 1e-9 * Math.abs(grad[i]), "gradient w.r.t. " + names[i]);
            // the notebook prints five decimals; PyTorch's value must print the same
            assertEquals(
                    String.format("∂θ2(T)/∂%s = %.5f", names[i], grad[i]),
                    String.format("∂θ2(T)/∂%s = %.5f", names[i], initial.get(i).grad));
        }
    }

    @Test
    void gradientAgreesWithCentralFiniteDifferences() {
        List<Value> initial = Arrays.stream(NotebookReference.PENDULUM_START)
                .mapToObj(Value::new)
                .toList();
        run(initial, STEPS).get(1).backward();
        double eps = 1e-6;
        for (int i = 0; i < 4; i++) {
            double[] up = NotebookReference.PENDULUM_START.clone(), down = NotebookReference.PENDULUM_START.clone();
            up[i] += eps;
            down[i] -= eps;
            double numeric = (finalTheta2(up) - finalTheta2(down)) / (2 * eps);
            assertEquals(numeric, initial.get(i).grad, 1e-5 * Math.abs(numeric), "input " + i);
        }
    }

    static double finalTheta2(double[] s0) {
        try (var scope = Autograd.noGrad()) {
            return run(Arrays.stream(s0).mapToObj(Value::of).toList(), STEPS).get(1).data;
        }
    }

    static double sensitivity(double theta1, double theta2) {
        Value start1 = new Value(theta1);
        run(List.of(start1, Value.constant(theta2), Value.constant(0), Value.constant(0)), STEPS)
                .get(1)
                .backward();
        return Math.abs(start1.grad);
    }

    @Test
    void smallSwingsAreRegularAndLargeOnesChaotic() {
        for (double[] calm : new double[][] {{0.1, 0.1}, {0.3, -0.2}, {0.5, 0.5}, {-0.4, 0.8}}) {
            double s = sensitivity(calm[0], calm[1]);
            assertTrue(s < 10, "released at " + Arrays.toString(calm) + ": sensitivity " + s);
        }
        for (double[] wild : new double[][] {{2.0, 2.5}, {-2.2, 1.5}, {3.0, 0.5}}) {
            double s = sensitivity(wild[0], wild[1]);
            assertTrue(s > 1000, "released at " + Arrays.toString(wild) + ": sensitivity " + s);
        }
    }

    // ---- balancing ----------------------------------------------------------------------------

    static double[] objective(double p1, double p2, int horizon) {
        Value m1 = new Value(p1), m2 = new Value(p2);
        var path = Ode.euler(DYNAMICS, List.of(Value.constant(TILT1), Value.constant(TILT2), m1, m2), H, horizon);
        List<Value> deviations = new ArrayList<>();
        for (List<Value> s : path.subList(1, horizon + 1)) {
            deviations.add(
                    s.get(0).sub(Math.PI).pow(2).add(s.get(1).sub(Math.PI).pow(2)));
        }
        Value j = Value.sum(deviations).mul(H);
        j.backward();
        return new double[] {j.data, m1.grad, m2.grad};
    }

    static double balancedFor(double p1, double p2) {
        try (var scope = Autograd.noGrad()) {
            var path =
                    Ode.euler(DYNAMICS, List.of(Value.of(TILT1), Value.of(TILT2), Value.of(p1), Value.of(p2)), H, 1000);
            for (int n = 0; n <= 1000; n++) {
                List<Value> s = path.get(n);
                if (Math.abs(s.get(0).data - Math.PI) > 0.5 || Math.abs(s.get(1).data - Math.PI) > 0.5) return n * H;
            }
        }
        return 1000 * H + H;
    }

    static double[] gradientDescent() {
        double[] push = {0, 0};
        double rate = 0.01;
        for (int horizon : new int[] {50, 100, 150, 200}) {
            double[] current = objective(push[0], push[1], horizon);
            for (int iteration = 0; iteration < 60; iteration++) {
                double q1 = push[0] - rate * current[1], q2 = push[1] - rate * current[2];
                double[] trial = objective(q1, q2, horizon);
                if (trial[0] < current[0]) {
                    push = new double[] {q1, q2};
                    current = trial;
                    rate *= 1.2;
                } else {
                    rate *= 0.5;
                }
            }
        }
        return push;
    }

    static double[] shoot(double p1, double p2, int horizon) {
        Value m1 = new Value(p1), m2 = new Value(p2);
        List<Value> end = run(List.of(Value.constant(TILT1), Value.constant(TILT2), m1, m2), horizon);
        end.get(0).backward();
        double j11 = m1.grad, j12 = m2.grad;
        m1.zeroGrad();
        m2.zeroGrad();
        end.get(1).backward();
        return new double[] {end.get(0).data - Math.PI, end.get(1).data - Math.PI, j11, j12, m1.grad, m2.grad};
    }

    @Test
    void gradientDescentTriplesTheBalanceAndNewtonReachesTheDoublePrecisionLimit() {
        double fromRest = balancedFor(0, 0);
        assertTrue(fromRest > 0.3 && fromRest < 0.4, "from rest: " + fromRest);

        double[] gd = gradientDescent();
        double afterGd = balancedFor(gd[0], gd[1]);
        assertTrue(afterGd > 2.5 * fromRest && afterGd < 2, "after gradient descent: " + afterGd);

        double[] push = gd.clone();
        for (int horizon = 20; horizon <= 500; horizon += 20) {
            for (int iteration = 0; iteration < 20; iteration++) {
                double[] r = shoot(push[0], push[1], horizon);
                double det = r[2] * r[5] - r[3] * r[4];
                double step1 = (r[5] * r[0] - r[3] * r[1]) / det, step2 = (r[2] * r[1] - r[4] * r[0]) / det;
                push[0] -= step1;
                push[1] -= step2;
                if (Math.abs(step1) + Math.abs(step2) < 1e-15) break;
            }
        }
        double afterNewton = balancedFor(push[0], push[1]);
        assertTrue(afterNewton >= 4.0, "after Newton: " + afterNewton);
        // the limit the notebook explains: 1e-16 · e^(λ1 t) ≈ 0.5 with λ1 ≈ 7.19/s gives t ≈ 5 s
        assertTrue(afterNewton < 7, "more than double precision allows? " + afterNewton);
    }
}

package autograd.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import autograd.Value;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Long differentiable unrolls of a double pendulum (unit masses and lengths) over Values. */
class DoublePendulumTest {

    private static final double G = 9.81;

    /** State (θ1, θ2, ω1, ω2); the standard equations of motion for m1 = m2 = 1, l1 = l2 = 1. */
    static final Derivative<List<Value>> PENDULUM = (t, s) -> {
        Value th1 = s.get(0);
        Value th2 = s.get(1);
        Value w1 = s.get(2);
        Value w2 = s.get(3);
        Value delta = th1.sub(th2);
        Value den = delta.mul(2).cos().rsub(3); // 2m1 + m2 − m2·cos 2Δ
        Value a1 = th1.sin()
                .mul(-3 * G)
                .sub(th1.sub(th2.mul(2)).sin().mul(G))
                .sub(delta.sin().mul(2).mul(w2.pow(2).add(w1.pow(2).mul(delta.cos()))))
                .div(den);
        Value a2 = delta.sin()
                .mul(2)
                .mul(w1.pow(2).mul(2).add(th1.cos().mul(2 * G)).add(w2.pow(2).mul(delta.cos())))
                .div(den);
        return List.of(w1, w2, a1, a2);
    };

    private static double energy(List<Value> s) {
        double th1 = s.get(0).data, th2 = s.get(1).data, w1 = s.get(2).data, w2 = s.get(3).data;
        double kinetic = 0.5 * 2 * w1 * w1 + 0.5 * w2 * w2 + w1 * w2 * Math.cos(th1 - th2);
        double potential = -2 * G * Math.cos(th1) - G * Math.cos(th2);
        return kinetic + potential;
    }

    private static double finalAngle(double theta1, int steps, double h) {
        List<Value> y0 = List.of(Value.constant(theta1), Value.constant(0.2), Value.constant(0), Value.constant(0));
        return Ode.rk4(PENDULUM, y0, h, steps).get(steps).get(1).data;
    }

    @Test
    void rk4Unroll500StepsConservesEnergyAndBackpropagates() {
        Value theta1 = new Value(0.3);
        List<Value> y0 = List.of(theta1, new Value(0.2), new Value(0), new Value(0));
        List<List<Value>> path = Ode.rk4(PENDULUM, y0, 0.01, 500);
        assertEquals(energy(y0), energy(path.get(500)), 1e-6);
        path.get(500).get(1).backward();
        double h = 1e-6;
        double numeric = (finalAngle(0.3 + h, 500, 0.01) - finalAngle(0.3 - h, 500, 0.01)) / (2 * h);
        assertTrue(Double.isFinite(theta1.grad));
        assertEquals(numeric, theta1.grad, 1e-6 * Math.max(1, Math.abs(numeric)));
    }

    @Test
    void euler10000StepUnrollBackpropagatesWithoutStackOverflow() {
        Value theta1 = new Value(0.3);
        List<Value> y0 = List.of(theta1, new Value(0.2), new Value(0), new Value(0));
        List<List<Value>> path = Ode.euler(PENDULUM, y0, 1e-4, 10_000);
        path.get(10_000).get(1).backward();
        assertTrue(Double.isFinite(theta1.grad) && theta1.grad != 0, "gradient " + theta1.grad);
    }
}

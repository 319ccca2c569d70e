package autograd.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import autograd.Value;
import autograd.Variable;
import java.util.List;
import org.junit.jupiter.api.Test;

class OdeTest {

    private static final double K = 0.7;

    /** |y(T) − e^{−KT}| for y' = −Ky, y(0) = 1 on [0, 2] with {@code steps} steps. */
    private static double decayError(boolean rk4, int steps) {
        double h = 2.0 / steps;
        Derivative<List<Value>> f = (t, y) -> List.of(y.get(0).mul(-K));
        List<Value> y0 = List.of(new Value(1));
        List<List<Value>> path = rk4 ? Ode.rk4(f, y0, h, steps) : Ode.euler(f, y0, h, steps);
        return Math.abs(path.get(steps).get(0).data - Math.exp(-K * 2));
    }

    @Test
    void exponentialDecayApproachesTheExactSolution() {
        assertTrue(decayError(false, 200) < 1e-2, "Euler error " + decayError(false, 200));
        assertTrue(decayError(true, 20) < 1e-6, "RK4 error " + decayError(true, 20));
    }

    @Test
    void convergenceOrders() {
        double eulerRatio = decayError(false, 100) / decayError(false, 200);
        double rk4Ratio = decayError(true, 10) / decayError(true, 20);
        assertEquals(2.0, eulerRatio, 0.1, "Euler is first order");
        assertEquals(16.0, rk4Ratio, 1.0, "RK4 is fourth order");
    }

    @Test
    void trajectoryStartsWithTheInitialStateAndHasStepsPlusOneStates() {
        Variable y0 = new Variable(new double[] {1, 2});
        List<Variable> path = Ode.euler((t, y) -> y.mul(-1), y0, 0.1, 5);
        assertEquals(6, path.size());
        assertSame(y0, path.get(0));
        assertEquals(Math.pow(0.9, 5) * 2, path.get(5).get(1), 1e-15);
        assertEquals(1, Ode.rk4((t, y) -> y, y0, 0.1, 0).size());
    }

    @Test
    void timeIsPassedToTheDerivative() {
        // y' = t, y(0) = 0 → y(1) = 1/2; RK4 integrates polynomials of degree ≤ 3 exactly.
        List<List<Value>> path = Ode.rk4((t, y) -> List.of(Value.constant(t)), List.of(new Value(0)), 0.25, 4);
        assertEquals(0.5, path.get(4).get(0).data, 1e-15);
    }

    @Test
    void gradientFlowsThroughTheUnrollToAParameter() {
        // y(T) = e^{−kT}: dy(T)/dk = −T·e^{−kT}, dy(T)/dy0 = e^{−kT}.
        Value k = new Value(0.5);
        Value y0 = new Value(1);
        List<List<Value>> path = Ode.rk4((t, y) -> List.of(y.get(0).mul(k).neg()), List.of(y0), 0.05, 40);
        path.get(40).get(0).backward();
        assertEquals(-2 * Math.exp(-1), k.grad, 1e-7);
        assertEquals(Math.exp(-1), y0.grad, 1e-7);
    }

    @Test
    void tensorStateRotatesAsTheHarmonicOscillator() {
        Variable a = Variable.constant(new double[][] {{0, 1}, {-1, 0}});
        Variable y0 = new Variable(new double[] {1, 0});
        int steps = 100;
        List<Variable> path = Ode.rk4((t, y) -> a.matmul(y), y0, Math.PI / steps, steps); // half a period
        Variable end = path.get(steps);
        assertEquals(-1, end.get(0), 1e-6);
        assertEquals(0, end.get(1), 1e-6);
        end.sum().backward(); // the flow is a rotation by π: d(x+v)/d(x0, v0) = (−1, −1)
        assertEquals(-1, y0.grad().get(0), 1e-6);
        assertEquals(-1, y0.grad().get(1), 1e-6);
    }

    @Test
    void derivativeOfTheWrongShapeIsNamed() {
        var tensor = assertThrows(
                IllegalArgumentException.class,
                () -> Ode.euler((t, y) -> y.sum(), new Variable(new double[] {1, 2}), 0.1, 1));
        assertTrue(tensor.getMessage().contains("[]") && tensor.getMessage().contains("[2]"), tensor.getMessage());
        var values = assertThrows(
                IllegalArgumentException.class,
                () -> Ode.rk4((t, y) -> List.of(y.get(0)), List.of(new Value(1), new Value(2)), 0.1, 1));
        assertTrue(
                values.getMessage().contains("1 entries") && values.getMessage().contains("2"), values.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Ode.euler((t, y) -> y, new Variable(1.0), Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> Ode.euler((t, y) -> y, new Variable(1.0), 0.1, -1));
    }

    @Test
    void namedDerivativesPickTheirOverloadAndNullsAreNamed() {
        Derivative<Variable> decay = (t, y) -> y.mul(-1);
        Derivative<List<Value>> scalarDecay = (t, y) -> List.of(y.get(0).neg());
        assertEquals(
                Ode.euler(decay, Variable.constant(new double[] {1}), 0.1, 3)
                        .get(3)
                        .get(0),
                Ode.euler(scalarDecay, List.of(new Value(1)), 0.1, 3).get(3).get(0).data,
                1e-15);
        var state =
                assertThrows(IllegalArgumentException.class, () -> Ode.rk4(scalarDecay, (List<Value>) null, 0.1, 1));
        assertTrue(state.getMessage().contains("initial state y0 is null"), state.getMessage());
        var entry = assertThrows(
                IllegalArgumentException.class,
                () -> Ode.euler(scalarDecay, java.util.Arrays.asList(new Value(1), null), 0.1, 1));
        assertTrue(entry.getMessage().contains("entry 1"), entry.getMessage());
        var f = assertThrows(
                IllegalArgumentException.class,
                () -> Ode.euler((Derivative<Variable>) null, new Variable(1.0), 0.1, 1));
        assertTrue(f.getMessage().contains("derivative"), f.getMessage());
    }
}

package autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The graph cases that break naive autograd engines: reuse, diamonds, accumulation, scopes. */
class GraphTest {

    @Test
    void reusedNodeInADiamond() {
        Value a = new Value(3);
        Value b = a.add(a); // b = 2a
        Value c = b.mul(b); // c = 4a², dc/da = 8a
        c.backward();
        assertEquals(36, c.data);
        assertEquals(24, a.grad);
        assertEquals(12, b.grad); // dc/db = 2b
    }

    @Test
    void sumOfSumsCountsEveryPath() {
        Value a = new Value(-1.5);
        Value b = a.add(a);
        Value c = b.add(b);
        c.backward();
        assertEquals(4, a.grad);

        Variable va = new Variable(new double[] {1, 2, 3});
        Variable vb = va.add(va);
        vb.add(vb).sum().backward();
        assertEquals(
                List.of(4.0, 4.0, 4.0),
                List.of(va.grad().get(0), va.grad().get(1), va.grad().get(2)));
    }

    @Test
    void sameNodeAsBaseAndExponent() {
        double x = 1.7;
        Value v = new Value(x);
        Value y = v.pow(v);
        y.backward();
        assertEquals(Math.pow(x, x) * (Math.log(x) + 1), v.grad, 1e-14);

        Variable t = new Variable(new double[] {0.5, 2.0});
        t.pow(t).sum().backward();
        assertEquals(Math.pow(0.5, 0.5) * (Math.log(0.5) + 1), t.grad().get(0), 1e-14);
        assertEquals(4 * (Math.log(2) + 1), t.grad().get(1), 1e-14);
    }

    @Test
    void twoBackwardPassesGiveExactlyTwiceTheGradient() {
        // Each leaf is used once, so the second pass adds the identical number: exactly 2×.
        // The intermediate b is used twice; if intermediates kept their old gradient the second
        // pass would add more than the first did.
        Value a = new Value(0.7);
        Value w = new Value(-1.3);
        Value b = a.mul(w);
        Value c = b.mul(b).add(b.sin());
        c.backward();
        double ga = a.grad;
        double gw = w.grad;
        c.backward();
        assertEquals(2 * ga, a.grad);
        assertEquals(2 * gw, w.grad);

        Variable x = new Variable(new double[][] {{1, -2}, {0.5, 3}});
        Variable v = new Variable(new double[] {0.25, -1});
        Variable h = x.matmul(v).tanh();
        Variable loss = h.mul(h).add(h).sum();
        loss.backward();
        double[] gx = x.grad().value();
        double[] gv = v.grad().value();
        loss.backward();
        for (int i = 0; i < gx.length; i++) assertEquals(2 * gx[i], x.grad().value()[i]);
        for (int i = 0; i < gv.length; i++) assertEquals(2 * gv[i], v.grad().value()[i]);
    }

    @Test
    void twoOutputsSharingASubgraphAddTheirGradients() {
        Value x = new Value(0.8);
        Value shared = x.mul(x).sin(); // used by both outputs
        Value first = shared.mul(3);
        Value second = shared.exp();
        first.backward();
        double afterFirst = x.grad;
        second.backward(); // the shared node's gradient must restart from 0
        double dShared = Math.cos(0.64) * 1.6;
        assertEquals(3 * dShared, afterFirst, 1e-15);
        assertEquals(3 * dShared + Math.exp(Math.sin(0.64)) * dShared, x.grad, 1e-14);
        assertEquals(Math.exp(Math.sin(0.64)), shared.grad, 1e-15, "an intermediate holds the latest pass only");

        Variable t = new Variable(new double[] {0.8, -0.5});
        Variable s = t.mul(t).sin();
        s.mul(3).sum().backward();
        s.exp().sum().backward();
        for (int i = 0; i < 2; i++) {
            double v = t.get(i);
            double ds = Math.cos(v * v) * 2 * v;
            assertEquals(3 * ds + Math.exp(Math.sin(v * v)) * ds, t.grad().get(i), 1e-14);
        }
    }

    static class Net extends Model {
        Variable w = new Variable(new double[] {1, 2});
        Value bias = new Value(0.5);
        List<Value> extra = List.of(new Value(3));
        Inner inner = new Inner();
        transient Variable notAParameter = new Variable(new double[] {4});
    }

    static class Inner extends Model {
        Variable u = new Variable(new double[] {-1});
    }

    @Test
    void zeroGradResetsExactlyTheParameters() {
        Net net = new Net();
        Variable input = new Variable(new double[] {1, 1}); // requires grad, but is not part of net
        Variable out = net.w.mul(input).sum().add(net.inner.u.sum()).add(net.notAParameter.sum());
        out.backward();
        Value scalar = net.bias.mul(net.extra.get(0));
        scalar.backward();
        assertEquals(4, net.parameters().size()); // w, bias, extra[0], inner.u
        assertTrue(net.bias.grad != 0
                && net.extra.get(0).grad != 0
                && net.inner.u.grad().get(0) != 0);

        net.zeroGrad();
        for (Parameter p : net.parameters()) {
            for (int i = 0; i < p.numel(); i++) assertEquals(0, p.gradAt(i), "gradient of " + p);
        }
        assertEquals(1, input.grad().get(0), "a tensor outside the module keeps its gradient");
        assertEquals(1, net.notAParameter.grad().get(0), "a transient field is not a parameter");
    }

    @Test
    void noGradRecordsNothingAndRestoresTheSetting() {
        Value x = new Value(2);
        Variable t = new Variable(new double[] {1, 2});
        try (var scope = Autograd.noGrad()) {
            assertFalse(Autograd.isGradEnabled());
            Value y = x.mul(3).exp();
            assertFalse(y.requiresGrad());
            assertEquals(List.of(), y.inputs());
            assertFalse(t.mul(2).sum().requiresGrad());
            try (var inner = Autograd.enableGrad()) {
                assertTrue(x.mul(3).requiresGrad());
            }
            assertFalse(Autograd.isGradEnabled());
            Variable s = t.sum();
            IllegalStateException e = assertThrows(IllegalStateException.class, s::backward);
            assertTrue(e.getMessage().contains("noGrad"), e.getMessage());
        }
        assertTrue(Autograd.isGradEnabled());
        assertTrue(x.mul(3).requiresGrad());
    }

    @Test
    void detachStopsTheGradient() {
        Value x = new Value(3);
        Value y = x.mul(x);
        Value z = y.detach().mul(x); // d/dx treats y as the constant 9
        z.backward();
        assertEquals(9, x.grad);
        assertEquals(27, z.data);

        Variable t = new Variable(new double[] {1, 2});
        Variable u = t.mul(t);
        Variable d = u.detach();
        assertFalse(d.requiresGrad());
        d.mul(t).sum().backward();
        assertEquals(1, t.grad().get(0));
        assertEquals(4, t.grad().get(1));
        d.data()[0] = 100;
        assertEquals(1, u.get(0), "detach copies the data");
    }

    @Test
    void backwardOnANonScalarNeedsAGradient() {
        Variable t = new Variable(new double[][] {{1, 2}, {3, 4}});
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> t.mul(2).backward());
        assertTrue(e.getMessage().contains("[2, 2]") && e.getMessage().contains("sum()"), e.getMessage());
        IllegalArgumentException wrongShape = assertThrows(
                IllegalArgumentException.class, () -> t.mul(2).backward(Variable.constant(new double[] {1, 1})));
        assertTrue(
                wrongShape.getMessage().contains("[2]")
                        && wrongShape.getMessage().contains("[2, 2]"),
                wrongShape.getMessage());
    }

    @Test
    void reluAndAbsUseSubgradientZeroAtZero() {
        Value r = new Value(0);
        r.relu().backward();
        assertEquals(0, r.grad);
        Value a = new Value(0);
        a.abs().backward();
        assertEquals(0, a.grad);
        Variable t = new Variable(new double[] {0, 0});
        t.relu().add(t.abs()).sum().backward();
        assertEquals(0, t.grad().get(0));
        assertEquals(0, t.grad().get(1));
    }

    @Test
    void leafBackwardAndGraphInspection() {
        Value x = new Value(2).label("x");
        Value y = x.mul(3).label("y");
        assertEquals("*", y.op());
        assertSame(x, y.inputs().get(0));
        assertFalse(y.inputs().get(1).requiresGrad());
        x.backward();
        assertEquals(1, x.grad);
    }
}

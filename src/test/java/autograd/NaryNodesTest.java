package autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import autograd.nn.Activation;
import autograd.nn.scalar.Neuron;
import autograd.nn.scalar.ScalarMLP;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link Value#sum} and {@link Value#dot}: one node however many terms, with the values and
 * gradients of the chain of binary ops they replace. (PyTorch goldens: ReferenceTest's "dot",
 * "sum_many", "neuron"; random expressions: ValuePropertiesTest.)
 */
class NaryNodesTest {

    @Test
    void sumIsOneNodeWithTheChainsValueAndGradients() {
        Value a = new Value(0.1), b = new Value(0.2), c = new Value(0.3);
        Value s = Value.sum(a, b, c, a);
        assertEquals(a.add(b).add(c).add(a).data, s.data, 0.0); // same additions, same order: same bits
        assertEquals("+", s.op());
        assertEquals(List.of(a, b, c, a), s.inputs());
        s.backward();
        assertEquals(List.of(2.0, 1.0, 1.0), List.of(a.grad, b.grad, c.grad));
    }

    @Test
    void dotIsOneNodeWithProductGradientsOnBothSides() {
        Value w1 = new Value(2), w2 = new Value(-1), x1 = new Value(3), x2 = new Value(4);
        Value d = Value.dot(new Value[] {w1, w2}, new Value[] {x1, x2});
        assertEquals(2.0, d.data);
        assertEquals("dot", d.op());
        assertEquals(List.of(w1, w2, x1, x2), d.inputs());
        d.mul(10).backward();
        assertEquals(List.of(30.0, 40.0, 20.0, -10.0), List.of(w1.grad, w2.grad, x1.grad, x2.grad));
    }

    @Test
    void aValueOnBothSidesOfADotGetsBothContributions() {
        Value a = new Value(1.5);
        Value d = Value.dot(new Value[] {a, a}, new Value[] {a, Value.constant(2)}); // a² + 2a
        d.backward();
        assertEquals(1.5 * 1.5 + 3, d.data);
        assertEquals(2 * 1.5 + 2, a.grad);
    }

    @Test
    void theArraysAreCopiedSoChangingThemLaterChangesNothing() {
        Value a = new Value(1), b = new Value(2);
        Value[] terms = {a, b};
        Value s = Value.sum(terms);
        Value d = Value.dot(terms, terms);
        terms[0] = new Value(100);
        s.backward();
        d.backward();
        assertEquals(1 + 2 * 1, a.grad);
        assertEquals(1 + 2 * 2, b.grad);
    }

    @Test
    void theNoCopyDotAgreesWithDotAndChecksItsArguments() {
        Value w = new Value(0.25), x = new Value(-2);
        Value[] a = {w, x};
        Value[] b = {x, Value.constant(3)};
        Value copied = Value.dot(a, b);
        Value kept = Value.dotOfUnchangingArrays(a, b);
        assertEquals(copied.data, kept.data, 0.0);
        kept.backward();
        assertEquals(List.of(-2.0, 0.25 + 3), List.of(w.grad, x.grad));
        assertThrows(IllegalArgumentException.class, () -> Value.dotOfUnchangingArrays(a, new Value[] {x}));
        assertThrows(IllegalArgumentException.class, () -> Value.dotOfUnchangingArrays(new Value[] {null}, b));
    }

    @Test
    void edgeCasesAndErrorsNameTheProblem() {
        Value a = new Value(4);
        assertSame(a, Value.sum(a), "a single term is returned as it is");
        assertEquals(0.0, Value.sum().data);
        assertFalse(Value.sum().requiresGrad());
        assertEquals(0.0, Value.dot(new Value[0], new Value[0]).data);

        var lengths =
                assertThrows(IllegalArgumentException.class, () -> Value.dot(new Value[] {a, a}, new Value[] {a}));
        assertTrue(lengths.getMessage().contains("2 values in a and 1 in b"), lengths.getMessage());
        var nullTerm = assertThrows(IllegalArgumentException.class, () -> Value.sum(a, null));
        assertTrue(nullTerm.getMessage().contains("term[1] is null"), nullTerm.getMessage());
        var nullArray = assertThrows(IllegalArgumentException.class, () -> Value.dot(null, new Value[0]));
        assertTrue(nullArray.getMessage().contains("a is null"), nullArray.getMessage());
    }

    @Test
    void constantsOnlyOrNoGradGiveAConstant() {
        Value c = Value.constant(2);
        assertFalse(Value.dot(new Value[] {c}, new Value[] {c}).requiresGrad());
        try (var scope = Autograd.noGrad()) {
            Value s = Value.sum(new Value(1), new Value(2));
            assertFalse(s.requiresGrad());
            assertTrue(s.inputs().isEmpty());
        }
    }

    @Test
    void anomalyModeNamesTheTermsOfANonFiniteSum() {
        try (var scope = Autograd.detectAnomaly()) {
            var e = assertThrows(
                    Autograd.AnomalyException.class,
                    () -> Value.sum(new Value(Double.MAX_VALUE), new Value(Double.MAX_VALUE), new Value(1)));
            assertTrue(
                    e.getMessage().contains("forward of '+'") && e.getMessage().contains("t2=1.0"), e.getMessage());

            // finite going forward (1e-200 · 1e200 = 1), but a's gradient 1e200 · 1e200 overflows going back
            Value a = new Value(1e-200);
            Value y = Value.dot(new Value[] {a, new Value(1)}, new Value[] {Value.constant(1e200), Value.constant(0)});
            var back = assertThrows(
                    Autograd.AnomalyException.class, () -> y.mul(1e200).backward());
            assertTrue(back.getMessage().contains("backward of 'dot'"), back.getMessage());
        }
    }

    @Test
    void aDeepChainOfDotsNeedsNoRecursion() {
        // Each dot uses the previous one twice: backward must order 200 000 n-ary nodes iteratively.
        Value x = new Value(1);
        Value h = x;
        Value half = Value.constant(0.5);
        for (int i = 0; i < 200_000; i++) h = Value.dot(new Value[] {h, h}, new Value[] {half, half});
        h.backward();
        assertEquals(1.0, h.data);
        assertEquals(1.0, x.grad);
    }

    @Test
    void aNeuronIsOneDotNodeThenItsActivation() {
        Neuron n = new Neuron(3, Activation.tanh(), new Random(5));
        List<Value> x = List.of(Value.constant(0.5), Value.constant(-1), Value.constant(2));
        Value out = n.forward(x);
        assertEquals("tanh", out.op());
        Value dot = out.inputs().get(0);
        assertEquals("dot", dot.op());
        // micrograd's order: b + w1·x1 + w2·x2 + w3·x3, so the value matches its chain bit for bit
        Value chain = n.bias();
        for (int i = 0; i < 3; i++) chain = chain.add(n.weights().get(i).mul(x.get(i)));
        assertEquals(chain.data, dot.data, 0.0);
    }

    @Test
    void theMoonsNetworkIsAboutAHundredNodesPerSample() {
        ScalarMLP model = new ScalarMLP(2, new int[] {16, 16, 1}, Activation.sigmoid(), new Random(1));
        Value loss = model.forward(0.3, -0.2).sub(1).pow(2);
        // 33 neurons × (dot + activation), plus sub and pow; leaves (337 parameters, inputs) apart
        assertEquals(33 * 2 + 2, computedNodes(loss));
    }

    private static int computedNodes(Value root) {
        Set<Value> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Value> todo = new ArrayDeque<>(List.of(root));
        List<Value> computed = new ArrayList<>();
        while (!todo.isEmpty()) {
            Value v = todo.pop();
            if (!seen.add(v)) continue;
            if (!v.op().isEmpty()) computed.add(v);
            todo.addAll(v.inputs());
        }
        return computed.size();
    }
}

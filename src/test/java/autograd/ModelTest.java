package autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import autograd.nn.Linear;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which fields {@link Model#parameters()} finds: leaves that require a gradient, at any depth, once. */
class ModelTest {

    @Test
    void aListThatContainsItselfIsWalkedOnce() {
        class Looped extends Model {
            final List<Object> items = new ArrayList<>();
            final Map<String, Object> byName = new HashMap<>();
            final Object[] array = new Object[2];
        }
        Looped model = new Looped();
        Variable w = new Variable(new double[] {1, 2});
        Value b = new Value(3);
        model.items.add(model.items); // used to recurse until StackOverflowError
        model.items.add(w);
        model.byName.put("self", model.byName);
        model.byName.put("b", b);
        model.array[0] = model.array;
        model.array[1] = model.items;
        assertEquals(List.of(w, b), model.parameters());
        assertEquals(3, model.numParameters());
        assertTrue(model.toString().contains("3 parameters"), model.toString());
    }

    @Test
    void deeplyNestedContainersDoNotOverflowTheStack() {
        class Deep extends Model {
            List<Object> nest = new ArrayList<>();
        }
        Deep model = new Deep();
        List<Object> inner = model.nest;
        for (int i = 0; i < 200_000; i++) {
            List<Object> next = new ArrayList<>();
            inner.add(next);
            inner = next;
        }
        Value leaf = new Value(1);
        inner.add(leaf);
        assertEquals(List.of(leaf), model.parameters());
    }

    @Test
    void aComputedVariableOrValueFieldIsNotAParameter() {
        class Cached extends Model {
            final Variable w = new Variable(new double[] {1, 2});
            final Variable doubled = w.mul(2); // an op's result: PyTorch would not register it either
            final Value a = new Value(1);
            final Value square = a.mul(a);
            final List<Variable> activations = List.of(w.tanh());
            final Variable frozen = Variable.constant(new double[] {5});
        }
        Cached model = new Cached();
        assertEquals(List.of(model.w, model.a), model.parameters());
        assertEquals(3, model.numParameters());
        // zeroGrad leaves the computed fields' gradients alone: they are not trained.
        model.doubled.sum().backward();
        model.zeroGrad();
        assertEquals(0.0, model.w.gradAt(0));
    }

    @Test
    void parametersComeInDeclarationOrderEachOnceWithSubmodules() {
        class Net extends Model {
            final Linear first = new Linear(2, 3, 1);
            final Variable scale = new Variable(1.0);
            final Linear shared = first;
        }
        Net net = new Net();
        List<Parameter> ps = net.parameters();
        assertSame(net.scale, ps.get(0)); // own parameters first, then submodules, as PyTorch
        assertEquals(3, ps.size());
        assertEquals(List.of(net.first), net.children());
    }
}

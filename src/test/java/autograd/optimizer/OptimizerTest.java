package autograd.optimizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import autograd.Model;
import autograd.Parameter;
import autograd.Value;
import autograd.Variable;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptimizerTest {

    @Test
    void gradientDescentStepByHand() {
        // f(x) = (x − 2)², x0 = −3: grad = 2(x − 2) = −10, so one step of lr 0.1 gives −3 + 1 = −2.
        Variable x = new Variable(-3.0);
        GD opt = new GD(List.of(x), 0.1);
        x.sub(2).pow(2).backward();
        opt.step();
        assertEquals(-2.0, x.item(), 1e-15);
        assertEquals(1, opt.steps());
    }

    @Test
    void gdConvergesOnAQuadratic() {
        Value x = new Value(-3);
        GD opt = new GD(List.of(x), 0.1);
        for (int i = 0; i < 200; i++) {
            opt.zeroGrad();
            x.sub(2).pow(2).backward();
            opt.step();
        }
        assertEquals(2.0, x.data, 1e-9);
    }

    @Test
    void sgdMomentumByHand() {
        // grad of x² at x is 2x. x0 = 1, lr 0.1, momentum 0.5:
        // step 1: b = 2, x = 1 − 0.2 = 0.8; step 2: g = 1.6, b = 0.5·2 + 1.6 = 2.6, x = 0.8 − 0.26 = 0.54.
        Value x = new Value(1);
        SGD opt = new SGD(List.of(x), 0.1).momentum(0.5);
        for (int i = 0; i < 2; i++) {
            opt.zeroGrad();
            x.pow(2).backward();
            opt.step();
        }
        assertEquals(0.54, x.data, 1e-15);
    }

    @Test
    void adamFirstStepMovesByLr() {
        // With bias correction, Adam's first step is lr·g/(|g| + eps') = lr·sign(g) (up to eps).
        Variable x = new Variable(new double[] {3, -7});
        Adam opt = new Adam(List.of(x), 0.01);
        x.pow(2).sum().backward();
        opt.step();
        assertEquals(2.99, x.get(0), 1e-9);
        assertEquals(-6.99, x.get(1), 1e-9);
    }

    @Test
    void badLearningRatesAreRejectedNamingLr() {
        Variable x = new Variable(1.0);
        var nan = assertThrows(IllegalArgumentException.class, () -> new GD(List.of(x), Double.NaN));
        assertTrue(nan.getMessage().contains("lr"), nan.getMessage());
        var negative = assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(x), -0.1));
        assertTrue(negative.getMessage().contains("lr"), negative.getMessage());
        Adam adam = new Adam(List.of(x), 0.1);
        assertThrows(IllegalArgumentException.class, () -> adam.lr(Double.NaN));
        assertEquals(0.1, adam.lr());
        assertEquals(0.5, adam.lr(0.5).lr());
    }

    @Test
    void emptyParameterListExplainsTheLikelyCause() {
        class Empty extends Model {
            @SuppressWarnings("unused")
            double notAParameter = 3;
        }
        var e = assertThrows(IllegalArgumentException.class, () -> new Adam(new Empty()));
        assertEquals("Adam over no parameters: did the model declare its parameters as fields?", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new GD(List.of(), 0.1));
    }

    @Test
    void aConstantCannotBeTrainedAndTheMessageSaysHowToMakeAParameter() {
        Variable w = new Variable(new double[] {1, 2});
        var e = assertThrows(
                IllegalArgumentException.class, () -> new GD(List.of(w, Variable.constant(new double[] {3})), 0.1));
        assertTrue(e.getMessage().contains("parameter 1 is a constant"), e.getMessage());
        assertTrue(e.getMessage().contains("new Variable("), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new GD(List.of(new Value(1).detach()), 0.1));
    }

    @Test
    void aParameterListedTwiceIsRejected() {
        Variable x = new Variable(1.0);
        var e = assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(x, new Variable(2.0), x), 0.1));
        assertTrue(e.getMessage().contains("0 and 2"), e.getMessage());
    }

    @Test
    void parameterWithoutGradientIsLeftAloneByGd() {
        Variable used = new Variable(1.0);
        Variable unused = new Variable(5.0);
        GD opt = new GD(List.of(used, unused), 0.1);
        used.pow(2).backward();
        opt.step();
        assertEquals(5.0, unused.item());
        assertEquals(0.8, used.item(), 1e-15);
    }

    @Test
    void nesterovWithoutMomentumFailsClearly() {
        Variable x = new Variable(1.0);
        SGD opt = new SGD(List.of(x), 0.1).nesterov(true);
        x.pow(2).backward();
        var e = assertThrows(IllegalStateException.class, opt::step);
        assertTrue(e.getMessage().contains("momentum"), e.getMessage());
    }

    @Test
    void optimizerOverAModuleFindsItsFields() {
        class Quadratic extends Model {
            final Variable w = new Variable(new double[] {1, 2});
            final Value b = new Value(3);
        }
        Quadratic q = new Quadratic();
        RMSProp opt = new RMSProp(q, 0.01);
        assertEquals(2, opt.parameters().size());
        q.w.pow(2).sum().add(0).backward();
        q.b.pow(2).backward();
        opt.step();
        // First RMSProp step: s = 0.01·g², so g/√s = 10·sign(g) and each element moves by 10·lr = 0.1.
        assertEquals(0.9, q.w.get(0), 1e-6);
        assertEquals(1.9, q.w.get(1), 1e-6);
        assertEquals(2.9, q.b.data, 1e-6);
        opt.zeroGrad();
        assertEquals(0.0, q.w.gradAt(0));
        assertEquals(0.0, q.b.grad);
    }

    @Test
    void weightDecayLivesInTheBaseAndWorksForEveryOptimizer() {
        // One step on L = 0 (zero gradient): only the decay moves x, g = λ·x.
        for (String kind : List.of("gd", "sgd", "adam", "rmsprop")) {
            Variable x = new Variable(new double[] {2, -4});
            Optimizer opt = switch (kind) {
                case "gd" -> new GD(List.of(x), 0.1).weightDecay(0.5);
                case "sgd" -> new SGD(List.of(x), 0.1).weightDecay(0.5);
                case "adam" -> new Adam(List.of(x), 0.1).weightDecay(0.5);
                default -> new RMSProp(List.of(x), 0.1).weightDecay(0.5);
            };
            assertEquals(0.5, opt.weightDecay(), kind);
            opt.step();
            if (kind.equals("gd") || kind.equals("sgd")) {
                assertEquals(2 - 0.1 * 0.5 * 2, x.get(0), 1e-15, kind);
                assertEquals(-4 + 0.1 * 0.5 * 4, x.get(1), 1e-15, kind);
            } else { // both normalise the first step to about lr·sign(g)
                assertEquals(kind.equals("adam") ? 1.9 : 2 - 0.1 * 10, x.get(0), 1e-6, kind);
            }
        }
        var e = assertThrows(IllegalArgumentException.class, () -> new GD(List.of(new Value(1)), 0.1).weightDecay(-1));
        assertTrue(e.getMessage().contains("weightDecay"), e.getMessage());
    }

    @Test
    void aRejectedStepChangesNothing() {
        Variable x = new Variable(1.0);
        SGD opt = new SGD(List.of(x), 0.1).nesterov(true);
        x.pow(2).backward();
        assertThrows(IllegalStateException.class, opt::step);
        assertEquals(0, opt.steps());
        assertEquals(1.0, x.item());
        opt.momentum(0.9).step(); // now valid: the first step initialises the buffer to g
        assertEquals(1, opt.steps());
        assertEquals(1 - 0.1 * (2 + 0.9 * 2), x.item(), 1e-15);
    }

    @Test
    void aCustomOptimizerWritesOnlyItsRule() {
        class SignDescent extends Optimizer {
            SignDescent(List<Variable> ps, double lr) {
                super(ps, lr);
            }

            @Override
            protected void update(int index, Parameter p) {
                for (int k = 0; k < p.numel(); k++) {
                    double x = p.dataAt(k);
                    p.setDataAt(k, x - lr() * Math.signum(gradient(p, k, x)));
                }
            }
        }
        Variable x = new Variable(new double[] {3, -7});
        SignDescent opt = new SignDescent(List.of(x), 0.25);
        x.pow(2).sum().backward();
        opt.step();
        assertEquals(2.75, x.get(0));
        assertEquals(-6.75, x.get(1));
    }

    @Test
    void aComputedTensorCannotBeOptimized() {
        // PyTorch: "ValueError: can't optimize a non-leaf Tensor": a step would overwrite a computed value.
        Variable w = new Variable(new double[] {1, 2});
        var e = assertThrows(IllegalArgumentException.class, () -> new GD(List.of(w, w.mul(2)), 0.1));
        assertTrue(e.getMessage().contains("parameter 1 is the result of an op"), e.getMessage());
        Value a = new Value(1);
        assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(a.add(1)), 0.1));
    }
}

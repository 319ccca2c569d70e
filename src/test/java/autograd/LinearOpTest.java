package autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Variable#linear}: the same values and gradients as {@code matmul(weight).add(bias)}, in
 * Java and (from 64 per side) through BLAS. PyTorch goldens: ReferenceTest's "linear_*" cases.
 */
class LinearOpTest {

    private static void sameAsMatmulPlusBias(int n, int k, int m, long seed) {
        Random rng = new Random(seed);
        double[] xs = Variable.uniform(rng, -1, 1, n, k).value();
        double[] ws = Variable.uniform(rng, -1, 1, k, m).value();
        double[] bs = Variable.uniform(rng, -1, 1, m).value();
        Variable x1 = new Variable(xs.clone(), n, k),
                w1 = new Variable(ws.clone(), k, m),
                b1 = new Variable(bs.clone(), m);
        Variable x2 = new Variable(xs.clone(), n, k),
                w2 = new Variable(ws.clone(), k, m),
                b2 = new Variable(bs.clone(), m);
        Variable fused = x1.linear(w1, b1);
        Variable twoOps = x2.matmul(w2).add(b2);
        assertArrayEquals(twoOps.value(), fused.value(), 1e-12);
        fused.tanh().sum().backward();
        twoOps.tanh().sum().backward();
        assertArrayEquals(x2.grad().value(), x1.grad().value(), 1e-12);
        assertArrayEquals(w2.grad().value(), w1.grad().value(), 1e-12);
        assertArrayEquals(b2.grad().value(), b1.grad().value(), 1e-12);
    }

    @Test
    void matchesMatmulPlusBiasAtJavaAndBlasSizes() {
        sameAsMatmulPlusBias(100, 2, 16, 1); // the moons network's first layer
        sameAsMatmulPlusBias(100, 16, 1, 2);
        sameAsMatmulPlusBias(70, 65, 66, 3); // from 64 per side: BLAS when ND4J is present
        sameAsMatmulPlusBias(300, 256, 64, 4);
    }

    @Test
    void oneSampleGivesAVectorAndGradCheckAgrees() {
        Variable x = new Variable(new double[] {0.3, -1.2, 2.0});
        Variable w = new Variable(new double[][] {{1, -2}, {0.5, 0.25}, {-1, 3}});
        Variable b = new Variable(new double[] {0.1, -0.1});
        Variable y = x.linear(w, b);
        assertArrayEquals(new int[] {2}, y.shape());
        assertEquals(0.3 - 0.6 - 2 + 0.1, y.value()[0], 1e-15);
        GradCheck.check(v -> v.get(0).linear(v.get(1), v.get(2)).sigmoid().sum(), x, w, b)
                .assertOk();
    }

    @Test
    void shapeErrorsNameAllThreeShapes() {
        Variable x = new Variable(new double[][] {{1, 2, 3}});
        Variable w = new Variable(new double[][] {{1, 2}, {3, 4}});
        var e = assertThrows(IllegalArgumentException.class, () -> x.linear(w, new Variable(new double[] {0, 0})));
        assertTrue(e.getMessage().contains("[1, 3], [2, 2] and [2]"), e.getMessage());
        var bias = assertThrows(
                IllegalArgumentException.class,
                () -> new Variable(new double[][] {{1, 2}}).linear(w, new Variable(new double[] {0, 0, 0})));
        assertTrue(bias.getMessage().contains("bias [out]"), bias.getMessage());
        assertThrows(IllegalArgumentException.class, () -> x.linear(null, w));
    }
}

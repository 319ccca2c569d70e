package autograd.compile;

import static autograd.compile.CompiledScalarWorkloadsTest.assertSameBits;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import autograd.Variable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Compiled tensor steps against the eager engine, bit for bit: the W4 and W5 training loops
 * (W5 at a size whose products still go to BLAS), every supported op with broadcasting, and the
 * cases where a trace must not be reused.
 */
class CompiledTensorWorkloadsTest {

    /** An MLP's parameters: weights [in, out] and biases [out], from a seeded generator. */
    static Variable[] mlp(long seed, int... sizes) {
        Random r = new Random(seed);
        List<Variable> ps = new ArrayList<>();
        for (int l = 0; l + 1 < sizes.length; l++) {
            double[] w = new double[sizes[l] * sizes[l + 1]];
            double[] b = new double[sizes[l + 1]];
            for (int i = 0; i < w.length; i++) w[i] = r.nextGaussian() / Math.sqrt(sizes[l]);
            for (int i = 0; i < b.length; i++) b[i] = 0.1 * r.nextGaussian();
            ps.add(new Variable(w, sizes[l], sizes[l + 1]));
            ps.add(new Variable(b, sizes[l + 1]));
        }
        return ps.toArray(new Variable[0]);
    }

    static Variable forward(Variable[] p, Variable x) {
        Variable h = x;
        for (int l = 0; l < p.length / 2; l++) {
            h = h.linear(p[2 * l], p[2 * l + 1]);
            h = l < p.length / 2 - 1 ? h.relu() : h.sigmoid();
        }
        return h;
    }

    static double[][] data(int n, long seed) {
        Random r = new Random(seed);
        double[] x = new double[2 * n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = r.nextGaussian();
            x[2 * i + 1] = r.nextGaussian();
            y[i] = i % 2;
        }
        return new double[][] {x, y};
    }

    static double[][] zerosLike(double[][] a) {
        double[][] z = new double[a.length][];
        for (int k = 0; k < a.length; k++) z[k] = new double[a[k].length];
        return z;
    }

    /** W4 (plain gradient descent) or W5 (Adam) for a few steps, eager and compiled side by side. */
    private static void trainBothWays(int n, int hidden, int steps, boolean adam) {
        double[][] xy = data(n, 11);
        Variable[] eager = mlp(42, 2, hidden, hidden, 1);
        Variable[] params = mlp(42, 2, hidden, hidden, 1);
        TensorStep step = Compile.tensor(
                List.of(params),
                List.of(new int[] {n, 2}, new int[] {n, 1}),
                in -> forward(params, in[0]).sub(in[1]).pow(2).mean());
        double[][] theta = step.parameterValues();
        double[][] grad = zerosLike(theta);
        double[][] m = zerosLike(theta), v = zerosLike(theta), me = zerosLike(theta), ve = zerosLike(theta);
        Variable x = Variable.constant(xy[0], n, 2);
        Variable y = Variable.constant(xy[1], n, 1);
        for (int t = 1; t <= steps; t++) {
            Variable loss = forward(eager, x).sub(y).pow(2).mean();
            loss.backward();
            for (double[] g : grad) Arrays.fill(g, 0);
            double compiled = step.run(theta, xy, grad);
            assertSameBits(loss.item(), compiled, "loss at step " + t);
            for (int k = 0; k < theta.length; k++) {
                double[] d = eager[k].data();
                for (int i = 0; i < d.length; i++) {
                    double ge = eager[k].gradAt(i);
                    assertSameBits(ge, grad[k][i], "gradient " + k + "[" + i + "] at step " + t);
                    d[i] = update(d[i], ge, me[k], ve[k], i, t, adam);
                    theta[k][i] = update(theta[k][i], grad[k][i], m[k], v[k], i, t, adam);
                }
                eager[k].zeroGrad();
            }
        }
        assertTrue(step.toString().contains("equal bit for bit"), step.toString());
    }

    private static double update(double x, double g, double[] m, double[] v, int i, int t, boolean adam) {
        if (!adam) return x - 0.1 * g;
        m[i] = 0.9 * m[i] + 0.1 * g;
        v[i] = 0.999 * v[i] + 0.001 * g * g;
        return x - 1e-3 * (m[i] / (1 - Math.pow(0.9, t))) / (Math.sqrt(v[i] / (1 - Math.pow(0.999, t))) + 1e-8);
    }

    @Test
    void w4TrainingMatchesTheEagerEngine() {
        trainBothWays(100, 16, 30, false);
    }

    @Test
    void w5AdamTrainingWithBlasSizedProductsMatchesTheEagerEngine() {
        trainBothWays(300, 96, 4, true); // 96 per side: the products go to BLAS when it is present
    }

    // ---- every op ------------------------------------------------------------------------------

    private static void compareOnce(
            List<Variable> paramsEager,
            List<Variable> paramsCompiled,
            List<int[]> shapes,
            double[][] inputs,
            Function<Variable[], Variable> fe,
            Function<Variable[], Variable> fc) {
        Variable[] in = new Variable[shapes.size()];
        for (int i = 0; i < in.length; i++) in[i] = Variable.constant(inputs[i], shapes.get(i));
        Variable loss = fe.apply(in);
        loss.backward();
        TensorStep step = Compile.tensor(paramsCompiled, shapes, fc);
        double[][] theta = step.parameterValues();
        double[][] grad = zerosLike(theta);
        for (int call = 0; call < 3; call++) {
            for (double[] g : grad) Arrays.fill(g, 0);
            assertSameBits(loss.item(), step.run(theta, inputs, grad), "result, call " + call);
            for (int k = 0; k < grad.length; k++) {
                for (int i = 0; i < grad[k].length; i++) {
                    assertSameBits(paramsEager.get(k).gradAt(i), grad[k][i], "gradient " + k + "[" + i + "]");
                }
            }
        }
    }

    private static Variable param(long seed, int... shape) {
        Random r = new Random(seed);
        int size = 1;
        for (int d : shape) size *= d;
        double[] v = new double[size];
        for (int i = 0; i < size; i++) v[i] = r.nextGaussian();
        return new Variable(v, shape);
    }

    @Test
    void broadcastingElementwiseOpsAndReductions() {
        Variable a = param(1, 5, 3), row = param(2, 3), col = param(3, 5, 1), s = param(4);
        Variable a2 = param(1, 5, 3), row2 = param(2, 3), col2 = param(3, 5, 1), s2 = param(4);
        Function<Variable[], Variable> f = in -> null;
        double[][] input = {param(9, 5, 3).value()};
        compareOnce(
                List.of(a, row, col, s),
                List.of(a2, row2, col2, s2),
                List.of(new int[] {5, 3}),
                input,
                in -> a.mul(row)
                        .add(col)
                        .tanh()
                        .mul(in[0])
                        .sub(s)
                        .exp()
                        .div(row.abs().add(1))
                        .sum(0)
                        .pow(2)
                        .mean()
                        .add(a.mul(s).sin().sum(1).cos().sum()),
                in -> a2.mul(row2)
                        .add(col2)
                        .tanh()
                        .mul(in[0])
                        .sub(s2)
                        .exp()
                        .div(row2.abs().add(1))
                        .sum(0)
                        .pow(2)
                        .mean()
                        .add(a2.mul(s2).sin().sum(1).cos().sum()));
    }

    @Test
    void productsReshapeAndTranspose() {
        Variable w = param(5, 3, 4), v = param(6, 4);
        Variable w2 = param(5, 3, 4), v2 = param(6, 4);
        double[][] input = {param(7, 2, 3).value()};
        compareOnce(
                List.of(w, v),
                List.of(w2, v2),
                List.of(new int[] {2, 3}),
                input,
                in -> in[0].matmul(w)
                        .matmul(v)
                        .relu()
                        .reshape(2, 1)
                        .transpose()
                        .matmul(in[0])
                        .sigmoid()
                        .sum(),
                in -> in[0].matmul(w2)
                        .matmul(v2)
                        .relu()
                        .reshape(2, 1)
                        .transpose()
                        .matmul(in[0])
                        .sigmoid()
                        .sum());
    }

    // ---- what a trace depends on ---------------------------------------------------------------

    @Test
    void anInputOfAnotherShapeIsRejectedAndABranchOnDataIsCaught() {
        Variable w = param(1, 2, 1), b = param(2, 1);
        TensorStep step = Compile.tensor(
                List.of(w, b),
                List.of(new int[] {4, 2}),
                in -> in[0].sum().item() > 0
                        ? in[0].linear(w, b).sum()
                        : in[0].linear(w, b).tanh().sum());
        double[][] theta = step.parameterValues();
        double[][] grad = zerosLike(theta);
        IllegalArgumentException shape = assertThrows(
                IllegalArgumentException.class, () -> step.run(theta, new double[][] {new double[6]}, grad));
        assertTrue(shape.getMessage().contains("shape [4, 2]"), shape.getMessage());
        step.run(theta, new double[][] {{1, 1, 1, 1, 1, 1, 1, 1}}, grad);
        IllegalStateException branch = assertThrows(
                IllegalStateException.class,
                () -> step.run(theta, new double[][] {{-1, -1, -1, -1, -1, -1, -1, -1}}, grad));
        assertSame(
                branch,
                assertThrows(IllegalStateException.class, () -> step.run(theta, new double[][] {new double[8]}, grad)));
        assertThrows(
                IllegalArgumentException.class, () -> step.run(theta, new double[][] {new double[8]}, new double[1][]));
    }

    @Test
    void capturedTensorsAreReadAtEveryCallAndUndeclaredParametersRejected() {
        Variable w = param(1, 3);
        Variable data = Variable.constant(new double[] {1, 2, 3});
        TensorStep step =
                Compile.tensor(List.of(w), List.of(), in -> w.mul(data).sum());
        double[][] theta = step.parameterValues();
        double[][] grad = zerosLike(theta);
        step.run(theta, new double[0][], grad);
        data.setData(10, 20, 30);
        Arrays.fill(grad[0], 0);
        assertSameBits(
                10 * theta[0][0] + 20 * theta[0][1] + 30 * theta[0][2],
                step.run(theta, new double[0][], grad),
                "after setData");
        assertEquals(20.0, grad[0][1]);
        Variable hidden = param(3, 3);
        TensorStep bad =
                Compile.tensor(List.of(w), List.of(), in -> w.mul(hidden).sum());
        assertThrows(IllegalArgumentException.class, () -> bad.run(theta, new double[0][], grad));
        TensorStep notScalar = Compile.tensor(List.of(w), List.of(), in -> w.mul(2));
        assertThrows(IllegalArgumentException.class, () -> notScalar.run(theta, new double[0][], grad));
    }
}

package autograd.bench;

import autograd.Autograd;
import autograd.Value;
import autograd.Variable;
import autograd.nn.scalar.Layer;
import autograd.nn.scalar.Neuron;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark workloads on this library. Each {@code prepare} builds fresh parameters (not
 * timed) and returns the timed body, which returns a number that the Python scripts reproduce
 * (final loss or gradient): every system starts from the same weights ({@link Lcg}) and the
 * same data, so equal numbers prove equal work.
 *
 * <p>W7 has several Java variants, each a {@link SensitivityMap}: serial {@code Value}s, batched
 * {@code Variable}s and, once {@code autograd.sweep} exists, a {@code Sweep} on all cores (see
 * {@link #sweepVariant()} for the hook).
 */
final class Workloads {

    private Workloads() {}

    /** The timed part of a workload; returns a checksum so the work cannot be optimized away. */
    interface Body {
        double run();
    }

    /**
     * The shared weight initializer: a 64-bit LCG (Knuth's MMIX constants) that the Python
     * scripts implement identically, giving uniform numbers in [-1, 1).
     */
    static final class Lcg {
        private long state;

        Lcg(long seed) {
            state = seed;
        }

        double next() {
            state = state * 6364136223846793005L + 1442695040888963407L;
            return (state >>> 11) * 0x1.0p-53 * 2 - 1;
        }
    }

    // ---- W1: scalar MLP(2, [16, 16, 1]), per-sample SGD --------------------------------------

    /**
     * The library's micrograd-style scalar MLP (ReLU hidden layers, sigmoid output) with its
     * weights overwritten neuron by neuron, weights then bias, from the shared LCG: micrograd's
     * order. Built through {@link ScalarNets} so the harness runs on revisions before the rename.
     */
    static ScalarNets.Net scalarMlp(Lcg rng) {
        ScalarNets.Net model = ScalarNets.sigmoidMlp(2, new int[] {16, 16, 1}, new java.util.Random(0));
        for (Layer layer : model.layers()) {
            for (Neuron neuron : layer.neurons()) {
                for (Value w : neuron.weights()) w.data = rng.next();
                neuron.bias().data = rng.next();
            }
        }
        return model;
    }

    static Body w1ScalarMlp(BenchData moons) {
        ScalarNets.Net model = scalarMlp(new Lcg(42));
        List<Value> params = new ArrayList<>();
        for (Layer layer : model.layers()) {
            for (Neuron neuron : layer.neurons()) {
                params.addAll(neuron.weights());
                params.add(neuron.bias());
            }
        }
        return () -> {
            double epochLoss = 0;
            for (int epoch = 0; epoch < 25; epoch++) {
                epochLoss = 0;
                for (int s = 0; s < moons.y.length; s++) {
                    Value loss = model.forward(moons.x[s]).sub(moons.y[s]).pow(2);
                    loss.backward();
                    for (Value p : params) {
                        p.data -= 0.1 * p.grad;
                        p.grad = 0;
                    }
                    epochLoss += loss.data;
                }
            }
            return epochLoss;
        };
    }

    // ---- W2: double pendulum, 500 Euler steps of Values, backward from θ2 -------------------

    static Body w2Pendulum() {
        return () -> {
            Value th1 = new Value(0.4);
            Value t2 = pendulumTheta2(th1, new Value(0), new Value(1), new Value(4));
            t2.backward();
            return t2.data + th1.grad;
        };
    }

    static final int PENDULUM_STEPS = 500;
    static final double PENDULUM_H = 0.01;

    /** θ2 after 500 Euler steps of h = 0.01 (notebook 06's equations, unit masses and rods, g = 9.8). */
    static Value pendulumTheta2(Value t1, Value t2, Value p1, Value p2) {
        double h = PENDULUM_H;
        for (int step = 0; step < PENDULUM_STEPS; step++) {
            Value d = t1.sub(t2);
            Value c = d.cos();
            Value denom = c.pow(2).mul(-9).add(16);
            Value dt1 = p1.mul(2).sub(c.mul(p2).mul(3)).mul(6).div(denom);
            Value dt2 = p2.mul(8).sub(c.mul(p1).mul(3)).mul(6).div(denom);
            Value prod = dt1.mul(dt2).mul(d.sin());
            Value dp1 = prod.add(t1.sin().mul(3 * 9.8)).mul(-0.5);
            Value dp2 = prod.neg().add(t2.sin().mul(9.8)).mul(-0.5);
            t1 = t1.add(dt1.mul(h));
            t2 = t2.add(dt2.mul(h));
            p1 = p1.add(dp1.mul(h));
            p2 = p2.add(dp2.mul(h));
        }
        return t2;
    }

    /** The same Euler steps on whole arrays of pendulums: every op acts element by element. */
    static Variable pendulumTheta2(Variable t1, Variable t2, Variable p1, Variable p2) {
        double h = PENDULUM_H;
        for (int step = 0; step < PENDULUM_STEPS; step++) {
            Variable d = t1.sub(t2);
            Variable c = d.cos();
            Variable denom = c.pow(2).mul(-9).add(16);
            Variable dt1 = p1.mul(2).sub(c.mul(p2).mul(3)).mul(6).div(denom);
            Variable dt2 = p2.mul(8).sub(c.mul(p1).mul(3)).mul(6).div(denom);
            Variable prod = dt1.mul(dt2).mul(d.sin());
            Variable dp1 = prod.add(t1.sin().mul(3 * 9.8)).mul(-0.5);
            Variable dp2 = prod.neg().add(t2.sin().mul(9.8)).mul(-0.5);
            t1 = t1.add(dt1.mul(h));
            t2 = t2.add(dt2.mul(h));
            p1 = p1.add(dp1.mul(h));
            p2 = p2.add(dp2.mul(h));
        }
        return t2;
    }

    // ---- W7: the 41 × 41 sensitivity map of notebook 06 ---------------------------------------

    static final int W7_CELLS = 41;

    /**
     * One way to compute W7: log10(|∂θ2(5 s)/∂θ1(0)| + 1e-12) for the pendulum released from rest
     * at every (θ1, θ2) of {@code angles} × {@code angles}, row j = θ2 = angles[j], column i = θ1 =
     * angles[i], flattened row by row (index j · n + i).
     */
    interface SensitivityMap {
        double[] compute(double[] angles);
    }

    /** The grid over [-π, π], computed as {@code Grid.linspace} and the Python scripts do. */
    static double[] w7Angles() {
        int n = W7_CELLS;
        double[] angles = new double[n];
        for (int k = 0; k < n; k++) {
            angles[k] = k == n - 1 ? Math.PI : -Math.PI + (Math.PI - -Math.PI) * k / (n - 1);
        }
        return angles;
    }

    static double log10Sensitivity(double gradient) {
        return Math.log10(Math.abs(gradient) + 1e-12);
    }

    /** W7 as notebook 06 writes it: one simulation and one backward pass of {@code Value}s per cell. */
    static double w7Cell(double theta1, double theta2) {
        Value start1 = new Value(theta1);
        Value end = pendulumTheta2(start1, Value.constant(theta2), Value.constant(0), Value.constant(0));
        end.backward();
        return log10Sensitivity(start1.grad);
    }

    static final SensitivityMap W7_VALUES = angles -> {
        int n = angles.length;
        double[] map = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) map[j * n + i] = w7Cell(angles[i], angles[j]);
        }
        return map;
    };

    /**
     * All cells at once: each state variable is a {@code Variable} of n² pendulums, one backward
     * pass from the sum of the final θ2s (the cells are independent, so it gives every cell's
     * gradient).
     */
    static final SensitivityMap W7_VARIABLES = angles -> {
        int n = angles.length;
        double[] th1 = new double[n * n];
        double[] th2 = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                th1[j * n + i] = angles[i];
                th2[j * n + i] = angles[j];
            }
        }
        Variable start1 = new Variable(th1, n * n);
        Variable end = pendulumTheta2(
                start1,
                Variable.constant(th2, n * n),
                Variable.constant(new double[n * n], n * n),
                Variable.constant(new double[n * n], n * n));
        end.sum().backward();
        double[] map = new double[n * n];
        for (int k = 0; k < map.length; k++) map[k] = log10Sensitivity(start1.gradAt(k));
        return map;
    };

    /**
     * The hook for the third W7 variant, "a Sweep on all cores": a class {@code
     * autograd.bench.W7Sweep} in bench/java with a public no-argument constructor that implements
     * {@link SensitivityMap} (typically a {@code Sweep} over the cells calling {@link #w7Cell}).
     * Its source starts with the line {@code // bench: requires autograd.sweep}, so bench/run.sh
     * and bench/compare.sh compile it only against a library that has that package; when it is
     * absent, this returns null and the workload W7-sweep is not offered.
     */
    static SensitivityMap sweepVariant() {
        try {
            return (SensitivityMap)
                    Class.forName("autograd.bench.W7Sweep").getConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            return null;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("autograd.bench.W7Sweep exists but cannot be made", e);
        }
    }

    /**
     * The compiled path's variants, W1-compiled ... W7-compiled, from {@code
     * autograd.bench.CompiledWorkloads}: compiled into the harness only against a library that has
     * {@code autograd.compile} (its first line says so), hence found by name, as {@link
     * #sweepVariant()}. Empty when absent.
     */
    static List<String> compiledVariants() {
        Class<?> c = compiledWorkloads();
        if (c == null) return List.of();
        try {
            @SuppressWarnings("unchecked")
            List<String> names = (List<String>) c.getDeclaredField("NAMES").get(null);
            return names;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("autograd.bench.CompiledWorkloads exists but has no NAMES", e);
        }
    }

    /** The body of a compiled variant, or null when {@code workload} is not one (or the class is absent). */
    static Body compiledVariant(String workload, java.nio.file.Path dir) {
        Class<?> c = compiledWorkloads();
        if (c == null) return null;
        try {
            return (Body) c.getDeclaredMethod("body", String.class, java.nio.file.Path.class)
                    .invoke(null, workload, dir);
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("autograd.bench.CompiledWorkloads exists but cannot be called", e);
        }
    }

    private static Class<?> compiledWorkloads() {
        try {
            return Class.forName("autograd.bench.CompiledWorkloads");
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    /** A W7 body: computes the map, keeps it for {@link #lastMap}, returns the sum of its cells. */
    static final class MapBody implements Body {
        private final SensitivityMap variant;
        private final double[] angles = w7Angles();
        private double[] last;

        MapBody(SensitivityMap variant) {
            this.variant = variant;
        }

        @Override
        public double run() {
            last = variant.compute(angles);
            double sum = 0;
            for (double v : last) sum += v;
            return sum;
        }

        double[] lastMap() {
            return last;
        }
    }

    // ---- W3: perceptron tanh(wᵀx + b), summed squared error, full-batch GD -------------------

    static Body w3Perceptron(BenchData blobs) {
        Lcg rng = new Lcg(7);
        Value w1 = new Value(rng.next());
        Value w2 = new Value(rng.next());
        Value b = new Value(rng.next());
        return () -> {
            double last = 0;
            for (int epoch = 0; epoch < 400; epoch++) {
                Value loss = null;
                for (int s = 0; s < blobs.y.length; s++) {
                    double target = blobs.y[s] == 1 ? 1 : -1;
                    Value out = w1.mul(blobs.x[s][0])
                            .add(w2.mul(blobs.x[s][1]))
                            .add(b)
                            .tanh();
                    Value err = out.sub(target).pow(2);
                    loss = loss == null ? err : loss.add(err);
                }
                loss.backward();
                for (Value p : new Value[] {w1, w2, b}) {
                    p.data -= 0.1 * p.grad;
                    p.grad = 0;
                }
                last = loss.data;
            }
            return last;
        };
    }

    // ---- W4 and W5: tensor MLPs --------------------------------------------------------------

    /** Weights [in × out] and biases [out] per layer, uniform in [-1, 1) scaled by 1/√in. */
    static final class TensorMlp {
        final Variable[] w;
        final Variable[] b;

        TensorMlp(Lcg rng, int nin, int... sizes) {
            w = new Variable[sizes.length];
            b = new Variable[sizes.length];
            int in = nin;
            for (int l = 0; l < sizes.length; l++) {
                double scale = 1 / Math.sqrt(in);
                double[] wl = new double[in * sizes[l]];
                double[] bl = new double[sizes[l]];
                for (int j = 0; j < sizes[l]; j++) { // neuron by neuron, as the scalar MLP
                    for (int i = 0; i < in; i++) wl[i * sizes[l] + j] = rng.next() * scale;
                    bl[j] = rng.next() * scale;
                }
                w[l] = new Variable(wl, in, sizes[l]);
                b[l] = new Variable(bl, sizes[l]);
                in = sizes[l];
            }
        }

        Variable forward(Variable x) {
            Variable h = x;
            for (int l = 0; l < w.length; l++) {
                h = h.linear(w[l], b[l]); // x·W + b, one node (as torch.addmm in pytorch_workloads.py)
                h = l < w.length - 1 ? h.relu() : h.sigmoid();
            }
            return h;
        }

        Variable[] parameters() {
            Variable[] all = new Variable[2 * w.length];
            for (int l = 0; l < w.length; l++) {
                all[2 * l] = w[l];
                all[2 * l + 1] = b[l];
            }
            return all;
        }
    }

    static Body w4TensorMlp(BenchData moons) {
        TensorMlp model = new TensorMlp(new Lcg(42), 2, 16, 16, 1);
        Variable x = Variable.constant(moons.flatX(), moons.y.length, 2);
        Variable y = Variable.constant(moons.y, moons.y.length, 1);
        return () -> {
            double last = 0;
            for (int step = 0; step < 1000; step++) {
                Variable loss = model.forward(x).sub(y).pow(2).mean();
                loss.backward();
                for (Variable p : model.parameters()) {
                    double[] d = p.data();
                    for (int i = 0; i < d.length; i++) d[i] -= 0.1 * p.gradAt(i);
                    p.zeroGrad();
                }
                last = loss.item();
            }
            return last;
        };
    }

    static Body w5AdamMlp(BenchData moons) {
        TensorMlp model = new TensorMlp(new Lcg(42), 2, 256, 256, 1);
        Variable x = Variable.constant(moons.flatX(), moons.y.length, 2);
        Variable y = Variable.constant(moons.y, moons.y.length, 1);
        Variable[] params = model.parameters();
        double[][] m = new double[params.length][];
        double[][] v = new double[params.length][];
        for (int p = 0; p < params.length; p++) {
            m[p] = new double[params[p].size()];
            v[p] = new double[params[p].size()];
        }
        double lr = 1e-3;
        double beta1 = 0.9;
        double beta2 = 0.999;
        double eps = 1e-8;
        return () -> {
            double last = 0;
            for (int step = 1; step <= 50; step++) {
                Variable loss = model.forward(x).sub(y).pow(2).mean();
                loss.backward();
                double c1 = 1 - Math.pow(beta1, step);
                double c2 = 1 - Math.pow(beta2, step);
                for (int p = 0; p < params.length; p++) {
                    double[] d = params[p].data();
                    for (int i = 0; i < d.length; i++) {
                        double g = params[p].gradAt(i);
                        m[p][i] = beta1 * m[p][i] + (1 - beta1) * g;
                        v[p][i] = beta2 * v[p][i] + (1 - beta2) * g * g;
                        d[i] -= lr * (m[p][i] / c1) / (Math.sqrt(v[p][i] / c2) + eps);
                    }
                    params[p].zeroGrad();
                }
                last = loss.item();
            }
            return last;
        };
    }

    // ---- W6: one 1024 × 1024 matrix product ------------------------------------------------

    static final int W6_N = 1024;

    static Body w6Matmul() {
        Lcg rng = new Lcg(9);
        double[] a = new double[W6_N * W6_N];
        double[] b = new double[W6_N * W6_N];
        for (int i = 0; i < a.length; i++) a[i] = rng.next();
        for (int i = 0; i < b.length; i++) b[i] = rng.next();
        Variable left = Variable.constant(a, W6_N, W6_N);
        Variable right = Variable.constant(b, W6_N, W6_N);
        return () -> {
            try (var scope = Autograd.noGrad()) {
                Variable c = left.matmul(right);
                return c.data()[0] + c.data()[c.size() - 1];
            }
        };
    }

    /**
     * W6 on ND4J directly (INDArray.mmul on arrays already in native memory): the BLAS itself,
     * the reference W6 is judged against.
     */
    static Body w6Nd4jDirect() {
        Lcg rng = new Lcg(9);
        double[] a = new double[W6_N * W6_N];
        double[] b = new double[W6_N * W6_N];
        for (int i = 0; i < a.length; i++) a[i] = rng.next();
        for (int i = 0; i < b.length; i++) b[i] = rng.next();
        var left = org.nd4j.linalg.factory.Nd4j.createFromArray(a).reshape(W6_N, W6_N);
        var right = org.nd4j.linalg.factory.Nd4j.createFromArray(b).reshape(W6_N, W6_N);
        return () -> {
            var c = left.mmul(right);
            return c.getDouble(0, 0) + c.getDouble(W6_N - 1, W6_N - 1);
        };
    }
}

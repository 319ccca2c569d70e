// bench: requires autograd.compile
package autograd.bench;

import autograd.Parameter;
import autograd.Value;
import autograd.Variable;
import autograd.compile.Compile;
import autograd.compile.ScalarStep;
import autograd.compile.TensorStep;
import autograd.nn.Activation;
import autograd.nn.scalar.Layer;
import autograd.nn.scalar.Neuron;
import autograd.nn.scalar.ScalarMLP;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The workloads on the compiled path ({@code autograd.compile}), as a JAX user writes them: the
 * step is traced and compiled once per worker (the first call pays for it, reported as the first
 * run), then every run starts from fresh weights ({@link Workloads.Lcg}, as the eager variants)
 * in flat arrays and trains exactly as the eager variant does, so the checksums are equal (the
 * compiled step's results are the eager engine's, bit for bit).
 *
 * <p>W1-compiled ... W7-compiled. The JVM should run with {@code --add-modules
 * jdk.incubator.vector} (JAVA_OPTS) so that the small matrix products use vector instructions.
 */
final class CompiledWorkloads {

    private CompiledWorkloads() {}

    static final List<String> NAMES =
            List.of("W1-compiled", "W2-compiled", "W3-compiled", "W4-compiled", "W5-compiled", "W7-compiled");

    /** The body of a compiled variant, or null when {@code workload} is not one (called by name from Workloads). */
    static Workloads.Body body(String workload, Path dir) throws IOException {
        return switch (workload) {
            case "W1-compiled" -> w1(BenchData.read(dir.resolve("moons100.csv")));
            case "W2-compiled" -> w2();
            case "W3-compiled" -> w3(BenchData.read(dir.resolve("blobs100.csv")));
            case "W4-compiled" -> w4(BenchData.read(dir.resolve("moons100.csv")));
            case "W5-compiled" -> w5(BenchData.read(dir.resolve("moons10000.csv")));
            case "W7-compiled" -> new Workloads.MapBody(CompiledWorkloads::w7Map);
            default -> null;
        };
    }

    // ---- W1: the scalar MLP, per-sample SGD ------------------------------------------------------

    private static ScalarStep w1Step;
    private static int w1Parameters;

    /** The parameters in W1's order (each neuron's weights, then its bias), drawn as Workloads.scalarMlp does. */
    private static List<Value> w1Parameters(ScalarMLP model, Workloads.Lcg rng) {
        List<Value> params = new ArrayList<>();
        for (Layer layer : model.layers()) {
            for (Neuron neuron : layer.neurons()) {
                for (Value w : neuron.weights()) {
                    w.data = rng.next();
                    params.add(w);
                }
                neuron.bias().data = rng.next();
                params.add(neuron.bias());
            }
        }
        return params;
    }

    static Workloads.Body w1(BenchData moons) {
        if (w1Step == null) {
            ScalarMLP model = new ScalarMLP(2, new int[] {16, 16, 1}, Activation.sigmoid(), new java.util.Random(0));
            List<Value> params = w1Parameters(model, new Workloads.Lcg(42));
            w1Parameters = params.size();
            w1Step = Compile.scalar(
                    params,
                    3,
                    in -> model.forward(List.of(in[0], in[1])).get(0).sub(in[2]).pow(2));
        }
        ScalarStep step = w1Step;
        double[] theta = new double[w1Parameters];
        Workloads.Lcg rng = new Workloads.Lcg(42); // the same draws, in the same order, as w1Parameters
        for (int k = 0; k < theta.length; k++) theta[k] = rng.next();
        double[] grad = new double[theta.length];
        double[] in = new double[3];
        return () -> {
            double epochLoss = 0;
            for (int epoch = 0; epoch < 25; epoch++) {
                epochLoss = 0;
                for (int s = 0; s < moons.y.length; s++) {
                    in[0] = moons.x[s][0];
                    in[1] = moons.x[s][1];
                    in[2] = moons.y[s];
                    double loss = step.run(theta, in, grad);
                    for (int k = 0; k < theta.length; k++) {
                        theta[k] -= 0.1 * grad[k];
                        grad[k] = 0;
                    }
                    epochLoss += loss;
                }
            }
            return epochLoss;
        };
    }

    // ---- W2 and W7: the double pendulum with Compile.repeat ----------------------------------

    /** One Euler step of notebook 06's pendulum, as Workloads.w2Pendulum writes it. */
    static Value[] eulerStep(Value[] s) {
        Value t1 = s[0], t2 = s[1], p1 = s[2], p2 = s[3];
        double h = 0.01;
        Value d = t1.sub(t2);
        Value c = d.cos();
        Value denom = c.pow(2).mul(-9).add(16);
        Value dt1 = p1.mul(2).sub(c.mul(p2).mul(3)).mul(6).div(denom);
        Value dt2 = p2.mul(8).sub(c.mul(p1).mul(3)).mul(6).div(denom);
        Value prod = dt1.mul(dt2).mul(d.sin());
        Value dp1 = prod.add(t1.sin().mul(3 * 9.8)).mul(-0.5);
        Value dp2 = prod.neg().add(t2.sin().mul(9.8)).mul(-0.5);
        return new Value[] {t1.add(dt1.mul(h)), t2.add(dt2.mul(h)), p1.add(dp1.mul(h)), p2.add(dp2.mul(h))};
    }

    private static ScalarStep w2Step;

    static Workloads.Body w2() {
        if (w2Step == null) {
            Value[] start = {new Value(0.4), new Value(0), new Value(1), new Value(4)};
            w2Step = Compile.scalar(
                    List.of(start), 0, in -> Compile.repeat(500, start.clone(), CompiledWorkloads::eulerStep)[1]);
        }
        ScalarStep step = w2Step;
        return () -> {
            double[] grad = new double[4];
            double theta2 = step.run(new double[] {0.4, 0, 1, 4}, new double[0], grad);
            return theta2 + grad[0];
        };
    }

    private static ScalarStep w7Step;

    /** W7 serially, one compiled simulation and gradient per cell: log10(|∂θ2(5 s)/∂θ1(0)| + 1e-12). */
    static double[] w7Map(double[] angles) {
        if (w7Step == null) {
            Value theta1 = new Value(0);
            w7Step = Compile.scalar(
                    List.of(theta1),
                    1,
                    in -> Compile.repeat(
                            500,
                            new Value[] {theta1, in[0], Value.constant(0), Value.constant(0)},
                            CompiledWorkloads::eulerStep)[1]);
        }
        int n = angles.length;
        double[] map = new double[n * n];
        double[] theta = new double[1];
        double[] in = new double[1];
        double[] grad = new double[1];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                theta[0] = angles[i];
                in[0] = angles[j];
                grad[0] = 0;
                w7Step.run(theta, in, grad);
                map[j * n + i] = Math.log10(Math.abs(grad[0]) + 1e-12);
            }
        }
        return map;
    }

    // ---- W3: the perceptron, full-batch GD -------------------------------------------------------

    private static ScalarStep w3Step;

    static Workloads.Body w3(BenchData blobs) {
        if (w3Step == null) {
            Value w1 = new Value(0), w2 = new Value(0), b = new Value(0);
            w3Step = Compile.scalar(List.of(w1, w2, b), 0, in -> {
                Value loss = null; // the data are constants of the compiled code
                for (int s = 0; s < blobs.y.length; s++) {
                    double target = blobs.y[s] == 1 ? 1 : -1;
                    Value out = w1.mul(blobs.x[s][0])
                            .add(w2.mul(blobs.x[s][1]))
                            .add(b)
                            .tanh();
                    Value err = out.sub(target).pow(2);
                    loss = loss == null ? err : loss.add(err);
                }
                return loss;
            });
        }
        ScalarStep step = w3Step;
        Workloads.Lcg rng = new Workloads.Lcg(7);
        double[] theta = {rng.next(), rng.next(), rng.next()};
        double[] grad = new double[3];
        return () -> {
            double last = 0;
            for (int epoch = 0; epoch < 400; epoch++) {
                last = step.run(theta, new double[0], grad);
                for (int k = 0; k < 3; k++) {
                    theta[k] -= 0.1 * grad[k];
                    grad[k] = 0;
                }
            }
            return last;
        };
    }

    // ---- W4 and W5: the tensor MLPs -----------------------------------------------------------

    private static TensorStep w4Step;
    private static TensorStep w5Step;

    private static TensorStep mlpStep(int n, int... sizes) {
        Workloads.TensorMlp model = new Workloads.TensorMlp(new Workloads.Lcg(42), 2, sizes);
        List<Parameter> params = new ArrayList<>(List.of(model.parameters()));
        return Compile.tensor(
                params,
                List.of(new int[] {n, 2}, new int[] {n, 1}),
                in -> model.forward(in[0]).sub(in[1]).pow(2).mean());
    }

    private static double[][] freshWeights(int... sizes) {
        Variable[] p = new Workloads.TensorMlp(new Workloads.Lcg(42), 2, sizes).parameters();
        double[][] theta = new double[p.length][];
        for (int k = 0; k < p.length; k++) theta[k] = p[k].value();
        return theta;
    }

    static Workloads.Body w4(BenchData moons) {
        int n = moons.y.length;
        if (w4Step == null) w4Step = mlpStep(n, 16, 16, 1);
        TensorStep step = w4Step;
        double[][] theta = freshWeights(16, 16, 1);
        double[][] grad = zeros(theta);
        double[][] data = {moons.flatX(), moons.y.clone()};
        return () -> {
            double last = 0;
            for (int t = 0; t < 1000; t++) {
                last = step.run(theta, data, grad);
                for (int k = 0; k < theta.length; k++) {
                    double[] p = theta[k], g = grad[k];
                    for (int i = 0; i < p.length; i++) p[i] -= 0.1 * g[i];
                    Arrays.fill(g, 0);
                }
            }
            return last;
        };
    }

    static Workloads.Body w5(BenchData moons) {
        int n = moons.y.length;
        if (w5Step == null) w5Step = mlpStep(n, 256, 256, 1);
        TensorStep step = w5Step;
        double[][] theta = freshWeights(256, 256, 1);
        double[][] grad = zeros(theta);
        double[][] m = zeros(theta);
        double[][] v = zeros(theta);
        double[][] data = {moons.flatX(), moons.y.clone()};
        double lr = 1e-3, beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
        return () -> {
            double last = 0;
            for (int step1 = 1; step1 <= 50; step1++) {
                last = step.run(theta, data, grad);
                double c1 = 1 - Math.pow(beta1, step1);
                double c2 = 1 - Math.pow(beta2, step1);
                for (int k = 0; k < theta.length; k++) { // Workloads.w5AdamMlp's update, on the flat arrays
                    double[] d = theta[k], g = grad[k], mk = m[k], vk = v[k];
                    for (int i = 0; i < d.length; i++) {
                        mk[i] = beta1 * mk[i] + (1 - beta1) * g[i];
                        vk[i] = beta2 * vk[i] + (1 - beta2) * g[i] * g[i];
                        d[i] -= lr * (mk[i] / c1) / (Math.sqrt(vk[i] / c2) + eps);
                    }
                    Arrays.fill(g, 0);
                }
            }
            return last;
        };
    }

    private static double[][] zeros(double[][] like) {
        double[][] z = new double[like.length][];
        for (int k = 0; k < like.length; k++) z[k] = new double[like[k].length];
        return z;
    }
}

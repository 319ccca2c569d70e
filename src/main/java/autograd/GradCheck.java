package autograd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Compares the gradients backward() computes with central finite differences, as
 * {@code torch.autograd.gradcheck} does: each input element is nudged by ±eps and
 * {@code (f(x + eps) − f(x − eps)) / (2·eps)} is the numeric derivative. An element passes when
 * {@code |analytic − numeric| ≤ atol + rtol·|numeric|}; the defaults are PyTorch's
 * (eps 1e-6, atol 1e-5, rtol 1e-3).
 *
 * <pre>{@code
 * jshell> GradCheck.check(x -> x.get(0).mul(x.get(1)).sin(), 0.5, 2.0).assertOk()
 * $1 ==> GradCheck(ok, max abs error 1.3858469927185979E-11, max rel error 5.12989479258569E-11; inputs: numeric [1.0806046117362023, 0.27015115294792835] analytic [1.0806046117362795, 0.2701511529340699])
 * jshell> GradCheck.check(v -> v.get(0).matmul(v.get(1)).tanh().sum(),
 *    ...>     new Variable(new double[][] {{1, 2}, {3, 4}}), new Variable(new double[] {0.5, -1})).maxAbsError()
 * $2 ==> 7.443579086441332E-11
 * jshell> GradCheck.check(x -> x.get(0).mul(x.get(0).detach()), 3.0).assertOk()   // a broken gradient
 * |  Exception java.lang.AssertionError: gradcheck failed at input 0: backward gave 3.0 but finite differences give 6.000000000838668 (|difference| 3.000000000838668 > atol 1.0E-5 + rtol 0.001·|numeric|); max abs error 3.000000000838668, max rel error 0.500000000069889
 * jshell> GradCheck.numericDerivative(x -> x * x, 3)
 * $4 ==> 6.000000000838668
 * }</pre>
 *
 * <p>The check never touches the caller's tensors: every input is copied into a fresh leaf
 * (inputs that need no gradient stay constants and are not checked). A function with a
 * non-scalar result is checked through a fixed pseudo-random weighting of its elements,
 * {@code Σ wᵢ·outᵢ}, so one backward pass tests every output element's contribution.
 */
public final class GradCheck {

    /** The finite-difference step, PyTorch's default: {@code torch.autograd.gradcheck(eps=1e-6)}. */
    public static final double EPS = 1e-6;
    /** The absolute tolerance, PyTorch's default {@code atol=1e-5}. */
    public static final double ATOL = 1e-5;
    /** The relative tolerance (of the numeric gradient), PyTorch's default {@code rtol=1e-3}. */
    public static final double RTOL = 1e-3;

    private static final Checker DEFAULTS = new Checker(EPS, ATOL, RTOL);

    private GradCheck() {}

    /**
     * Checks a scalar function of scalars at the point {@code at}: {@code f} receives one fresh
     * {@link Value} leaf per coordinate.
     */
    public static Result check(Function<List<Value>, Value> f, double... at) {
        return DEFAULTS.check(f, at);
    }

    /**
     * Checks a tensor function at {@code inputs} (copied; the originals are left alone). Inputs
     * that require a gradient are checked element by element.
     */
    public static Result checkTensors(Function<List<Variable>, Variable> f, Variable... inputs) {
        return DEFAULTS.checkTensors(f, inputs);
    }

    /** Same as {@link #checkTensors}: named {@code check} for symmetry with the scalar form. */
    public static Result check(Function<List<Variable>, Variable> f, Variable... inputs) {
        return DEFAULTS.checkTensors(f, inputs);
    }

    /** A checker with other tolerances: {@code GradCheck.tolerances(1e-6, 1e-8, 1e-6).check(f, 1.0)}. */
    public static Checker tolerances(double eps, double atol, double rtol) {
        return new Checker(eps, atol, rtol);
    }

    /** The central difference {@code (f(x + h) − f(x − h)) / 2h} with h = {@link #EPS}. */
    public static double numericDerivative(DoubleUnaryOperator f, double x) {
        return numericDerivative(f, x, EPS);
    }

    /** The central difference {@code (f(x + h) − f(x − h)) / 2h}. */
    public static double numericDerivative(DoubleUnaryOperator f, double x, double h) {
        return (f.applyAsDouble(x + h) - f.applyAsDouble(x - h)) / (2 * h);
    }

    /** The gradient of a plain function of several numbers by central differences (h = {@link #EPS}). */
    public static double[] numericGradient(ToDoubleFunction<double[]> f, double... at) {
        double[] x = at.clone();
        double[] grad = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double saved = x[i];
            x[i] = saved + EPS;
            double plus = f.applyAsDouble(x);
            x[i] = saved - EPS;
            double minus = f.applyAsDouble(x);
            x[i] = saved;
            grad[i] = (plus - minus) / (2 * EPS);
        }
        return grad;
    }

    /**
     * The gradient of a {@link Value} function by central differences (h = {@link #EPS}),
     * evaluated without recording graphs: {@code finiteDifferences(x -> x.get(0).pow(2), 3)} is ≈ [6].
     */
    public static double[] finiteDifferences(Function<List<Value>, Value> f, double... at) {
        return numericGradient((double[] x) -> evaluateScalar(f, x), at);
    }

    private static double evaluateScalar(Function<List<Value>, Value> f, double[] x) {
        List<Value> leaves = new ArrayList<>(x.length);
        for (double v : x) leaves.add(Value.constant(v));
        try (var scope = Autograd.noGrad()) {
            return f.apply(leaves).data;
        }
    }

    /** Finite-difference settings; {@link GradCheck#tolerances} makes one. */
    public static final class Checker {
        private final double eps;
        private final double atol;
        private final double rtol;

        private Checker(double eps, double atol, double rtol) {
            if (!(eps > 0) || !(atol >= 0) || !(rtol >= 0)) {
                throw new IllegalArgumentException("gradcheck needs eps > 0, atol >= 0 and rtol >= 0, got eps=" + eps
                        + ", atol=" + atol + ", rtol=" + rtol);
            }
            this.eps = eps;
            this.atol = atol;
            this.rtol = rtol;
        }

        /** See {@link GradCheck#check(Function, double...)}. */
        public Result check(Function<List<Value>, Value> f, double... at) {
            List<Value> leaves = new ArrayList<>(at.length);
            for (double v : at) leaves.add(new Value(v));
            Value out;
            try (var scope = Autograd.enableGrad()) {
                out = f.apply(leaves);
                if (out.requiresGrad()) out.backward(); // else f ignores its inputs: every gradient is 0
            }
            double[] analytic = new double[at.length];
            for (int i = 0; i < at.length; i++) analytic[i] = leaves.get(i).grad;
            double[] x = at.clone();
            double[] numeric = new double[at.length];
            for (int i = 0; i < at.length; i++) {
                double saved = x[i];
                x[i] = saved + eps;
                double plus = evaluateScalar(f, x);
                x[i] = saved - eps;
                double minus = evaluateScalar(f, x);
                x[i] = saved;
                numeric[i] = (plus - minus) / (2 * eps);
            }
            return new Result(
                    this,
                    out.data,
                    List.of("x"),
                    List.of(new int[] {at.length}),
                    List.of(numeric),
                    List.of(analytic),
                    true);
        }

        /** See {@link GradCheck#checkTensors}. */
        public Result checkTensors(Function<List<Variable>, Variable> f, Variable... inputs) {
            List<Variable> copies = new ArrayList<>(inputs.length);
            for (Variable in : inputs) {
                copies.add(
                        in.requiresGrad()
                                ? new Variable(in.value(), in.shape())
                                : Variable.constant(in.value(), in.shape()));
            }
            Variable out;
            try (var scope = Autograd.enableGrad()) {
                out = f.apply(copies);
            }
            double[] weights = outputWeights(out.size());
            if (!out.requiresGrad()) {
                // f ignores its inputs: every analytic gradient is 0, which the numeric side must confirm.
            } else if (out.size() == 1) {
                out.backward();
            } else {
                out.backward(Variable.constant(weights, out.shape()));
            }
            List<String> names = new ArrayList<>();
            List<int[]> shapes = new ArrayList<>();
            List<double[]> numeric = new ArrayList<>();
            List<double[]> analytic = new ArrayList<>();
            for (int n = 0; n < copies.size(); n++) {
                Variable in = copies.get(n);
                if (!in.requiresGrad()) continue;
                names.add("input " + n + (inputs[n].label().isEmpty() ? "" : " (" + inputs[n].label() + ")"));
                shapes.add(in.shape());
                analytic.add(in.grad().value());
                double[] live = in.data();
                double[] num = new double[live.length];
                for (int i = 0; i < live.length; i++) {
                    double saved = live[i];
                    live[i] = saved + eps;
                    double plus = weighted(f, copies, weights);
                    live[i] = saved - eps;
                    double minus = weighted(f, copies, weights);
                    live[i] = saved;
                    num[i] = (plus - minus) / (2 * eps);
                }
                numeric.add(num);
            }
            double outValue = out.size() == 1 ? out.item() : weightedSum(out.value(), weights);
            return new Result(this, outValue, names, shapes, numeric, analytic, false);
        }

        private static double weighted(Function<List<Variable>, Variable> f, List<Variable> inputs, double[] weights) {
            try (var scope = Autograd.noGrad()) {
                double[] out = f.apply(inputs).value();
                return out.length == 1 ? out[0] : weightedSum(out, weights);
            }
        }

        private static double weightedSum(double[] values, double[] weights) {
            double s = 0;
            for (int k = 0; k < values.length; k++) s += weights[k] * values[k];
            return s;
        }

        // Fixed weights in [0.5, 1.5): no element's contribution can cancel another's by accident.
        private static double[] outputWeights(int n) {
            Random rng = new Random(20240601L + n);
            double[] w = new double[n];
            for (int k = 0; k < n; k++) w[k] = 0.5 + rng.nextDouble();
            return w;
        }
    }

    /**
     * The outcome of a check: numeric and analytic gradients per input, the largest errors, and
     * {@link #assertOk()} to fail loudly.
     */
    public static final class Result {
        private final Checker settings;
        private final double output;
        private final List<String> names;
        private final List<int[]> shapes;
        private final List<double[]> numeric;
        private final List<double[]> analytic;
        private final boolean scalarInputs;

        private Result(
                Checker settings,
                double output,
                List<String> names,
                List<int[]> shapes,
                List<double[]> numeric,
                List<double[]> analytic,
                boolean scalarInputs) {
            this.settings = settings;
            this.output = output;
            this.names = names;
            this.shapes = shapes;
            this.numeric = numeric;
            this.analytic = analytic;
            this.scalarInputs = scalarInputs;
        }

        /** The function's value at the checked point (for a tensor result: its weighted sum). */
        public double output() {
            return output;
        }

        /** Number of checked inputs (for the scalar form: one, holding every coordinate). */
        public int inputCount() {
            return numeric.size();
        }

        /** The finite-difference gradient of input {@code i}, row-major. */
        public double[] numeric(int i) {
            return numeric.get(i).clone();
        }

        /** The gradient backward() computed for input {@code i}, row-major. */
        public double[] analytic(int i) {
            return analytic.get(i).clone();
        }

        /** The largest |analytic − numeric| over all elements. */
        public double maxAbsError() {
            double worst = 0;
            for (int n = 0; n < numeric.size(); n++) {
                for (int i = 0; i < numeric.get(n).length; i++) {
                    worst = Math.max(worst, Math.abs(analytic.get(n)[i] - numeric.get(n)[i]));
                }
            }
            return worst;
        }

        /** The largest |analytic − numeric| / |numeric| over elements whose numeric gradient is not 0. */
        public double maxRelError() {
            double worst = 0;
            for (int n = 0; n < numeric.size(); n++) {
                for (int i = 0; i < numeric.get(n).length; i++) {
                    double num = numeric.get(n)[i];
                    if (num != 0) worst = Math.max(worst, Math.abs(analytic.get(n)[i] - num) / Math.abs(num));
                }
            }
            return worst;
        }

        /** Whether every element is within {@code atol + rtol·|numeric|} (NaN never is). */
        public boolean ok() {
            return worstElement() == null;
        }

        /**
         * Throws an {@link AssertionError} naming the worst input and element, with both gradients,
         * when the check failed; returns this otherwise.
         */
        public Result assertOk() {
            int[] worst = worstElement();
            if (worst == null) return this;
            int n = worst[0];
            int i = worst[1];
            double num = numeric.get(n)[i];
            double ana = analytic.get(n)[i];
            String where = scalarInputs ? "input " + i : names.get(n) + " element " + index(shapes.get(n), i);
            throw new AssertionError("gradcheck failed at " + where + ": backward gave " + ana
                    + " but finite differences give " + num + " (|difference| " + Math.abs(ana - num)
                    + " > atol " + settings.atol + " + rtol " + settings.rtol + "·|numeric|); " + summary());
        }

        // {input, element} of the largest violation, or null when everything passes.
        private int[] worstElement() {
            int[] worst = null;
            double worstRatio = 1;
            for (int n = 0; n < numeric.size(); n++) {
                for (int i = 0; i < numeric.get(n).length; i++) {
                    double num = numeric.get(n)[i];
                    double ana = analytic.get(n)[i];
                    double allowed = settings.atol + settings.rtol * Math.abs(num);
                    double diff = Math.abs(ana - num);
                    double ratio = Double.isNaN(diff) ? Double.POSITIVE_INFINITY : diff / allowed;
                    if (ratio > worstRatio || (Double.isNaN(diff) && worst == null)) {
                        worstRatio = ratio;
                        worst = new int[] {n, i};
                    }
                }
            }
            return worst;
        }

        private static String index(int[] shape, int flat) {
            int[] idx = new int[shape.length];
            for (int d = shape.length - 1; d >= 0; d--) {
                idx[d] = shape[d] == 0 ? 0 : flat % shape[d];
                flat = shape[d] == 0 ? 0 : flat / shape[d];
            }
            return Arrays.toString(idx);
        }

        private String summary() {
            return "max abs error " + maxAbsError() + ", max rel error " + maxRelError();
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("GradCheck(")
                    .append(ok() ? "ok" : "FAILED")
                    .append(", ")
                    .append(summary());
            for (int n = 0; n < numeric.size(); n++) {
                sb.append("; ")
                        .append(scalarInputs ? "inputs" : names.get(n))
                        .append(": numeric ")
                        .append(Arrays.toString(numeric.get(n)))
                        .append(" analytic ")
                        .append(Arrays.toString(analytic.get(n)));
            }
            return sb.append(')').toString();
        }
    }
}

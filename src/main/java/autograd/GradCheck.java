package autograd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import java.util.function.Supplier;
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
 * <p>A check leaves everything as it found it: every input is copied into a fresh leaf (inputs
 * that need no gradient stay constants and are not checked), and the gradients of parameters
 * the function reaches (a layer's weights it captured, say) are restored after its backward
 * pass. A function with a non-scalar result is checked through a fixed pseudo-random weighting
 * of its elements, {@code Σ wᵢ·outᵢ}, so one backward pass tests every output element.
 *
 * <p>At the edge of a domain ({@code sqrt} at 0, {@code log} near 0) one of the two nudged points
 * may be outside it: that element is then differenced on the side that stays inside, and the
 * result says so; when neither side is inside, the check throws saying which input left which
 * op's domain.
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
        Require.nonNull(f, "GradCheck.check", "f");
        Require.nonNull(inputs, "GradCheck.check", "inputs");
        return DEFAULTS.checkTensors(f, inputs);
    }

    /**
     * Checks the gradient of a one-element {@code loss} (a {@link Value} or a {@link Variable})
     * with respect to parameters it reads, such as a model's weights: each parameter is nudged
     * in place and restored. Their gradients are left as they were.
     *
     * <pre>{@code
     * jshell> var layer = new autograd.nn.Linear(3, 2, 0);
     * jshell> Variable x = Variable.constant(new double[] {1, -2, 0.5});
     * jshell> GradCheck.checkParameters(() -> layer.forward(x).tanh().sum(), layer.parameters().toArray(new Parameter[0])).ok()
     * $3 ==> true
     * }</pre>
     */
    public static Result checkParameters(Supplier<? extends Parameter> loss, Parameter... parameters) {
        return DEFAULTS.checkParameters(loss, parameters);
    }

    /** A checker with other tolerances: {@code GradCheck.tolerances(1e-6, 1e-8, 1e-6).check(f, 1.0)}. */
    public static Checker tolerances(double eps, double atol, double rtol) {
        return new Checker(eps, atol, rtol);
    }

    /** The central difference {@code (f(x + h) − f(x − h)) / 2h} with h = {@link #EPS}. */
    public static double numericDerivative(DoubleUnaryOperator f, double x) {
        return numericDerivative(f, x, EPS);
    }

    /** The central difference {@code (f(x + h) − f(x − h)) / 2h} (one-sided at a domain edge). */
    public static double numericDerivative(DoubleUnaryOperator f, double x, double h) {
        Require.nonNull(f, "GradCheck.numericDerivative", "f");
        return differences(p -> f.applyAsDouble(p[0]), new double[] {x}, h, null)[0];
    }

    /** The gradient of a plain function of several numbers by central differences (h = {@link #EPS}). */
    public static double[] numericGradient(ToDoubleFunction<double[]> f, double... at) {
        Require.nonNull(f, "GradCheck.numericGradient", "f");
        Require.nonNull(at, "GradCheck.numericGradient", "at");
        return differences(f, at.clone(), EPS, null);
    }

    /**
     * The gradient of a {@link Value} function by central differences (h = {@link #EPS}),
     * evaluated without recording graphs: {@code finiteDifferences(x -> x.get(0).pow(2), 3)} is ≈ [6].
     */
    public static double[] finiteDifferences(Function<List<Value>, Value> f, double... at) {
        Require.nonNull(f, "GradCheck.finiteDifferences", "f");
        Require.nonNull(at, "GradCheck.finiteDifferences", "at");
        return differences(x -> evaluateScalar(f, x), at.clone(), EPS, null);
    }

    /**
     * The one finite-difference routine: ∂f/∂xᵢ for every i, centrally, or on the one side that
     * stays inside f's domain when the other side throws an {@link ArithmeticException}. {@code x}
     * is nudged in place and restored. One-sided coordinates are described in {@code notes}.
     */
    private static double[] differences(ToDoubleFunction<double[]> f, double[] x, double h, List<String> notes) {
        double[] derivative = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double saved = x[i];
            ArithmeticException above = null;
            ArithmeticException below = null;
            double plus = Double.NaN;
            double minus = Double.NaN;
            try {
                x[i] = saved + h;
                plus = f.applyAsDouble(x);
            } catch (ArithmeticException e) {
                above = e;
            }
            try {
                x[i] = saved - h;
                minus = f.applyAsDouble(x);
            } catch (ArithmeticException e) {
                below = e;
            }
            x[i] = saved;
            if (above == null && below == null) {
                derivative[i] = (plus - minus) / (2 * h);
                continue;
            }
            if (above != null && below != null) {
                throw new IllegalArgumentException("gradcheck: both finite-difference points around input " + i + " = "
                        + saved + " (± " + h + ") are outside the function's domain: " + above.getMessage());
            }
            double center = f.applyAsDouble(x); // the checked point itself must be inside the domain
            boolean forward = below != null;
            derivative[i] = forward ? (plus - center) / h : (center - minus) / h;
            if (notes != null) {
                notes.add("input " + i + " differenced one-sidedly (x " + (forward ? "+" : "−") + " eps) because x "
                        + (forward ? "−" : "+") + " eps = " + (forward ? saved - h : saved + h)
                        + " leaves the domain: " + (forward ? below : above).getMessage());
            }
        }
        return derivative;
    }

    private static double evaluateScalar(Function<List<Value>, Value> f, double[] x) {
        List<Value> leaves = new ArrayList<>(x.length);
        for (double v : x) leaves.add(Value.constant(v));
        try (var scope = Autograd.noGrad()) {
            return f.apply(leaves).data;
        }
    }

    /**
     * The gradients of every node of the graph below {@code out} except {@code skip}, to restore
     * after a backward pass run only for the check.
     */
    private static Runnable gradientsRestorer(Parameter out, List<? extends Parameter> skip) {
        Map<Object, Boolean> skipped = new IdentityHashMap<>();
        for (Parameter p : skip) skipped.put(p, true);
        List<Runnable> restores = new ArrayList<>();
        if (out instanceof Value v) {
            for (Value node : v.nodes()) {
                if (skipped.containsKey(node)) continue;
                double saved = node.grad;
                restores.add(() -> node.grad = saved);
            }
        } else if (out instanceof Variable t) {
            for (Variable node : t.nodes()) {
                if (skipped.containsKey(node)) continue;
                double[] saved = node.gradSnapshot();
                restores.add(() -> node.restoreGrad(saved));
            }
        }
        return () -> restores.forEach(Runnable::run);
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
            Require.nonNull(f, "GradCheck.check", "f");
            Require.nonNull(at, "GradCheck.check", "at");
            List<Value> leaves = new ArrayList<>(at.length);
            for (double v : at) leaves.add(new Value(v));
            Value out;
            try (var scope = Autograd.enableGrad()) {
                out = f.apply(leaves);
            }
            Require.nonNull(out, "GradCheck.check", "the function's result");
            if (out.requiresGrad()) { // else f ignores its inputs: every gradient is 0
                Runnable restore = gradientsRestorer(out, leaves);
                out.backward();
                restore.run();
            }
            double[] analytic = new double[at.length];
            for (int i = 0; i < at.length; i++) analytic[i] = leaves.get(i).grad;
            List<String> notes = new ArrayList<>();
            double[] numeric = differences(x -> evaluateScalar(f, x), at.clone(), eps, notes);
            return new Result(
                    this,
                    out.data,
                    List.of("x"),
                    List.of(new int[] {at.length}),
                    List.of(numeric),
                    List.of(analytic),
                    true,
                    notes);
        }

        /** See {@link GradCheck#checkTensors}. */
        public Result checkTensors(Function<List<Variable>, Variable> f, Variable... inputs) {
            Require.nonNull(f, "GradCheck.checkTensors", "f");
            Require.nonNull(inputs, "GradCheck.checkTensors", "inputs");
            List<Variable> copies = new ArrayList<>(inputs.length);
            for (int n = 0; n < inputs.length; n++) {
                Variable in = Require.nonNull(inputs[n], "GradCheck.checkTensors", "inputs[" + n + "]");
                copies.add(
                        in.requiresGrad()
                                ? new Variable(in.value(), in.shape())
                                : Variable.constant(in.value(), in.shape()));
            }
            Variable out;
            try (var scope = Autograd.enableGrad()) {
                out = f.apply(copies);
            }
            Require.nonNull(out, "GradCheck.checkTensors", "the function's result");
            double[] weights = outputWeights(out.size());
            if (out.requiresGrad()) { // else f ignores its inputs: every gradient is 0
                Runnable restore = gradientsRestorer(out, copies);
                if (out.size() == 1) out.backward();
                else out.backward(Variable.constant(weights, out.shape()));
                restore.run();
            }
            List<String> names = new ArrayList<>();
            List<int[]> shapes = new ArrayList<>();
            List<double[]> numeric = new ArrayList<>();
            List<double[]> analytic = new ArrayList<>();
            List<String> notes = new ArrayList<>();
            for (int n = 0; n < copies.size(); n++) {
                Variable in = copies.get(n);
                if (!in.requiresGrad()) continue;
                String name = "input " + n + (inputs[n].label().isEmpty() ? "" : " (" + inputs[n].label() + ")");
                names.add(name);
                shapes.add(in.shape());
                analytic.add(in.grad().value());
                numeric.add(nudging(in, name, notes, x -> weighted(f, copies, weights)));
            }
            double outValue = out.size() == 1 ? out.item() : weightedSum(out.value(), weights);
            return new Result(this, outValue, names, shapes, numeric, analytic, false, notes);
        }

        /** See {@link GradCheck#checkParameters}. */
        public Result checkParameters(Supplier<? extends Parameter> loss, Parameter... parameters) {
            Require.nonNull(loss, "GradCheck.checkParameters", "loss");
            Require.nonNull(parameters, "GradCheck.checkParameters", "parameters");
            List<Parameter> params = new ArrayList<>();
            for (int n = 0; n < parameters.length; n++) {
                params.add(Require.nonNull(parameters[n], "GradCheck.checkParameters", "parameters[" + n + "]"));
            }
            Parameter out;
            try (var scope = Autograd.enableGrad()) {
                out = Require.nonNull(loss.get(), "GradCheck.checkParameters", "the loss");
            }
            if (out.numel() != 1) {
                throw new IllegalArgumentException(
                        "GradCheck.checkParameters: the loss must have one element, it has " + out.numel());
            }
            // The parameters' own gradients are read as the pass's increments, then restored too.
            Runnable restoreAll = gradientsRestorer(out, List.of());
            List<double[]> before = new ArrayList<>();
            for (Parameter p : params) before.add(gradients(p));
            if (out.requiresGrad()) {
                if (out instanceof Value v) v.backward();
                else ((Variable) out).backward();
            }
            List<double[]> analytic = new ArrayList<>();
            for (int n = 0; n < params.size(); n++) {
                double[] after = gradients(params.get(n));
                for (int i = 0; i < after.length; i++) after[i] -= before.get(n)[i];
                analytic.add(after);
            }
            restoreAll.run();
            for (int n = 0; n < params.size(); n++) restoreGradients(params.get(n), before.get(n));
            List<String> names = new ArrayList<>();
            List<int[]> shapes = new ArrayList<>();
            List<double[]> numeric = new ArrayList<>();
            List<String> notes = new ArrayList<>();
            for (int n = 0; n < params.size(); n++) {
                Parameter p = params.get(n);
                String name = "parameter " + n;
                names.add(name);
                shapes.add(new int[] {p.numel()});
                numeric.add(nudging(p, name, notes, x -> evaluate(loss)));
            }
            return new Result(this, value(out), names, shapes, numeric, analytic, false, notes);
        }

        /**
         * Finite differences of {@code f} with respect to the elements of {@code p}, nudged in place
         * (the same routine as everywhere, on a view that writes through to {@code p}).
         */
        private double[] nudging(Parameter p, String name, List<String> notes, ToDoubleFunction<double[]> f) {
            double[] x = new double[p.numel()];
            for (int i = 0; i < x.length; i++) x[i] = p.dataAt(i);
            List<String> own = new ArrayList<>();
            double[] d;
            try {
                d = differences(
                        view -> {
                            for (int i = 0; i < view.length; i++) {
                                if (p.dataAt(i) != view[i]) p.setDataAt(i, view[i]);
                            }
                            return f.applyAsDouble(view);
                        },
                        x,
                        eps,
                        own);
            } finally {
                for (int i = 0; i < x.length; i++) {
                    if (p.dataAt(i) != x[i]) p.setDataAt(i, x[i]);
                }
            }
            for (String note : own) notes.add(name + ": " + note);
            return d;
        }

        private static double[] gradients(Parameter p) {
            double[] g = new double[p.numel()];
            for (int i = 0; i < g.length; i++) g[i] = p.gradAt(i);
            return g;
        }

        private static void restoreGradients(Parameter p, double[] g) {
            if (p instanceof Value v) v.grad = g[0];
            else ((Variable) p).restoreGrad(g);
        }

        private static double evaluate(Supplier<? extends Parameter> loss) {
            try (var scope = Autograd.noGrad()) {
                return value(loss.get());
            }
        }

        private static double value(Parameter p) {
            return p.dataAt(0);
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
        private final List<String> notes;

        private Result(
                Checker settings,
                double output,
                List<String> names,
                List<int[]> shapes,
                List<double[]> numeric,
                List<double[]> analytic,
                boolean scalarInputs,
                List<String> notes) {
            this.settings = settings;
            this.output = output;
            this.names = names;
            this.shapes = shapes;
            this.numeric = numeric;
            this.analytic = analytic;
            this.scalarInputs = scalarInputs;
            this.notes = List.copyOf(notes);
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

        /** What the check had to do differently: elements differenced one-sidedly at a domain edge. */
        public List<String> notes() {
            return notes;
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
                    + " > atol " + settings.atol + " + rtol " + settings.rtol + "·|numeric|); " + summary()
                    + (notes.isEmpty() ? "" : "; " + String.join("; ", notes)));
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
            for (String note : notes) sb.append("; ").append(note);
            return sb.append(')').toString();
        }
    }
}

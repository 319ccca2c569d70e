package autograd.compile;

import autograd.Autograd;
import autograd.Variable;
import autograd.compile.TensorGraph.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A function of {@link Variable}s compiled to Java: traced once, then run on buffers allocated
 * once per thread, with matrix products by the eager engine's own kernels and each run of
 * elementwise ops fused into one loop. Made by {@link Compile#tensor}.
 *
 * <p>It runs on flat arrays, as a JAX function does: the parameters' values (row-major, in the
 * order given) and the inputs come in as {@code double[]}s, and the gradient is added to the
 * caller's arrays. Reading and writing only those arrays, one compiled step can run on several
 * threads at once, each with its own arrays. {@link #parameterValues()} and
 * {@link #setParameterValues} move values between the arrays and the parameters.
 *
 * <pre>{@code
 * jshell> Variable w = new Variable(new double[] {0.5, -0.3}, 2, 1), b = new Variable(new double[] {0.1});
 * jshell> var step = Compile.tensor(List.of(w, b), List.of(new int[] {4, 2}, new int[] {4, 1}),
 *    ...>     in -> in[0].linear(w, b).sigmoid().sub(in[1]).pow(2).mean());
 * jshell> double[][] theta = step.parameterValues(), grad = {new double[2], new double[1]};
 * jshell> double loss = step.run(theta, new double[][] {{1, 2, 3, 4, 5, 6, 7, 8}, {0, 1, 0, 1}}, grad);
 * }</pre>
 *
 * <p>What a trace depends on, and how a stale trace is caught, is as for {@link ScalarStep}: the
 * shapes are fixed when the step is made (an input of another size is rejected), the first call
 * traces twice and checks against the eager engine, the second call traces again and refuses if
 * the graph changed. Reading a tensor's data inside the function ({@code item()}, {@code get})
 * to decide what to compute is what makes graphs change.
 */
public final class TensorStep {

    private final List<Variable> params;
    private final List<int[]> inputShapes;
    private final Function<Variable[], Variable> function;
    private final AtomicInteger calls = new AtomicInteger();
    private final ThreadLocal<double[][]> frames = new ThreadLocal<>();
    private volatile Compiled compiled;
    private volatile RuntimeException invalid;

    private record Compiled(
            TensorGraph graph,
            TensorKernel kernel,
            int[][] maps,
            int[] scratch,
            List<Variable> captured,
            Set<Variable> capturedSet,
            GeneratedCode code,
            String check) {}

    TensorStep(List<Variable> params, List<int[]> inputShapes, Function<Variable[], Variable> function) {
        this.params = List.copyOf(params);
        List<int[]> shapes = new ArrayList<>();
        for (int[] s : inputShapes) shapes.add(s.clone());
        this.inputShapes = List.copyOf(shapes);
        this.function = function;
    }

    // ---- calls ---------------------------------------------------------------------------------

    /**
     * Forward and backward: the function's (one-element) result for these parameter values and
     * inputs; adds its gradient with respect to parameter {@code k} to {@code gradients[k]}.
     */
    public double run(double[][] parameters, double[][] inputs, double[][] gradients) {
        checkArrays("parameters", parameters);
        checkArrays("gradients", gradients);
        Compiled c = before(inputs);
        double[][] b = frame(c, parameters, inputs, gradients);
        double out = c.kernel.forward(b, c.maps);
        c.kernel.backward(b, c.maps);
        return out;
    }

    /** The function's result for these parameter values and inputs; no gradient. */
    public double value(double[][] parameters, double[][] inputs) {
        checkArrays("parameters", parameters);
        Compiled c = before(inputs);
        return c.kernel.forward(frame(c, parameters, inputs, null), c.maps);
    }

    /** Traces and compiles now, with {@code exampleInputs} as the trace's data (else the first call does). */
    public TensorStep compile(double[][] exampleInputs) {
        checkInputs(exampleInputs);
        compiledFor(exampleInputs);
        return this;
    }

    /** Copies of the parameters' values, in order: a start for {@link #run}. */
    public double[][] parameterValues() {
        double[][] out = new double[params.size()][];
        for (int k = 0; k < out.length; k++) out[k] = params.get(k).value();
        return out;
    }

    /** Writes flat values back into the parameters ({@code setData}). */
    public void setParameterValues(double[][] values) {
        checkArrays("values", values);
        for (int k = 0; k < values.length; k++) params.get(k).setData(values[k]);
    }

    /** The parameters, in the order of the arrays. */
    public List<Variable> parameters() {
        return params;
    }

    /** The Java source this step runs (compiled by the first call or by {@link #compile}). */
    public GeneratedCode code() {
        Compiled c = compiled;
        if (c == null) {
            throw new IllegalStateException(
                    "TensorStep.code(): not compiled yet; call the step once, or compile(inputs)");
        }
        return c.code;
    }

    @Override
    public String toString() {
        Compiled c = compiled;
        StringBuilder sb =
                new StringBuilder("TensorStep(").append(inputShapes.size()).append(" inputs ");
        for (int i = 0; i < inputShapes.size(); i++)
            sb.append(i == 0 ? "" : ", ").append(Arrays.toString(inputShapes.get(i)));
        sb.append("; ").append(params.size()).append(params.size() == 1 ? " parameter" : " parameters");
        if (c == null) return sb.append("; not compiled yet)").toString();
        return sb.append("; ")
                .append(c.code.summary())
                .append("; ")
                .append(c.check)
                .append(')')
                .toString();
    }

    // ---- arguments -----------------------------------------------------------------------------

    private void checkArrays(String what, double[][] arrays) {
        if (arrays == null) throw new IllegalArgumentException("TensorStep: " + what + " is null");
        if (arrays.length != params.size()) {
            throw new IllegalArgumentException("TensorStep: " + what + " has " + arrays.length
                    + " arrays, the step has " + params.size() + " parameters");
        }
        for (int k = 0; k < arrays.length; k++) {
            int size = params.get(k).size();
            if (arrays[k] == null || arrays[k].length != size) {
                throw new IllegalArgumentException("TensorStep: " + what + "[" + k + "] has "
                        + (arrays[k] == null ? "null" : arrays[k].length + " values") + ", parameter " + k
                        + " has shape "
                        + Arrays.toString(params.get(k).shape()));
            }
        }
    }

    private void checkInputs(double[][] inputs) {
        if (inputs == null) throw new IllegalArgumentException("TensorStep: inputs is null");
        if (inputs.length != inputShapes.size()) {
            throw new IllegalArgumentException(
                    "TensorStep: the step takes " + inputShapes.size() + " inputs, got " + inputs.length);
        }
        for (int i = 0; i < inputs.length; i++) {
            int size = 1;
            for (int d : inputShapes.get(i)) size *= d;
            if (inputs[i] == null || inputs[i].length != size) {
                throw new IllegalArgumentException("TensorStep: input " + i + " has "
                        + (inputs[i] == null ? "null" : inputs[i].length + " values")
                        + ", but the step was made for shape "
                        + Arrays.toString(inputShapes.get(i)) + " (" + size
                        + " values); make a step for the new shape");
            }
        }
    }

    // ---- buffers -------------------------------------------------------------------------------

    private double[][] frame(Compiled c, double[][] parameters, double[][] inputs, double[][] gradients) {
        List<Node> nodes = c.graph.nodes;
        int n = nodes.size();
        double[][] b = frames.get();
        if (b == null) {
            b = new double[2 * n + c.scratch.length][];
            for (int id = 0; id < n; id++) {
                Node nd = nodes.get(id);
                switch (nd.kind) {
                    case LITERAL -> b[id] = nd.data.clone();
                    case CAPTURED -> b[id] = new double[nd.size()];
                    case PARAM, INPUT -> {}
                    default -> {
                        b[id] = new double[nd.size()];
                        if (nd.needsGrad) b[n + id] = new double[nd.size()];
                    }
                }
            }
            for (int j = 0; j < c.scratch.length; j++) b[2 * n + j] = new double[c.scratch[j]];
            frames.set(b);
        }
        for (int id = 0; id < n; id++) {
            Node nd = nodes.get(id);
            switch (nd.kind) {
                case PARAM -> {
                    b[id] = parameters[nd.index];
                    if (gradients != null) b[n + id] = gradients[nd.index]; // a forward pass never reads it
                }
                case INPUT -> b[id] = inputs[nd.index];
                case CAPTURED -> {
                    Variable v = c.captured.get(nd.index);
                    double[] into = b[id];
                    for (int k = 0; k < into.length; k++) into[k] = v.dataAt(k);
                }
                default -> {}
            }
        }
        return b;
    }

    // ---- tracing and checking ------------------------------------------------------------------

    private Compiled before(double[][] inputs) {
        checkInputs(inputs);
        RuntimeException bad = invalid;
        if (bad != null) throw bad;
        Compiled c = compiled;
        if (c == null) return compiledFor(inputs);
        // NOTE: read first: a write to the shared counter on every call would make threads contend for it
        if (calls.get() < 2 && calls.incrementAndGet() == 2) validate(c, inputs);
        return c;
    }

    private record Trace(
            Variable root,
            Variable[] placeholders,
            TensorGraph graph,
            List<Variable> constants,
            List<Variable> captured) {}

    private Trace trace(double[][] x, Set<Variable> captured) {
        Variable[] in = new Variable[inputShapes.size()];
        for (int i = 0; i < in.length; i++) in[i] = new Variable(x[i], inputShapes.get(i));
        Variable root;
        try (var scope = Autograd.enableGrad()) {
            root = function.apply(in.clone());
        }
        if (root == null) throw new IllegalArgumentException("compile: the function returned null");
        if (root.size() != 1) {
            throw new IllegalArgumentException("compile: a tensor step's result must have one element (a loss), but it"
                    + " has shape " + Arrays.toString(root.shape()) + ": reduce it (sum(), mean())");
        }
        List<Variable> constants = new ArrayList<>();
        List<Variable> capturedOut = new ArrayList<>();
        TensorGraph g = TensorGraph.trace(params, in, captured, root, constants, capturedOut);
        return new Trace(root, in, g, constants, capturedOut);
    }

    private synchronized Compiled compiledFor(double[][] x) {
        if (compiled != null) return compiled;
        long t0 = System.nanoTime();
        Trace first = trace(x, Set.of());
        Trace second = trace(x, Set.of());
        String diff = second.graph.differs(first.graph, true);
        if (diff != null) {
            throw new IllegalStateException("compile: the function built two different graphs from the same inputs ("
                    + diff + "). A compiled step needs a function that computes the same thing every time it is"
                    + " called: no random numbers, no state that changes between calls");
        }
        Set<Variable> captured = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < first.constants.size(); i++) {
            if (first.constants.get(i) == second.constants.get(i)) captured.add(first.constants.get(i));
        }
        List<Variable> capturedList = new ArrayList<>();
        TensorGraph graph =
                TensorGraph.trace(params, first.placeholders, captured, first.root, new ArrayList<>(), capturedList);
        long t1 = System.nanoTime();
        String name = "GeneratedTensorStep";
        TensorCodegen.Source src = TensorCodegen.generate(graph, name, header(graph));
        TensorKernel kernel = InMemoryJavac.instantiate(name, src.java(), TensorKernel.class);
        long t2 = System.nanoTime();
        String summary = String.format(
                Locale.ROOT,
                "compiled %d tensor ops into %d lines of Java (trace %.0f ms, javac %.0f ms)",
                graph.computedNodes(),
                src.java().lines().count(),
                (t1 - t0) / 1e6,
                (t2 - t1) / 1e6);
        Compiled c = new Compiled(
                graph,
                kernel,
                src.indexMaps().toArray(new int[0][]),
                src.scratchSizes(),
                List.copyOf(capturedList),
                captured,
                new GeneratedCode(name, src.java(), summary),
                "");
        c = new Compiled(
                c.graph,
                c.kernel,
                c.maps,
                c.scratch,
                c.captured,
                c.capturedSet,
                c.code,
                checkAgainstEager(c, first, x));
        calls.set(1);
        compiled = c;
        return c;
    }

    /** The compiled step and the eager engine's backward pass on the first trace, compared. */
    private String checkAgainstEager(Compiled c, Trace t, double[][] x) {
        double[][] theta = parameterValues();
        double[][] grads = new double[params.size()][];
        for (int k = 0; k < grads.length; k++)
            grads[k] = new double[params.get(k).size()];
        double[][] b = frameFor(c, theta, x, grads);
        double out = c.kernel.forward(b, c.maps);
        c.kernel.backward(b, c.maps);
        double worst = rel(out, t.root.item());
        boolean equal = Double.doubleToLongBits(out) == Double.doubleToLongBits(t.root.item());
        if (t.root.requiresGrad() && !params.isEmpty()) {
            double[][] eager = new double[params.size()][];
            synchronized (this) {
                double[][] saved = new double[params.size()][];
                for (int k = 0; k < saved.length; k++) {
                    saved[k] = params.get(k).grad().value();
                    params.get(k).zeroGrad();
                }
                try {
                    t.root.backward();
                    for (int k = 0; k < saved.length; k++)
                        eager[k] = params.get(k).grad().value();
                } finally {
                    for (int k = 0; k < saved.length; k++) {
                        params.get(k).zeroGrad();
                        params.get(k)
                                .backward(Variable.constant(
                                        saved[k], params.get(k).shape()));
                    }
                }
            }
            List<Variable> seen = new ArrayList<>();
            for (int k = 0; k < eager.length; k++) {
                if (seen.contains(params.get(k))) continue;
                seen.add(params.get(k));
                for (int i = 0; i < eager[k].length; i++) {
                    equal &= Double.doubleToLongBits(eager[k][i]) == Double.doubleToLongBits(grads[k][i]);
                    worst = Math.max(worst, rel(grads[k][i], eager[k][i]));
                }
            }
        }
        if (equal) return "checked against the eager engine at the first call: equal bit for bit";
        return String.format(
                Locale.ROOT,
                "checked against the eager engine at the first call: largest relative" + " difference %.1e",
                worst);
    }

    /** A frame of its own (not this thread's), for the check. */
    private double[][] frameFor(Compiled c, double[][] parameters, double[][] inputs, double[][] gradients) {
        double[][] saved = frames.get();
        frames.remove();
        try {
            return frame(c, parameters, inputs, gradients);
        } finally {
            if (saved != null) frames.set(saved);
            else frames.remove();
        }
    }

    private static double rel(double a, double b) {
        if (Double.doubleToLongBits(a) == Double.doubleToLongBits(b)) return 0;
        if (Double.isNaN(a) || Double.isNaN(b)) return Double.POSITIVE_INFINITY;
        return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
    }

    private void validate(Compiled c, double[][] x) {
        Trace t = trace(x, c.capturedSet);
        String diff = t.graph.differs(c.graph, true);
        if (diff == null && !t.captured.equals(c.captured)) diff = "it reads other captured tensors";
        if (diff == null) return;
        invalid =
                new IllegalStateException("compiled step: the function built a different graph at the second call than"
                        + " at the first (" + diff
                        + "), so the compiled code no longer matches it. Either its Java control flow"
                        + " depends on the data (an if on item() or get()), or it reads data from outside its inputs (a captured"
                        + " array or field). Pass changing data as inputs, express data-dependent choices with ops (relu, abs),"
                        + " or run it eagerly. This step now refuses every call");
        throw invalid;
    }

    private String header(TensorGraph g) {
        int n = g.nodes.size();
        StringBuilder sb = new StringBuilder(
                        "Generated by autograd.compile: the forward and backward pass of a function of ")
                .append(inputShapes.size())
                .append(" input tensors and ")
                .append(params.size())
                .append(" parameter tensors, ")
                .append(g.computedNodes())
                .append(" ops.\n");
        sb.append("b[i] is tensor i's buffer and b[").append(n).append(" + i] its gradient:");
        for (int id = 0; id < n; id++) {
            Node nd = g.nodes.get(id);
            String what = switch (nd.kind) {
                case PARAM -> "parameter " + nd.index;
                case INPUT -> "input " + nd.index;
                case CAPTURED -> "captured constant " + nd.index;
                case LITERAL -> nd.size() == 1 ? "the constant " + nd.data[0] : "a constant";
                case OP -> nd.rule.symbol;
                default -> nd.kind.toString().toLowerCase(Locale.ROOT);
            };
            sb.append(id % 4 == 0 ? "\n" : ", ")
                    .append("v")
                    .append(id)
                    .append(" ")
                    .append(what)
                    .append(Arrays.toString(nd.shape));
        }
        sb.append("\nMatrix products call MatMul, as the eager engine does; runs of elementwise ops are fused loops.");
        return sb.toString();
    }
}

package autograd.compile;

import autograd.Autograd;
import autograd.Value;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A function of {@link Value}s compiled to Java: its forward pass and the backward pass to its
 * parameters, traced from the eager engine once and then run without building a graph or
 * allocating. Made by {@link Compile#scalar}.
 *
 * <pre>{@code
 * jshell> Value w = Value.of(0.5), b = Value.of(0.1);
 * jshell> var step = Compile.scalar(List.of(w, b), 2, in -> w.mul(in[0]).add(b).tanh().sub(in[1]).pow(2));
 * jshell> step.run(2.0, 1.0)                  // forward + backward: the loss; w.grad and b.grad grow
 * $3 ==> 0.05631514461368413
 * jshell> w.grad
 * $4 ==> -0.3135543440005108
 * jshell> System.out.println(step.code())     // the Java it runs
 * }</pre>
 *
 * <h2>Two ways to call it</h2>
 * <ul>
 *   <li>{@link #run(double...)}: like {@code loss.backward()} on the eager graph, it reads the
 *       parameters' {@code data} and adds to their {@code grad}, so optimizers work unchanged.
 *   <li>{@link #run(double[], double[], double[])}: parameters and gradients in flat arrays the
 *       caller owns (JAX's style, the fastest): nothing but those arrays is read or written, so
 *       threads can share one compiled step, each with its own arrays.
 * </ul>
 *
 * <h2>What a trace depends on</h2>
 * The first call traces the function twice with its inputs (a function that builds different
 * graphs from the same inputs, drawing random numbers say, is rejected), compiles, and checks the
 * compiled result against the eager engine's. The second call traces once more with its own
 * inputs and compares: a different graph (a Java {@code if} on a value's {@code data} that went
 * the other way) or a different constant made inside the function (data captured from outside
 * instead of passed as an input) makes that call and every later one throw, rather than run code
 * that no longer matches the function. Constants that existed before the trace (captured) are
 * read again at every call; constants the function makes ({@code mul(2)}) are written into the
 * code. The parameters are the ones given, by identity; a Value that needs a gradient but is not
 * among them is rejected. The gradient is computed whatever the caller's grad mode (as
 * {@code torch.func.grad}). A branch on data that first changes after the second call cannot be
 * seen (a {@code Value}'s data is a plain field): express such choices with ops ({@code relu},
 * {@code abs}) or compile each branch.
 *
 * <h2>Threads</h2>
 * Each thread gets its own buffers. {@link #run(double...)} adds to the shared parameters'
 * gradients, so calls on several threads take turns; the flat form runs in parallel.
 */
public final class ScalarStep {

    private final List<Value> params;
    private final int inputs;
    private final Function<Value[], Value> function;
    private final AtomicInteger calls = new AtomicInteger();
    private final ThreadLocal<Frame> frames = new ThreadLocal<>();
    private volatile Compiled compiled;
    private volatile RuntimeException invalid;

    /** What a compile produced. */
    private record Compiled(
            ScalarGraph graph,
            ScalarKernel kernel,
            List<Value> captured,
            Set<Value> capturedSet,
            GeneratedCode code,
            int values,
            int tape,
            String check,
            List<String> notes) {}

    /** One thread's arrays. */
    private static final class Frame {
        final double[] p;
        final double[] x;
        final double[] c;
        final double[] v;
        final double[] tape;
        final double[] dp;

        Frame(int params, int inputs, int captured, int values, int tape) {
            p = new double[params];
            x = new double[inputs];
            c = new double[captured];
            v = new double[values];
            this.tape = new double[tape];
            dp = new double[params];
        }
    }

    ScalarStep(List<Value> params, int inputs, Function<Value[], Value> function) {
        this.params = List.copyOf(params);
        this.inputs = inputs;
        this.function = function;
    }

    // ---- calls ---------------------------------------------------------------------------------

    /**
     * Forward and backward: returns the function's value at {@code inputs} and adds its gradient
     * to every parameter's {@code grad}, as {@code loss.backward()} would.
     */
    public double run(double... inputs) {
        Compiled c = before(inputs);
        Frame f = frame(c);
        synchronized (this) { // NOTE: the parameters' gradients are shared: calls take turns
            for (int k = 0; k < params.size(); k++) {
                Value p = params.get(k);
                f.p[k] = p.data;
                f.dp[k] = p.grad;
            }
            System.arraycopy(inputs, 0, f.x, 0, this.inputs);
            readCaptured(c, f);
            double out = c.kernel.forward(f.p, f.x, f.c, f.v, f.tape);
            c.kernel.backward(f.p, f.x, f.c, f.v, f.tape, f.dp);
            for (int k = 0; k < params.size(); k++) params.get(k).grad = f.dp[k];
            return out;
        }
    }

    /**
     * Forward and backward on flat arrays: {@code parameters[k]} is the value of parameter
     * {@code k} (in the order given to {@link Compile#scalar}), and the gradient is added to
     * {@code gradient[k]} (zero it first for a fresh gradient). Reads and writes nothing else.
     */
    public double run(double[] parameters, double[] inputs, double[] gradient) {
        checkLength("parameters", parameters, params.size());
        checkLength("gradient", gradient, params.size());
        Compiled c = before(inputs);
        Frame f = frame(c);
        readCaptured(c, f);
        double out = c.kernel.forward(parameters, inputs, f.c, f.v, f.tape);
        c.kernel.backward(parameters, inputs, f.c, f.v, f.tape, gradient);
        return out;
    }

    /** The function's value at {@code inputs} with the parameters' current data; no gradient. */
    public double value(double... inputs) {
        Compiled c = before(inputs);
        Frame f = frame(c);
        for (int k = 0; k < params.size(); k++) f.p[k] = params.get(k).data;
        readCaptured(c, f);
        return c.kernel.forward(f.p, inputs, f.c, f.v, f.tape);
    }

    /** The function's value for flat {@code parameters}; no gradient. */
    public double value(double[] parameters, double[] inputs) {
        checkLength("parameters", parameters, params.size());
        Compiled c = before(inputs);
        Frame f = frame(c);
        readCaptured(c, f);
        return c.kernel.forward(parameters, inputs, f.c, f.v, f.tape);
    }

    /** Traces and compiles now, with {@code exampleInputs} as the trace's data (else the first call does). */
    public ScalarStep compile(double... exampleInputs) {
        checkInputs(exampleInputs);
        compiledFor(exampleInputs);
        return this;
    }

    // ---- parameters as a flat array ------------------------------------------------------------

    /** The parameters' current values, in order: a start for {@link #run(double[], double[], double[])}. */
    public double[] parameterValues() {
        double[] out = new double[params.size()];
        for (int k = 0; k < out.length; k++) out[k] = params.get(k).data;
        return out;
    }

    /** Writes flat values back into the parameters' {@code data}. */
    public void setParameterValues(double[] values) {
        checkLength("values", values, params.size());
        for (int k = 0; k < values.length; k++) params.get(k).data = values[k];
    }

    /** The parameters, in the order of the flat arrays. */
    public List<Value> parameters() {
        return params;
    }

    /** How many inputs each call takes. */
    public int inputCount() {
        return inputs;
    }

    // ---- inspection ----------------------------------------------------------------------------

    /** The Java source this step runs (compiled by the first call or by {@link #compile}). */
    public GeneratedCode code() {
        Compiled c = compiled;
        if (c == null) {
            throw new IllegalStateException(
                    "ScalarStep.code(): not compiled yet; call the step once, or compile(inputs)");
        }
        return c.code;
    }

    @Override
    public String toString() {
        Compiled c = compiled;
        StringBuilder sb = new StringBuilder("ScalarStep(")
                .append(inputs)
                .append(inputs == 1 ? " input, " : " inputs, ")
                .append(params.size())
                .append(params.size() == 1 ? " parameter" : " parameters");
        if (c == null) return sb.append("; not compiled yet)").toString();
        sb.append("; ").append(c.code.summary()).append("; ").append(c.check).append(')');
        for (String note : c.notes) sb.append("\n  note: ").append(note);
        return sb.toString();
    }

    // ---- tracing and checking ------------------------------------------------------------------

    private Compiled before(double[] inputs) {
        checkInputs(inputs);
        RuntimeException bad = invalid;
        if (bad != null) throw bad;
        Compiled c = compiled;
        if (c == null) return compiledFor(inputs);
        // NOTE: read first: a write to the shared counter on every call would make threads contend for it
        if (calls.get() < 2 && calls.incrementAndGet() == 2) validate(c, inputs);
        return c;
    }

    private void checkInputs(double[] in) {
        if (in == null) throw new IllegalArgumentException("ScalarStep: inputs is null");
        if (in.length != inputs) {
            throw new IllegalArgumentException("ScalarStep: the step takes " + inputs + " inputs, got " + in.length);
        }
    }

    private static void checkLength(String what, double[] a, int n) {
        if (a == null) throw new IllegalArgumentException("ScalarStep: " + what + " is null");
        if (a.length != n) {
            throw new IllegalArgumentException(
                    "ScalarStep: " + what + " has " + a.length + " entries, the step has " + n + " parameters");
        }
    }

    private Frame frame(Compiled c) {
        Frame f = frames.get();
        if (f == null) {
            f = new Frame(params.size(), inputs, c.captured.size(), c.values, c.tape);
            frames.set(f);
        }
        return f;
    }

    private static void readCaptured(Compiled c, Frame f) {
        for (int k = 0; k < f.c.length; k++) f.c[k] = c.captured.get(k).data;
    }

    /** One call of the function on fresh inputs, as the eager engine runs it. */
    private record Trace(
            Value root,
            Value[] placeholders,
            List<ScalarTracer.ScanRecord> scans,
            ScalarTracer tracer,
            ScalarGraph graph) {}

    private Trace trace(double[] x, Set<Value> captured) {
        Value[] in = new Value[inputs];
        for (int i = 0; i < inputs; i++) in[i] = new Value(x[i]);
        List<ScalarTracer.ScanRecord> scans;
        Value root;
        Tracing tracing = Tracing.begin();
        try (var scope = Autograd.enableGrad()) {
            root = function.apply(in.clone());
        } finally {
            scans = tracing.end();
        }
        if (root == null) throw new IllegalArgumentException("compile: the function returned null");
        ScalarTracer tracer = new ScalarTracer(params, in, captured);
        ScalarGraph graph = tracer.trace(root, scans);
        return new Trace(root, in, scans, tracer, graph);
    }

    private synchronized Compiled compiledFor(double[] x) {
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
        Set<Value> captured = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < first.tracer.constants.size(); i++) {
            if (first.tracer.constants.get(i) == second.tracer.constants.get(i))
                captured.add(first.tracer.constants.get(i));
        }
        ScalarTracer tracer = new ScalarTracer(params, first.placeholders, captured);
        ScalarGraph graph = tracer.trace(first.root, first.scans);
        long t1 = System.nanoTime();
        String name = "GeneratedStep";
        ScalarCodegen.Source src = ScalarCodegen.generate(graph, name, header(graph));
        ScalarKernel kernel = InMemoryJavac.instantiate(name, src.java(), ScalarKernel.class);
        long t2 = System.nanoTime();
        String summary = String.format(
                java.util.Locale.ROOT,
                "compiled %d ops into %d lines of Java (trace %.0f ms, javac %.0f ms)",
                graph.computedNodes(),
                src.java().lines().count(),
                (t1 - t0) / 1e6,
                (t2 - t1) / 1e6);
        Compiled c = new Compiled(
                graph,
                kernel,
                List.copyOf(tracer.capturedValues),
                captured,
                new GeneratedCode(name, src.java(), summary),
                src.values(),
                src.tape(),
                "",
                List.copyOf(tracer.notes));
        c = new Compiled(
                c.graph,
                c.kernel,
                c.captured,
                c.capturedSet,
                c.code,
                c.values,
                c.tape,
                checkAgainstEager(c, first, x),
                c.notes);
        calls.set(1);
        compiled = c;
        return c;
    }

    /** Runs the compiled code and the eager engine's backward pass on the first trace; says how they compare. */
    private String checkAgainstEager(Compiled c, Trace t, double[] x) {
        Frame f = new Frame(params.size(), inputs, c.captured.size(), c.values, c.tape);
        for (int k = 0; k < params.size(); k++) f.p[k] = params.get(k).data;
        readCaptured(c, f);
        double out = c.kernel.forward(f.p, x, f.c, f.v, f.tape);
        c.kernel.backward(f.p, x, f.c, f.v, f.tape, f.dp);
        if (!t.root.requiresGrad() || params.isEmpty()) {
            return same(out, t.root.data)
                    ? "checked against the eager engine: equal"
                    : "value differs from the eager engine";
        }
        double[] saved = new double[params.size()];
        double[] eager = new double[params.size()];
        synchronized (this) {
            for (int k = 0; k < saved.length; k++) {
                saved[k] = params.get(k).grad;
                params.get(k).grad = 0;
            }
            try {
                t.root.backward();
                for (int k = 0; k < saved.length; k++) eager[k] = params.get(k).grad;
            } finally {
                for (int k = 0; k < saved.length; k++) params.get(k).grad = saved[k];
            }
        }
        // A parameter used twice (listed twice) gets its gradient at its first position only.
        boolean equal = same(out, t.root.data);
        double worst = rel(out, t.root.data);
        List<Value> seen = new ArrayList<>();
        for (int k = 0; k < saved.length; k++) {
            if (seen.contains(params.get(k))) continue;
            seen.add(params.get(k));
            equal &= same(f.dp[k], eager[k]);
            worst = Math.max(worst, rel(f.dp[k], eager[k]));
        }
        if (equal) return "checked against the eager engine at the first call: equal bit for bit";
        return String.format(
                java.util.Locale.ROOT,
                "checked against the eager engine at the first call: largest relative difference %.1e",
                worst);
    }

    private static boolean same(double a, double b) {
        return Double.doubleToLongBits(a) == Double.doubleToLongBits(b);
    }

    private static double rel(double a, double b) {
        if (same(a, b)) return 0;
        if (Double.isNaN(a) || Double.isNaN(b)) return Double.POSITIVE_INFINITY;
        return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
    }

    /** The second call traces again with its inputs: a different graph means the compiled code is stale. */
    private void validate(Compiled c, double[] x) {
        Trace t = trace(x, c.capturedSet);
        String diff = t.graph.differs(c.graph, true);
        if (diff == null && !t.tracer.capturedValues.equals(c.captured)) {
            diff = "it reads other captured values";
        }
        if (diff == null) return;
        invalid =
                new IllegalStateException("compiled step: the function built a different graph at the second call than"
                        + " at the first (" + diff
                        + "), so the compiled code no longer matches it. Either its Java control flow"
                        + " depends on the data (an if on a Value's data), or it reads data from outside its inputs (a captured"
                        + " array or field). Pass changing data as inputs, express data-dependent choices with ops (relu, abs),"
                        + " or run it eagerly. This step now refuses every call");
        throw invalid;
    }

    private String header(ScalarGraph g) {
        int scans = g.ofKind(ScalarGraph.Kind.SCAN).size();
        return "Generated by autograd.compile: the forward and backward pass of a function of " + inputs + " input"
                + (inputs == 1 ? "" : "s") + " and " + params.size() + " parameter" + (params.size() == 1 ? "" : "s")
                + ",\n" + g.computedNodes() + " ops"
                + (scans == 0 ? "" : " (" + scans + " repeat loop" + (scans == 1 ? "" : "s") + ")") + ", " + g.captured
                + " captured constant" + (g.captured == 1 ? "" : "s") + ".\n"
                + "p: parameters, x: inputs, c: captured constants, v: values kept between methods (gradients from"
                + " v[" + g.nodes.size() + "]),\ntape: what each loop step keeps for the backward pass, dp: parameter"
                + " gradients (added to).\nThe backward pass adds each gradient contribution in Value.backward()'s"
                + " order, so it rounds as the eager engine does.";
    }
}

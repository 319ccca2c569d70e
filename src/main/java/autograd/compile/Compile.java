package autograd.compile;

import autograd.Parameter;
import autograd.Value;
import autograd.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The compiled fast path beside the eager engine: trace a step once, then run it as generated
 * Java, without building a graph or allocating.
 *
 * <p>The eager engine builds a graph of objects at every call and walks it back; that is what
 * makes it easy to read and to debug, and what costs time when the same computation runs
 * thousands of times (a training step, an ODE solve per cell of a sensitivity map). A compiled
 * step records the graph of one call, writes its forward pass and its backward pass out as Java
 * source (see {@link ScalarStep#code()}), compiles that with the JDK's compiler and from then on
 * runs the compiled code: the JIT sees straight-line arithmetic. Results are those of the eager
 * engine, bit for bit: the generated backward pass adds gradient contributions in the eager
 * engine's order.
 *
 * <pre>{@code
 * jshell> var model = new ScalarMLP(2, new int[] {16, 16, 1}, Activation.sigmoid(), new Random(1));
 * jshell> var params = new ArrayList<Value>(); model.parameters().forEach(p -> params.add((Value) p));
 * jshell> var step = Compile.scalar(params, 3, in -> model.forward(List.of(in[0], in[1])).get(0).sub(in[2]).pow(2));
 * jshell> double loss = step.run(0.3, -0.1, 1.0);     // forward + backward into the parameters' grad
 * }</pre>
 *
 * <p>Long loops (an ODE solved over 500 steps) are written with {@link #repeat}, so that the
 * generated code is a loop over one step's code (as {@code jax.lax.scan}) rather than 500 copies.
 */
public final class Compile {

    private Compile() {}

    /**
     * A compiled step of a scalar function: {@code function} receives {@code inputs} input
     * {@code Value}s and returns the result; the gradient is taken with respect to
     * {@code parameters} (the {@code Value}s it uses that require a gradient). Traced and compiled at
     * the first call.
     *
     * @throws IllegalArgumentException if a parameter is null or not a {@code Value}
     */
    public static ScalarStep scalar(
            List<? extends Parameter> parameters, int inputs, Function<Value[], Value> function) {
        if (parameters == null) throw new IllegalArgumentException("Compile.scalar: parameters is null");
        if (function == null) throw new IllegalArgumentException("Compile.scalar: function is null");
        if (inputs < 0) throw new IllegalArgumentException("Compile.scalar: inputs is negative: " + inputs);
        List<Value> values = new ArrayList<>(parameters.size());
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            if (p == null) throw new IllegalArgumentException("Compile.scalar: parameter " + i + " is null");
            if (!(p instanceof Value v)) {
                throw new IllegalArgumentException("Compile.scalar: parameter " + i + " is a "
                        + p.getClass().getSimpleName()
                        + ", not a Value (compile tensor functions with Compile.tensor)");
            }
            if (!v.requiresGrad()) {
                throw new IllegalArgumentException(
                        "Compile.scalar: parameter " + i + " (" + v + ") is a constant that" + " needs no gradient");
            }
            values.add(v);
        }
        return new ScalarStep(values, inputs, function);
    }

    /**
     * A compiled step of a tensor function: {@code function} receives input {@code Variable}s of
     * the given shapes and returns a one-element result (a loss); the gradient is taken with
     * respect to {@code parameters}. Traced and compiled at the first call; runs on flat arrays
     * (see {@link TensorStep}).
     *
     * @throws IllegalArgumentException if a parameter is null, not a {@code Variable} or a
     *     constant, or a shape is null or has a negative dimension
     */
    public static TensorStep tensor(
            List<? extends Parameter> parameters, List<int[]> inputShapes, Function<Variable[], Variable> function) {
        if (parameters == null) throw new IllegalArgumentException("Compile.tensor: parameters is null");
        if (inputShapes == null) throw new IllegalArgumentException("Compile.tensor: inputShapes is null");
        if (function == null) throw new IllegalArgumentException("Compile.tensor: function is null");
        List<Variable> vars = new ArrayList<>(parameters.size());
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            if (p == null) throw new IllegalArgumentException("Compile.tensor: parameter " + i + " is null");
            if (!(p instanceof Variable v)) {
                throw new IllegalArgumentException("Compile.tensor: parameter " + i + " is a "
                        + p.getClass().getSimpleName()
                        + ", not a Variable (compile scalar functions with Compile.scalar)");
            }
            if (!v.requiresGrad()) {
                throw new IllegalArgumentException(
                        "Compile.tensor: parameter " + i + " is a constant that needs no gradient");
            }
            vars.add(v);
        }
        for (int i = 0; i < inputShapes.size(); i++) {
            int[] s = inputShapes.get(i);
            if (s == null) throw new IllegalArgumentException("Compile.tensor: the shape of input " + i + " is null");
            for (int d : s) {
                if (d < 0) {
                    throw new IllegalArgumentException("Compile.tensor: the shape of input " + i + " has a negative"
                            + " dimension: " + java.util.Arrays.toString(s));
                }
            }
        }
        return new TensorStep(vars, inputShapes, function);
    }

    /**
     * {@code step} applied {@code steps} times to {@code initial}: a loop over a state of
     * {@code Value}s, such as an ODE solver's. Outside a compiled step it is that plain loop; while
     * a step is traced it also records the steps, so that the compiled code is a loop over one
     * step's code (as {@code jax.lax.scan}) and stays small however many steps there are. The
     * step must compute the same thing at every step (pass anything that changes, such as time,
     * in the state).
     *
     * <pre>{@code
     * jshell> Value[] end = Compile.repeat(3, new Value[] {Value.of(1)}, s -> new Value[] {s[0].mul(2)});
     * jshell> end[0].data
     * $2 ==> 8.0
     * }</pre>
     *
     * @throws IllegalArgumentException for negative {@code steps}, null arguments, or a step that
     *     returns null, a null entry or a state of another length
     */
    public static Value[] repeat(int steps, Value[] initial, UnaryOperator<Value[]> step) {
        if (steps < 0) throw new IllegalArgumentException("Compile.repeat: steps is negative: " + steps);
        if (initial == null) throw new IllegalArgumentException("Compile.repeat: initial is null");
        if (step == null) throw new IllegalArgumentException("Compile.repeat: step is null");
        Value[] state = checkedState(initial, initial.length, "initial");
        Tracing tracing = Tracing.current();
        Value[][] states = tracing == null ? null : new Value[steps + 1][];
        if (states != null) states[0] = state;
        for (int t = 0; t < steps; t++) {
            state = checkedState(step.apply(state.clone()), initial.length, "the state returned by step " + t);
            if (states != null) states[t + 1] = state;
        }
        if (tracing != null) tracing.scans.add(new ScalarTracer.ScanRecord(states));
        return state.clone();
    }

    private static Value[] checkedState(Value[] state, int length, String what) {
        if (state == null) throw new IllegalArgumentException("Compile.repeat: " + what + " is null");
        if (state.length != length) {
            throw new IllegalArgumentException(
                    "Compile.repeat: " + what + " has " + state.length + " values, the" + " initial state " + length);
        }
        for (int i = 0; i < state.length; i++) {
            if (state[i] == null) throw new IllegalArgumentException("Compile.repeat: " + what + " has null at " + i);
        }
        return state.clone();
    }
}

package autograd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * A scalar that remembers how it was computed, so its gradient can flow back: micrograd's
 * {@code Value} in Java.
 *
 * <pre>{@code
 * jshell> Value x = new Value(10);
 * jshell> Value f = x.sub(3).pow(x.rdiv(2)).sub(1).pow(x.sub(1));   // ((x-3)^(2/x) - 1)^(x-1)
 * jshell> f.backward();
 * jshell> x.grad
 * $4 ==> -0.0012886539585819875
 * }</pre>
 *
 * <h2>Gradients accumulate</h2>
 * As in PyTorch, {@link #backward()} <em>adds</em> to the {@code grad} of every leaf it reaches:
 * two backward passes give twice the gradient. Reset with {@link #zeroGrad()}, or with
 * {@code zeroGrad()} on a {@link Model} or an optimizer, before each training step.
 * Intermediate nodes hold the gradient of the latest pass only.
 *
 * <h2>{@code data} is yours to change, after backward</h2>
 * As in micrograd, {@link #data} is a public field, so an optimizer (or you) can update a
 * parameter in place. Change it only between a backward pass and the next forward pass: the
 * nodes computed from it keep the old result, and a backward pass through them uses the new
 * value in the local derivatives, a gradient of neither the old point nor the new one. The
 * tensor engine counts changes and refuses such a pass ({@link Variable}'s class comment); a
 * scalar node stays at 48 bytes, with no room for a counter, so here the rule is yours to keep.
 *
 * <h2>Threads</h2>
 * Graphs built and differentiated on different threads are independent. Backward passes on
 * several threads may share leaves (a model's parameters), whose gradients then get the exact
 * sum; two passes through the same computed node at once throw
 * {@link java.util.ConcurrentModificationException}. Grad mode is per thread ({@link Autograd}).
 *
 * <h2>Cost</h2>
 * One node is 48 bytes (with compressed references, the JVM's default for heaps under 32 GB).
 * {@code backward()} sorts the graph iteratively (no recursion) into buffers it reuses, so
 * chains of millions of nodes are fine and a backward pass per training sample allocates
 * nothing. Every {@code double} argument becomes a constant leaf that needs no gradient.
 */
public sealed class Value extends Node implements Parameter permits Value.Sum {

    /**
     * The number this node holds. Optimizers update it in place; change it only after backward
     * and before the next forward pass (see the class comment).
     */
    public double data;
    /** d(output)/d(this), accumulated by {@link #backward()}. */
    public double grad;

    private final Value a;
    private final Value b;
    private final Op op;
    private final boolean requiresGrad;
    // Labels live in a side table: few nodes have one, and without the field a node is 48 bytes, not 56.
    private static final Map<Value, String> LABELS = Collections.synchronizedMap(new WeakHashMap<>());

    /** A leaf that requires a gradient (a parameter or an input to differentiate by). */
    public Value(double data) {
        this(data, null, null, null, true);
    }

    private Value(double data, Value a, Value b, Op op, boolean requiresGrad) {
        this.data = data;
        this.a = a;
        this.b = b;
        this.op = op;
        this.requiresGrad = requiresGrad;
    }

    /** A leaf that requires a gradient; same as {@code new Value(data)}. */
    public static Value of(double data) {
        return new Value(data);
    }

    /** A leaf that needs no gradient: backward never visits it. */
    public static Value constant(double data) {
        return new Value(data, null, null, null, false);
    }

    // ---- the graph: every op goes through here ------------------------------------------------

    /** {@code op(a)} for a unary op ({@code b == null}), else {@code op(a, b)}: the forward pass of every node. */
    private static Value apply(Op op, Value a, Value b) {
        double out = op.f(a.data, b == null ? 0 : b.data);
        Autograd.Modes modes = Autograd.modes();
        boolean record = modes.records(a.requiresGrad || (b != null && b.requiresGrad));
        Value result = record ? new Value(out, a, b, op, true) : new Value(out, null, null, null, false);
        if (modes.anomaly) checkForward(result, op, b == null ? List.of(a) : List.of(a, b));
        return result;
    }

    /** ... and its backward: this node's gradient times the local derivatives from {@link Op}, into its inputs. */
    void propagate(Graphs.Walk walk) {
        double bData = b == null ? 0 : b.data;
        if (a.requiresGrad) accumulate(a, grad * op.dA(a.data, bData, data), walk);
        if (b != null && b.requiresGrad) accumulate(b, grad * op.dB(a.data, bData, data), walk);
        if (walk.anomaly) checkBackward();
    }

    /** {@code input.grad += d}; for a leaf in a pass that shares the process with others, atomically. */
    static void accumulate(Value input, double d, Graphs.Walk walk) {
        if (walk.shared && input.op == null) Graphs.addAtomically(input, d);
        else input.grad += d;
    }

    /** The operand of a binary op, which may not be null. */
    private static Value operand(Value v, String op) {
        if (v == null) throw new IllegalArgumentException("Value." + op + ": the operand is null");
        return v;
    }

    private static Value constantOf(double c) {
        return new Value(c, null, null, null, false);
    }

    /**
     * A sum of many terms as one node: Σ tᵢ ({@link #sum}) or Σ tᵢ·fᵢ ({@link #dot}), where a
     * chain of binary ops would make a node per term. A neuron's b + Σ wᵢxᵢ is then one node
     * instead of 2n, and that node count is what a scalar network's speed depends on.
     */
    static final class Sum extends Value {
        final Value[] terms;
        final Value[] factors; // null for a plain sum

        private Sum(double data, Op op, Value[] terms, Value[] factors) {
            super(data, null, null, op, true);
            this.terms = terms;
            this.factors = factors;
        }

        /** ∂(Σ tᵢ)/∂tᵢ = 1 (the rows of {@link Op#ADD}); ∂(Σ tᵢfᵢ)/∂tᵢ = fᵢ and ∂/∂fᵢ = tᵢ (the rows of {@link Op#DOT}). */
        @Override
        void propagate(Graphs.Walk walk) {
            if (factors == null) {
                for (Value t : terms) {
                    if (t.requiresGrad) accumulate(t, grad, walk);
                }
            } else {
                for (int i = 0; i < terms.length; i++) {
                    Value t = terms[i];
                    Value f = factors[i];
                    if (t.requiresGrad) accumulate(t, grad * Op.DOT.dA(t.data, f.data, 0), walk);
                    if (f.requiresGrad) accumulate(f, grad * Op.DOT.dB(t.data, f.data, 0), walk);
                }
            }
            if (walk.anomaly) checkBackward();
        }

        @Override
        int visit(Graphs.Walk walk, int top) {
            grad = 0;
            int gen = walk.gen;
            Node[] stack = walk.stackWithRoom(top, terms.length + (factors == null ? 0 : factors.length));
            for (Value t : terms) {
                if (t.op != null && t.mark != gen) stack[top++] = t;
            }
            if (factors == null) return top;
            for (Value f : factors) {
                if (f.op != null && f.mark != gen) stack[top++] = f;
            }
            return top;
        }
    }

    // ---- binary ops ---------------------------------------------------------------------------

    /** {@code this + other}. */
    public Value add(Value other) {
        return apply(Op.ADD, this, operand(other, "add"));
    }

    /** {@code this + c}. */
    public Value add(double c) {
        return apply(Op.ADD, this, constantOf(c));
    }

    /** {@code this − other}. */
    public Value sub(Value other) {
        return apply(Op.SUB, this, operand(other, "sub"));
    }

    /** {@code this − c}. */
    public Value sub(double c) {
        return apply(Op.SUB, this, constantOf(c));
    }

    /** {@code c − this}: {@code x.rsub(1)} is 1 − x. */
    public Value rsub(double c) {
        return apply(Op.SUB, constantOf(c), this);
    }

    /** {@code this · other}. */
    public Value mul(Value other) {
        return apply(Op.MUL, this, operand(other, "mul"));
    }

    /** {@code this · c}. */
    public Value mul(double c) {
        return apply(Op.MUL, this, constantOf(c));
    }

    /** {@code this / other}; throws {@link ArithmeticException} when {@code other} is 0. */
    public Value div(Value other) {
        return apply(Op.DIV, this, operand(other, "div"));
    }

    /** {@code this / c}. */
    public Value div(double c) {
        return apply(Op.DIV, this, constantOf(c));
    }

    /** {@code c / this}: {@code x.rdiv(2)} is 2 / x. */
    public Value rdiv(double c) {
        return apply(Op.DIV, constantOf(c), this);
    }

    /** {@code this ^ exponent}; both base and exponent get gradients. */
    public Value pow(Value exponent) {
        return apply(Op.POW, this, operand(exponent, "pow"));
    }

    /** {@code this ^ c}. */
    public Value pow(double c) {
        return apply(Op.POW, this, constantOf(c));
    }

    /** {@code c ^ this}: {@code x.rpow(2)} is 2^x. */
    public Value rpow(double c) {
        return apply(Op.POW, constantOf(c), this);
    }

    // ---- unary ops ----------------------------------------------------------------------------

    /** {@code −this}. */
    public Value neg() {
        return apply(Op.NEG, this, null);
    }

    /** e^this. */
    public Value exp() {
        return apply(Op.EXP, this, null);
    }

    /** Natural logarithm; throws {@link ArithmeticException} for values ≤ 0. */
    public Value log() {
        return apply(Op.LOG, this, null);
    }

    /** Square root; throws {@link ArithmeticException} for negative values. */
    public Value sqrt() {
        return apply(Op.SQRT, this, null);
    }

    /** Hyperbolic tangent. */
    public Value tanh() {
        return apply(Op.TANH, this, null);
    }

    /** Logistic sigmoid 1 / (1 + e^−x), stable for large |x|. */
    public Value sigmoid() {
        return apply(Op.SIGMOID, this, null);
    }

    /** max(0, x); gradient 0 at x = 0. */
    public Value relu() {
        return apply(Op.RELU, this, null);
    }

    /** |x|; gradient 0 at x = 0. */
    public Value abs() {
        return apply(Op.ABS, this, null);
    }

    /** Sine. */
    public Value sin() {
        return apply(Op.SIN, this, null);
    }

    /** Cosine. */
    public Value cos() {
        return apply(Op.COS, this, null);
    }

    /**
     * The sum of {@code values} as one node, however many there are (0 for none; a single value
     * is returned as it is). Its value is the same as adding them left to right with {@link #add}.
     *
     * <pre>{@code
     * jshell> Value a = Value.of(1), b = Value.of(2);
     * jshell> Value s = Value.sum(a, b, a);      // one "+" node with three inputs
     * jshell> s.backward();
     * jshell> a.grad + " " + b.grad
     * $5 ==> "2.0 1.0"
     * }</pre>
     */
    public static Value sum(Value... values) {
        if (values == null) throw new IllegalArgumentException("Value.sum: term is null");
        return sumOfOwnArray(values.clone());
    }

    /** The sum of {@code values} as one node; see {@link #sum(Value...)}. */
    public static Value sum(Iterable<Value> values) {
        Require.nonNull(values, "Value.sum", "values");
        List<Value> list = new ArrayList<>();
        for (Value v : values) list.add(v);
        return sumOfOwnArray(list.toArray(new Value[0]));
    }

    /** {@link #sum(Value...)} over an array no caller holds: the node keeps it. */
    private static Value sumOfOwnArray(Value[] terms) {
        double total = 0;
        boolean record = false;
        for (int i = 0; i < terms.length; i++) {
            Value t = nonNull(terms[i], "sum", "term", i);
            total = i == 0 ? t.data : total + t.data;
            record |= t.requiresGrad;
        }
        if (terms.length <= 1) return terms.length == 0 ? constantOf(0) : terms[0];
        return sumNode(total, record, Op.ADD, terms, null);
    }

    /**
     * The dot product Σ aᵢ·bᵢ as one node (0 for empty lists), added left to right; every
     * {@code aᵢ} and {@code bᵢ} gets its gradient, as in a product. This is how a scalar
     * {@link autograd.nn.scalar.Neuron} computes b + Σ wᵢxᵢ: one node rather than a
     * multiplication and an addition per input.
     *
     * <pre>{@code
     * jshell> Value w1 = Value.of(2), w2 = Value.of(-1);
     * jshell> Value s = Value.dot(new Value[] {w1, w2}, new Value[] {Value.constant(3), Value.constant(4)});
     * jshell> s.data
     * $3 ==> 2.0
     * jshell> s.backward(); w1.grad
     * $5 ==> 3.0
     * }</pre>
     *
     * @throws IllegalArgumentException if the lengths differ or an entry is null
     */
    public static Value dot(Value[] a, Value[] b) {
        Require.nonNull(a, "Value.dot", "a");
        Require.nonNull(b, "Value.dot", "b");
        return dotOfUnchangingArrays(a == null ? null : a.clone(), b == null ? null : b.clone());
    }

    /**
     * {@link #dot(Value[], Value[])} without copying the arrays: the node keeps them, so the
     * caller must never change them afterwards (a changed entry would silently change the
     * gradients). For inner loops that build the arrays for this call or hold them fixed, as
     * {@link autograd.nn.scalar.Neuron} does; the copies cost a fifth of a small network's step.
     */
    public static Value dotOfUnchangingArrays(Value[] a, Value[] b) {
        Require.nonNull(a, "Value.dotOfUnchangingArrays", "a");
        Require.nonNull(b, "Value.dotOfUnchangingArrays", "b");
        if (a.length != b.length) {
            throw new IllegalArgumentException(
                    "Value.dot: lengths differ, " + a.length + " values in a and " + b.length + " in b");
        }
        double total = 0;
        boolean record = false;
        for (int i = 0; i < a.length; i++) {
            Value ai = nonNull(a[i], "dot", "a", i);
            Value bi = nonNull(b[i], "dot", "b", i);
            total = i == 0 ? ai.data * bi.data : total + ai.data * bi.data;
            record |= ai.requiresGrad || bi.requiresGrad;
        }
        return sumNode(total, record, Op.DOT, a, b);
    }

    /** {@link #dot(Value[], Value[])} for lists. */
    public static Value dot(List<Value> a, List<Value> b) {
        Require.nonNull(a, "Value.dot", "a");
        Require.nonNull(b, "Value.dot", "b");
        return dot(a.toArray(new Value[0]), b.toArray(new Value[0]));
    }

    private static Value sumNode(double total, boolean record, Op op, Value[] terms, Value[] factors) {
        Autograd.Modes modes = Autograd.modes();
        Value result = modes.records(record) ? new Sum(total, op, terms, factors) : constantOf(total);
        if (modes.anomaly) checkForward(result, op, termsAndFactors(terms, factors));
        return result;
    }

    private static Value nonNull(Value v, String op, String array, int i) {
        if (v == null) throw new IllegalArgumentException("Value." + op + ": " + array + "[" + i + "] is null");
        return v;
    }

    // ---- backward -----------------------------------------------------------------------------

    /**
     * Back-propagates from this node: adds d(this)/d(leaf) to every leaf's {@code grad}
     * (see the class comment on accumulation). Throws {@link IllegalStateException} when this
     * value needs no gradient (made from constants only, or inside {@link Autograd#noGrad()}).
     *
     * <p>Passes on several threads at once are safe on separate graphs, and on graphs that share
     * leaves (parameters): each shared leaf gets the exact sum. Two passes through the same
     * computed node at once throw {@link java.util.ConcurrentModificationException}.
     */
    public void backward() {
        if (!requiresGrad) {
            throw new IllegalStateException("backward: this value does not require a gradient (it was computed "
                    + "from constants only, or inside Autograd.noGrad())");
        }
        Graphs.Walk walk = Graphs.begin("Value.backward");
        try {
            int count = walk.sort(this);
            if (op == null) accumulate(this, 1, walk); // a leaf: d(leaf)/d(leaf) = 1
            else grad += 1;
            for (int i = count - 1; i >= 0; i--) {
                ((Value) walk.order[i]).propagate(walk);
                walk.release(i); // NOTE: only after propagating: another pass may claim it from here on
            }
            walk.count = 0; // all released: nothing for end() to clean
        } finally {
            walk.end(); // NOTE: the buffers are reused, so they must not keep this graph alive
        }
    }

    @Override
    final boolean isComputed() {
        return op != null;
    }

    @Override
    int visit(Graphs.Walk walk, int top) {
        grad = 0; // NOTE: sorted once per pass, so intermediate gradients start from zero
        int gen = walk.gen;
        Node[] stack = walk.stackWithRoom(top, 2);
        if (a != null && a.op != null && a.mark != gen) stack[top++] = a;
        if (b != null && b.op != null && b.mark != gen) stack[top++] = b;
        return top;
    }

    @Override
    String opName() {
        return op == null ? "leaf" : op.symbol();
    }

    // ---- inspection ---------------------------------------------------------------------------

    /** Whether backward computes a gradient for this node. Constants and no-grad results do not. */
    @Override
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** The op that made this node ({@code "+"}, {@code "tanh"}, ...), or {@code ""} for a leaf. */
    @Override
    public String op() {
        return op == null ? "" : op.symbol();
    }

    /** The nodes this one was computed from (none for a leaf). */
    public List<Value> inputs() {
        if (this instanceof Sum sum) return termsAndFactors(sum.terms, sum.factors);
        if (a == null) return List.of();
        return b == null ? List.of(a) : List.of(a, b);
    }

    /** Names this node for graph drawings and messages; returns {@code this} for chaining. */
    public Value label(String label) {
        Require.nonNull(label, "Value.label", "label (use label(\"\") to remove it)");
        if (label.isEmpty()) {
            LABELS.remove(this);
        } else {
            LABELS.put(this, label);
        }
        return this;
    }

    /** The name given with {@link #label(String)}, or {@code ""}. */
    public String label() {
        return LABELS.getOrDefault(this, "");
    }

    /** This value as a constant cut off from the graph: no gradient flows through it (as PyTorch's detach). */
    public Value detach() {
        return constantOf(data);
    }

    @Override
    public void zeroGrad() {
        grad = 0;
    }

    @Override
    public int numel() {
        return 1;
    }

    @Override
    public double dataAt(int i) {
        checkIndex(i);
        return data;
    }

    @Override
    public void setDataAt(int i, double value) {
        checkIndex(i);
        data = value;
    }

    @Override
    public double gradAt(int i) {
        checkIndex(i);
        return grad;
    }

    private static void checkIndex(int i) {
        if (i != 0) throw new IndexOutOfBoundsException("a Value has one element (index 0), not index " + i);
    }

    @Override
    public String toString() {
        String name = label().isEmpty() ? "" : label() + ": ";
        return "Value(" + name + "data=" + data + ", grad=" + grad + ")";
    }

    /** The nodes this one was computed from and itself, each once, inputs first (for drawing and inspection). */
    public List<Value> nodes() {
        return Graphs.topologicalOrder(this, Value::inputs, Integer.MAX_VALUE);
    }

    /**
     * {@link #nodes()}, for graphs of at most {@code atMost} nodes.
     *
     * @throws IllegalStateException as soon as the walk finds more (before listing them all)
     */
    public List<Value> nodes(int atMost) {
        return Graphs.topologicalOrder(this, Value::inputs, atMost);
    }

    // ---- anomaly mode ---------------------------------------------------------------------------

    private static List<Value> termsAndFactors(Value[] terms, Value[] factors) {
        if (factors == null) return List.of(terms);
        Value[] both = Arrays.copyOf(terms, 2 * terms.length);
        System.arraycopy(factors, 0, both, terms.length, factors.length);
        return List.of(both);
    }

    private static void checkForward(Value result, Op op, List<Value> inputs) {
        Autograd.rememberCreationSite(result);
        if (!Double.isFinite(result.data)) {
            throw Autograd.anomaly("forward", op.symbol(), "result " + result.data, describe(inputs, false), result);
        }
    }

    final void checkBackward() {
        List<Value> in = inputs();
        for (int i = 0; i < in.size(); i++) {
            if (!Double.isFinite(in.get(i).grad)) {
                throw Autograd.anomaly(
                        "backward",
                        opName(),
                        "the gradient of input " + inputName(i, in.size()) + " is " + in.get(i).grad
                                + " (gradient arriving " + grad + ")",
                        describe(in, true),
                        this);
            }
        }
    }

    private static String describe(List<Value> in, boolean withGrads) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < in.size(); i++) {
            String name = inputName(i, in.size());
            sb.append(i == 0 ? "" : ", ").append(name).append('=').append(in.get(i).data);
            if (withGrads) sb.append(' ').append(name).append(".grad=").append(in.get(i).grad);
        }
        return sb.toString();
    }

    private static String inputName(int i, int count) {
        return count <= 2 ? (i == 0 ? "a" : "b") : "t" + i;
    }
}

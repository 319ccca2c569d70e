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
 * <h2>Cost</h2>
 * One node is 48 bytes (with compressed references, the JVM's default for heaps under 32 GB).
 * {@code backward()} sorts the graph iteratively (no recursion) into buffers it reuses, so
 * chains of millions of nodes are fine and a backward pass per training sample allocates
 * nothing. Every {@code double} argument becomes a constant leaf that needs no gradient.
 */
public sealed class Value implements Parameter permits Value.Sum {

    /** The number this node holds. Optimizers update it in place. */
    public double data;
    /** d(output)/d(this), accumulated by {@link #backward()}. */
    public double grad;

    private final Value a;
    private final Value b;
    private final Op op;
    private final boolean requiresGrad;
    // Labels live in a side table: few nodes have one, and without the field a node is 48 bytes, not 56.
    private static final Map<Value, String> LABELS = Collections.synchronizedMap(new WeakHashMap<>());
    private int mark; // visit stamp of the latest topological sort: no per-pass hash set

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

    private static Value apply(Op op, Value a, Value b) {
        double out = op.f(a.data, b == null ? 0 : b.data);
        boolean record = Autograd.gradEnabled && (a.requiresGrad || (b != null && b.requiresGrad));
        Value result = record ? new Value(out, a, b, op, true) : new Value(out, null, null, null, false);
        if (Autograd.anomalyMode) {
            Autograd.rememberCreationSite(result);
            if (!Double.isFinite(out)) throw anomaly("forward", result);
        }
        return result;
    }

    /** Sends this node's gradient to its inputs: the chain rule, with the local derivatives from {@link Op}. */
    void propagate() {
        double bData = b == null ? 0 : b.data;
        if (a.requiresGrad) a.grad += grad * op.dA(a.data, bData, data);
        if (b != null && b.requiresGrad) b.grad += grad * op.dB(a.data, bData, data);
        if (Autograd.anomalyMode && (!Double.isFinite(a.grad) || (b != null && !Double.isFinite(b.grad)))) {
            throw anomaly("backward", this);
        }
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

        /** ∂(Σ tᵢ)/∂tᵢ = 1; ∂(Σ tᵢfᵢ)/∂tᵢ = fᵢ and ∂/∂fᵢ = tᵢ, a product's rules ({@link Op#DOT}). */
        @Override
        void propagate() {
            if (factors == null) {
                for (Value t : terms) {
                    if (t.requiresGrad) t.grad += grad;
                }
            } else {
                for (int i = 0; i < terms.length; i++) {
                    Value t = terms[i];
                    Value f = factors[i];
                    if (t.requiresGrad) t.grad += grad * f.data;
                    if (f.requiresGrad) f.grad += grad * t.data;
                }
            }
            if (Autograd.anomalyMode && inputs().stream().anyMatch(in -> !Double.isFinite(in.grad))) {
                throw anomaly("backward", this);
            }
        }
    }

    // ---- binary ops ---------------------------------------------------------------------------

    /** {@code this + other}. */
    public Value add(Value other) {
        return apply(Op.ADD, this, other);
    }

    /** {@code this + c}. */
    public Value add(double c) {
        return apply(Op.ADD, this, constantOf(c));
    }

    /** {@code this − other}. */
    public Value sub(Value other) {
        return apply(Op.SUB, this, other);
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
        return apply(Op.MUL, this, other);
    }

    /** {@code this · c}. */
    public Value mul(double c) {
        return apply(Op.MUL, this, constantOf(c));
    }

    /** {@code this / other}; throws {@link ArithmeticException} when {@code other} is 0. */
    public Value div(Value other) {
        return apply(Op.DIV, this, other);
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
        return apply(Op.POW, this, exponent);
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
        return dotOfUnchangingArrays(a == null ? null : a.clone(), b == null ? null : b.clone());
    }

    /**
     * {@link #dot(Value[], Value[])} without copying the arrays: the node keeps them, so the
     * caller must never change them afterwards (a changed entry would silently change the
     * gradients). For inner loops that build the arrays for this call or hold them fixed, as
     * {@link autograd.nn.scalar.Neuron} does; the copies cost a fifth of a small network's step.
     */
    public static Value dotOfUnchangingArrays(Value[] a, Value[] b) {
        if (a == null || b == null)
            throw new IllegalArgumentException("Value.dot: " + (a == null ? "a" : "b") + " is null");
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
        return dot(a.toArray(new Value[0]), b.toArray(new Value[0]));
    }

    private static Value sumNode(double total, boolean record, Op op, Value[] terms, Value[] factors) {
        Value result = Autograd.gradEnabled && record ? new Sum(total, op, terms, factors) : constantOf(total);
        if (Autograd.anomalyMode) {
            Autograd.rememberCreationSite(result);
            if (!Double.isFinite(total)) throw anomaly("forward", result);
        }
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
     */
    public void backward() {
        if (!requiresGrad) {
            throw new IllegalStateException("backward: this value does not require a gradient (it was computed "
                    + "from constants only, or inside Autograd.noGrad())");
        }
        Walk walk = WALK.get();
        int count = walk.topologicalOrder(this);
        Value[] order = walk.order;
        grad += 1;
        // The buffer is reused, so it must not keep this graph alive: entries are cleared as they
        // are used, and the rest if a propagation throws (anomaly mode).
        int i = count - 1;
        try {
            for (; i >= 0; i--) {
                Value v = order[i];
                order[i] = null;
                if (v.op != null) v.propagate();
            }
        } finally {
            if (i > 0) Arrays.fill(order, 0, i, null);
        }
    }

    private static final ThreadLocal<Walk> WALK = ThreadLocal.withInitial(Walk::new);
    private static int generation;

    /**
     * The buffers of a topological sort, kept per thread and reused: a backward pass per
     * training sample would otherwise spend more time growing lists than computing gradients.
     */
    private static final class Walk {
        Value[] stack = new Value[64];
        Value[] order = new Value[64];

        /**
         * Fills {@link #order} with every computed node {@code root} depends on that needs a
         * gradient (and {@code root} itself), inputs before the nodes made from them, zeroing the intermediate nodes' gradients on
         * the way. An iterative depth-first search: each node is pushed once per use and emitted
         * once, after its inputs. Returns how many nodes were emitted.
         */
        int topologicalOrder(Value root) {
            int gen = generation = generation == Integer.MAX_VALUE ? 1 : generation + 1;
            int top = 0;
            int count = 0;
            stack[top++] = root;
            while (top > 0) {
                Value v = stack[top - 1];
                if (v.mark == gen) {
                    stack[--top] = null;
                } else if (v.mark == -gen) { // its inputs are done
                    stack[--top] = null;
                    v.mark = gen;
                    if (v.op != null) v.grad = 0;
                    if (count == order.length) order = Arrays.copyOf(order, 2 * count);
                    order[count++] = v;
                } else {
                    v.mark = -gen;
                    // Only computed nodes are pushed: a leaf has nothing to propagate, and its
                    // gradient must accumulate rather than be zeroed, so it needs no place in the order.
                    if (v instanceof Sum sum) {
                        top = pushComputed(sum.terms, top, gen);
                        if (sum.factors != null) top = pushComputed(sum.factors, top, gen);
                    } else {
                        if (top + 2 > stack.length) stack = Arrays.copyOf(stack, 2 * stack.length);
                        if (v.a != null && v.a.op != null && v.a.mark != gen) stack[top++] = v.a;
                        if (v.b != null && v.b.op != null && v.b.mark != gen) stack[top++] = v.b;
                    }
                }
            }
            return count;
        }

        private int pushComputed(Value[] inputs, int top, int gen) {
            if (top + inputs.length > stack.length) stack = Arrays.copyOf(stack, 2 * (top + inputs.length));
            for (Value in : inputs) {
                if (in.op != null && in.mark != gen) stack[top++] = in;
            }
            return top;
        }
    }

    // ---- inspection ---------------------------------------------------------------------------

    /** Whether backward computes a gradient for this node. Constants and no-grad results do not. */
    @Override
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** The op that made this node ({@code "+"}, {@code "tanh"}, ...), or {@code ""} for a leaf. */
    public String op() {
        return op == null ? "" : op.symbol();
    }

    /** The nodes this one was computed from (none for a leaf). */
    public List<Value> inputs() {
        if (this instanceof Sum sum) {
            if (sum.factors == null) return List.of(sum.terms);
            Value[] both = Arrays.copyOf(sum.terms, 2 * sum.terms.length);
            System.arraycopy(sum.factors, 0, both, sum.terms.length, sum.factors.length);
            return List.of(both);
        }
        if (a == null) return List.of();
        return b == null ? List.of(a) : List.of(a, b);
    }

    /** Names this node for graph drawings and messages; returns {@code this} for chaining. */
    public Value label(String label) {
        if (label == null) {
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

    private static Autograd.AnomalyException anomaly(String pass, Value node) {
        StringBuilder inputs = new StringBuilder();
        StringBuilder inputGrads = new StringBuilder();
        List<Value> in = node.inputs();
        for (int i = 0; i < in.size(); i++) {
            String name = in.size() <= 2 ? (i == 0 ? "a" : "b") : "t" + i;
            inputs.append(i == 0 ? "" : ", ").append(name).append('=').append(in.get(i).data);
            inputGrads.append(i == 0 ? "" : ", ").append(name).append(".grad=").append(in.get(i).grad);
        }
        String grads =
                pass.equals("backward") ? "; gradient arriving " + node.grad + ", input grads " + inputGrads : "";
        return new Autograd.AnomalyException("anomaly in " + pass + " of '" + node.op.symbol() + "': result "
                + (pass.equals("forward") ? node.data : "non-finite") + " from " + inputs + grads
                + "; node created at " + Autograd.creationSite(node));
    }
}

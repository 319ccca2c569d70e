package autograd;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * An n-dimensional array of doubles that remembers how it was computed: the tensor engine.
 *
 * <pre>{@code
 * jshell> Variable w = new Variable(new double[] {2, -1});
 * jshell> Variable x = Variable.constant(new double[][] {{1, 2}, {3, 4}});
 * jshell> Variable loss = x.matmul(w).tanh().pow(2).sum();
 * jshell> loss.backward();
 * jshell> w.grad()
 * $5 ==> Variable([0.4086560622813389, 0.5448747497084518], shape=[2])
 * }</pre>
 *
 * <h2>Storage</h2>
 * Row-major {@code double[]} owned by the library: constructors copy what they are given,
 * {@link #value()} returns a copy, {@link #data()} the live array.
 * Elementwise ops broadcast as NumPy does; each input's gradient is summed back to its shape.
 *
 * <h2>Gradients accumulate</h2>
 * {@link #backward()} adds to the gradient of every leaf it reaches, as in PyTorch; reset with
 * {@link #zeroGrad()} (or a model's or optimizer's {@code zeroGrad()}) before each step.
 * Intermediate results hold the gradient of the latest pass only.
 *
 * <h2>Changed data is detected</h2>
 * Every tensor counts its changes ({@link #setData}, {@link #setDataAt}, an optimizer step, and
 * handing out the live array with {@link #data()}), as PyTorch's version counter does. A graph
 * remembers the count of every tensor it was computed from, and {@link #backward()} throws,
 * naming the op and the tensor, when one changed in between: the gradient would otherwise be
 * computed from the new data. Change parameters after backward, then compute the next forward.
 *
 * <p>Leaves made with {@code new Variable(...)} require a gradient; data that should not, such
 * as a dataset's inputs, is made with {@link #constant(double[])} or {@link #detach()}.
 */
public final class Variable extends Node implements Parameter {

    /** How the gradient of a node's output flows to its inputs: adds into the buffers {@code walk} gives for them. */
    @FunctionalInterface
    private interface Backward {
        void apply(double[] outGrad, Graphs.Walk walk);
    }

    private static final Variable[] NO_INPUTS = new Variable[0];

    private final double[] data;
    private final int[] shape;
    private double[] grad; // null until a backward pass reaches this node
    private final Variable[] inputs;
    private final String op;
    private final Backward backward;
    private final boolean requiresGrad;
    private String label;
    private int version; // changes of data so far
    private int[] versionsSeen; // a computed node's: its inputs' versions when it was made, then its own

    // ---- creation -----------------------------------------------------------------------------

    /** A scalar (rank 0) leaf that requires a gradient. */
    public Variable(double value) {
        this(new double[] {value}, new int[0], true);
    }

    /** A vector leaf that requires a gradient; the array is copied. */
    public Variable(double[] values) {
        this(Require.nonNull(values, "Variable", "values").clone(), new int[] {values.length}, true);
    }

    /** A matrix leaf that requires a gradient; rows must have equal lengths. */
    public Variable(double[][] rows) {
        this(flatten(rows, "Variable"), new int[] {rows.length, rows.length == 0 ? 0 : rows[0].length}, true);
    }

    /** A leaf of the given shape filled from row-major {@code values} (copied). */
    public Variable(double[] values, int... shape) {
        this(checkedCopy(values, shape, "Variable"), shape.clone(), true);
    }

    private Variable(double[] data, int[] shape, boolean requiresGrad) {
        this(data, shape, "", NO_INPUTS, null, requiresGrad);
    }

    private Variable(
            double[] data, int[] shape, String op, Variable[] inputs, Backward backward, boolean requiresGrad) {
        this.data = data;
        this.shape = shape;
        this.op = op;
        this.inputs = inputs;
        this.backward = backward;
        this.requiresGrad = requiresGrad;
    }

    /** A vector that needs no gradient (data, targets, masks). */
    public static Variable constant(double[] values) {
        Require.nonNull(values, "Variable.constant", "values");
        return new Variable(values.clone(), new int[] {values.length}, false);
    }

    /** A matrix that needs no gradient. */
    public static Variable constant(double[][] rows) {
        return new Variable(
                flatten(rows, "Variable.constant"),
                new int[] {rows.length, rows.length == 0 ? 0 : rows[0].length},
                false);
    }

    /** A tensor of the given shape that needs no gradient. */
    public static Variable constant(double[] values, int... shape) {
        return new Variable(checkedCopy(values, shape, "Variable.constant"), shape.clone(), false);
    }

    /** A scalar that needs no gradient. */
    public static Variable scalar(double value) {
        return new Variable(new double[] {value}, new int[0], false);
    }

    /** Zeros of the given shape, requiring a gradient (a parameter to train). */
    public static Variable zeros(int... shape) {
        Require.nonNull(shape, "Variable.zeros", "shape");
        return new Variable(new double[Shapes.size(shape)], shape.clone(), true);
    }

    /** Ones of the given shape, requiring a gradient. */
    public static Variable ones(int... shape) {
        Require.nonNull(shape, "Variable.ones", "shape");
        return full(1, shape);
    }

    /** {@code value} everywhere, requiring a gradient. */
    public static Variable full(double value, int... shape) {
        Require.nonNull(shape, "Variable.full", "shape");
        double[] d = new double[Shapes.size(shape)];
        Arrays.fill(d, value);
        return new Variable(d, shape.clone(), true);
    }

    /** Standard normal samples from {@code rng}, requiring a gradient. */
    public static Variable randn(Random rng, int... shape) {
        Require.nonNull(rng, "Variable.randn", "rng");
        Require.nonNull(shape, "Variable.randn", "shape");
        double[] d = new double[Shapes.size(shape)];
        for (int i = 0; i < d.length; i++) d[i] = rng.nextGaussian();
        return new Variable(d, shape.clone(), true);
    }

    /** Uniform samples in [low, high) from {@code rng}, requiring a gradient. */
    public static Variable uniform(Random rng, double low, double high, int... shape) {
        Require.nonNull(rng, "Variable.uniform", "rng");
        Require.nonNull(shape, "Variable.uniform", "shape");
        double[] d = new double[Shapes.size(shape)];
        for (int i = 0; i < d.length; i++) d[i] = low + (high - low) * rng.nextDouble();
        return new Variable(d, shape.clone(), true);
    }

    private static double[] flatten(double[][] rows, String method) {
        Require.nonNull(rows, method, "rows");
        int cols = rows.length == 0 ? 0 : rows[0].length;
        double[] flat = new double[rows.length * cols];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != cols) {
                throw new IllegalArgumentException(
                        "ragged rows: row 0 has " + cols + " values but row " + r + " has " + rows[r].length);
            }
            System.arraycopy(rows[r], 0, flat, r * cols, cols);
        }
        return flat;
    }

    private static double[] checkedCopy(double[] values, int[] shape, String method) {
        Require.nonNull(values, method, "values");
        Require.nonNull(shape, method, "shape");
        if (values.length != Shapes.size(shape)) {
            throw new IllegalArgumentException(values.length + " values do not fill shape " + Shapes.str(shape)
                    + " (it holds " + Shapes.size(shape) + ")");
        }
        return values.clone();
    }

    /** Every op's result goes through here: a graph node if any input needs a gradient, else a constant. */
    private static Variable record(String op, double[] out, int[] shape, Backward backward, Variable... inputs) {
        Autograd.Modes modes = Autograd.modes();
        boolean anInputNeedsGrad = false;
        for (Variable in : inputs) anInputNeedsGrad |= in.requiresGrad;
        Variable result;
        if (modes.records(anInputNeedsGrad)) {
            result = new Variable(out, shape, op, inputs, backward, true);
            int[] seen = new int[inputs.length + 1];
            for (int i = 0; i < inputs.length; i++) seen[i] = inputs[i].version;
            result.versionsSeen = seen;
        } else {
            result = new Variable(out, shape, false);
        }
        if (modes.anomaly) {
            Autograd.rememberCreationSite(result);
            for (int k = 0; k < out.length; k++) {
                if (!Double.isFinite(out[k])) {
                    throw Autograd.anomaly(
                            "forward", op, "result element " + k + " is " + out[k], describe(inputs), result);
                }
            }
        }
        return result;
    }

    private static Variable operand(Variable v, String op) {
        if (v == null) throw new IllegalArgumentException("Variable." + op + ": the operand is null");
        return v;
    }

    // ---- elementwise ops: the rules live in Op, shared with Value; the loops in Kernels --------

    private Variable elementwise(Op op, Variable other) {
        Kernels.Broadcast shapes = new Kernels.Broadcast(op.symbol(), shape, other.shape);
        double[] x = data;
        double[] y = other.data;
        double[] out = Kernels.forward(op, x, y, shapes);
        Variable self = this;
        return record(
                op.symbol(),
                out,
                shapes.shape,
                (g, walk) -> {
                    if (self.requiresGrad) Kernels.backward(op, true, g, x, y, out, walk.gradOf(self), shapes);
                    if (other.requiresGrad) Kernels.backward(op, false, g, x, y, out, walk.gradOf(other), shapes);
                },
                this,
                other);
    }

    private Variable elementwise(Op op) {
        double[] x = data;
        double[] out = Kernels.forward(op, x);
        Variable self = this;
        return record(op.symbol(), out, shape, (g, walk) -> Kernels.backward(op, g, x, out, walk.gradOf(self)), this);
    }

    /** {@code this + other}, broadcasting. */
    public Variable add(Variable other) {
        return elementwise(Op.ADD, operand(other, "add"));
    }

    /** {@code this + c}. */
    public Variable add(double c) {
        return elementwise(Op.ADD, scalar(c));
    }

    /** {@code this − other}, broadcasting. */
    public Variable sub(Variable other) {
        return elementwise(Op.SUB, operand(other, "sub"));
    }

    /** {@code this − c}. */
    public Variable sub(double c) {
        return elementwise(Op.SUB, scalar(c));
    }

    /** {@code c − this}: {@code x.rsub(1)} is 1 − x. */
    public Variable rsub(double c) {
        return scalar(c).elementwise(Op.SUB, this);
    }

    /** Elementwise {@code this · other}, broadcasting. */
    public Variable mul(Variable other) {
        return elementwise(Op.MUL, operand(other, "mul"));
    }

    /** {@code this · c}. */
    public Variable mul(double c) {
        return elementwise(Op.MUL, scalar(c));
    }

    /** Elementwise {@code this / other}, broadcasting; division by zero throws. */
    public Variable div(Variable other) {
        return elementwise(Op.DIV, operand(other, "div"));
    }

    /** {@code this / c}. */
    public Variable div(double c) {
        return elementwise(Op.DIV, scalar(c));
    }

    /** {@code c / this}: {@code x.rdiv(2)} is 2 / x. */
    public Variable rdiv(double c) {
        return scalar(c).elementwise(Op.DIV, this);
    }

    /** Elementwise {@code this ^ exponent}; both get gradients. */
    public Variable pow(Variable exponent) {
        return elementwise(Op.POW, operand(exponent, "pow"));
    }

    /** {@code this ^ c}. */
    public Variable pow(double c) {
        return elementwise(Op.POW, scalar(c));
    }

    /** {@code c ^ this}. */
    public Variable rpow(double c) {
        return scalar(c).elementwise(Op.POW, this);
    }

    /** {@code −this}. */
    public Variable neg() {
        return elementwise(Op.NEG);
    }

    /** e^x elementwise. */
    public Variable exp() {
        return elementwise(Op.EXP);
    }

    /** Natural log elementwise; throws for values ≤ 0. */
    public Variable log() {
        return elementwise(Op.LOG);
    }

    /** Square root elementwise; throws for negative values. */
    public Variable sqrt() {
        return elementwise(Op.SQRT);
    }

    /** tanh elementwise. */
    public Variable tanh() {
        return elementwise(Op.TANH);
    }

    /** Logistic sigmoid elementwise. */
    public Variable sigmoid() {
        return elementwise(Op.SIGMOID);
    }

    /** max(0, x) elementwise; gradient 0 at 0. */
    public Variable relu() {
        return elementwise(Op.RELU);
    }

    /** |x| elementwise; gradient 0 at 0. */
    public Variable abs() {
        return elementwise(Op.ABS);
    }

    /** sin elementwise. */
    public Variable sin() {
        return elementwise(Op.SIN);
    }

    /** cos elementwise. */
    public Variable cos() {
        return elementwise(Op.COS);
    }

    // ---- linear algebra -----------------------------------------------------------------------

    /**
     * Matrix product. 2-D × 2-D gives a matrix; a 1-D left operand is a row vector and a 1-D
     * right operand a column vector, and those dimensions are dropped from the result (as
     * {@code torch.matmul}): vector · vector is a scalar.
     */
    public Variable matmul(Variable other) {
        operand(other, "matmul");
        if (rank() < 1 || rank() > 2 || other.rank() < 1 || other.rank() > 2) {
            throw new IllegalArgumentException("matmul: needs 1-D or 2-D operands, got shapes " + Shapes.str(shape)
                    + " and " + Shapes.str(other.shape));
        }
        // Checked here, before vectors become 1×k / k×1 matrices, so the message shows the caller's shapes.
        if (shape[rank() - 1] != other.shape[0]) {
            throw new IllegalArgumentException("matmul: shapes " + Shapes.str(shape) + " and " + Shapes.str(other.shape)
                    + " do not match (inner dimensions " + shape[rank() - 1] + " vs " + other.shape[0] + ")");
        }
        Variable left = rank() == 1 ? reshape(1, shape[0]) : this;
        Variable right = other.rank() == 1 ? other.reshape(other.shape[0], 1) : other;
        Variable product = left.matmul2d(right);
        if (rank() == 1 && other.rank() == 1) return product.reshape();
        if (rank() == 1) return product.reshape(product.shape[1]);
        if (other.rank() == 1) return product.reshape(product.shape[0]);
        return product;
    }

    /** The product of two matrices whose inner dimensions {@link #matmul} has checked. */
    private Variable matmul2d(Variable other) {
        int n = shape[0];
        int k = shape[1];
        int m = other.shape[1];
        double[] out = new double[n * m];
        MatMul.multiply(data, other.data, out, n, k, m);
        Variable self = this;
        return record(
                "matmul",
                out,
                new int[] {n, m},
                (g, walk) -> {
                    if (self.requiresGrad) MatMul.multiplyTransposedRight(g, other.data, walk.gradOf(self), n, m, k);
                    if (other.requiresGrad) MatMul.multiplyTransposedLeft(self.data, g, walk.gradOf(other), n, k, m);
                },
                this,
                other);
    }

    /**
     * {@code this · weight + bias} as one node: a linear layer's forward pass, PyTorch's
     * {@code addmm(bias, x, weight)} (or {@code F.linear} with the weight transposed). For inputs
     * {@code [n, in]} (or one sample {@code [in]}), a {@code weight [in, out]} and a
     * {@code bias [out]}, the result is {@code [n, out]} (or {@code [out]}). Same values and
     * gradients as {@code matmul(weight).add(bias)}, without the intermediate product, its
     * gradient buffer and the second pass.
     *
     * <pre>{@code
     * jshell> Variable x = Variable.constant(new double[][] {{1, 2}});
     * jshell> Variable w = new Variable(new double[][] {{1, 0, 2}, {0, 1, 3}});
     * jshell> x.linear(w, new Variable(new double[] {0.5, 0.5, 0.5})).value()
     * $4 ==> double[3] { 1.5, 2.5, 8.5 }
     * }</pre>
     *
     * @throws IllegalArgumentException naming the shapes when they do not fit together
     */
    public Variable linear(Variable weight, Variable bias) {
        if (weight == null || bias == null) {
            throw new IllegalArgumentException("Variable.linear: " + (weight == null ? "weight" : "bias") + " is null");
        }
        if (rank() < 1
                || rank() > 2
                || weight.rank() != 2
                || bias.rank() != 1
                || shape[rank() - 1] != weight.shape[0]
                || bias.shape[0] != weight.shape[1]) {
            throw new IllegalArgumentException(
                    "linear: needs input [n, in] or [in], weight [in, out] and bias [out], got " + Shapes.str(shape)
                            + ", " + Shapes.str(weight.shape) + " and " + Shapes.str(bias.shape));
        }
        int n = rank() == 1 ? 1 : shape[0];
        int k = weight.shape[0];
        int m = weight.shape[1];
        double[] x = data;
        double[] out = new double[n * m];
        MatMul.multiplyAddRows(x, weight.data, bias.data, out, n, k, m);
        Variable self = this;
        int[] outShape = rank() == 1 ? new int[] {m} : new int[] {n, m};
        return record(
                "linear",
                out,
                outShape,
                (g, walk) -> {
                    if (self.requiresGrad) MatMul.multiplyTransposedRight(g, weight.data, walk.gradOf(self), n, m, k);
                    if (weight.requiresGrad) MatMul.multiplyTransposedLeft(x, g, walk.gradOf(weight), n, k, m);
                    if (bias.requiresGrad) { // d/d bias: the gradient summed over the rows
                        double[] target = walk.gradOf(bias);
                        for (int i = 0; i < n; i++) {
                            for (int j = 0; j < m; j++) target[j] += g[i * m + j];
                        }
                    }
                },
                this,
                weight,
                bias);
    }

    /** The transpose of a matrix; a vector or scalar is returned as is. */
    public Variable transpose() {
        if (rank() < 2) return this;
        if (rank() > 2)
            throw new IllegalArgumentException("transpose: needs a 1-D or 2-D tensor, got shape " + Shapes.str(shape));
        int r = shape[0];
        int c = shape[1];
        double[] out = new double[data.length];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) out[j * r + i] = data[i * c + j];
        }
        Variable self = this;
        return record(
                "transpose",
                out,
                new int[] {c, r},
                (g, walk) -> {
                    double[] gx = walk.gradOf(self);
                    for (int i = 0; i < r; i++) {
                        for (int j = 0; j < c; j++) gx[i * c + j] += g[j * r + i];
                    }
                },
                this);
    }

    /** The same elements in a new shape of equal size; {@code reshape()} makes a scalar. */
    public Variable reshape(int... newShape) {
        Require.nonNull(newShape, "Variable.reshape", "shape");
        if (Shapes.size(newShape) != data.length) {
            throw new IllegalArgumentException("reshape: cannot view shape " + Shapes.str(shape) + " (" + data.length
                    + " elements) as " + Shapes.str(newShape) + " (" + Shapes.size(newShape) + ")");
        }
        Variable self = this;
        return record(
                "reshape",
                data.clone(),
                newShape.clone(),
                (g, walk) -> {
                    double[] gx = walk.gradOf(self);
                    for (int k = 0; k < g.length; k++) gx[k] += g[k];
                },
                this);
    }

    // ---- reductions ---------------------------------------------------------------------------

    /** The sum of all elements, as a scalar (0 for an empty tensor, as in PyTorch). */
    public Variable sum() {
        double s = 0;
        for (double v : data) s += v;
        Variable self = this;
        return record(
                "sum",
                new double[] {s},
                new int[0],
                (g, walk) -> {
                    double[] gx = walk.gradOf(self);
                    for (int k = 0; k < gx.length; k++) gx[k] += g[0];
                },
                this);
    }

    /** The mean of all elements, as a scalar (NaN for an empty tensor, as in PyTorch). */
    public Variable mean() {
        return data.length == 0 ? sum().mul(Double.NaN) : sum().div(data.length);
    }

    /** Sums over one axis, which disappears from the shape (negative axes count from the end). */
    public Variable sum(int axis) {
        return sum(axis, false);
    }

    /** Sums over one axis; with {@code keepDims} the axis stays with size 1. */
    public Variable sum(int axis, boolean keepDims) {
        int ax = Shapes.normalizeAxis("sum", axis, rank());
        int outer = Shapes.size(Arrays.copyOfRange(shape, 0, ax));
        int len = shape[ax];
        int inner = Shapes.size(Arrays.copyOfRange(shape, ax + 1, shape.length));
        double[] out = new double[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < len; j++) {
                int from = (o * len + j) * inner;
                for (int i = 0; i < inner; i++) out[o * inner + i] += data[from + i];
            }
        }
        int[] outShape = keepDims ? shape.clone() : new int[rank() - 1];
        if (keepDims) {
            outShape[ax] = 1;
        } else {
            for (int d = 0, e = 0; d < rank(); d++) if (d != ax) outShape[e++] = shape[d];
        }
        Variable self = this;
        return record(
                "sum(axis=" + ax + ")",
                out,
                outShape,
                (g, walk) -> {
                    double[] gx = walk.gradOf(self);
                    for (int o = 0; o < outer; o++) {
                        for (int j = 0; j < len; j++) {
                            int to = (o * len + j) * inner;
                            for (int i = 0; i < inner; i++) gx[to + i] += g[o * inner + i];
                        }
                    }
                },
                this);
    }

    /** The mean over one axis, which disappears from the shape. */
    public Variable mean(int axis) {
        int ax = Shapes.normalizeAxis("mean", axis, rank());
        return shape[ax] == 0 ? sum(ax).mul(Double.NaN) : sum(ax).div(shape[ax]);
    }

    /** The sum of several tensors of broadcast-compatible shapes (0 for none). */
    public static Variable sum(Iterable<Variable> terms) {
        Require.nonNull(terms, "Variable.sum", "terms");
        Variable total = null;
        for (Variable t : terms) total = total == null ? t : total.add(t);
        return total == null ? scalar(0) : total;
    }

    // ---- indexing and joining -----------------------------------------------------------------

    /** Row {@code i} (index along axis 0), with that axis dropped: a matrix's row is a vector. */
    public Variable row(int i) {
        if (rank() == 0) throw new IllegalArgumentException("row: a scalar has no rows");
        if (i < 0 || i >= shape[0]) {
            throw new IndexOutOfBoundsException("row " + i + " is out of range for shape " + Shapes.str(shape));
        }
        return block("row(" + i + ")", i, i + 1, Arrays.copyOfRange(shape, 1, shape.length));
    }

    /** Rows {@code from} (inclusive) to {@code to} (exclusive) along axis 0. */
    public Variable slice(int from, int to) {
        if (rank() == 0) throw new IllegalArgumentException("slice: a scalar has no rows");
        if (from < 0 || to > shape[0] || from > to) {
            throw new IndexOutOfBoundsException(
                    "slice [" + from + ", " + to + ") is out of range for shape " + Shapes.str(shape));
        }
        int[] outShape = shape.clone();
        outShape[0] = to - from;
        return block("slice(" + from + ":" + to + ")", from, to, outShape);
    }

    private Variable block(String op, int fromRow, int toRow, int[] outShape) {
        int rowSize = rank() == 0 ? 1 : data.length / Math.max(1, shape[0]);
        int offset = fromRow * rowSize;
        int length = (toRow - fromRow) * rowSize;
        Variable self = this;
        return record(
                op,
                Arrays.copyOfRange(data, offset, offset + length),
                outShape,
                (g, walk) -> {
                    double[] gx = walk.gradOf(self);
                    for (int k = 0; k < length; k++) gx[offset + k] += g[k];
                },
                this);
    }

    /** Joins tensors along an existing axis; all other dimensions must agree. */
    public static Variable concat(int axis, Variable... parts) {
        Require.nonNull(parts, "Variable.concat", "parts");
        for (int p = 0; p < parts.length; p++) Require.nonNull(parts[p], "Variable.concat", "parts[" + p + "]");
        if (parts.length == 0) throw new IllegalArgumentException("concat: needs at least one tensor");
        int[] first = parts[0].shape;
        int ax = Shapes.normalizeAxis("concat", axis, first.length);
        int total = 0;
        for (Variable p : parts) {
            boolean fits = p.shape.length == first.length;
            for (int d = 0; fits && d < first.length; d++) fits = d == ax || p.shape[d] == first[d];
            if (!fits) {
                throw new IllegalArgumentException("concat along axis " + ax + ": shape " + Shapes.str(p.shape)
                        + " does not match " + Shapes.str(first));
            }
            total += p.shape[ax];
        }
        int outer = Shapes.size(Arrays.copyOfRange(first, 0, ax));
        int inner = Shapes.size(Arrays.copyOfRange(first, ax + 1, first.length));
        int[] outShape = first.clone();
        outShape[ax] = total;
        int rowLength = total * inner; // one output row: every part's block side by side
        double[] out = new double[Shapes.size(outShape)];
        int[] starts = new int[parts.length]; // where each part's block begins within an output row
        for (int o = 0; o < outer; o++) {
            int at = o * rowLength;
            for (int p = 0; p < parts.length; p++) {
                int chunk = parts[p].shape[ax] * inner;
                starts[p] = at - o * rowLength;
                System.arraycopy(parts[p].data, o * chunk, out, at, chunk);
                at += chunk;
            }
        }
        return record(
                "concat(axis=" + ax + ")",
                out,
                outShape,
                (g, walk) -> {
                    for (int p = 0; p < parts.length; p++) {
                        if (!parts[p].requiresGrad) continue;
                        double[] gp = walk.gradOf(parts[p]);
                        int chunk = parts[p].shape[ax] * inner;
                        for (int o = 0; o < outer; o++) {
                            int from = o * rowLength + starts[p];
                            for (int k = 0; k < chunk; k++) gp[o * chunk + k] += g[from + k];
                        }
                    }
                },
                parts);
    }

    /** Stacks equal-shaped tensors along a new axis. */
    public static Variable stack(int axis, Variable... parts) {
        Require.nonNull(parts, "Variable.stack", "parts");
        for (int p = 0; p < parts.length; p++) Require.nonNull(parts[p], "Variable.stack", "parts[" + p + "]");
        if (parts.length == 0) throw new IllegalArgumentException("stack: needs at least one tensor");
        int[] first = parts[0].shape;
        int ax = Shapes.normalizeAxis("stack", axis, first.length + 1);
        Variable[] expanded = new Variable[parts.length];
        for (int p = 0; p < parts.length; p++) {
            if (!Arrays.equals(parts[p].shape, first)) {
                throw new IllegalArgumentException(
                        "stack: shape " + Shapes.str(parts[p].shape) + " differs from " + Shapes.str(first));
            }
            int[] withAxis = new int[first.length + 1];
            for (int d = 0, e = 0; d < withAxis.length; d++) withAxis[d] = d == ax ? 1 : first[e++];
            expanded[p] = parts[p].reshape(withAxis);
        }
        return concat(ax, expanded);
    }

    // ---- backward -----------------------------------------------------------------------------

    /** Back-propagates from a one-element result (a loss). */
    public void backward() {
        if (data.length != 1) {
            throw new IllegalStateException(
                    "backward() needs a one-element result, but this has shape " + Shapes.str(shape)
                            + ": reduce it first (sum(), mean()) or pass the output gradient to backward(gradient)");
        }
        backward(new double[] {1});
    }

    /** Back-propagates with an explicit gradient of the same shape as this result. */
    public void backward(Variable outputGrad) {
        Require.nonNull(outputGrad, "Variable.backward", "outputGrad");
        if (!Arrays.equals(outputGrad.shape, shape)) {
            throw new IllegalArgumentException("backward: the output gradient has shape " + Shapes.str(outputGrad.shape)
                    + " but the result has shape " + Shapes.str(shape));
        }
        backward(outputGrad.data);
    }

    private void backward(double[] seed) {
        if (!requiresGrad) {
            throw new IllegalStateException("backward: this result does not require a gradient (it was computed "
                    + "from constants only, or inside Autograd.noGrad())");
        }
        Graphs.Walk walk = Graphs.begin("Variable.backward");
        try {
            int count = walk.sort(this);
            double[] g = walk.gradOf(this);
            for (int k = 0; k < g.length; k++) g[k] += seed[k];
            for (int i = count - 1; i >= 0; i--) {
                Variable v = (Variable) walk.order[i];
                if (v.grad != null) { // else no gradient reached it
                    v.checkVersions();
                    v.backward.apply(v.grad, walk);
                    if (walk.anomaly) v.checkInputGrads(walk);
                }
                walk.release(i); // NOTE: only after propagating: another pass may claim it from here on
            }
            walk.count = 0; // all released: nothing for end() to clean
        } finally {
            walk.end();
        }
    }

    @Override
    boolean isComputed() {
        return backward != null;
    }

    @Override
    int visit(Graphs.Walk walk, int top) {
        grad = null; // NOTE: sorted once per pass, so intermediate gradients start afresh
        int gen = walk.gen;
        Node[] stack = walk.stackWithRoom(top, inputs.length);
        for (Variable in : inputs) {
            if (in.requiresGrad && in.backward != null && in.mark != gen) stack[top++] = in;
        }
        return top;
    }

    @Override
    String opName() {
        return backward == null ? "leaf" : op;
    }

    /** The gradient array, allocated (zeros) on first use. */
    double[] gradBuffer() {
        if (grad == null) grad = new double[data.length];
        return grad;
    }

    /** A copy of the gradient buffer (null before any pass), for {@link GradCheck} to restore. */
    double[] gradSnapshot() {
        return grad == null ? null : grad.clone();
    }

    /** Puts back what {@link #gradSnapshot()} returned. */
    void restoreGrad(double[] saved) {
        grad = saved == null ? null : saved.clone();
    }

    /** Adds a shared pass's gradient for this leaf, under the leaf's lock so no concurrent pass's is lost. */
    synchronized void addToLeafGrad(double[] g) {
        double[] own = gradBuffer();
        for (int k = 0; k < own.length; k++) own[k] += g[k];
    }

    /** Throws when this node or one of its inputs changed since the node was computed. */
    private void checkVersions() {
        for (int i = 0; i <= inputs.length; i++) {
            Variable v = i < inputs.length ? inputs[i] : this;
            if (v.version != versionsSeen[i]) {
                String which = i < inputs.length ? "input " + i + " of '" + op + "'" : "the result of '" + op + "'";
                throw new IllegalStateException("backward: " + which + ", " + v.describeBriefly()
                        + ", was changed after the forward pass used it (setData, setDataAt, an optimizer step, or"
                        + " data(); it is at version " + v.version + ", the graph saw version " + versionsSeen[i]
                        + "): its gradient would be computed from the new values. Change tensors after backward,"
                        + " then compute the forward pass again");
            }
        }
    }

    /** A tensor named for a message: its label if any, its shape, and whether it is a leaf. */
    private String describeBriefly() {
        return (label == null ? "" : "'" + label + "' ") + (backward == null ? "a leaf" : "a '" + op + "' result")
                + " of shape " + Shapes.str(shape);
    }

    private void checkInputGrads(Graphs.Walk walk) {
        for (int i = 0; i < inputs.length; i++) {
            if (!inputs[i].requiresGrad) continue;
            double[] g = walk.gradOf(inputs[i]);
            for (int k = 0; k < g.length; k++) {
                if (!Double.isFinite(g[k])) {
                    throw Autograd.anomaly(
                            "backward",
                            op,
                            "the gradient of input " + i + " is " + g[k] + " at element " + k,
                            describe(inputs),
                            this);
                }
            }
        }
    }

    /** Inputs printed with their values (up to 6 per dimension), so a message shows what went in. */
    private static String describe(Variable[] inputs) {
        StringBuilder described = new StringBuilder();
        for (Variable in : inputs)
            described.append(described.length() == 0 ? "" : ", ").append(in);
        return described.toString();
    }

    /** The nodes this one was computed from and itself, each once, inputs first (for drawing and inspection). */
    public List<Variable> nodes() {
        return Graphs.topologicalOrder(this, Variable::inputs, Integer.MAX_VALUE);
    }

    /**
     * {@link #nodes()}, for graphs of at most {@code atMost} nodes.
     *
     * @throws IllegalStateException as soon as the walk finds more (before listing them all)
     */
    public List<Variable> nodes(int atMost) {
        return Graphs.topologicalOrder(this, Variable::inputs, atMost);
    }

    // ---- access -------------------------------------------------------------------------------

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** Number of dimensions: 0 for a scalar. */
    public int rank() {
        return shape.length;
    }

    /** Number of elements. */
    public int size() {
        return data.length;
    }

    /** The value of a one-element tensor. */
    public double item() {
        if (data.length != 1) {
            throw new IllegalStateException(
                    "item() needs a one-element tensor, but this has shape " + Shapes.str(shape));
        }
        return data[0];
    }

    /** The element at the given index (one coordinate per dimension). */
    public double get(int... index) {
        Require.nonNull(index, "Variable.get", "index");
        return data[flatIndex(index)];
    }

    private int flatIndex(int[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("index " + Arrays.toString(index) + " has " + index.length
                    + " coordinates but the tensor has rank " + shape.length);
        }
        int flat = 0;
        for (int d = 0; d < shape.length; d++) {
            if (index[d] < 0 || index[d] >= shape[d]) {
                throw new IndexOutOfBoundsException(
                        "index " + Arrays.toString(index) + " is out of range for shape " + Shapes.str(shape));
            }
            flat = flat * shape[d] + index[d];
        }
        return flat;
    }

    /** A copy of the elements in row-major order. */
    public double[] value() {
        return data.clone();
    }

    /** A copy of a matrix's rows (a vector is one row, a scalar one element). */
    public double[][] toArray2D() {
        int rows = rank() == 2 ? shape[0] : 1;
        int cols = rows == 0 ? 0 : data.length / rows;
        double[][] out = new double[rows][];
        for (int r = 0; r < rows; r++) out[r] = Arrays.copyOfRange(data, r * cols, (r + 1) * cols);
        return out;
    }

    /**
     * The live storage, row-major, to change this tensor in place (a hand-written optimizer
     * does). Handing it out counts as a change: a graph computed from this tensor before the call
     * can no longer be differentiated (see the class comment). To read, use {@link #value()},
     * {@link #get} or {@link #dataAt}.
     */
    public double[] data() {
        version++;
        return data;
    }

    /** Overwrites the elements in place (same count), e.g. to reset a parameter. */
    public Variable setData(double... values) {
        if (values == null) throw new IllegalArgumentException("Variable.setData: values is null");
        version++;
        if (values.length != data.length) {
            throw new IllegalArgumentException("setData: " + values.length + " values for a tensor of " + data.length
                    + " elements (shape " + Shapes.str(shape) + ")");
        }
        System.arraycopy(values, 0, data, 0, data.length);
        return this;
    }

    /** The accumulated gradient as a new constant of this shape (zeros before any backward pass). */
    public Variable grad() {
        return new Variable(grad == null ? new double[data.length] : grad.clone(), shape.clone(), false);
    }

    /** Whether backward computes a gradient for this tensor. */
    @Override
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** This tensor's values as a new leaf that needs no gradient, cut off from the graph. */
    public Variable detach() {
        return new Variable(data.clone(), shape.clone(), false);
    }

    /** The op that made this node ({@code "+"}, {@code "matmul"}, ...), or {@code ""} for a leaf. */
    @Override
    public String op() {
        return op;
    }

    /** The tensors this one was computed from (none for a leaf). */
    public List<Variable> inputs() {
        return List.of(inputs);
    }

    /** Names this tensor for graph drawings and messages; returns {@code this}. */
    public Variable label(String label) {
        Require.nonNull(label, "Variable.label", "label (use label(\"\") to remove it)");
        this.label = label.isEmpty() ? null : label;
        return this;
    }

    /** The name given with {@link #label(String)}, or {@code ""}. */
    public String label() {
        return label == null ? "" : label;
    }

    @Override
    public int numel() {
        return data.length;
    }

    @Override
    public double dataAt(int i) {
        return data[checkIndex("dataAt", i)];
    }

    @Override
    public void setDataAt(int i, double value) {
        data[checkIndex("setDataAt", i)] = value;
        version++;
    }

    @Override
    public double gradAt(int i) {
        checkIndex("gradAt", i);
        return grad == null ? 0 : grad[i];
    }

    private int checkIndex(String method, int i) {
        if (i < 0 || i >= data.length) {
            throw new IndexOutOfBoundsException(method + "(" + i + "): a tensor of shape " + Shapes.str(shape) + " has "
                    + data.length + (data.length == 1 ? " element" : " elements") + " (flat indices 0 to "
                    + (data.length - 1) + ")");
        }
        return i;
    }

    @Override
    public void zeroGrad() {
        if (grad != null) Arrays.fill(grad, 0);
    }

    /** Up to 6 elements per dimension, then "..."; the shape and any gradient follow. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Variable(");
        if (label != null) sb.append(label).append(": ");
        format(sb, data);
        sb.append(", shape=").append(Shapes.str(shape));
        if (grad != null) {
            sb.append(", grad=");
            format(sb, grad);
        }
        return sb.append(')').toString();
    }

    /**
     * Nested brackets, one level per dimension, written by an odometer over the shown indices
     * rather than by recursion: a tensor of rank 20 000 prints too.
     */
    private void format(StringBuilder sb, double[] values) {
        int rank = shape.length;
        if (rank == 0) {
            sb.append(values[0]);
            return;
        }
        int[] strides = Shapes.strides(shape);
        int[] index = new int[rank]; // the position along each open dimension
        int[] offset = new int[rank + 1]; // where dimension d's current block starts in values
        int d = 0;
        sb.append('[');
        while (true) {
            if (index[d] >= shape[d]) { // dimension d is done
                sb.append(']');
                if (d == 0) return;
                d--;
                advance(sb, index, d);
                continue;
            }
            if (index[d] > 0) sb.append(", ");
            offset[d + 1] = offset[d] + index[d] * strides[d];
            if (d == rank - 1) {
                sb.append(values[offset[d + 1]]);
                advance(sb, index, d);
            } else {
                d++;
                index[d] = 0;
                sb.append('[');
            }
        }
    }

    /** Moves to the next shown index along dimension d: after the sixth of more than seven, "..." and the last. */
    private void advance(StringBuilder sb, int[] index, int d) {
        if (index[d] == 5 && shape[d] > 7) {
            sb.append(", ...");
            index[d] = shape[d] - 1;
        } else {
            index[d]++;
        }
    }
}

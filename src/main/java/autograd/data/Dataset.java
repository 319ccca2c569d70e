package autograd.data;

import autograd.Variable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Inputs {@code x} ({@code n × d}) with one label {@code y} each: iterate it sample by sample,
 * or take {@link #inputs()} and {@link #labels()} as whole tensors for full-batch training.
 * Immutable: the arrays are copied in and out.
 *
 * <pre>{@code
 * jshell> var data = new Dataset(new double[][] {{0, 1}, {1, 0}}, new double[] {1, -1});
 * jshell> for (var s : data) System.out.println(Arrays.toString(s.x()) + " -> " + s.y());
 * [0.0, 1.0] -> 1.0
 * [1.0, 0.0] -> -1.0
 * }</pre>
 */
public final class Dataset implements Iterable<Dataset.Sample> {

    /**
     * One sample: features {@code x} and label {@code y}, also as constant tensors
     * ({@link #input()} of shape {@code [d]}, {@link #target()} a scalar) for the engine.
     */
    public record Sample(double[] x, double y) {
        /** The features as a constant vector {@code [d]}. */
        public Variable input() {
            return Variable.constant(x);
        }

        /** The label as a constant scalar. */
        public Variable target() {
            return Variable.scalar(y);
        }

        @Override
        public String toString() {
            return "Sample(x=" + Arrays.toString(x) + ", y=" + y + ")";
        }
    }

    private final double[][] x;
    private final double[] y;
    private final int features;

    /**
     * @param inputs one row of features per sample, all of the same length
     * @param labels one label per sample
     */
    public Dataset(double[][] inputs, double[] labels) {
        if (inputs == null || labels == null)
            throw new IllegalArgumentException("Dataset: inputs and labels must not be null");
        if (inputs.length != labels.length) {
            throw new IllegalArgumentException("Dataset: " + inputs.length + " input rows but " + labels.length
                    + " labels; there must be one label per row");
        }
        int d = inputs.length == 0 ? 0 : inputs[0].length;
        double[][] copy = new double[inputs.length][];
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] == null || inputs[i].length != d) {
                throw new IllegalArgumentException("Dataset: ragged inputs: row 0 has " + d + " features but row " + i
                        + " has " + (inputs[i] == null ? "none (null)" : inputs[i].length));
            }
            copy[i] = inputs[i].clone();
        }
        this.x = copy;
        this.y = labels.clone();
        this.features = d;
    }

    /** Number of samples. */
    public int size() {
        return y.length;
    }

    /** Number of features per sample. */
    public int features() {
        return features;
    }

    /** Sample {@code i}. */
    public Sample get(int i) {
        if (i < 0 || i >= y.length) throw new IndexOutOfBoundsException("sample " + i + " of a dataset of " + y.length);
        return new Sample(x[i].clone(), y[i]);
    }

    /** The features of sample {@code i} (a copy). */
    public double[] x(int i) {
        return get(i).x();
    }

    /** The label of sample {@code i}. */
    public double y(int i) {
        return get(i).y();
    }

    /** All inputs as a constant tensor {@code [n, d]}. */
    public Variable inputs() {
        double[] flat = new double[y.length * features];
        for (int i = 0; i < y.length; i++) System.arraycopy(x[i], 0, flat, i * features, features);
        return Variable.constant(flat, y.length, features);
    }

    /** All labels as a constant vector {@code [n]}. */
    public Variable labels() {
        return Variable.constant(y);
    }

    /** The inputs as a copy of the {@code n × d} array. */
    public double[][] inputArray() {
        double[][] copy = new double[x.length][];
        for (int i = 0; i < x.length; i++) copy[i] = x[i].clone();
        return copy;
    }

    /** The labels as a copy of the array. */
    public double[] labelArray() {
        return y.clone();
    }

    /** The same samples in a random order drawn from {@code rng}. */
    public Dataset shuffled(Random rng) {
        if (rng == null) throw new IllegalArgumentException("shuffled: the random source is null");
        int[] order = permutation(y.length, rng);
        double[][] xs = new double[y.length][];
        double[] ys = new double[y.length];
        for (int i = 0; i < order.length; i++) {
            xs[i] = x[order[i]];
            ys[i] = y[order[i]];
        }
        return new Dataset(xs, ys);
    }

    /** A uniformly random order of 0..n−1 (Fisher–Yates, the same draws as shuffling in place). */
    static int[] permutation(int n, Random rng) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** The same inputs with every label mapped, e.g. {@code mapLabels(y -> 2 * y - 1)} for 0/1 → ±1. */
    public Dataset mapLabels(DoubleUnaryOperator f) {
        if (f == null) throw new IllegalArgumentException("Dataset.mapLabels: f is null");
        double[] ys = new double[y.length];
        for (int i = 0; i < ys.length; i++) ys[i] = f.applyAsDouble(y[i]);
        return new Dataset(x, ys);
    }

    /** Samples {@code from} (inclusive) to {@code to} (exclusive). */
    public Dataset slice(int from, int to) {
        if (from < 0 || to > y.length || from > to) {
            throw new IndexOutOfBoundsException("slice [" + from + ", " + to + ") of a dataset of " + y.length);
        }
        return new Dataset(Arrays.copyOfRange(x, from, to), Arrays.copyOfRange(y, from, to));
    }

    /**
     * Consecutive minibatches of {@code batchSize} samples (the last may be smaller), for
     * minibatch SGD; shuffle first with {@link #shuffled(Random)} for a new order each epoch.
     *
     * <pre>{@code
     * for (Dataset batch : data.shuffled(rng).batches(32)) { ... batch.inputs() ... }
     * }</pre>
     */
    public List<Dataset> batches(int batchSize) {
        if (batchSize <= 0) throw new IllegalArgumentException("batches: batchSize must be positive, got " + batchSize);
        List<Dataset> batches = new ArrayList<>();
        for (int from = 0; from < y.length; from += batchSize)
            batches.add(slice(from, Math.min(y.length, from + batchSize)));
        return batches;
    }

    @Override
    public Iterator<Sample> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < y.length;
            }

            @Override
            public Sample next() {
                if (next >= y.length) throw new NoSuchElementException();
                return get(next++);
            }
        };
    }

    /** The samples as a list. */
    public List<Sample> samples() {
        List<Sample> list = new ArrayList<>(y.length);
        for (Sample s : this) list.add(s);
        return list;
    }

    // ---- Tablesaw -----------------------------------------------------------------------------

    /**
     * A dataset from numeric table columns: the label column and the feature columns in the
     * given order (all numeric columns except the label when none are named). Missing values
     * are rejected.
     *
     * <pre>{@code
     * Dataset data = Dataset.fromTable(table, "y", "x0", "x1");
     * }</pre>
     */
    public static Dataset fromTable(Table table, String labelColumn, String... featureColumns) {
        if (table == null) throw new IllegalArgumentException("Dataset.fromTable: table is null");
        if (labelColumn == null) throw new IllegalArgumentException("Dataset.fromTable: labelColumn is null");
        if (featureColumns == null) throw new IllegalArgumentException("Dataset.fromTable: featureColumns is null");
        String[] names = featureColumns;
        if (names.length == 0) {
            names = table.columns().stream()
                    .filter(c -> c instanceof NumericColumn<?> && !c.name().equals(labelColumn))
                    .map(Column::name)
                    .toArray(String[]::new);
            if (names.length == 0) {
                throw new IllegalArgumentException("fromTable: table '" + table.name()
                        + "' has no numeric column besides '" + labelColumn + "' to use as features");
            }
        }
        double[] labels = numbers(table, labelColumn);
        double[][] inputs = new double[table.rowCount()][names.length];
        for (int j = 0; j < names.length; j++) {
            double[] column = numbers(table, names[j]);
            for (int i = 0; i < column.length; i++) inputs[i][j] = column[i];
        }
        return new Dataset(inputs, labels);
    }

    private static double[] numbers(Table table, String name) {
        if (!table.containsColumn(name)) {
            throw new IllegalArgumentException("fromTable: table '" + table.name() + "' has no column '" + name
                    + "'; its columns are " + table.columnNames());
        }
        Column<?> column = table.column(name);
        if (!(column instanceof NumericColumn<?> numeric)) {
            throw new IllegalArgumentException(
                    "fromTable: column '" + name + "' is " + column.type() + ", not numeric");
        }
        if (numeric.countMissing() > 0) {
            throw new IllegalArgumentException("fromTable: column '" + name + "' has " + numeric.countMissing()
                    + " missing values; drop or fill them first (table.dropRowsWithMissingValues())");
        }
        return numeric.asDoubleArray();
    }

    /**
     * The dataset as a table with one double column per feature and one for the label. Give
     * {@code d + 1} names (features, then label), or none for {@code x0, x1, ..., y}.
     */
    public Table toTable(String... names) {
        if (names == null) throw new IllegalArgumentException("Dataset.toTable: names is null");
        if (names.length != 0 && names.length != features + 1) {
            throw new IllegalArgumentException("toTable: " + names.length + " names for " + features
                    + " features and a label; give " + (features + 1) + " names (features, then label) or none");
        }
        Table table = Table.create("dataset");
        for (int j = 0; j < features; j++) {
            double[] column = new double[y.length];
            for (int i = 0; i < y.length; i++) column[i] = x[i][j];
            table.addColumns(DoubleColumn.create(names.length == 0 ? "x" + j : names[j], column));
        }
        table.addColumns(DoubleColumn.create(names.length == 0 ? "y" : names[features], y.clone()));
        return table;
    }

    @Override
    public String toString() {
        return "Dataset(" + y.length + " samples, " + features + " features)";
    }
}

package autograd.sweep;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * One parameter of a {@link Sweep}, by name: either a grid of values that every configuration
 * combines with (as Ray Tune's {@code grid_search}), or a distribution that each sample draws from
 * (Ray Tune's {@code uniform}, {@code loguniform}, {@code randint}, {@code choice}).
 *
 * <p>Values are plain data: {@code Double}, {@code Integer}, {@code Long}, {@code String} or
 * {@code Boolean}, so a configuration can cross to another JVM.
 *
 * <pre>{@code
 * jshell> Param.linspace("x0", -1, 1, 5).values()
 * $1 ==> [-1.0, -0.5, 0.0, 0.5, 1.0]
 * jshell> Param.geomspace("lr", 1e-3, 1, 4).values()
 * $2 ==> [0.001, 0.01, 0.1, 1.0]
 * jshell> Param.logUniform("lr", 1e-4, 1e-1)      // drawn per sample
 * $3 ==> lr ~ logUniform(1.0E-4, 0.1)
 * }</pre>
 */
public abstract sealed class Param implements Serializable permits Param.Grid, Param.Sampled {
    // NOTE: values are computed with StrictMath, so a sweep's configurations are the same on every JVM.

    private static final long serialVersionUID = 1L;

    /** Column names of a result table that a parameter may not take. */
    static final List<String> RESERVED = List.of("run", "seed", "status", "error", "seconds", "reports", "step");

    private final String name;
    private final boolean logScale;

    private Param(String name, boolean logScale) {
        this.name = checkName(name);
        this.logScale = logScale;
    }

    /** The parameter's name: the key of {@link Config#get(String)} and a column of the result table. */
    public String name() {
        return name;
    }

    /** Whether the values are spread on a log scale (charts then use a log axis). */
    public boolean logScale() {
        return logScale;
    }

    /** Whether every configuration combines with each of this parameter's values. */
    public abstract boolean isGrid();

    /** The grid's values, in order; empty for a sampled parameter. */
    public abstract List<Object> values();

    /** One value drawn from this parameter's distribution (a grid parameter is never sampled). */
    abstract Object sample(SplittableRandom random);

    // ---- grids -------------------------------------------------------------------------------

    /** A grid of the given numbers. */
    public static Param grid(String name, double... values) {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException("grid '" + name + "' needs at least one value");
        }
        return new Grid(name, Arrays.stream(values).boxed().map(v -> (Object) v).toList(), false);
    }

    /** A grid of the given ints. */
    public static Param grid(String name, int... values) {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException("grid '" + name + "' needs at least one value");
        }
        return new Grid(name, Arrays.stream(values).boxed().map(v -> (Object) v).toList(), false);
    }

    /** A grid of the given names (an optimizer, an activation...). */
    public static Param grid(String name, String... values) {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException("grid '" + name + "' needs at least one value");
        }
        return grid(name, Arrays.asList(values));
    }

    /** A grid of the given values: numbers, strings or booleans, in any mix. */
    public static Param grid(String name, List<?> values) {
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException("grid '" + name + "' needs at least one value");
        }
        List<Object> plain = new ArrayList<>();
        for (Object value : values) plain.add(plainValue(name, value));
        return new Grid(name, plain, false);
    }

    /** {@code count} evenly spaced numbers from {@code from} to {@code to}, both included (numpy's linspace). */
    public static Param linspace(String name, double from, double to, int count) {
        checkRange(name, from, to, count);
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < count; i++)
            values.add(i == 0 || i == count - 1 ? spaced(from, to, i, count) : tidy(spaced(from, to, i, count)));
        return new Grid(name, values, false);
    }

    /**
     * {@code count} numbers from {@code from} to {@code to}, both included, evenly spaced on a log
     * scale (numpy's geomspace: give the end values, e.g. 1e-4 and 1, not their exponents).
     */
    public static Param geomspace(String name, double from, double to, int count) {
        checkRange(name, from, to, count);
        if (!(from > 0 && to > 0)) {
            throw new IllegalArgumentException("geomspace '" + name + "' takes positive end values themselves"
                    + " (e.g. 1e-4 and 1), not exponents; got " + from + " and " + to);
        }
        double logFrom = StrictMath.log(from), logTo = StrictMath.log(to);
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            values.add(i == 0 ? from : i == count - 1 ? to : tidy(StrictMath.exp(spaced(logFrom, logTo, i, count))));
        }
        return new Grid(name, values, true);
    }

    /** The ints {@code from, from + step, ...} below {@code to} (Python's range). */
    public static Param range(String name, int from, int to, int step) {
        if (step == 0) throw new IllegalArgumentException("range '" + name + "' needs a step other than 0");
        List<Object> values = new ArrayList<>();
        for (long v = from; step > 0 ? v < to : v > to; v += step) values.add((int) v);
        if (values.isEmpty()) {
            throw new IllegalArgumentException(
                    "range '" + name + "' from " + from + " to " + to + " by " + step + " is empty");
        }
        return new Grid(name, values, false);
    }

    /** The ints {@code from} to {@code to - 1}. */
    public static Param range(String name, int from, int to) {
        return range(name, from, to, 1);
    }

    // ---- distributions -----------------------------------------------------------------------

    /** Uniform on [low, high). */
    public static Param uniform(String name, double low, double high) {
        checkBounds(name, "uniform", low, high);
        return new Sampled(name, Kind.UNIFORM, low, high, List.of(), false);
    }

    /** Log-uniform on [low, high): uniform in log(x); for learning rates and other scales. */
    public static Param logUniform(String name, double low, double high) {
        checkBounds(name, "logUniform", low, high);
        if (!(low > 0)) throw new IllegalArgumentException("logUniform '" + name + "' needs low > 0, got " + low);
        return new Sampled(name, Kind.LOG_UNIFORM, low, high, List.of(), true);
    }

    /** Normal with the given mean and standard deviation. */
    public static Param normal(String name, double mean, double sd) {
        if (!Double.isFinite(mean) || !(sd > 0) || !Double.isFinite(sd)) {
            throw new IllegalArgumentException(
                    "normal '" + name + "' needs a finite mean and a positive sd, got " + mean + ", " + sd);
        }
        return new Sampled(name, Kind.NORMAL, mean, sd, List.of(), false);
    }

    /** An int drawn uniformly from {@code low} to {@code high - 1} (as Ray Tune's randint). */
    public static Param randInt(String name, int low, int high) {
        if (low >= high) {
            throw new IllegalArgumentException("randInt '" + name + "' needs low < high, got " + low + ", " + high);
        }
        return new Sampled(name, Kind.INT, low, high, List.of(), false);
    }

    /** One of the given values, each equally likely. */
    public static Param choice(String name, Object... values) {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException("choice '" + name + "' needs at least one value");
        }
        List<Object> plain = new ArrayList<>();
        for (Object value : values) plain.add(plainValue(name, value));
        return new Sampled(name, Kind.CHOICE, 0, 0, plain, false);
    }

    // ---- plain values ------------------------------------------------------------------------

    /** {@code value} as one of the plain types a configuration holds, or a clear error. */
    static Object plainValue(String name, Object value) {
        if (value == null) throw new IllegalArgumentException("parameter '" + name + "' has a null value");
        if (value instanceof Double || value instanceof Integer || value instanceof Long) return value;
        if (value instanceof String || value instanceof Boolean) return value;
        if (value instanceof Float f) return f.doubleValue();
        if (value instanceof Short || value instanceof Byte) return ((Number) value).intValue();
        throw new IllegalArgumentException("parameter '" + name + "' has a value of type "
                + value.getClass().getName() + " (" + value + "); a configuration holds plain data only:"
                + " numbers, strings and booleans (pass a name or an index and build the object in the run)");
    }

    static String checkName(String name) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a parameter needs a name");
        if (RESERVED.contains(name)) {
            throw new IllegalArgumentException("'" + name
                    + "' is a column of the result table; choose another parameter name (reserved: " + RESERVED + ")");
        }
        return name;
    }

    static List<String> checkUnique(List<String> names) {
        var seen = new HashSet<String>();
        for (String name : names) {
            if (!seen.add(name)) throw new IllegalArgumentException("parameter '" + name + "' is given twice");
        }
        return names;
    }

    /**
     * {@code x} to 15 significant digits: a grid point that is a short decimal in exact arithmetic
     * (0.1, 1) is that decimal, not 0.10000000000000009 or 1.0000000000000004, in tables and labels.
     */
    private static double tidy(double x) {
        return Double.parseDouble(String.format(Locale.ROOT, "%.15g", x));
    }

    private static double spaced(double from, double to, int i, int count) {
        if (count == 1) return from;
        // NOTE: the last value is exactly `to`, not from + (n-1)·step with its rounding.
        return i == count - 1 ? to : from + (to - from) * i / (count - 1);
    }

    private static void checkRange(String name, double from, double to, int count) {
        if (!Double.isFinite(from) || !Double.isFinite(to)) {
            throw new IllegalArgumentException("'" + name + "' needs finite ends, got " + from + " and " + to);
        }
        if (count < 1) throw new IllegalArgumentException("'" + name + "' needs count >= 1, got " + count);
        if (count > 1 && from == to) {
            throw new IllegalArgumentException("'" + name + "' has " + count + " values but from == to == " + from);
        }
    }

    private static void checkBounds(String name, String kind, double low, double high) {
        if (!Double.isFinite(low) || !Double.isFinite(high) || !(low < high)) {
            throw new IllegalArgumentException(
                    kind + " '" + name + "' needs finite low < high, got " + low + ", " + high);
        }
    }

    static String format(Object value) {
        if (value instanceof Double d) {
            double x = d;
            if (x == Math.rint(x) && Math.abs(x) < 1e15) return String.valueOf((long) x);
            return String.format(Locale.ROOT, "%.4g", x).replaceAll("\\.?0+(e|$)", "$1");
        }
        return String.valueOf(value);
    }

    static final class Grid extends Param {
        private static final long serialVersionUID = 1L;
        private final List<Object> values;

        Grid(String name, List<Object> values, boolean logScale) {
            super(name, logScale);
            this.values = List.copyOf(values);
        }

        @Override
        public boolean isGrid() {
            return true;
        }

        @Override
        public List<Object> values() {
            return values;
        }

        @Override
        Object sample(SplittableRandom random) {
            throw new IllegalStateException("grid parameter '" + name() + "' is not sampled");
        }

        @Override
        public String toString() {
            return name() + " in " + values;
        }
    }

    enum Kind {
        UNIFORM,
        LOG_UNIFORM,
        NORMAL,
        INT,
        CHOICE
    }

    static final class Sampled extends Param {
        private static final long serialVersionUID = 1L;
        private final Kind kind;
        private final double a, b;
        private final List<Object> choices;

        Sampled(String name, Kind kind, double a, double b, List<Object> choices, boolean logScale) {
            super(name, logScale);
            this.kind = kind;
            this.a = a;
            this.b = b;
            this.choices = List.copyOf(choices);
        }

        @Override
        public boolean isGrid() {
            return false;
        }

        @Override
        public List<Object> values() {
            return List.of();
        }

        @Override
        Object sample(SplittableRandom random) {
            return switch (kind) {
                case UNIFORM -> a + (b - a) * random.nextDouble();
                case LOG_UNIFORM ->
                    StrictMath.exp(StrictMath.log(a) + (StrictMath.log(b) - StrictMath.log(a)) * random.nextDouble());
                case NORMAL -> a + b * gaussian(random);
                case INT -> random.nextInt((int) a, (int) b);
                case CHOICE -> choices.get(random.nextInt(choices.size()));
            };
        }

        /** Box–Muller with StrictMath: the same draws on every JVM (SplittableRandom has no nextGaussian on 17). */
        private static double gaussian(SplittableRandom random) {
            double u = 1 - random.nextDouble(); // (0, 1]: log(u) is finite
            double v = random.nextDouble();
            return StrictMath.sqrt(-2 * StrictMath.log(u)) * StrictMath.cos(2 * Math.PI * v);
        }

        @Override
        public String toString() {
            return switch (kind) {
                case UNIFORM -> name() + " ~ uniform(" + a + ", " + b + ")";
                case LOG_UNIFORM -> name() + " ~ logUniform(" + a + ", " + b + ")";
                case NORMAL -> name() + " ~ normal(" + a + ", " + b + ")";
                case INT -> name() + " ~ randInt(" + (int) a + ", " + (int) b + ")";
                case CHOICE -> name() + " ~ choice" + choices;
            };
        }
    }
}

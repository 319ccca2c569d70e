package autograd.sweep;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * What a run reports: named numbers (a loss, an accuracy, a count of steps) and, when a label says
 * more than a number, named strings ("global minimum"). Immutable, ordered as written, serializable.
 * NaN and infinities are kept as they are: a sweep marks such a run as diverged.
 *
 * <pre>{@code
 * jshell> var m = Metrics.of("loss", 0.25).with("accuracy", 0.9).with("basin", "global");
 * jshell> m.get("loss") + " " + m.getString("basin")
 * $2 ==> "0.25 global"
 * jshell> m
 * $3 ==> loss=0.25, accuracy=0.9, basin=global
 * }</pre>
 */
public final class Metrics implements Serializable {

    private static final long serialVersionUID = 1L;

    private final List<String> names;
    private final List<Object> values; // Double or String

    private Metrics(List<String> names, List<Object> values) {
        this.names = names;
        this.values = values;
    }

    /** No metrics (add them with {@link #with}). */
    public static Metrics empty() {
        return new Metrics(List.of(), List.of());
    }

    /** One number. */
    public static Metrics of(String name, double value) {
        return empty().with(name, value);
    }

    /** Two numbers. */
    public static Metrics of(String name1, double value1, String name2, double value2) {
        return of(name1, value1).with(name2, value2);
    }

    /** Three numbers. */
    public static Metrics of(String name1, double value1, String name2, double value2, String name3, double value3) {
        return of(name1, value1, name2, value2).with(name3, value3);
    }

    /** These metrics and one more number. */
    public Metrics with(String name, double value) {
        return plus(name, value);
    }

    /** These metrics and one more label. */
    public Metrics with(String name, String value) {
        if (value == null) throw new IllegalArgumentException("metric '" + name + "' is null");
        return plus(name, value);
    }

    private Metrics plus(String name, Object value) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a metric needs a name");
        if (Param.RESERVED.contains(name)) {
            throw new IllegalArgumentException("'" + name + "' is a column of the result table; choose another"
                    + " metric name (reserved: " + Param.RESERVED + ")");
        }
        if (names.contains(name)) throw new IllegalArgumentException("metric '" + name + "' is given twice");
        List<String> n = new ArrayList<>(names);
        List<Object> v = new ArrayList<>(values);
        n.add(name);
        v.add(value);
        return new Metrics(Collections.unmodifiableList(n), Collections.unmodifiableList(v));
    }

    /** The names, in the order they were added. */
    public List<String> names() {
        return names;
    }

    /** How many metrics there are. */
    public int size() {
        return names.size();
    }

    /** Whether there is a metric called {@code name}. */
    public boolean has(String name) {
        return names.contains(name);
    }

    /** The number called {@code name}. */
    public double get(String name) {
        Object value = value(name);
        if (value instanceof Double d) return d;
        throw new IllegalArgumentException("metric '" + name + "' is a label (" + value + "), not a number");
    }

    /** The label called {@code name}. */
    public String getString(String name) {
        Object value = value(name);
        if (value instanceof String s) return s;
        throw new IllegalArgumentException("metric '" + name + "' is a number (" + value + "), not a label");
    }

    /** The value called {@code name}: a Double or a String. */
    public Object value(String name) {
        int at = names.indexOf(name);
        if (at < 0) throw new IllegalArgumentException("no metric '" + name + "'; there are " + names);
        return values.get(at);
    }

    /** The first metric that is NaN or infinite, or null when all numbers are finite. */
    public String firstNonFinite() {
        for (int i = 0; i < names.size(); i++) {
            if (values.get(i) instanceof Double d && !Double.isFinite(d)) return names.get(i);
        }
        return null;
    }

    @Override
    public String toString() {
        StringJoiner text = new StringJoiner(", ");
        for (int i = 0; i < names.size(); i++) text.add(names.get(i) + "=" + format(values.get(i)));
        return text.toString();
    }

    static String format(Object value) {
        if (value instanceof Double d) {
            double x = d;
            if (!Double.isFinite(x) || x == 0) return String.valueOf(x);
            double magnitude = Math.abs(x);
            return magnitude >= 1e-3 && magnitude < 1e6
                    ? String.format(Locale.ROOT, "%.6g", x).replaceAll("\\.?0+$", "")
                    : String.format(Locale.ROOT, "%.4e", x);
        }
        return String.valueOf(value);
    }

    @Override
    public boolean equals(Object other) {
        // NOTE: Double.equals compares bits, so NaN equals NaN here (two runs that both diverged).
        return other instanceof Metrics that && names.equals(that.names) && values.equals(that.values);
    }

    @Override
    public int hashCode() {
        return names.hashCode() * 31 + values.hashCode();
    }
}

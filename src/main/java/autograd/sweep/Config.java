package autograd.sweep;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.StringJoiner;

/**
 * One configuration of a {@link Sweep}: parameter values by name, the run's number in the sweep
 * and its seed. Plain, immutable, serializable data.
 *
 * <p>The seed is derived from the sweep's seed and the parameter values (not from the thread or
 * the order runs finish in), so a run draws the same random numbers whatever the thread count;
 * a configuration that occurs twice gets a different seed each time.
 *
 * <pre>{@code
 * jshell> var config = Sweep.over(Param.grid("lr", 0.1), Param.grid("optimizer", "adam")).configs().get(0);
 * jshell> config.getDouble("lr") + " " + config.getString("optimizer")
 * $2 ==> "0.1 adam"
 * jshell> new Random(config.seed()).nextInt(10) == config.random().nextInt(10)
 * $3 ==> true
 * }</pre>
 */
public final class Config implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int index;
    private final String[] names;
    private final Object[] values;
    private final long seed;

    /** {@code key} is {@link #key}{@code (names, values)}, which the caller has made already (to count repeats). */
    Config(int index, List<String> names, List<Object> values, String key, long sweepSeed, int occurrence) {
        this.index = index;
        this.names = names.toArray(String[]::new);
        this.values = values.toArray();
        this.seed = deriveSeed(sweepSeed, key, occurrence);
    }

    /** The run's number: its position in {@link Sweep#configs()} and its row in the result table. */
    public int index() {
        return index;
    }

    /** The seed of this run, for its own random numbers (initial weights, data shuffles...). */
    public long seed() {
        return seed;
    }

    /** A fresh {@link Random} seeded with {@link #seed()}: each call starts the same sequence. */
    public Random random() {
        return new Random(seed);
    }

    /** The parameter names, in the sweep's order. */
    public List<String> names() {
        return List.of(names);
    }

    /** Whether this configuration has a parameter called {@code name}. */
    public boolean has(String name) {
        return position(name) >= 0;
    }

    /** The value of {@code name}: a Double, Integer, Long, String or Boolean. */
    public Object get(String name) {
        int at = position(name);
        if (at < 0) {
            throw new IllegalArgumentException(
                    "no parameter '" + name + "' in this configuration; it has " + Arrays.toString(names));
        }
        return values[at];
    }

    /** A numeric parameter as a double. */
    public double getDouble(String name) {
        Object value = get(name);
        if (value instanceof Number number) return number.doubleValue();
        throw wrongType(name, value, "a number");
    }

    /** An int parameter (a grid of ints, a range, randInt). */
    public int getInt(String name) {
        Object value = get(name);
        if (value instanceof Integer i) return i;
        if (value instanceof Long l && l == (int) (long) l) return (int) (long) l;
        throw wrongType(name, value, "an int");
    }

    /** An integral parameter as a long. */
    public long getLong(String name) {
        Object value = get(name);
        if (value instanceof Integer || value instanceof Long) return ((Number) value).longValue();
        throw wrongType(name, value, "an integer");
    }

    /** A string parameter (a grid or choice of names). */
    public String getString(String name) {
        Object value = get(name);
        if (value instanceof String s) return s;
        throw wrongType(name, value, "a string");
    }

    /** A boolean parameter. */
    public boolean getBoolean(String name) {
        Object value = get(name);
        if (value instanceof Boolean b) return b;
        throw wrongType(name, value, "a boolean");
    }

    /** The values by name, in the sweep's order (a copy). */
    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) map.put(names[i], values[i]);
        return map;
    }

    private int position(String name) {
        for (int i = 0; i < names.length; i++) if (names[i].equals(name)) return i;
        return -1;
    }

    private IllegalArgumentException wrongType(String name, Object value, String wanted) {
        return new IllegalArgumentException(
                "parameter '" + name + "' is " + value + " (" + value.getClass().getSimpleName() + "), not " + wanted);
    }

    /** {@code lr=0.1, optimizer=adam}. */
    @Override
    public String toString() {
        StringJoiner text = new StringJoiner(", ");
        for (int i = 0; i < names.length; i++) text.add(names[i] + "=" + Param.format(values[i]));
        return text.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Config that
                && index == that.index
                && seed == that.seed
                && Arrays.equals(names, that.names)
                && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, seed, Arrays.hashCode(names), Arrays.hashCode(values));
    }

    /** The values as text that is equal exactly when the values are (doubles by their bits). */
    static String key(List<String> names, List<Object> values) {
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < names.size(); i++) appendKey(key, names.get(i), values.get(i));
        return key.toString();
    }

    private static void appendKey(StringBuilder key, String name, Object value) {
        key.append(name.length()).append(':').append(name).append('=');
        if (value instanceof Double d) key.append("D").append(Long.toHexString(Double.doubleToLongBits(d)));
        else if (value instanceof Integer || value instanceof Long)
            key.append("I").append(value);
        else if (value instanceof Boolean b) key.append("B").append(b);
        else key.append("S").append(value.toString().length()).append(':').append(value);
        key.append(';');
    }

    /**
     * A 64-bit hash (FNV-1a over the UTF-8 key, then SplitMix64's finaliser mixed with the sweep's
     * seed): fixed by the values alone, the same on every JVM and in every release.
     */
    static long deriveSeed(long sweepSeed, String key, int occurrence) {
        String text = occurrence > 0 ? key + "#" + occurrence : key;
        long hash = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return mix(mix(sweepSeed) ^ hash);
    }

    /** SplitMix64's finaliser: every input bit moves every output bit. */
    static long mix(long z) {
        z += 0x9e3779b97f4a7c15L;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}

package autograd.plot;

import java.util.List;

/** Input checks shared by the builders, so bad data fails at once with a message naming it. */
final class Checks {

    /**
     * The largest magnitude a plotted coordinate may have. XChart's axis arithmetic overflows
     * near {@code Double.MAX_VALUE} (a span of ±1.7e308 is infinite; some spans loop forever).
     */
    static final double LIMIT = 1e300;

    /**
     * The narrowest axis span, relative to the axis' magnitude, that still resolves to pixels;
     * XChart's tick search never ends on spans of a few ulps (e.g. [1e20, 1e20 + 16384]).
     */
    static final double RELATIVE_RESOLUTION = 1e-12;

    private Checks() {}

    static void series(String name, double[] xs, double[] ys) {
        name(name);
        if (xs == null || ys == null) {
            throw new IllegalArgumentException("series '" + name + "': " + (xs == null ? "xs" : "ys") + " is null");
        }
        if (xs.length != ys.length) {
            throw new IllegalArgumentException("series '" + name + "': xs has " + xs.length + " values but ys has "
                    + ys.length + "; they must have the same length");
        }
        if (xs.length == 0) {
            throw new IllegalArgumentException("series '" + name + "' is empty");
        }
        finite(name, "xs", xs);
        finite(name, "ys", ys);
    }

    /** A series name: XChart needs a non-empty one. */
    static void name(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException(
                    "series name is " + (name == null ? "null" : "empty") + "; give every series a name");
        }
    }

    /** A history given as a list: no null elements. */
    static double[] values(String name, List<? extends Number> values) {
        name(name);
        if (values == null) {
            throw new IllegalArgumentException("series '" + name + "': ys is null");
        }
        double[] out = new double[values.size()];
        for (int k = 0; k < out.length; k++) {
            Number value = values.get(k);
            if (value == null) {
                throw new IllegalArgumentException("series '" + name + "': ys[" + k + "] is null");
            }
            out[k] = value.doubleValue();
        }
        return out;
    }

    /** An axis range: finite ends, {@code min < max}, within ±{@link #LIMIT}, resolvable. */
    static void range(String axis, double min, double max) {
        if (!Double.isFinite(min) || !Double.isFinite(max) || !(min < max)) {
            throw new IllegalArgumentException(
                    axis + " range must be finite with min < max, got [" + min + ", " + max + "]");
        }
        if (Math.abs(min) > LIMIT || Math.abs(max) > LIMIT) {
            throw new IllegalArgumentException(axis + " range [" + min + ", " + max + "] is beyond ±1e300"
                    + ", too large to draw; rescale the data");
        }
        if (max - min <= RELATIVE_RESOLUTION * Math.max(Math.abs(min), Math.abs(max))) {
            throw new IllegalArgumentException(axis + " range [" + min + ", " + max
                    + "] is too narrow for its magnitude to resolve on screen; subtract an offset first");
        }
    }

    /** Plotted data: finite and within ±{@link #LIMIT}. */
    static void finite(String name, String what, double[] values) {
        for (int k = 0; k < values.length; k++) {
            if (!Double.isFinite(values[k])) {
                throw new IllegalArgumentException("series '" + name + "': " + what + "[" + k + "] is " + values[k]
                        + "; plotted data must be finite (did training diverge?)");
            }
            if (Math.abs(values[k]) > LIMIT) {
                throw new IllegalArgumentException("series '" + name + "': " + what + "[" + k + "] = " + values[k]
                        + " is beyond ±1e300" + ", too large to plot (did training diverge?)");
            }
        }
    }

    /** The weights of a line w0·x + w1·y + b = 0: finite. */
    static void line(String what, double w0, double w1, double b) {
        if (!Double.isFinite(w0) || !Double.isFinite(w1) || !Double.isFinite(b)) {
            throw new IllegalArgumentException(what + ": the line w0·x + w1·y + b = 0 needs finite weights, got w0="
                    + w0 + ", w1=" + w1 + ", b=" + b + " (did training diverge?)");
        }
    }

    static void positive(String name, String axis, double[] values) {
        for (int k = 0; k < values.length; k++) {
            if (!(values[k] > 0)) {
                throw new IllegalArgumentException("series '" + name + "': " + axis + "[" + k
                        + "] = " + values[k] + " cannot be shown on a logarithmic " + axis
                        + " axis; plot a positive quantity (e.g. loss, |x − x*|) or use a linear axis");
            }
        }
    }

    /** The two columns of an n × 2 point array, checked. */
    static double[][] columns(String name, double[][] points) {
        if (points == null) {
            throw new IllegalArgumentException(name + ": points is null");
        }
        double[] xs = new double[points.length];
        double[] ys = new double[points.length];
        for (int k = 0; k < points.length; k++) {
            if (points[k] == null || points[k].length != 2) {
                throw new IllegalArgumentException(name + ": point " + k + " has "
                        + (points[k] == null ? "no" : String.valueOf(points[k].length))
                        + " coordinates; expected an n x 2 array of (x, y)");
            }
            xs[k] = points[k][0];
            ys[k] = points[k][1];
        }
        if (points.length > 0) {
            series(name, xs, ys);
        }
        return new double[][] {xs, ys};
    }

    static void labels(String name, double[][] points, int[] labels) {
        if (labels == null) {
            throw new IllegalArgumentException(name + ": labels is null");
        }
        if (labels.length != points.length) {
            throw new IllegalArgumentException(name + ": " + points.length + " points but " + labels.length
                    + " labels; there must be one label per point");
        }
    }

    static void size(int width, int height) {
        if (width < 50 || height < 50 || width > 10_000 || height > 10_000) {
            throw new IllegalArgumentException(
                    "chart size " + width + " x " + height + " is out of range; use 50..10000 pixels per side");
        }
    }

    /** A count argument of {@code call} in 1..max, checked before any work is done. */
    static void count(String call, int count, int max, String what) {
        if (count < 1 || count > max) {
            throw new IllegalArgumentException(call + "(" + count + "): " + what + " must be 1.." + max);
        }
    }
}

package autograd.plot;

/** Input checks shared by the builders, so bad data fails early with a message naming it. */
final class Checks {

    private Checks() {}

    static void series(String name, double[] xs, double[] ys) {
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

    /** An axis range: finite ends with {@code min < max}. */
    static void range(String axis, double min, double max) {
        if (!Double.isFinite(min) || !Double.isFinite(max) || !(min < max)) {
            throw new IllegalArgumentException(
                    axis + " range must be finite with min < max, got [" + min + ", " + max + "]");
        }
    }

    static void finite(String name, String what, double[] values) {
        for (int k = 0; k < values.length; k++) {
            if (!Double.isFinite(values[k])) {
                throw new IllegalArgumentException("series '" + name + "': " + what + "[" + k + "] is " + values[k]
                        + "; plotted data must be finite (did training diverge?)");
            }
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
}

package autograd.plot;

import java.util.Locale;
import java.util.function.DoubleBinaryOperator;

/**
 * A function z = f(x, y) sampled on a rectangular grid: the input of contour plots and decision
 * boundaries. {@code z[j][i]} is the value at {@code (xs[i], ys[j])} (rows follow y, as in NumPy's
 * {@code meshgrid}). NaN values are allowed in {@code z}: contour plots leave those cells empty.
 *
 * <pre>{@code
 * jshell> Grid g = Grid.sample((x, y) -> x * x + y * y, -2, 2, -2, 2, 0.1);
 * jshell> g.nx() + " x " + g.ny()
 * $2 ==> "41 x 41"
 * }</pre>
 */
public final class Grid {

    private final double[] xs;
    private final double[] ys;
    private final double[][] z;

    private Grid(double[] xs, double[] ys, double[][] z) {
        this.xs = xs;
        this.ys = ys;
        this.z = z;
    }

    /**
     * A grid from coordinates and values; the arrays are copied. Throws
     * {@link IllegalArgumentException} when the coordinates are not finite and strictly increasing,
     * when there are fewer than two of them, or when {@code z} is ragged or does not have
     * {@code ys.length} rows of {@code xs.length} values.
     */
    public static Grid of(double[] xs, double[] ys, double[][] z) {
        checkAxis("xs", xs);
        checkAxis("ys", ys);
        if (z == null) {
            throw new IllegalArgumentException("z is null");
        }
        if (z.length != ys.length) {
            throw new IllegalArgumentException("z has " + z.length + " rows but ys has " + ys.length
                    + " values; z[j][i] must be the value at (xs[i], ys[j])");
        }
        double[][] copy = new double[z.length][];
        for (int j = 0; j < z.length; j++) {
            if (z[j] == null || z[j].length != xs.length) {
                throw new IllegalArgumentException("ragged grid: row z[" + j + "] has "
                        + (z[j] == null ? "no" : String.valueOf(z[j].length)) + " values but xs has "
                        + xs.length);
            }
            copy[j] = z[j].clone();
        }
        return new Grid(xs.clone(), ys.clone(), copy);
    }

    /** The most points a grid may hold (25 million doubles, 200 MB): a larger one is a mistake. */
    public static final long MAX_POINTS = 25_000_000L;

    /**
     * Samples {@code f} on [xMin, xMax] × [yMin, yMax] every {@code step} in both directions
     * (both ends included; the step is adjusted to fit the box). Throws before sampling when the
     * grid would hold more than {@link #MAX_POINTS} points.
     */
    public static Grid sample(DoubleBinaryOperator f, double xMin, double xMax, double yMin, double yMax, double step) {
        if (!(step > 0) || Double.isInfinite(step)) {
            throw new IllegalArgumentException("step must be positive and finite, got " + step);
        }
        Checks.range("x", xMin, xMax);
        Checks.range("y", yMin, yMax);
        // Counted in double: (int) of a huge count wraps around (1e-12 over [0, 1] gave 2 points).
        double nx = Math.max(2, Math.round((xMax - xMin) / step) + 1.0);
        double ny = Math.max(2, Math.round((yMax - yMin) / step) + 1.0);
        if (nx * ny > MAX_POINTS) {
            double smallest = Math.sqrt((xMax - xMin) * (yMax - yMin) / MAX_POINTS);
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "step %s over [%s, %s] x [%s, %s] gives %.0f x %.0f points, more than %d;"
                            + " use a step of at least %.3g",
                    step,
                    xMin,
                    xMax,
                    yMin,
                    yMax,
                    nx,
                    ny,
                    MAX_POINTS,
                    smallest));
        }
        return sample(f, xMin, xMax, (int) nx, yMin, yMax, (int) ny);
    }

    /** Samples {@code f} at {@code nx} × {@code ny} evenly spaced points, ends included. */
    public static Grid sample(
            DoubleBinaryOperator f, double xMin, double xMax, int nx, double yMin, double yMax, int ny) {
        if (f == null) {
            throw new IllegalArgumentException("the function to sample is null");
        }
        Checks.range("x", xMin, xMax);
        Checks.range("y", yMin, yMax);
        if (nx < 2 || ny < 2) {
            throw new IllegalArgumentException(
                    "a grid needs at least 2 points per axis, got nx = " + nx + ", ny = " + ny);
        }
        if ((long) nx * ny > MAX_POINTS) {
            throw new IllegalArgumentException("nx = " + nx + ", ny = " + ny + " gives " + (long) nx * ny
                    + " points, more than " + MAX_POINTS + "; sample fewer points");
        }
        double[] xs = linspace(xMin, xMax, nx);
        double[] ys = linspace(yMin, yMax, ny);
        double[][] z = new double[ny][nx];
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                z[j][i] = f.applyAsDouble(xs[i], ys[j]);
            }
        }
        return new Grid(xs, ys, z);
    }

    /** Samples {@code f} with {@code longerSide} points on the box's longer side, as many per unit on the other. */
    static Grid samplePerSide(
            DoubleBinaryOperator f, double xMin, double xMax, double yMin, double yMax, int longerSide) {
        Checks.range("x", xMin, xMax);
        Checks.range("y", yMin, yMax);
        double span = Math.max(xMax - xMin, yMax - yMin);
        int nx = Math.max(2, (int) Math.round((longerSide - 1) * (xMax - xMin) / span) + 1);
        int ny = Math.max(2, (int) Math.round((longerSide - 1) * (yMax - yMin) / span) + 1);
        return sample(f, xMin, xMax, nx, yMin, yMax, ny);
    }

    /** {@code n} evenly spaced values from {@code from} to {@code to}, both included. */
    public static double[] linspace(double from, double to, int n) {
        if (n < 2) {
            throw new IllegalArgumentException("linspace needs n >= 2, got " + n);
        }
        double[] values = new double[n];
        for (int k = 0; k < n; k++) {
            values[k] = k == n - 1 ? to : from + (to - from) * k / (n - 1);
        }
        return values;
    }

    private static void checkAxis(String name, double[] axis) {
        if (axis == null) {
            throw new IllegalArgumentException(name + " is null");
        }
        if (axis.length < 2) {
            throw new IllegalArgumentException(name + " needs at least 2 values, got " + axis.length);
        }
        for (int k = 0; k < axis.length; k++) {
            if (!Double.isFinite(axis[k]) || Math.abs(axis[k]) > Checks.LIMIT) {
                throw new IllegalArgumentException(
                        name + "[" + k + "] is " + axis[k] + "; grid coordinates must be finite and within ±1e300");
            }
            if (k > 0 && !(axis[k] > axis[k - 1])) {
                throw new IllegalArgumentException(name + " must be strictly increasing, but " + name + "[" + k + "] = "
                        + axis[k] + " after " + axis[k - 1]);
            }
        }
        Checks.range(name, axis[0], axis[axis.length - 1]);
    }

    public int nx() {
        return xs.length;
    }

    public int ny() {
        return ys.length;
    }

    public double x(int i) {
        return xs[i];
    }

    public double y(int j) {
        return ys[j];
    }

    /** The value at {@code (x(i), y(j))}. */
    public double z(int i, int j) {
        return z[j][i];
    }

    public double[] xs() {
        return xs.clone();
    }

    public double[] ys() {
        return ys.clone();
    }

    /** A copy of the values, {@code [j][i]}. */
    public double[][] values() {
        double[][] copy = new double[z.length][];
        for (int j = 0; j < z.length; j++) {
            copy[j] = z[j].clone();
        }
        return copy;
    }

    public double xMin() {
        return xs[0];
    }

    public double xMax() {
        return xs[xs.length - 1];
    }

    public double yMin() {
        return ys[0];
    }

    public double yMax() {
        return ys[ys.length - 1];
    }

    /** The smallest finite value, or NaN when there is none. */
    public double zMin() {
        double min = Double.POSITIVE_INFINITY;
        for (double[] row : z) {
            for (double v : row) {
                if (Double.isFinite(v) && v < min) {
                    min = v;
                }
            }
        }
        return min == Double.POSITIVE_INFINITY ? Double.NaN : min;
    }

    /** The largest finite value, or NaN when there is none. */
    public double zMax() {
        double max = Double.NEGATIVE_INFINITY;
        for (double[] row : z) {
            for (double v : row) {
                if (Double.isFinite(v) && v > max) {
                    max = v;
                }
            }
        }
        return max == Double.NEGATIVE_INFINITY ? Double.NaN : max;
    }

    /** Whether any value is a number (not NaN); infinities count. */
    boolean hasNumber() {
        for (double[] row : z) {
            for (double v : row) {
                if (!Double.isNaN(v)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The bilinear interpolation of the grid at (x, y); NaN outside the grid or in a cell with a
     * NaN corner.
     */
    public double interpolate(double x, double y) {
        int i = cellIndex(xs, x);
        int j = cellIndex(ys, y);
        if (i < 0 || j < 0) {
            return Double.NaN;
        }
        double tx = (x - xs[i]) / (xs[i + 1] - xs[i]);
        double ty = (y - ys[j]) / (ys[j + 1] - ys[j]);
        double bottom = z[j][i] + (z[j][i + 1] - z[j][i]) * tx;
        double top = z[j + 1][i] + (z[j + 1][i + 1] - z[j + 1][i]) * tx;
        return bottom + (top - bottom) * ty;
    }

    /** The value at the grid point nearest to (x, y), or NaN outside the grid. */
    double nearest(double x, double y) {
        int i = cellIndex(xs, x);
        int j = cellIndex(ys, y);
        if (i < 0 || j < 0) {
            return Double.NaN;
        }
        if (x - xs[i] > xs[i + 1] - x) {
            i++;
        }
        if (y - ys[j] > ys[j + 1] - y) {
            j++;
        }
        return z[j][i];
    }

    /** Index k of the cell [axis[k], axis[k+1]] holding v, or -1 outside. */
    static int cellIndex(double[] axis, double v) {
        if (!(v >= axis[0] && v <= axis[axis.length - 1])) {
            return -1;
        }
        int low = 0;
        int high = axis.length - 1;
        while (high - low > 1) {
            int mid = (low + high) >>> 1;
            if (axis[mid] <= v) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return low;
    }
}

package autograd.plot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Iso-lines of a {@link Grid} by marching squares: the segments where the bilinear surface crosses
 * a level, joined into polylines. Cells with a NaN corner are skipped, which leaves holes.
 * Ambiguous (saddle) cells are resolved by the value at the cell centre.
 *
 * <pre>{@code
 * jshell> Grid g = Grid.sample((x, y) -> x * x + y * y, -2, 2, -2, 2, 0.05);
 * jshell> ContourLines.trace(g, 1.0).size()      // the unit circle: one closed line
 * $2 ==> 1
 * jshell> ContourLines.niceLevels(0, 8, 8)
 * $3 ==> double[7] { 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0 }
 * }</pre>
 */
public final class ContourLines {

    /** The most contour levels a chart takes: a colour bar shows no more, and each costs a trace. */
    public static final int MAX_LEVELS = 256;

    /** One connected piece of an iso-line; {@code closed} when it returns to its start. */
    public record Polyline(double level, double[] xs, double[] ys, boolean closed) {
        public int size() {
            return xs.length;
        }
    }

    /** A straight piece of an iso-line inside one grid cell. */
    public record Segment(double x1, double y1, double x2, double y2) {}

    private ContourLines() {}

    /** The marching-squares segments of {@code grid} at {@code level}, one or two per crossed cell. */
    public static List<Segment> segments(Grid grid, double level) {
        List<Segment> out = new ArrayList<>();
        march(grid, level, (edgeA, edgeB) -> {
            double[] a = edgePoint(grid, edgeA, level);
            double[] b = edgePoint(grid, edgeB, level);
            out.add(new Segment(a[0], a[1], b[0], b[1]));
        });
        return out;
    }

    /** The iso-line of {@code grid} at {@code level} as joined polylines. */
    public static List<Polyline> trace(Grid grid, double level) {
        requireFinite(level);
        // Every segment end lies on a grid edge shared by at most two cells, so joining by edge id
        // is exact (no coordinate matching) and each edge has at most two neighbours.
        Map<Integer, int[]> neighbours = new LinkedHashMap<>();
        march(grid, level, (edgeA, edgeB) -> {
            link(neighbours, edgeA, edgeB);
            link(neighbours, edgeB, edgeA);
        });
        List<Polyline> lines = new ArrayList<>();
        Map<Integer, Boolean> visited = new HashMap<>();
        // Open chains first (they start at an edge with one neighbour, on the border or at a hole).
        for (Map.Entry<Integer, int[]> entry : neighbours.entrySet()) {
            if (entry.getValue()[1] == -1 && !visited.containsKey(entry.getKey())) {
                lines.add(walk(grid, level, entry.getKey(), neighbours, visited));
            }
        }
        for (Integer edge : neighbours.keySet()) {
            if (!visited.containsKey(edge)) {
                lines.add(walk(grid, level, edge, neighbours, visited));
            }
        }
        return lines;
    }

    /** The iso-lines at each level, in level order. */
    public static List<Polyline> trace(Grid grid, double... levels) {
        List<Polyline> all = new ArrayList<>();
        for (double level : levels) {
            all.addAll(trace(grid, level));
        }
        return all;
    }

    private static void link(Map<Integer, int[]> neighbours, int from, int to) {
        int[] slots = neighbours.computeIfAbsent(from, k -> new int[] {-1, -1});
        if (slots[0] == -1) {
            slots[0] = to;
        } else if (slots[1] == -1 && slots[0] != to) {
            slots[1] = to;
        }
    }

    private static Polyline walk(
            Grid grid, double level, int start, Map<Integer, int[]> neighbours, Map<Integer, Boolean> visited) {
        List<Integer> chain = new ArrayList<>();
        int previous = -1;
        int current = start;
        boolean closed = false;
        while (true) {
            chain.add(current);
            visited.put(current, true);
            int[] next = neighbours.get(current);
            int candidate = next[0] != previous && !visited.containsKey(next[0])
                    ? next[0]
                    : next[1] != -1 && next[1] != previous && !visited.containsKey(next[1]) ? next[1] : -1;
            if (candidate == -1) {
                closed = chain.size() > 2 && (next[0] == start || next[1] == start);
                break;
            }
            previous = current;
            current = candidate;
        }
        int n = chain.size() + (closed ? 1 : 0);
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int k = 0; k < chain.size(); k++) {
            double[] p = edgePoint(grid, chain.get(k), level);
            xs[k] = p[0];
            ys[k] = p[1];
        }
        if (closed) {
            xs[n - 1] = xs[0];
            ys[n - 1] = ys[0];
        }
        return new Polyline(level, xs, ys, closed);
    }

    private interface SegmentSink {
        void accept(int edgeA, int edgeB);
    }

    /** Calls {@code sink} with the two edge ids of each segment, cell by cell. */
    private static void march(Grid grid, double level, SegmentSink sink) {
        requireFinite(level);
        int nx = grid.nx();
        int ny = grid.ny();
        int horizontalEdges = ny * (nx - 1);
        for (int j = 0; j < ny - 1; j++) {
            for (int i = 0; i < nx - 1; i++) {
                double v0 = grid.z(i, j);
                double v1 = grid.z(i + 1, j);
                double v2 = grid.z(i + 1, j + 1);
                double v3 = grid.z(i, j + 1);
                if (Double.isNaN(v0) || Double.isNaN(v1) || Double.isNaN(v2) || Double.isNaN(v3)) {
                    continue;
                }
                int code =
                        (v0 >= level ? 1 : 0) | (v1 >= level ? 2 : 0) | (v2 >= level ? 4 : 0) | (v3 >= level ? 8 : 0);
                if (code == 0 || code == 15) {
                    continue;
                }
                int bottom = j * (nx - 1) + i;
                int top = (j + 1) * (nx - 1) + i;
                int left = horizontalEdges + j * nx + i;
                int right = horizontalEdges + j * nx + i + 1;
                // Edges around corner k: corner 0 (bottom-left) touches left and bottom, and so on.
                int[][] cornerEdges = {{left, bottom}, {bottom, right}, {right, top}, {top, left}};
                if (code == 5 || code == 10) {
                    double centre = (v0 + v1 + v2 + v3) / 4;
                    boolean cutAbove = centre < level;
                    for (int corner = 0; corner < 4; corner++) {
                        boolean above = (code & (1 << corner)) != 0;
                        if (above == cutAbove) {
                            sink.accept(cornerEdges[corner][0], cornerEdges[corner][1]);
                        }
                    }
                    continue;
                }
                int[] crossed = new int[2];
                int count = 0;
                int[] edgeOrder = {bottom, right, top, left};
                int[][] edgeCorners = {{0, 1}, {1, 2}, {3, 2}, {0, 3}};
                for (int e = 0; e < 4; e++) {
                    boolean a = (code & (1 << edgeCorners[e][0])) != 0;
                    boolean b = (code & (1 << edgeCorners[e][1])) != 0;
                    if (a != b) {
                        crossed[count++] = edgeOrder[e];
                    }
                }
                sink.accept(crossed[0], crossed[1]);
            }
        }
    }

    /** Where the level crosses edge {@code id}, interpolated linearly between its two grid points. */
    private static double[] edgePoint(Grid grid, int id, double level) {
        int nx = grid.nx();
        int horizontalEdges = grid.ny() * (nx - 1);
        int i0;
        int j0;
        int i1;
        int j1;
        if (id < horizontalEdges) {
            j0 = id / (nx - 1);
            i0 = id % (nx - 1);
            i1 = i0 + 1;
            j1 = j0;
        } else {
            int k = id - horizontalEdges;
            j0 = k / nx;
            i0 = k % nx;
            i1 = i0;
            j1 = j0 + 1;
        }
        double a = grid.z(i0, j0);
        double b = grid.z(i1, j1);
        double t = a == b ? 0.5 : (level - a) / (b - a);
        t = Math.max(0, Math.min(1, t));
        return new double[] {grid.x(i0) + (grid.x(i1) - grid.x(i0)) * t, grid.y(j0) + (grid.y(j1) - grid.y(j0)) * t};
    }

    private static void requireFinite(double level) {
        if (!Double.isFinite(level)) {
            throw new IllegalArgumentException("contour level must be finite, got " + level);
        }
    }

    /**
     * About {@code count} round levels (multiples of 1, 2 or 5 × 10^k) strictly between
     * {@code min} and {@code max}.
     */
    public static double[] niceLevels(double min, double max, int count) {
        Checks.count("niceLevels", count, MAX_LEVELS, "the number of contour levels");
        if (!Double.isFinite(min) || !Double.isFinite(max) || !(max > min)) {
            throw new IllegalArgumentException("cannot choose contour levels for values in [" + min + ", " + max
                    + "]: the grid is constant or has no finite values");
        }
        double raw = (max - min) / (count + 1);
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = magnitude;
        for (double factor : new double[] {1, 2, 2.5, 5, 10}) {
            step = factor * magnitude;
            if (step >= raw) {
                break;
            }
        }
        List<Double> levels = new ArrayList<>();
        for (long k = (long) Math.floor(min / step) + 1; k * step < max; k++) {
            double level = k * step;
            // Rounding keeps labels like 0.30000000000000004 out of the colour bar.
            level = Double.parseDouble(String.format(java.util.Locale.ROOT, "%.12g", level));
            if (level > min) {
                levels.add(level);
            }
        }
        if (levels.isEmpty()) {
            levels.add((min + max) / 2);
        }
        return levels.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * {@code count} levels evenly spaced on a log scale between the smallest positive value and
     * {@code max}, rounded to two significant digits: for functions like Rosenbrock's whose
     * interesting structure spans decades.
     */
    public static double[] logLevels(double minPositive, double max, int count) {
        Checks.count("logLevels", count, MAX_LEVELS, "the number of contour levels");
        if (!(minPositive > 0) || !Double.isFinite(max) || !(max > minPositive)) {
            throw new IllegalArgumentException(
                    "log-spaced levels need 0 < min < max, got [" + minPositive + ", " + max + "]");
        }
        double lo = Math.log10(minPositive);
        double hi = Math.log10(max);
        List<Double> levels = new ArrayList<>();
        for (int k = 1; k <= count; k++) {
            double value = Math.pow(10, lo + (hi - lo) * k / (count + 1));
            double rounded = Double.parseDouble(String.format(java.util.Locale.ROOT, "%.2g", value));
            if (levels.isEmpty() || rounded > levels.get(levels.size() - 1)) {
                levels.add(rounded);
            }
        }
        return levels.stream().mapToDouble(Double::doubleValue).toArray();
    }
}

package autograd.plot;

import java.util.ArrayList;
import java.util.List;

/** Plane geometry for the drawings: lines clipped to a box, polylines joined and smoothed. */
final class Geometry {

    private Geometry() {}

    /**
     * The part of the line w0·x + w1·y + b = 0 inside the box, as {x1, y1, x2, y2}, or null when
     * the line misses the box (or w0 = w1 = 0, which is no line at all).
     */
    static double[] clipLine(double w0, double w1, double b, double xMin, double xMax, double yMin, double yMax) {
        if (w0 == 0 && w1 == 0) {
            return null;
        }
        List<double[]> hits = new ArrayList<>();
        if (w1 != 0) {
            for (double x : new double[] {xMin, xMax}) {
                double y = -(w0 * x + b) / w1;
                if (y >= yMin && y <= yMax) {
                    hits.add(new double[] {x, y});
                }
            }
        }
        if (w0 != 0) {
            for (double y : new double[] {yMin, yMax}) {
                double x = -(w1 * y + b) / w0;
                if (x >= xMin && x <= xMax) {
                    hits.add(new double[] {x, y});
                }
            }
        }
        // Through a corner the same point is found twice; take the two hits furthest apart.
        double best = -1;
        double[] segment = null;
        for (int a = 0; a < hits.size(); a++) {
            for (int c = a + 1; c < hits.size(); c++) {
                double d = Math.hypot(hits.get(a)[0] - hits.get(c)[0], hits.get(a)[1] - hits.get(c)[1]);
                if (d > best) {
                    best = d;
                    segment = new double[] {hits.get(a)[0], hits.get(a)[1], hits.get(c)[0], hits.get(c)[1]};
                }
            }
        }
        return best > 0 ? segment : null;
    }

    /**
     * Polylines as one pair of coordinate arrays {xs, ys}, pieces separated by a NaN point (which
     * XChart draws as a break in the line); null when there are none.
     */
    static double[][] joined(List<double[][]> pieces) {
        if (pieces.isEmpty()) {
            return null;
        }
        int total = pieces.stream().mapToInt(p -> p[0].length + 1).sum() - 1;
        double[] xs = new double[total];
        double[] ys = new double[total];
        int at = 0;
        for (double[][] piece : pieces) {
            if (at > 0) {
                xs[at] = Double.NaN;
                ys[at] = Double.NaN;
                at++;
            }
            System.arraycopy(piece[0], 0, xs, at, piece[0].length);
            System.arraycopy(piece[1], 0, ys, at, piece[1].length);
            at += piece[0].length;
        }
        return new double[][] {xs, ys};
    }

    /** A moving average over 2·half + 1 points of a polyline {xs, ys}; open ends stay where they are. */
    static double[][] smooth(double[][] line, boolean closed, int half) {
        double[] xs = line[0];
        double[] ys = line[1];
        int n = xs.length;
        if (n < 3) {
            return line;
        }
        int distinct = closed ? n - 1 : n;
        double[] outX = new double[n];
        double[] outY = new double[n];
        for (int k = 0; k < n; k++) {
            int reach = closed ? half : Math.min(half, Math.min(k, n - 1 - k));
            double sx = 0;
            double sy = 0;
            for (int d = -reach; d <= reach; d++) {
                int at = closed ? Math.floorMod(k + d, distinct) : k + d;
                sx += xs[at];
                sy += ys[at];
            }
            outX[k] = sx / (2 * reach + 1);
            outY[k] = sy / (2 * reach + 1);
        }
        if (closed) {
            outX[n - 1] = outX[0];
            outY[n - 1] = outY[0];
        }
        return new double[][] {outX, outY};
    }
}

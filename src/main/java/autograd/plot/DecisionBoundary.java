package autograd.plot;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.function.DoubleBinaryOperator;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A classifier's decision regions with its data on top. Three kinds:
 * <ul>
 *   <li>{@link #of}: a score function (logit, margin, probability with {@code threshold(0.5)});
 *       the regions below and above the threshold take light tints of the two class colours and
 *       the boundary is the score's iso-line at the threshold;</li>
 *   <li>{@link #linear}: the straight line w0·x + w1·y + b = 0 clipped to the view;</li>
 *   <li>{@link #multiclass}: a predicted class per point, for three or more classes.</li>
 * </ul>
 * With two classes the smaller label is the class of scores below the threshold.
 *
 * <pre>{@code
 * jshell> double[][] points = {{-1, -1}, {-2, 0}, {1, 1}, {2, 0}};
 * jshell> int[] labels = {0, 0, 1, 1};
 * jshell> ContourChart c = Plots.decisionBoundary((x, y) -> x + y, points, labels).confidence(true).build();
 * }</pre>
 */
public final class DecisionBoundary {

    /** A classifier that predicts a class label at a point. */
    @FunctionalInterface
    public interface Classifier {
        int predict(double x, double y);
    }

    private final DoubleBinaryOperator score;
    private final Classifier classifier;
    private final double[] linear;
    private final double[][] points;
    private final int[] labels;
    private final int[] classes;
    private double threshold;
    private boolean confidence;
    private double margin = 0.1;
    private double[] range;
    private int resolution = 200;
    private int width = Theme.WIDTH;
    private int height = Theme.HEIGHT;
    private String title;
    private String xLabel = "x₁";
    private String yLabel = "x₂";

    private DecisionBoundary(
            DoubleBinaryOperator score, Classifier classifier, double[] linear, double[][] points, int[] labels) {
        Checks.columns("decision boundary data", points);
        Checks.labels("decision boundary data", points, labels);
        if (points.length == 0) {
            throw new IllegalArgumentException("decision boundary needs at least one data point");
        }
        this.score = score;
        this.classifier = classifier;
        this.linear = linear;
        this.points = points;
        this.labels = labels.clone();
        TreeSet<Integer> distinct = new TreeSet<>();
        for (int label : labels) {
            distinct.add(label);
        }
        this.classes = distinct.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Regions of {@code score} below/above the threshold (default 0), data on top. */
    public static DecisionBoundary of(DoubleBinaryOperator score, double[][] points, int[] labels) {
        if (score == null) {
            throw new IllegalArgumentException("score function is null");
        }
        DecisionBoundary d = new DecisionBoundary(score, null, null, points, labels);
        d.requireAtMostTwoClasses();
        return d;
    }

    /** The linear model w0·x + w1·y + b: half-planes and the exact boundary line. */
    public static DecisionBoundary linear(double w0, double w1, double b, double[][] points, int[] labels) {
        if (!Double.isFinite(w0) || !Double.isFinite(w1) || !Double.isFinite(b)) {
            throw new IllegalArgumentException(
                    "linear boundary weights must be finite, got w0=" + w0 + ", w1=" + w1 + ", b=" + b);
        }
        DecisionBoundary d =
                new DecisionBoundary((x, y) -> w0 * x + w1 * y + b, null, new double[] {w0, w1, b}, points, labels);
        d.requireAtMostTwoClasses();
        return d;
    }

    /** Regions of a class predictor (any number of classes), data on top. */
    public static DecisionBoundary multiclass(Classifier classifier, double[][] points, int[] labels) {
        if (classifier == null) {
            throw new IllegalArgumentException("classifier is null");
        }
        return new DecisionBoundary(null, classifier, null, points, labels);
    }

    private void requireAtMostTwoClasses() {
        if (classes.length > 2) {
            throw new IllegalArgumentException("a score function separates two classes but the "
                    + "labels have " + classes.length + " (" + Arrays.toString(classes)
                    + "); use DecisionBoundary.multiclass for more");
        }
    }

    /** The score at the boundary (0 for logits and margins, 0.5 for probabilities). */
    public DecisionBoundary threshold(double threshold) {
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException("threshold must be finite, got " + threshold);
        }
        this.threshold = threshold;
        return this;
    }

    /** Shade the regions by score (stronger further from the boundary) with a colour bar. */
    public DecisionBoundary confidence(boolean confidence) {
        this.confidence = confidence;
        return this;
    }

    /** Padding around the data as a fraction of its extent (default 0.1). */
    public DecisionBoundary margin(double margin) {
        if (!(margin >= 0) || Double.isInfinite(margin)) {
            throw new IllegalArgumentException("margin must be >= 0, got " + margin);
        }
        this.margin = margin;
        return this;
    }

    /** An explicit view box instead of the padded data box. */
    public DecisionBoundary range(double xMin, double xMax, double yMin, double yMax) {
        Checks.range("x", xMin, xMax);
        Checks.range("y", yMin, yMax);
        this.range = new double[] {xMin, xMax, yMin, yMax};
        return this;
    }

    /** Grid points per side at which the model is evaluated (default 200). */
    public DecisionBoundary resolution(int pointsPerSide) {
        if (pointsPerSide < 2 || pointsPerSide > 2000) {
            throw new IllegalArgumentException("resolution must be in 2..2000, got " + pointsPerSide);
        }
        this.resolution = pointsPerSide;
        return this;
    }

    /** Chart title; simple TeX allowed. */
    public DecisionBoundary title(String title) {
        this.title = title;
        return this;
    }

    /** x-axis label (default x₁); simple TeX allowed. */
    public DecisionBoundary xLabel(String label) {
        this.xLabel = label;
        return this;
    }

    /** y-axis label (default x₂); simple TeX allowed. */
    public DecisionBoundary yLabel(String label) {
        this.yLabel = label;
        return this;
    }

    /** Chart size in pixels (default 640 × 440). */
    public DecisionBoundary size(int width, int height) {
        Checks.size(width, height);
        this.width = width;
        this.height = height;
        return this;
    }

    /** Evaluates the model on the grid and builds the chart. */
    public ContourChart build() {
        double[] view = range != null ? range : paddedBox();
        int nx = resolution;
        int ny = Math.max(2, (int) Math.round(resolution * (view[3] - view[2]) / (view[1] - view[0])));
        ny = Math.min(ny, 2000);
        ContourChart.Builder builder;
        List<double[]> boundaryPieces = new ArrayList<>();
        if (classifier != null) {
            Grid grid = Grid.sample(
                    (x, y) -> classIndex(classifier.predict(x, y)), view[0], view[1], nx, view[2], view[3], ny);
            double[] levels = new double[Math.max(1, classes.length - 1)];
            Color[] colors = new Color[levels.length + 1];
            String[] names = new String[levels.length + 1];
            for (int k = 0; k < colors.length; k++) {
                if (k < levels.length) {
                    levels[k] = k + 0.5;
                }
                colors[k] = Theme.tint(Theme.color(k), 0.3);
                names[k] = k < classes.length ? "class " + classes[k] : "";
            }
            builder = Plots.contour(grid)
                    .levels(levels)
                    .bandColors(colors)
                    .categorical(true)
                    .bandNames(names)
                    .lines(false)
                    .colorBar(false);
            for (double level : levels) {
                for (ContourLines.Polyline p : ContourLines.trace(grid, level)) {
                    // Class indices are steps, so their iso-lines are staircases: smooth them.
                    boundaryPieces.add(smooth(interleave(p.xs(), p.ys()), p.closed(), 4));
                }
            }
        } else {
            Grid grid = Grid.sample(score, view[0], view[1], nx, view[2], view[3], ny);
            Color below = Theme.color(0);
            Color above = Theme.color(classes.length > 1 ? 1 : 0);
            double[] levels;
            Color[] colors;
            if (confidence && Double.isFinite(grid.zMin()) && grid.zMax() > grid.zMin()) {
                TreeSet<Double> chosen = new TreeSet<>();
                for (double level : ContourLines.niceLevels(grid.zMin(), grid.zMax(), 8)) {
                    chosen.add(level);
                }
                chosen.add(threshold);
                levels = chosen.stream().mapToDouble(Double::doubleValue).toArray();
                colors = new Color[levels.length + 1];
                int at = Arrays.binarySearch(levels, threshold);
                for (int k = 0; k < colors.length; k++) {
                    // Bands further from the threshold are more saturated.
                    if (k <= at) {
                        colors[k] = Theme.tint(below, 0.12 + 0.36 * (at - k) / Math.max(1, at));
                    } else {
                        int beyond = levels.length - at - 1;
                        colors[k] = Theme.tint(above, 0.12 + 0.36 * (k - at - 1) / Math.max(1, beyond));
                    }
                }
            } else {
                levels = new double[] {threshold};
                colors = new Color[] {Theme.tint(below, 0.25), Theme.tint(above, 0.25)};
            }
            builder = Plots.contour(grid)
                    .levels(levels)
                    .bandColors(colors)
                    .lines(false)
                    .colorBar(confidence)
                    .colorBarLabel(confidence ? "score" : null);
            if (linear != null) {
                double[] seg = clipLine(linear[0], linear[1], linear[2], view[0], view[1], view[2], view[3]);
                if (seg != null) {
                    boundaryPieces.add(seg);
                }
            } else {
                for (ContourLines.Polyline p : ContourLines.trace(grid, threshold)) {
                    boundaryPieces.add(interleave(p.xs(), p.ys()));
                }
            }
        }
        builder.title(title).xLabel(xLabel).yLabel(yLabel).size(width, height).arrows(false);
        ContourChart chart = builder.build();
        addBoundary(chart, boundaryPieces);
        for (int c = 0; c < classes.length; c++) {
            int count = 0;
            for (int label : labels) {
                count += label == classes[c] ? 1 : 0;
            }
            double[] xs = new double[count];
            double[] ys = new double[count];
            int at = 0;
            for (int k = 0; k < labels.length; k++) {
                if (labels[k] == classes[c]) {
                    xs[at] = points[k][0];
                    ys[at] = points[k][1];
                    at++;
                }
            }
            XYSeries series = chart.addSeries("class " + classes[c], xs, ys);
            series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            series.setMarker(Theme.marker(c));
            series.setMarkerColor(Theme.color(c));
        }
        chart.getStyler().setLegendVisible(true);
        chart.getStyler().setMarkerSize(6);
        return chart;
    }

    private void addBoundary(ContourChart chart, List<double[]> pieces) {
        if (pieces.isEmpty()) {
            return;
        }
        int total = pieces.stream().mapToInt(p -> p.length / 2 + 1).sum() - 1;
        double[] xs = new double[total];
        double[] ys = new double[total];
        int at = 0;
        for (double[] piece : pieces) {
            if (at > 0) {
                xs[at] = Double.NaN;
                ys[at] = Double.NaN;
                at++;
            }
            for (int k = 0; k < piece.length / 2; k++) {
                xs[at] = piece[2 * k];
                ys[at] = piece[2 * k + 1];
                at++;
            }
        }
        XYSeries line = chart.addSeries("boundary", xs, ys);
        line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        line.setMarker(SeriesMarkers.NONE);
        line.setLineColor(new Color(0x333333));
        line.setLineWidth(2f);
    }

    /** A moving average over 2·half + 1 points; open ends stay where they are. */
    static double[] smooth(double[] xy, boolean closed, int half) {
        int n = xy.length / 2;
        if (n < 3) {
            return xy;
        }
        int distinct = closed ? n - 1 : n;
        double[] out = new double[xy.length];
        for (int k = 0; k < n; k++) {
            if (!closed && (k == 0 || k == n - 1)) {
                out[2 * k] = xy[2 * k];
                out[2 * k + 1] = xy[2 * k + 1];
                continue;
            }
            int reach = closed ? half : Math.min(half, Math.min(k, n - 1 - k));
            double sx = 0;
            double sy = 0;
            for (int d = -reach; d <= reach; d++) {
                int at = closed ? Math.floorMod(k + d, distinct) : k + d;
                sx += xy[2 * at];
                sy += xy[2 * at + 1];
            }
            out[2 * k] = sx / (2 * reach + 1);
            out[2 * k + 1] = sy / (2 * reach + 1);
        }
        if (closed) {
            out[2 * (n - 1)] = out[0];
            out[2 * (n - 1) + 1] = out[1];
        }
        return out;
    }

    private static double[] interleave(double[] xs, double[] ys) {
        double[] out = new double[xs.length * 2];
        for (int k = 0; k < xs.length; k++) {
            out[2 * k] = xs[k];
            out[2 * k + 1] = ys[k];
        }
        return out;
    }

    private double classIndex(int label) {
        int at = Arrays.binarySearch(classes, label);
        // A predicted label never seen in the data still gets a region, after the known ones.
        return at >= 0 ? at : classes.length;
    }

    private double[] paddedBox() {
        double xMin = Double.POSITIVE_INFINITY;
        double xMax = Double.NEGATIVE_INFINITY;
        double yMin = Double.POSITIVE_INFINITY;
        double yMax = Double.NEGATIVE_INFINITY;
        for (double[] p : points) {
            xMin = Math.min(xMin, p[0]);
            xMax = Math.max(xMax, p[0]);
            yMin = Math.min(yMin, p[1]);
            yMax = Math.max(yMax, p[1]);
        }
        double padX = Math.max((xMax - xMin) * margin, 1e-3);
        double padY = Math.max((yMax - yMin) * margin, 1e-3);
        return new double[] {xMin - padX, xMax + padX, yMin - padY, yMax + padY};
    }

    /**
     * The part of the line w0·x + w1·y + b = 0 inside the box, as {x1, y1, x2, y2}, or null when
     * the line misses the box (or w0 = w1 = 0, which is no line at all).
     */
    public static double[] clipLine(
            double w0, double w1, double b, double xMin, double xMax, double yMin, double yMax) {
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
}

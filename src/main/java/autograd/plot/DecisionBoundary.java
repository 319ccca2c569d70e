package autograd.plot;

import autograd.data.Dataset;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.function.DoubleBinaryOperator;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A classifier's decision regions with its data on top. Three kinds of model:
 * <ul>
 *   <li>{@link #of}: a score function (logit, margin, probability with {@code threshold(0.5)});
 *       the regions below and above the threshold take light tints of the two class colours and
 *       the boundary is the score's iso-line at the threshold;</li>
 *   <li>{@link #linear}: the straight line w0·x + w1·y + b = 0 clipped to the view;</li>
 *   <li>{@link #multiclass}: a predicted class per point, for three or more classes.</li>
 * </ul>
 * With two classes the smaller label is the class of scores below the threshold. The data come
 * as n × 2 points with int labels, or as a {@link Dataset} of two features and whole-number labels.
 * Title, labels (default x₁, x₂), size, ranges (default: the data padded by {@link #margin}) and
 * aspect come from {@link ChartOptions}.
 *
 * <pre>{@code
 * jshell> double[][] points = {{-1, -1}, {-2, 0}, {1, 1}, {2, 0}};
 * jshell> int[] labels = {0, 0, 1, 1};
 * jshell> ContourChart c = Plots.decisionBoundary((x, y) -> x + y, points, labels).confidence(true).build();
 * }</pre>
 */
public final class DecisionBoundary extends ChartOptions<DecisionBoundary, ContourChart> {

    /** A classifier that predicts a class label at a point. */
    @FunctionalInterface
    public interface Classifier {
        int predict(double x, double y);
    }

    private final Model model;
    private final LabelledPoints data;
    private double threshold;
    private boolean confidence;
    private double margin = 0.1;
    private int resolution = 200;

    private DecisionBoundary(Model model, LabelledPoints data) {
        super("x₁", "x₂");
        if (data.size() == 0) {
            throw new IllegalArgumentException("decision boundary needs at least one data point");
        }
        if (!(model instanceof Classes) && data.classes().length > 2) {
            throw new IllegalArgumentException("a score function separates two classes but the labels have "
                    + data.classes().length + " (" + Arrays.toString(data.classes())
                    + "); use DecisionBoundary.multiclass for more");
        }
        this.model = model;
        this.data = data;
    }

    /** Regions of {@code score} below/above the threshold (default 0), data on top. */
    public static DecisionBoundary of(DoubleBinaryOperator score, double[][] points, int[] labels) {
        return new DecisionBoundary(Score.of(score), LabelledPoints.of("decision boundary data", points, labels));
    }

    /** Regions of {@code score} over a dataset of two features and whole-number labels. */
    public static DecisionBoundary of(DoubleBinaryOperator score, Dataset data) {
        return new DecisionBoundary(Score.of(score), LabelledPoints.of("decision boundary data", data));
    }

    /** The linear model w0·x + w1·y + b: half-planes and the exact boundary line. */
    public static DecisionBoundary linear(double w0, double w1, double b, double[][] points, int[] labels) {
        return new DecisionBoundary(Line.of(w0, w1, b), LabelledPoints.of("decision boundary data", points, labels));
    }

    /** The linear model w0·x + w1·y + b over a dataset. */
    public static DecisionBoundary linear(double w0, double w1, double b, Dataset data) {
        return new DecisionBoundary(Line.of(w0, w1, b), LabelledPoints.of("decision boundary data", data));
    }

    /** Regions of a class predictor (any number of classes), data on top. */
    public static DecisionBoundary multiclass(Classifier classifier, double[][] points, int[] labels) {
        return new DecisionBoundary(
                Classes.of(classifier), LabelledPoints.of("decision boundary data", points, labels));
    }

    /** Regions of a class predictor over a dataset. */
    public static DecisionBoundary multiclass(Classifier classifier, Dataset data) {
        return new DecisionBoundary(Classes.of(classifier), LabelledPoints.of("decision boundary data", data));
    }

    /** The score at the boundary (0 for logits and margins, 0.5 for probabilities). */
    public DecisionBoundary threshold(double threshold) {
        requireScore("threshold");
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException("threshold must be finite, got " + threshold);
        }
        this.threshold = threshold;
        return this;
    }

    /** Shade the regions by score (stronger further from the boundary) with a colour bar. */
    public DecisionBoundary confidence(boolean confidence) {
        requireScore("confidence");
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

    /** Grid points per side at which the model is evaluated (default 200). */
    public DecisionBoundary resolution(int pointsPerSide) {
        if (pointsPerSide < 2 || pointsPerSide > 2000) {
            throw new IllegalArgumentException("resolution must be in 2..2000, got " + pointsPerSide);
        }
        this.resolution = pointsPerSide;
        return this;
    }

    private void requireScore(String option) {
        if (model instanceof Classes) {
            throw new IllegalArgumentException(
                    option + " applies to a score; a multiclass boundary shows predicted classes, which have none");
        }
    }

    /** Evaluates the model on the grid and builds the chart. */
    @Override
    public ContourChart build() {
        double[] view = view();
        int ny = (int) Math.round(resolution * (view[3] - view[2]) / (view[1] - view[0]));
        Grid grid = Grid.sample(
                model.sampled(data), view[0], view[1], resolution, view[2], view[3], Math.max(2, Math.min(ny, 2000)));
        ContourChart chart = copyTo(model.regions(this, grid)).arrows(false).build();
        addBoundary(chart, model.boundary(this, grid, view));
        int[] classes = data.classes();
        for (int c = 0; c < classes.length; c++) {
            double[][] xy = data.ofClass(c);
            XYSeries series = chart.addSeries("class " + classes[c], xy[0], xy[1]);
            series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            series.setMarker(Theme.marker(c));
            series.setMarkerColor(Theme.color(c));
        }
        chart.getStyler().setLegendVisible(true);
        chart.getStyler().setMarkerSize(6);
        return chart;
    }

    /** [xMin, xMax, yMin, yMax]: the explicit ranges, else the data box padded by the margin. */
    private double[] view() {
        double[] box = data.box();
        double padX = Math.max((box[1] - box[0]) * margin, 1e-3);
        double padY = Math.max((box[3] - box[2]) * margin, 1e-3);
        return new double[] {
            xRange != null ? xRange[0] : box[0] - padX,
            xRange != null ? xRange[1] : box[1] + padX,
            yRange != null ? yRange[0] : box[2] - padY,
            yRange != null ? yRange[1] : box[3] + padY
        };
    }

    private static void addBoundary(ContourChart chart, List<double[][]> pieces) {
        double[][] joined = Geometry.joined(pieces);
        if (joined == null) {
            return;
        }
        XYSeries line = chart.addSeries("boundary", joined[0], joined[1]);
        line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        line.setMarker(SeriesMarkers.NONE);
        line.setLineColor(new Color(0x333333));
        line.setLineWidth(2f);
    }

    /** What the regions come from: a score, a line, or a class predictor. */
    private sealed interface Model permits Score, Line, Classes {

        /** The function sampled on the grid. */
        DoubleBinaryOperator sampled(LabelledPoints data);

        /** The filled regions over the sampled grid, as a contour builder with no options yet. */
        ContourChart.Builder regions(DecisionBoundary options, Grid grid);

        /** The boundary's pieces as polylines {xs, ys}. */
        List<double[][]> boundary(DecisionBoundary options, Grid grid, double[] view);
    }

    /** A score, shaded below and above the threshold; the boundary is its iso-line there. */
    private record Score(DoubleBinaryOperator f) implements Model {

        static Score of(DoubleBinaryOperator f) {
            if (f == null) {
                throw new IllegalArgumentException("score function is null");
            }
            return new Score(f);
        }

        @Override
        public DoubleBinaryOperator sampled(LabelledPoints data) {
            return f;
        }

        @Override
        public ContourChart.Builder regions(DecisionBoundary options, Grid grid) {
            if (!grid.hasNumber()) {
                // NOTE: a score that is NaN everywhere would draw the data on a blank plane, silently.
                throw new IllegalArgumentException("the score is NaN at all " + grid.nx() + " x " + grid.ny()
                        + " grid points over [" + grid.xMin() + ", " + grid.xMax() + "] x [" + grid.yMin() + ", "
                        + grid.yMax() + "]: nothing to draw (did training diverge?)");
            }
            int classes = options.data.classes().length;
            Color below = Theme.color(0);
            Color above = Theme.color(classes > 1 ? 1 : 0);
            double t = options.threshold;
            if (!options.confidence || !Double.isFinite(grid.zMin()) || !(grid.zMax() > grid.zMin())) {
                return new ContourChart.Builder(grid)
                        .levels(t)
                        .bandColors(Theme.tint(below, 0.25), Theme.tint(above, 0.25))
                        .lines(false)
                        .colorBar(options.confidence)
                        .colorBarLabel(options.confidence ? "score" : null);
            }
            TreeSet<Double> chosen = new TreeSet<>();
            for (double level : ContourLines.niceLevels(grid.zMin(), grid.zMax(), 8)) {
                chosen.add(level);
            }
            chosen.add(t);
            double[] levels = chosen.stream().mapToDouble(Double::doubleValue).toArray();
            Color[] colors = new Color[levels.length + 1];
            int at = Arrays.binarySearch(levels, t);
            int beyond = levels.length - at - 1;
            for (int k = 0; k < colors.length; k++) {
                // Bands further from the threshold are more saturated.
                colors[k] = k <= at
                        ? Theme.tint(below, 0.12 + 0.36 * (at - k) / Math.max(1, at))
                        : Theme.tint(above, 0.12 + 0.36 * (k - at - 1) / Math.max(1, beyond));
            }
            return new ContourChart.Builder(grid)
                    .levels(levels)
                    .bandColors(colors)
                    .lines(false)
                    .colorBar(true)
                    .colorBarLabel("score");
        }

        @Override
        public List<double[][]> boundary(DecisionBoundary options, Grid grid, double[] view) {
            List<double[][]> pieces = new ArrayList<>();
            for (ContourLines.Polyline p : ContourLines.trace(grid, options.threshold)) {
                pieces.add(new double[][] {p.xs(), p.ys()});
            }
            return pieces;
        }
    }

    /** The score w0·x + w1·y + b, whose boundary is drawn as the exact line. */
    private record Line(double w0, double w1, double b) implements Model {

        static Line of(double w0, double w1, double b) {
            Checks.line("linear boundary", w0, w1, b);
            return new Line(w0, w1, b);
        }

        @Override
        public DoubleBinaryOperator sampled(LabelledPoints data) {
            return (x, y) -> w0 * x + w1 * y + b;
        }

        @Override
        public ContourChart.Builder regions(DecisionBoundary options, Grid grid) {
            return new Score(sampled(options.data)).regions(options, grid);
        }

        @Override
        public List<double[][]> boundary(DecisionBoundary options, Grid grid, double[] view) {
            double[] s = Geometry.clipLine(w0, w1, b, view[0], view[1], view[2], view[3]);
            return s == null ? List.of() : List.<double[][]>of(new double[][] {{s[0], s[2]}, {s[1], s[3]}});
        }
    }

    /** A class per point: each class's region in a tint of its colour. */
    private record Classes(Classifier classifier) implements Model {

        static Classes of(Classifier classifier) {
            if (classifier == null) {
                throw new IllegalArgumentException("classifier is null");
            }
            return new Classes(classifier);
        }

        @Override
        public DoubleBinaryOperator sampled(LabelledPoints data) {
            return (x, y) -> data.classIndex(classifier.predict(x, y));
        }

        @Override
        public ContourChart.Builder regions(DecisionBoundary options, Grid grid) {
            int[] classes = options.data.classes();
            double[] levels = levels(classes.length);
            Color[] colors = new Color[levels.length + 1];
            String[] names = new String[levels.length + 1];
            for (int k = 0; k < colors.length; k++) {
                colors[k] = Theme.tint(Theme.color(k), 0.3);
                names[k] = k < classes.length ? "class " + classes[k] : "";
            }
            return new ContourChart.Builder(grid)
                    .levels(levels)
                    .bandColors(colors)
                    .categorical(true)
                    .bandNames(names)
                    .lines(false)
                    .colorBar(false);
        }

        @Override
        public List<double[][]> boundary(DecisionBoundary options, Grid grid, double[] view) {
            List<double[][]> pieces = new ArrayList<>();
            for (double level : levels(options.data.classes().length)) {
                for (ContourLines.Polyline p : ContourLines.trace(grid, level)) {
                    // Class indices are steps, so their iso-lines are staircases: smooth them.
                    pieces.add(Geometry.smooth(new double[][] {p.xs(), p.ys()}, p.closed(), 4));
                }
            }
            return pieces;
        }

        /** Levels halfway between consecutive class indices 0, 1, 2, ... */
        private static double[] levels(int classCount) {
            double[] levels = new double[Math.max(1, classCount - 1)];
            for (int k = 0; k < levels.length; k++) {
                levels[k] = k + 0.5;
            }
            return levels;
        }
    }
}

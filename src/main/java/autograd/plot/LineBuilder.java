package autograd.plot;

import autograd.data.Dataset;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Options for line and scatter plots: {@code Plots.lines().title("Loss").logY()
 * .series("GD", gd).series("Adam", adam).build()}. Series names and labels accept simple TeX;
 * title, labels, size, ranges and aspect come from {@link ChartOptions}.
 *
 * <pre>{@code
 * jshell> XYChart c = Plots.lines().logY().series("GD", new double[] {1, 0.1, 0.01}).series("Adam", new double[] {1, 0.01, 1e-4}).build();
 * jshell> c.getSeriesCollection().size()
 * $2 ==> 2
 * }</pre>
 */
public final class LineBuilder extends ChartOptions<LineBuilder, XYChart> {

    private boolean logX;
    private boolean logY;
    private Boolean legend;
    private boolean markers;
    private final List<Series> series = new ArrayList<>();

    private enum Kind {
        LINE,
        SCATTER,
        CLASS,
        BOUNDARY
    }

    /** One thing to draw: points for LINE/SCATTER/CLASS, the line's (w0, w1, b) for BOUNDARY. */
    private record Series(Kind kind, String name, double[] xs, double[] ys, double[] line) {}

    LineBuilder() {
        super(null, null);
    }

    /** Logarithmic x axis (all x values must be positive). */
    public LineBuilder logX() {
        this.logX = true;
        return this;
    }

    /** Logarithmic y axis, labelled 10⁻³, 10⁻², ... (all y values must be positive). */
    public LineBuilder logY() {
        this.logY = true;
        return this;
    }

    /** Show the legend (default: when there is more than one series). */
    public LineBuilder legend(boolean visible) {
        this.legend = visible;
        return this;
    }

    /** Markers on line series too (default off: lines only). */
    public LineBuilder markers(boolean markers) {
        this.markers = markers;
        return this;
    }

    /** A history: {@code ys} against 0, 1, 2, ... */
    public LineBuilder series(String name, double[] ys) {
        Checks.name(name);
        if (ys == null) {
            throw new IllegalArgumentException("series '" + name + "': ys is null");
        }
        double[] xs = new double[ys.length];
        for (int k = 0; k < xs.length; k++) {
            xs[k] = k;
        }
        return series(name, xs, ys);
    }

    /** A line through (xs[k], ys[k]) in order; one legend entry. */
    public LineBuilder series(String name, double[] xs, double[] ys) {
        return add(Kind.LINE, name, xs, ys);
    }

    /** A history given as a list (e.g. collected during training); null elements are rejected. */
    public LineBuilder series(String name, List<? extends Number> ys) {
        return series(name, Checks.values(name, ys));
    }

    /** Markers at (xs[k], ys[k]); one legend entry. */
    public LineBuilder scatter(String name, double[] xs, double[] ys) {
        return add(Kind.SCATTER, name, xs, ys);
    }

    /** One scatter series per class of a labelled dataset (n × 2 points), named "class 0", ... */
    public LineBuilder classes(double[][] points, int[] labels) {
        return classes(LabelledPoints.of("classes", points, labels));
    }

    /** One scatter series per class of a dataset of two features and whole-number labels. */
    public LineBuilder classes(Dataset data) {
        return classes(LabelledPoints.of("classes", data));
    }

    private LineBuilder classes(LabelledPoints points) {
        int[] classes = points.classes();
        for (int c = 0; c < classes.length; c++) {
            double[][] xy = points.ofClass(c);
            add(Kind.CLASS, "class " + classes[c], xy[0], xy[1]);
        }
        return this;
    }

    /** A straight line w0·x + w1·y + b = 0 across the view (e.g. a perceptron's boundary). */
    public LineBuilder boundary(String name, double w0, double w1, double b) {
        Checks.name(name);
        Checks.line("boundary '" + name + "'", w0, w1, b);
        return add(new Series(Kind.BOUNDARY, name, null, null, new double[] {w0, w1, b}));
    }

    private LineBuilder add(Kind kind, String name, double[] xs, double[] ys) {
        Checks.series(name, xs, ys);
        return add(new Series(kind, name, xs.clone(), ys.clone(), null));
    }

    private LineBuilder add(Series s) {
        if (series.stream().anyMatch(other -> other.name().equals(s.name()))) {
            throw new IllegalArgumentException(
                    "series '" + s.name() + "' is already on this chart; give each series its own name");
        }
        series.add(s);
        return this;
    }

    /** Builds the chart; fails if no series was added or data do not fit a log axis. */
    @Override
    public XYChart build() {
        if (series.isEmpty()) {
            throw new IllegalStateException("no series to plot; add one with series(...)");
        }
        XYChart chart = new XYChart(width, height);
        style(chart);
        chart.getStyler().setXAxisLogarithmic(logX);
        chart.getStyler().setYAxisLogarithmic(logY);
        if (logX) {
            chart.getStyler().setXAxisLogarithmicDecadeOnly(true);
            chart.getStyler().setXAxisTickLabelsFormattingFunction(TickLabels::log);
        }
        if (logY) {
            chart.getStyler().setYAxisLogarithmicDecadeOnly(true);
            chart.getStyler().setYAxisTickLabelsFormattingFunction(TickLabels::log);
        }
        boolean boundaries = series.stream().anyMatch(s -> s.kind() == Kind.BOUNDARY);
        long pointSeries =
                series.stream().filter(s -> s.kind() != Kind.BOUNDARY).count();
        chart.getStyler().setLegendVisible(legend != null ? legend : pointSeries > 1 || boundaries);
        double[] box = dataBox();
        applyRange(chart, box);
        int index = 0;
        for (Series s : series) {
            // Generated class names stay as the labels are spelled ("class -1").
            String name = s.kind() == Kind.CLASS ? s.name() : TexLabels.toUnicode(s.name());
            if (s.kind() == Kind.BOUNDARY) {
                addBoundary(chart, name, s.line(), viewBox(chart, box));
                continue;
            }
            if (logX) {
                Checks.positive(name, "x", s.xs());
            }
            if (logY) {
                Checks.positive(name, "y", s.ys());
            }
            XYSeries xy = chart.addSeries(name, s.xs(), s.ys());
            xy.setLineColor(Theme.color(index));
            xy.setMarkerColor(Theme.color(index));
            if (s.kind() == Kind.SCATTER || s.kind() == Kind.CLASS) {
                xy.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                xy.setMarker(Theme.marker(index));
            } else {
                xy.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                xy.setMarker(markers ? Theme.marker(index) : SeriesMarkers.NONE);
            }
            index++;
        }
        avoidDataPointTicks(chart);
        return chart;
    }

    private static void addBoundary(XYChart chart, String name, double[] w, double[] view) {
        double[] segment = Geometry.clipLine(w[0], w[1], w[2], view[0], view[1], view[2], view[3]);
        if (segment == null) {
            return;
        }
        XYSeries line =
                chart.addSeries(name, new double[] {segment[0], segment[2]}, new double[] {segment[1], segment[3]});
        line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        line.setMarker(SeriesMarkers.NONE);
        line.setLineColor(Color.DARK_GRAY);
        line.setLineWidth(2f);
    }

    /**
     * XChart puts ticks on data points when all values on an axis are equally spaced, which for
     * a 200-step history gives ticks at 0, 9, 18, ... A hidden one-point series breaks the
     * spacing, so the axis gets round ticks (0, 50, 100, ...) instead.
     */
    private static void avoidDataPointTicks(XYChart chart) {
        TreeSet<Double> xs = new TreeSet<>();
        TreeSet<Double> ys = new TreeSet<>();
        for (XYSeries s : chart.getSeriesCollection()) {
            Arrays.stream(s.getXData()).forEach(xs::add);
            Arrays.stream(s.getYData()).forEach(ys::add);
        }
        if (xs.size() < 2 || ys.size() < 2 || (xs.size() <= 20 && ys.size() <= 20)) {
            return;
        }
        // Midpoints of the two smallest values break equal spacing on both axes and stay
        // inside the data range (and positive on log axes).
        double x = (xs.first() + xs.higher(xs.first())) / 2;
        double y = (ys.first() + ys.higher(ys.first())) / 2;
        XYSeries hidden = chart.addSeries(" tick spacing", new double[] {x}, new double[] {y});
        hidden.setShowInLegend(false);
        hidden.setEnabled(false);
    }

    /** [xMin, xMax, yMin, yMax] of the data, or null when there is none. */
    private double[] dataBox() {
        double[] box = null;
        for (Series s : series) {
            if (s.kind() == Kind.BOUNDARY) {
                continue;
            }
            for (int k = 0; k < s.xs().length; k++) {
                box = box == null ? new double[] {s.xs()[k], s.xs()[k], s.ys()[k], s.ys()[k]} : box;
                box[0] = Math.min(box[0], s.xs()[k]);
                box[1] = Math.max(box[1], s.xs()[k]);
                box[2] = Math.min(box[2], s.ys()[k]);
                box[3] = Math.max(box[3], s.ys()[k]);
            }
        }
        return box;
    }

    /** Axis ranges: explicit ones, else equal aspect around the data, else XChart's fit (widened if singular). */
    private void applyRange(XYChart chart, double[] box) {
        double[] x = xRange;
        double[] y = yRange;
        if (box != null) {
            // NOTE: XChart's tick search never ends on a span of a few ulps (values like 1e20 and
            // 1e20 + 16384); such an axis is widened by 5% of its magnitude, as matplotlib does.
            double[][] fitted = equalAspect
                    ? equalAspect(box)
                    : new double[][] {nonsingular(box[0], box[1]), nonsingular(box[2], box[3])};
            x = x != null ? x : fitted[0];
            y = y != null ? y : fitted[1];
        }
        var styler = chart.getStyler();
        if (x != null) {
            styler.setXAxisMin(x[0]);
            styler.setXAxisMax(x[1]);
        }
        if (y != null) {
            styler.setYAxisMin(y[0]);
            styler.setYAxisMax(y[1]);
        }
    }

    /** {x range, y range} around the data with one unit as long on both axes, and a little room. */
    private double[][] equalAspect(double[] box) {
        double cx = (box[0] + box[1]) / 2;
        double cy = (box[2] + box[3]) / 2;
        double plotAspect = (double) (width - 90) / (height - 80);
        double halfX = Math.max((box[1] - box[0]) / 2, (box[3] - box[2]) / 2 * plotAspect);
        double halfY = halfX / plotAspect;
        halfX *= 1.08;
        halfY *= 1.08;
        return new double[][] {{cx - halfX, cx + halfX}, {cy - halfY, cy + halfY}};
    }

    /** A widened [min, max] when the span is too narrow for its magnitude, else null (fit the data). */
    static double[] nonsingular(double min, double max) {
        double magnitude = Math.max(Math.abs(min), Math.abs(max));
        if (max == min || max - min > Checks.RELATIVE_RESOLUTION * magnitude) {
            return null;
        }
        return new double[] {min - 0.05 * Math.abs(min), max + 0.05 * Math.abs(max)};
    }

    /** The visible box for clipping boundary lines: explicit ranges, else the data padded. */
    private static double[] viewBox(XYChart chart, double[] box) {
        var styler = chart.getStyler();
        double[] data = box != null ? box : new double[] {-1, 1, -1, 1};
        double padX = (data[1] - data[0]) * 0.05 + 1e-9;
        double padY = (data[3] - data[2]) * 0.05 + 1e-9;
        return new double[] {
            styler.getXAxisMin() != null ? styler.getXAxisMin() : data[0] - padX,
            styler.getXAxisMax() != null ? styler.getXAxisMax() : data[1] + padX,
            styler.getYAxisMin() != null ? styler.getYAxisMin() : data[2] - padY,
            styler.getYAxisMax() != null ? styler.getYAxisMax() : data[3] + padY
        };
    }
}

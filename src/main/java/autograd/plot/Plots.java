package autograd.plot;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.DoubleBinaryOperator;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * One-liners for the pictures the demos draw. Every chart comes back as an XChart
 * {@link XYChart} (which the notebook shows inline) or as a {@link Displayable}; options go through
 * builders. Labels accept simple TeX ({@code x_i}, {@code \theta_1}, {@code x^2}), shown as Unicode.
 *
 * <pre>{@code
 * jshell> double[] gd = {1, 0.6, 0.36, 0.216}, adam = {1, 0.9, 0.5, 0.1};
 * jshell> var loss = Plots.line(gd);                                     // one history
 * jshell> var runs = Plots.lines().logY().yLabel("|x_i - x^*|").series("GD", gd).series("Adam", adam).build();
 * jshell> var bowl = Plots.contour((x, y) -> x * x + 3 * y * y, -2, 2, -2, 2).levels(12).build();
 * jshell> Plots.save(bowl, "bowl.png")
 * $6 ==> bowl.png
 * }</pre>
 */
public final class Plots {

    private Plots() {}

    // ----------------------------------------------------------------------------- line plots

    /** A line of {@code ys} against their index 0, 1, 2, ...: a loss history, say. */
    public static XYChart line(double[] ys) {
        return lines().series("y", ys).legend(false).build();
    }

    /** A line of {@code ys} against {@code xs}. */
    public static XYChart line(double[] xs, double[] ys) {
        return lines().series("y", xs, ys).legend(false).build();
    }

    /** A scatter plot of points (xs[k], ys[k]). */
    public static XYChart scatter(double[] xs, double[] ys) {
        return lines().scatter("points", xs, ys).legend(false).build();
    }

    /** A builder for line and scatter plots with several series, log axes, labels. */
    public static LineBuilder lines() {
        return new LineBuilder();
    }

    /**
     * A labelled dataset: one scatter series per class (in the order of the sorted distinct
     * labels), coloured with the shared colour-blind-safe palette.
     */
    public static XYChart classes(double[][] points, int[] labels) {
        return lines().classes(points, labels).build();
    }

    // ----------------------------------------------------------------------------- contours

    /** Contours of a sampled function: continue with levels, trajectories, ... then build(). */
    public static ContourChart.Builder contour(Grid grid) {
        return new ContourChart.Builder(grid);
    }

    /** Contours of {@code f} over a box, sampled on a grid of about 200 points per side. */
    public static ContourChart.Builder contour(
            DoubleBinaryOperator f, double xMin, double xMax, double yMin, double yMax) {
        double span = Math.max(xMax - xMin, yMax - yMin);
        int nx = Math.max(2, (int) Math.round(200 * (xMax - xMin) / span) + 1);
        int ny = Math.max(2, (int) Math.round(200 * (yMax - yMin) / span) + 1);
        return new ContourChart.Builder(Grid.sample(f, xMin, xMax, nx, yMin, yMax, ny));
    }

    // ----------------------------------------------------------------------------- classifiers

    /**
     * A classifier's score over the data's bounding box as filled regions (score below/above the
     * threshold, 0 by default), the boundary line, and the data on top.
     */
    public static DecisionBoundary decisionBoundary(DoubleBinaryOperator score, double[][] points, int[] labels) {
        return DecisionBoundary.of(score, points, labels);
    }

    /** The straight boundary w0·x + w1·y + b = 0 of a linear model over its data. */
    public static DecisionBoundary linearBoundary(double w0, double w1, double b, double[][] points, int[] labels) {
        return DecisionBoundary.linear(w0, w1, b, points, labels);
    }

    // ----------------------------------------------------------------------------- other pictures

    /** A grid of charts composed into one image ({@code rows} × {@code cols}, filled row by row). */
    public static Figure figure(int rows, int cols, Chart<?, ?>... charts) {
        return Figure.grid(rows, cols).add(charts).build();
    }

    /** The computation graph of a scalar {@link autograd.Value}, as SVG (micrograd's draw_dot). */
    public static GraphView graph(autograd.Value root) {
        return GraphView.of(root);
    }

    /** The computation graph of a tensor {@link autograd.Variable}, as SVG. */
    public static GraphView graph(autograd.Variable root) {
        return GraphView.of(root);
    }

    /** A builder for looping GIF animations. */
    public static Animation.Builder animation() {
        return Animation.builder();
    }

    // ----------------------------------------------------------------------------- output

    /** Renders {@code chart} at its own size (headless is fine). */
    public static BufferedImage toImage(Chart<?, ?> chart) {
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** The chart as PNG bytes. */
    public static byte[] png(Chart<?, ?> chart) {
        return png(toImage(chart));
    }

    static byte[] png(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode PNG", e);
        }
    }

    /** Writes the chart as a PNG file, creating parent directories. */
    public static Path save(Chart<?, ?> chart, String path) {
        return write(Path.of(path), png(chart));
    }

    /**
     * Writes a Displayable to a file in its preferred binary format (PNG, GIF) or as text (SVG).
     * The extension of {@code path} is kept as given.
     */
    public static Path save(Displayable picture, String path) {
        Map.Entry<String, String> first =
                picture.mimeBundle().entrySet().iterator().next();
        byte[] bytes = first.getKey().startsWith("image/") && !first.getKey().contains("svg")
                ? Base64.getDecoder().decode(first.getValue())
                : first.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return write(Path.of(path), bytes);
    }

    static Path write(Path path, byte[] bytes) {
        try {
            if (path.toAbsolutePath().getParent() != null) {
                Files.createDirectories(path.toAbsolutePath().getParent());
            }
            return Files.write(path, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + path + ": " + e.getMessage(), e);
        }
    }

    /** The chart as a Displayable PNG, for places that want a MIME bundle. */
    public static Displayable display(Chart<?, ?> chart) {
        byte[] png = png(chart);
        String text = "chart '" + (chart.getTitle() == null ? "" : chart.getTitle()) + "' " + chart.getWidth() + "x"
                + chart.getHeight();
        return () -> {
            Map<String, String> bundle = new LinkedHashMap<>();
            bundle.put("image/png", Base64.getEncoder().encodeToString(png));
            bundle.put("text/plain", text);
            return bundle;
        };
    }

    /** Tick labels of log axes: powers of ten as 10⁻³, others as short decimals. */
    static String logTick(Double value) {
        if (value == null || !(value > 0)) {
            return "";
        }
        double exponent = Math.log10(value);
        long rounded = Math.round(exponent);
        if (Math.abs(exponent - rounded) < 1e-9) {
            if (rounded >= 0 && rounded <= 3) {
                return String.valueOf((long) Math.pow(10, rounded));
            }
            return TexLabels.toUnicode("10^{" + rounded + "}");
        }
        return ContourChart.formatLevel(value);
    }

    /** Applies the theme and the (TeX-converted) title and axis labels. */
    static void style(XYChart chart, String title, String xLabel, String yLabel) {
        Theme.apply(chart.getStyler());
        chart.setTitle(title == null ? "" : TexLabels.toUnicode(title));
        chart.getStyler().setChartTitleVisible(title != null && !title.isEmpty());
        chart.setXAxisTitle(xLabel == null ? "" : TexLabels.toUnicode(xLabel));
        chart.setYAxisTitle(yLabel == null ? "" : TexLabels.toUnicode(yLabel));
        chart.getStyler().setXAxisTitleVisible(xLabel != null && !xLabel.isEmpty());
        chart.getStyler().setYAxisTitleVisible(yLabel != null && !yLabel.isEmpty());
    }

    /**
     * Options for line and scatter plots: {@code Plots.lines().title("Loss").logY()
     * .series("GD", gd).series("Adam", adam).build()}. Series names and labels accept simple TeX.
     */
    public static final class LineBuilder {
        private int width = Theme.WIDTH;
        private int height = Theme.HEIGHT;
        private String title;
        private String xLabel;
        private String yLabel;
        private boolean logX;
        private boolean logY;
        private Boolean legend;
        private boolean markers;
        private Double xMin;
        private Double xMax;
        private Double yMin;
        private Double yMax;
        private boolean equalAspect;
        private final List<Series> series = new ArrayList<>();

        private enum Kind {
            LINE,
            SCATTER,
            CLASS,
            BOUNDARY
        }

        /** One thing to draw: points for LINE/SCATTER/CLASS, the line's (w0, w1, b) for BOUNDARY. */
        private record Series(Kind kind, String name, double[] xs, double[] ys, double[] line) {}

        LineBuilder() {}

        /** Chart title; simple TeX allowed. */
        public LineBuilder title(String title) {
            this.title = title;
            return this;
        }

        /** x-axis label; simple TeX allowed. */
        public LineBuilder xLabel(String label) {
            this.xLabel = label;
            return this;
        }

        /** y-axis label; simple TeX allowed ({@code "|x_i - x^*|"}). */
        public LineBuilder yLabel(String label) {
            this.yLabel = label;
            return this;
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

        /** Chart size in pixels (default 640 × 440). */
        public LineBuilder size(int width, int height) {
            Checks.size(width, height);
            this.width = width;
            this.height = height;
            return this;
        }

        /** A fixed x range instead of fitting the data. */
        public LineBuilder xRange(double min, double max) {
            Checks.range("x", min, max);
            this.xMin = min;
            this.xMax = max;
            return this;
        }

        /** A fixed y range instead of fitting the data. */
        public LineBuilder yRange(double min, double max) {
            Checks.range("y", min, max);
            this.yMin = min;
            this.yMax = max;
            return this;
        }

        /** A history: {@code ys} against 0, 1, 2, ... */
        public LineBuilder series(String name, double[] ys) {
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
            Checks.series(name, xs, ys);
            series.add(new Series(Kind.LINE, name, xs.clone(), ys.clone(), null));
            return this;
        }

        /** A history given as a list (e.g. collected during training). */
        public LineBuilder series(String name, List<? extends Number> ys) {
            if (ys == null) {
                throw new IllegalArgumentException("series '" + name + "': ys is null");
            }
            return series(name, ys.stream().mapToDouble(Number::doubleValue).toArray());
        }

        /** Markers at (xs[k], ys[k]); one legend entry. */
        public LineBuilder scatter(String name, double[] xs, double[] ys) {
            Checks.series(name, xs, ys);
            series.add(new Series(Kind.SCATTER, name, xs.clone(), ys.clone(), null));
            return this;
        }

        /** One scatter series per class of a labelled dataset (n × 2 points). */
        public LineBuilder classes(double[][] points, int[] labels) {
            double[][] columns = Checks.columns("classes", points);
            Checks.labels("classes", points, labels);
            TreeSet<Integer> distinct = new TreeSet<>();
            for (int label : labels) {
                distinct.add(label);
            }
            for (int label : distinct) {
                int count = 0;
                for (int l : labels) {
                    count += l == label ? 1 : 0;
                }
                double[] xs = new double[count];
                double[] ys = new double[count];
                int at = 0;
                for (int k = 0; k < labels.length; k++) {
                    if (labels[k] == label) {
                        xs[at] = columns[0][k];
                        ys[at] = columns[1][k];
                        at++;
                    }
                }
                series.add(new Series(Kind.CLASS, "class " + label, xs, ys, null));
            }
            return this;
        }

        /** A straight line w0·x + w1·y + b = 0 across the view (e.g. a perceptron's boundary). */
        public LineBuilder boundary(String name, double w0, double w1, double b) {
            series.add(new Series(Kind.BOUNDARY, name, null, null, new double[] {w0, w1, b}));
            return this;
        }

        /** Same scale on both axes, so circles look round (widens the shorter range). */
        public LineBuilder equalAspect() {
            this.equalAspect = true;
            return this;
        }

        /** Builds the chart; fails if no series was added or data do not fit a log axis. */
        public XYChart build() {
            if (series.isEmpty()) {
                throw new IllegalStateException("no series to plot; add one with series(...)");
            }
            XYChart chart = new XYChart(width, height);
            style(chart, title, xLabel, yLabel);
            chart.getStyler().setXAxisLogarithmic(logX);
            chart.getStyler().setYAxisLogarithmic(logY);
            if (logX) {
                chart.getStyler().setXAxisLogarithmicDecadeOnly(true);
                chart.getStyler().setXAxisTickLabelsFormattingFunction(Plots::logTick);
            }
            if (logY) {
                chart.getStyler().setYAxisLogarithmicDecadeOnly(true);
                chart.getStyler().setYAxisTickLabelsFormattingFunction(Plots::logTick);
            }
            long pointSeries =
                    series.stream().filter(s -> s.kind() != Kind.BOUNDARY).count();
            chart.getStyler()
                    .setLegendVisible(
                            legend != null
                                    ? legend
                                    : pointSeries > 1 || series.stream().anyMatch(s -> s.kind() == Kind.BOUNDARY));
            double[] box = dataBox();
            applyRange(chart, box);
            int index = 0;
            for (Series s : series) {
                // Generated class names stay as the labels are spelled ("class -1").
                String name = s.kind() == Kind.CLASS ? s.name() : TexLabels.toUnicode(s.name());
                if (s.kind() == Kind.BOUNDARY) {
                    double[] w = s.line();
                    double[] view = viewBox(chart, box);
                    double[] segment = DecisionBoundary.clipLine(w[0], w[1], w[2], view[0], view[1], view[2], view[3]);
                    if (segment == null) {
                        continue;
                    }
                    XYSeries line = chart.addSeries(
                            name, new double[] {segment[0], segment[2]}, new double[] {segment[1], segment[3]});
                    line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                    line.setMarker(SeriesMarkers.NONE);
                    line.setLineColor(Color.DARK_GRAY);
                    line.setLineWidth(2f);
                    continue;
                }
                double[] xs = s.xs();
                double[] ys = s.ys();
                if (logX) {
                    Checks.positive(name, "x", xs);
                }
                if (logY) {
                    Checks.positive(name, "y", ys);
                }
                XYSeries xy = chart.addSeries(name, xs, ys);
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

        /**
         * XChart puts ticks on data points when all values on an axis are equally spaced, which for
         * a 200-step history gives ticks at 0, 9, 18, ... A hidden one-point series breaks the
         * spacing, so the axis gets round ticks (0, 50, 100, ...) instead.
         */
        private void avoidDataPointTicks(XYChart chart) {
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
                for (double x : s.xs()) {
                    box = box == null ? new double[] {x, x, Double.NaN, Double.NaN} : box;
                    box[0] = Math.min(box[0], x);
                    box[1] = Math.max(box[1], x);
                }
                for (double y : s.ys()) {
                    box[2] = Double.isNaN(box[2]) ? y : Math.min(box[2], y);
                    box[3] = Double.isNaN(box[3]) ? y : Math.max(box[3], y);
                }
            }
            return box;
        }

        private void applyRange(XYChart chart, double[] box) {
            if (equalAspect && box != null) {
                double cx = (box[0] + box[1]) / 2;
                double cy = (box[2] + box[3]) / 2;
                double plotAspect = (double) (width - 90) / (height - 80);
                double halfX = Math.max((box[1] - box[0]) / 2, (box[3] - box[2]) / 2 * plotAspect);
                double halfY = halfX / plotAspect;
                halfX *= 1.08;
                halfY *= 1.08;
                chart.getStyler().setXAxisMin(cx - halfX);
                chart.getStyler().setXAxisMax(cx + halfX);
                chart.getStyler().setYAxisMin(cy - halfY);
                chart.getStyler().setYAxisMax(cy + halfY);
            }
            if (xMin != null) {
                chart.getStyler().setXAxisMin(xMin);
                chart.getStyler().setXAxisMax(xMax);
            }
            if (yMin != null) {
                chart.getStyler().setYAxisMin(yMin);
                chart.getStyler().setYAxisMax(yMax);
            }
        }

        /** The visible box for clipping boundary lines: explicit ranges, else the data padded. */
        private double[] viewBox(XYChart chart, double[] box) {
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
}

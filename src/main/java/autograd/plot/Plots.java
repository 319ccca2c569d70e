package autograd.plot;

import autograd.data.Dataset;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.function.DoubleBinaryOperator;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * One-liners for the pictures the demos draw: a facade over the builders of this package. Every
 * chart comes back as an XChart {@link XYChart} (which the notebook shows inline) or as a
 * {@link Displayable}; options go through builders. Labels accept simple TeX ({@code x_i},
 * {@code \theta_1}, {@code x^2}), shown as Unicode.
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

    /** A dataset of two features with whole-number labels, one scatter series per class. */
    public static XYChart classes(Dataset data) {
        return lines().classes(data).build();
    }

    /** Contours of a sampled function: continue with levels, trajectories, ... then build(). */
    public static ContourChart.Builder contour(Grid grid) {
        return new ContourChart.Builder(grid);
    }

    /** Contours of {@code f} over a box, sampled with about 200 points per side. */
    public static ContourChart.Builder contour(
            DoubleBinaryOperator f, double xMin, double xMax, double yMin, double yMax) {
        return new ContourChart.Builder(Grid.samplePerSide(f, xMin, xMax, yMin, yMax, 201));
    }

    /**
     * A classifier's score over the data's bounding box as filled regions (score below/above the
     * threshold, 0 by default), the boundary line, and the data on top.
     */
    public static DecisionBoundary decisionBoundary(DoubleBinaryOperator score, double[][] points, int[] labels) {
        return DecisionBoundary.of(score, points, labels);
    }

    /** The same over a dataset of two features with whole-number labels. */
    public static DecisionBoundary decisionBoundary(DoubleBinaryOperator score, Dataset data) {
        return DecisionBoundary.of(score, data);
    }

    /** The straight boundary w0·x + w1·y + b = 0 of a linear model over its data. */
    public static DecisionBoundary linearBoundary(double w0, double w1, double b, double[][] points, int[] labels) {
        return DecisionBoundary.linear(w0, w1, b, points, labels);
    }

    /** The same over a dataset of two features with whole-number labels. */
    public static DecisionBoundary linearBoundary(double w0, double w1, double b, Dataset data) {
        return DecisionBoundary.linear(w0, w1, b, data);
    }

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

    /** Renders {@code chart} at its own size (headless is fine). */
    public static BufferedImage toImage(Chart<?, ?> chart) {
        return Pictures.image(chart);
    }

    /** The chart as PNG bytes. */
    public static byte[] png(Chart<?, ?> chart) {
        return Pictures.png(chart);
    }

    /** Writes the chart as a PNG file, creating parent directories. */
    public static Path save(Chart<?, ?> chart, String path) {
        return Pictures.write(path, Pictures.png(chart));
    }

    /**
     * Writes a Displayable to a file in its preferred format (PNG, GIF, SVG); the extension of
     * {@code path} is kept as given.
     */
    public static Path save(Displayable picture, String path) {
        if (picture == null) {
            throw new IllegalArgumentException("picture is null");
        }
        return picture.save(path);
    }

    /** The chart as a Displayable PNG, for places that want a MIME bundle. */
    public static Displayable display(Chart<?, ?> chart) {
        return PngPicture.of(chart);
    }
}

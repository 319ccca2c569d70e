package autograd.plot;

import org.knowm.xchart.XYChart;

/**
 * The options every chart builder shares: title, axis labels, size, axis ranges and equal aspect.
 * Each builder ({@link LineBuilder}, {@link ContourChart.Builder}, {@link DecisionBoundary}) adds
 * only its own options; every setter returns the builder's own type {@code T}, so calls chain in
 * any order, and {@link #build()} makes a chart of type {@code C}. Titles and labels take simple
 * TeX ({@link TexLabels}).
 *
 * <pre>{@code
 * jshell> XYChart c = Plots.lines().title("loss").xLabel("step").size(480, 320).series("GD", new double[] {3, 2, 1}).build();
 * jshell> c.getWidth()
 * $2 ==> 480
 * }</pre>
 *
 * @param <T> the builder itself
 * @param <C> the chart it builds
 */
public abstract class ChartOptions<T extends ChartOptions<T, C>, C> {

    int width = Theme.WIDTH;
    int height = Theme.HEIGHT;
    String title;
    String xLabel;
    String yLabel;
    /** An explicit axis range {min, max}, or null to fit the data. */
    double[] xRange;

    double[] yRange;
    boolean equalAspect;

    /** Only the builders of this package extend the base. */
    ChartOptions(String xLabel, String yLabel) {
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    @SuppressWarnings("unchecked")
    private T self() {
        return (T) this;
    }

    /** Chart title; simple TeX allowed. */
    public T title(String title) {
        this.title = title;
        return self();
    }

    /** x-axis label; simple TeX allowed. */
    public T xLabel(String label) {
        this.xLabel = label;
        return self();
    }

    /** y-axis label; simple TeX allowed ({@code "|x_i - x^*|"}). */
    public T yLabel(String label) {
        this.yLabel = label;
        return self();
    }

    /** Chart size in pixels, everything included (default 640 × 440). */
    public T size(int width, int height) {
        Checks.size(width, height);
        this.width = width;
        this.height = height;
        return self();
    }

    /** A fixed x range instead of fitting the data. */
    public T xRange(double min, double max) {
        Checks.range("x", min, max);
        this.xRange = new double[] {min, max};
        return self();
    }

    /** A fixed y range instead of fitting the data. */
    public T yRange(double min, double max) {
        Checks.range("y", min, max);
        this.yRange = new double[] {min, max};
        return self();
    }

    /** Both ranges at once: the view box [xMin, xMax] × [yMin, yMax]. */
    public T range(double xMin, double xMax, double yMin, double yMax) {
        return xRange(xMin, xMax).yRange(yMin, yMax);
    }

    /** One unit as long on x as on y, so circles look round (the shorter range is widened). */
    public T equalAspect() {
        this.equalAspect = true;
        return self();
    }

    /** Makes the chart. */
    public abstract C build();

    /** Hands title, labels, size and aspect on to the builder that draws for this one. */
    <B extends ChartOptions<B, ?>> B copyTo(B other) {
        other.title = title;
        other.xLabel = xLabel;
        other.yLabel = yLabel;
        other.width = width;
        other.height = height;
        other.equalAspect = equalAspect;
        return other;
    }

    /** Applies the theme and the (TeX-converted) title and axis labels. */
    void style(XYChart chart) {
        Theme.apply(chart.getStyler());
        chart.setTitle(title == null ? "" : TexLabels.toUnicode(title));
        chart.getStyler().setChartTitleVisible(title != null && !title.isEmpty());
        chart.setXAxisTitle(xLabel == null ? "" : TexLabels.toUnicode(xLabel));
        chart.setYAxisTitle(yLabel == null ? "" : TexLabels.toUnicode(yLabel));
        chart.getStyler().setXAxisTitleVisible(xLabel != null && !xLabel.isEmpty());
        chart.getStyler().setYAxisTitleVisible(yLabel != null && !yLabel.isEmpty());
    }
}

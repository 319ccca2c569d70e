package autograd.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * An XY chart with contours of a sampled function underneath: filled bands (a crisp raster of band
 * colours, computed per pixel from the bilinear surface, beneath the plot's series), iso-lines by
 * marching squares, and a colour bar on the right. Everything else is an ordinary {@link XYChart}:
 * add series, save it with {@link Plots#save}, show it in a notebook.
 *
 * <pre>{@code
 * jshell> Grid g = Grid.sample((x, y) -> x * x + 3 * y * y, -2, 2, -2, 2, 0.05);
 * jshell> double[] xs = {-1.5, -0.9, -0.54}, ys = {1.5, -0.3, 0.06};      // GD with lr 0.2
 * jshell> ContourChart c = Plots.contour(g).levels(10).trajectory("GD", xs, ys).build();
 * jshell> Plots.save(c, "bowl.png")
 * $5 ==> bowl.png
 * }</pre>
 */
public class ContourChart extends XYChart {

    private static final Color TRANSPARENT = new Color(0, 0, 0, 0);

    private final Grid grid;
    private final double[] levels;
    private final Color[] bandColors;
    private final boolean filled;
    private final boolean categorical;
    private final ColorBar colorBar;
    /** The visible box [xMin, xMax, yMin, yMax] before equal aspect widens it. */
    private final double[] view;

    private final boolean equalAspect;

    private ContourChart(Builder b, double[] levels, Color[] bandColors) {
        super(b.width, b.height);
        this.grid = b.grid;
        this.levels = levels;
        this.bandColors = bandColors;
        this.filled = b.filled;
        this.categorical = b.categorical;
        this.colorBar = b.colorBar ? new ColorBar(bandColors, levels, b.bandNames, b.colorBarLabel) : null;
        this.view = new double[] {
            b.xRange != null ? b.xRange[0] : grid.xMin(),
            b.xRange != null ? b.xRange[1] : grid.xMax(),
            b.yRange != null ? b.yRange[0] : grid.yMin(),
            b.yRange != null ? b.yRange[1] : grid.yMax()
        };
        this.equalAspect = b.equalAspect;
    }

    /** The sampled function under the chart. */
    public Grid grid() {
        return grid;
    }

    /** The contour levels, increasing. */
    public double[] levels() {
        return levels.clone();
    }

    /** The colour of band k: values in [levels[k-1], levels[k]) (band 0 below the first level). */
    public Color bandColor(int band) {
        return bandColors[band];
    }

    /** The band holding {@code value}: the number of levels at or below it. */
    public int bandOf(double value) {
        int band = Arrays.binarySearch(levels, value);
        return band >= 0 ? band + 1 : -band - 1;
    }

    @Override
    public void paint(Graphics2D g, int width, int height) {
        int barWidth = colorBar != null ? colorBar.width(g) : 0;
        int plotWidth = Math.max(50, width - barWidth);
        // Pass 1, off screen: let XChart lay out axes, legend and title so the plot area is known.
        layOut(plotWidth, height);
        if (equalAspect) {
            fitEqualAspect(plot.getBounds());
            layOut(plotWidth, height);
        }
        Rectangle2D area = plot.getBounds();
        Color chartBackground = getStyler().getChartBackgroundColor();
        Color plotBackground = getStyler().getPlotBackgroundColor();
        g.setColor(chartBackground);
        g.fillRect(0, 0, width, height);
        g.setColor(plotBackground);
        g.fill(area);
        if (filled) {
            // On a scaled (HiDPI) Graphics the bands are computed per device pixel, to stay crisp.
            double scale =
                    Math.max(1, Math.min(8, Math.round(Math.abs(g.getTransform().getScaleX()))));
            BufferedImage bands = bands(area, scale);
            int x0 = (int) Math.floor(area.getX());
            int y0 = (int) Math.floor(area.getY());
            g.drawImage(
                    bands,
                    x0,
                    y0,
                    (int) Math.round(bands.getWidth() / scale),
                    (int) Math.round(bands.getHeight() / scale),
                    null);
        }
        // Pass 2: XChart draws axes, lines and legend over the bands, with see-through backgrounds.
        getStyler().setChartBackgroundColor(TRANSPARENT);
        getStyler().setPlotBackgroundColor(TRANSPARENT);
        try {
            super.paint(g, plotWidth, height);
        } finally {
            getStyler().setChartBackgroundColor(chartBackground);
            getStyler().setPlotBackgroundColor(plotBackground);
            setWidth(width);
            setHeight(height);
        }
        if (colorBar != null) {
            colorBar.paint(g, plotWidth, plot.getBounds());
        }
    }

    private void layOut(int width, int height) {
        BufferedImage scratch = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D sg = scratch.createGraphics();
        try {
            super.paint(sg, width, height);
        } finally {
            sg.dispose();
        }
    }

    /** Widens the x or the y range around the view so one unit is as long on both axes. */
    private void fitEqualAspect(Rectangle2D area) {
        double xScale = area.getWidth() / (view[1] - view[0]);
        double yScale = area.getHeight() / (view[3] - view[2]);
        double[] box = view.clone();
        if (xScale > yScale) {
            double half = area.getWidth() / yScale / 2;
            double centre = (view[0] + view[1]) / 2;
            box[0] = centre - half;
            box[1] = centre + half;
        } else {
            double half = area.getHeight() / xScale / 2;
            double centre = (view[2] + view[3]) / 2;
            box[2] = centre - half;
            box[3] = centre + half;
        }
        setAxes(box);
    }

    private void setAxes(double[] box) {
        getStyler().setXAxisMin(box[0]);
        getStyler().setXAxisMax(box[1]);
        getStyler().setYAxisMin(box[2]);
        getStyler().setYAxisMax(box[3]);
    }

    /** The band colours of every pixel of the plot area, transparent outside the grid and in holes. */
    private BufferedImage bands(Rectangle2D area, double scale) {
        int x0 = (int) Math.floor(area.getX());
        int y0 = (int) Math.floor(area.getY());
        int w = (int) Math.max(1, (Math.ceil(area.getMaxX()) - x0) * scale);
        int h = (int) Math.max(1, (Math.ceil(area.getMaxY()) - y0) * scale);
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        double[] xAt = new double[w];
        for (int px = 0; px < w; px++) {
            xAt[px] = dataX(x0 + (px + 0.5) / scale);
        }
        int[] argb = new int[bandColors.length];
        for (int k = 0; k < argb.length; k++) {
            argb[k] = bandColors[k].getRGB();
        }
        int[] row = new int[w];
        for (int py = 0; py < h; py++) {
            double y = dataY(y0 + (py + 0.5) / scale);
            for (int px = 0; px < w; px++) {
                double z = categorical ? grid.nearest(xAt[px], y) : grid.interpolate(xAt[px], y);
                row[px] = Double.isNaN(z) ? 0 : argb[bandOf(z)];
            }
            image.setRGB(0, py, w, 1, row, 0, w);
        }
        return image;
    }

    /**
     * Inverts XChart's data-to-screen map, linear or logarithmic, from the two ends of the axis.
     * NOTE: XChart maps only values inside the axis range faithfully, so a grid larger than a
     * zoomed view cannot serve as the reference.
     */
    private double dataX(double screenX) {
        double min = getStyler().getXAxisMin();
        double max = getStyler().getXAxisMax();
        return invert(
                screenX,
                min,
                max,
                getScreenXFromChart(min),
                getScreenXFromChart(max),
                getStyler().isXAxisLogarithmic());
    }

    private double dataY(double screenY) {
        double min = getStyler().getYAxisMin();
        double max = getStyler().getYAxisMax();
        return invert(
                screenY,
                min,
                max,
                getScreenYFromChart(min),
                getScreenYFromChart(max),
                getStyler().isYAxisLogarithmic());
    }

    private static double invert(double screen, double a, double b, double sa, double sb, boolean log) {
        double t = (screen - sa) / (sb - sa);
        if (log && a > 0 && b > 0) {
            return Math.exp(Math.log(a) + (Math.log(b) - Math.log(a)) * t);
        }
        return a + (b - a) * t;
    }

    /**
     * Options for a contour chart; start with {@link Plots#contour(Grid)}. Defaults: about 10
     * nice levels, filled bands in viridis with thin dark iso-lines, colour bar on the right,
     * trajectories in the Okabe-Ito palette with arrow heads, axes labelled x and y, the view
     * the grid's box. Title, labels, size, ranges and aspect come from {@link ChartOptions}.
     */
    public static final class Builder extends ChartOptions<Builder, ContourChart> {
        private final Grid grid;
        private int levelCount = 10;
        private double[] explicitLevels;
        private boolean logLevels;
        private boolean filled = true;
        private boolean lines = true;
        private boolean colorBar = true;
        private boolean categorical;
        private boolean arrows = true;
        private String colorBarLabel;
        private String[] bandNames;
        private Color[] bandColors;
        private Color lineColor;
        private final List<Overlay> overlays = new ArrayList<>();

        /** A trajectory (line, markers, arrow heads) or a point set drawn over the contours. */
        private record Overlay(boolean trajectory, String name, double[] xs, double[] ys) {}

        Builder(Grid grid) {
            super("x", "y");
            if (grid == null) {
                throw new IllegalArgumentException("grid is null");
            }
            this.grid = grid;
        }

        /** About {@code count} round levels between the grid's min and max (at most {@link ContourLines#MAX_LEVELS}). */
        public Builder levels(int count) {
            Checks.count("levels", count, ContourLines.MAX_LEVELS, "the number of contour levels");
            this.levelCount = count;
            this.explicitLevels = null;
            this.logLevels = false;
            return this;
        }

        /** Exactly these levels (sorted, duplicates dropped; at most {@link ContourLines#MAX_LEVELS}). */
        public Builder levels(double... levels) {
            if (levels == null || levels.length == 0) {
                throw new IllegalArgumentException("need at least one contour level");
            }
            Checks.count("levels", levels.length, ContourLines.MAX_LEVELS, "the number of contour levels");
            for (int k = 0; k < levels.length; k++) {
                if (!Double.isFinite(levels[k])) {
                    throw new IllegalArgumentException("levels[" + k + "] is " + levels[k] + "; levels must be finite");
                }
            }
            this.explicitLevels = Arrays.stream(levels).sorted().distinct().toArray();
            return this;
        }

        /** {@code count} levels evenly spaced in log scale, for functions spanning decades. */
        public Builder logLevels(int count) {
            Checks.count("logLevels", count, ContourLines.MAX_LEVELS, "the number of contour levels");
            levels(count);
            this.logLevels = true;
            return this;
        }

        /** Filled bands under the lines (default true); false draws iso-lines only, coloured by level. */
        public Builder filled(boolean filled) {
            this.filled = filled;
            return this;
        }

        /** Draw the iso-lines (default true). */
        public Builder lines(boolean lines) {
            this.lines = lines;
            return this;
        }

        /** Colour of the iso-lines; default thin dark grey over fills, viridis by level without. */
        public Builder lineColor(Color color) {
            this.lineColor = color;
            return this;
        }

        /** The colour bar of levels on the right (default true). */
        public Builder colorBar(boolean colorBar) {
            this.colorBar = colorBar;
            return this;
        }

        /** A caption above the colour bar, e.g. {@code "f(x, y)"} (simple TeX allowed). */
        public Builder colorBarLabel(String label) {
            this.colorBarLabel = label;
            return this;
        }

        /** Explicit band colours, one more than the number of levels. */
        public Builder bandColors(Color... colors) {
            this.bandColors = colors == null ? null : colors.clone();
            return this;
        }

        /** Colour-bar names for each band instead of level values (e.g. class names). */
        public Builder bandNames(String... names) {
            this.bandNames = names == null ? null : names.clone();
            return this;
        }

        /** The grid holds class indices: fill with the nearest grid value, not interpolation. */
        public Builder categorical(boolean categorical) {
            this.categorical = categorical;
            return this;
        }

        /** Arrow heads along trajectories (default true). */
        public Builder arrows(boolean arrows) {
            this.arrows = arrows;
            return this;
        }

        /** An optimizer's path: a polyline with markers and arrow heads, and a legend entry. */
        public Builder trajectory(String name, double[] xs, double[] ys) {
            Checks.series(name, xs, ys);
            overlays.add(new Overlay(true, name, xs.clone(), ys.clone()));
            return this;
        }

        /** A trajectory given as an n × 2 array of (x, y) points. */
        public Builder trajectory(String name, double[][] points) {
            Checks.name(name);
            double[][] columns = Checks.columns(name, points);
            return trajectory(name, columns[0], columns[1]);
        }

        /** Points drawn as markers on top (e.g. the data of a classifier, or a minimum). */
        public Builder points(String name, double[] xs, double[] ys) {
            Checks.series(name, xs, ys);
            overlays.add(new Overlay(false, name, xs.clone(), ys.clone()));
            return this;
        }

        /** Chooses the levels, colours and series and builds the chart. */
        @Override
        public ContourChart build() {
            if (!grid.hasNumber()) {
                throw new IllegalArgumentException("every value of the grid is NaN: nothing to draw");
            }
            double[] levels = chooseLevels();
            Color[] colors = bandColors;
            if (colors == null) {
                colors = new Color[levels.length + 1];
                for (int k = 0; k < colors.length; k++) {
                    colors[k] = Theme.viridis(colors.length == 1 ? 0.5 : k / (colors.length - 1.0));
                }
            } else if (colors.length != levels.length + 1) {
                throw new IllegalArgumentException(colors.length + " band colours for " + levels.length
                        + " levels; need one more colour than levels");
            }
            if (bandNames != null && bandNames.length != levels.length + 1) {
                throw new IllegalArgumentException(
                        bandNames.length + " band names for " + (levels.length + 1) + " bands");
            }
            ContourChart chart = new ContourChart(this, levels, colors);
            style(chart);
            chart.getStyler().setPlotGridLinesVisible(false);
            chart.getStyler().setPlotContentSize(1.0);
            chart.setAxes(chart.view);
            if (lines) {
                addIsoLines(chart, levels, colors);
            }
            for (int k = 0; k < overlays.size(); k++) {
                addOverlay(chart, overlays.get(k), k);
            }
            if (overlays.isEmpty()) {
                chart.getStyler().setLegendVisible(false);
            }
            if (!overlays.isEmpty() && overlays.stream().allMatch(Overlay::trajectory)) {
                chart.getStyler().setMarkerSize(5);
            }
            return chart;
        }

        private void addOverlay(ContourChart chart, Overlay overlay, int index) {
            double[] xs = overlay.xs();
            double[] ys = overlay.ys();
            Color color = overlayColor(index);
            if (overlay.trajectory() && filled) {
                // A pale casing under the line keeps every colour readable on every band.
                XYSeries casing = chart.addSeries(" casing " + index, xs, ys);
                casing.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                casing.setMarker(SeriesMarkers.NONE);
                casing.setShowInLegend(false);
                casing.setLineColor(Theme.withAlpha(Color.WHITE, 0.75));
                casing.setLineWidth(4.5f);
            }
            XYSeries series = chart.addSeries(TexLabels.toUnicode(overlay.name()), xs, ys);
            series.setLineColor(color);
            series.setMarkerColor(color);
            if (overlay.trajectory()) {
                series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                series.setLineWidth(2f);
                series.setMarker(xs.length <= 300 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
                if (arrows) {
                    chart.addAnnotation(new Arrows(xs, ys, color, 12));
                }
            } else {
                series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                series.setMarker(Theme.marker(index));
            }
        }

        /**
         * Viridis ends in yellow and dark purple, where some Okabe-Ito colours vanish; over filled
         * bands trajectories start with the colours that contrast most with viridis.
         */
        private Color overlayColor(int index) {
            if (!filled) {
                return Theme.color(index);
            }
            int[] overFill = {1, 5, 3, 4, 0, 2, 7, 6};
            return Theme.color(overFill[Math.floorMod(index, overFill.length)]);
        }

        private double[] chooseLevels() {
            if (explicitLevels != null) {
                return explicitLevels.clone();
            }
            double min = grid.zMin();
            double max = grid.zMax();
            if (logLevels) {
                double minPositive = Double.POSITIVE_INFINITY;
                for (int j = 0; j < grid.ny(); j++) {
                    for (int i = 0; i < grid.nx(); i++) {
                        double v = grid.z(i, j);
                        if (v > 0 && v < minPositive) {
                            minPositive = v;
                        }
                    }
                }
                return ContourLines.logLevels(Math.max(minPositive, max * 1e-12), max, levelCount);
            }
            return ContourLines.niceLevels(min, max, levelCount);
        }

        private void addIsoLines(ContourChart chart, double[] levels, Color[] colors) {
            for (int k = 0; k < levels.length; k++) {
                List<double[][]> pieces = new ArrayList<>();
                for (ContourLines.Polyline piece : ContourLines.trace(grid, levels[k])) {
                    pieces.add(new double[][] {piece.xs(), piece.ys()});
                }
                double[][] line = Geometry.joined(pieces);
                if (line == null) {
                    continue;
                }
                XYSeries series = chart.addSeries("level " + TickLabels.level(levels[k]) + " #" + k, line[0], line[1]);
                series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                series.setMarker(SeriesMarkers.NONE);
                series.setShowInLegend(false);
                Color color = lineColor != null ? lineColor : filled ? new Color(0, 0, 0, 90) : darker(colors[k + 1]);
                series.setLineColor(color);
                series.setLineWidth(filled ? 0.8f : 1.6f);
            }
        }

        private static Color darker(Color c) {
            return new Color((int) (c.getRed() * 0.85), (int) (c.getGreen() * 0.85), (int) (c.getBlue() * 0.85));
        }
    }
}

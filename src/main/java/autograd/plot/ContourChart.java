package autograd.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleBinaryOperator;
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
    private final boolean colorBar;
    private final boolean categorical;
    private final String colorBarLabel;
    private final String[] bandNames;
    private final boolean equalAspect;

    ContourChart(Builder b, double[] levels, Color[] bandColors) {
        super(b.width, b.height);
        this.grid = b.grid;
        this.levels = levels;
        this.bandColors = bandColors;
        this.filled = b.filled;
        this.colorBar = b.colorBar;
        this.categorical = b.categorical;
        this.colorBarLabel = b.colorBarLabel;
        this.bandNames = b.bandNames;
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
        int barWidth = colorBar ? colorBarWidth(g) : 0;
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
        if (colorBar) {
            paintColorBar(g, plotWidth, plot.getBounds());
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

    /** Widens the x or the y range around the grid so one unit is as long on both axes. */
    private void fitEqualAspect(Rectangle2D area) {
        double xSpan = grid.xMax() - grid.xMin();
        double ySpan = grid.yMax() - grid.yMin();
        double xScale = area.getWidth() / xSpan;
        double yScale = area.getHeight() / ySpan;
        if (xScale > yScale) {
            double half = area.getWidth() / yScale / 2;
            double centre = (grid.xMin() + grid.xMax()) / 2;
            getStyler().setXAxisMin(centre - half);
            getStyler().setXAxisMax(centre + half);
            getStyler().setYAxisMin(grid.yMin());
            getStyler().setYAxisMax(grid.yMax());
        } else {
            double half = area.getHeight() / xScale / 2;
            double centre = (grid.yMin() + grid.yMax()) / 2;
            getStyler().setYAxisMin(centre - half);
            getStyler().setYAxisMax(centre + half);
            getStyler().setXAxisMin(grid.xMin());
            getStyler().setXAxisMax(grid.xMax());
        }
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

    /** Inverts XChart's data-to-screen map, linear or logarithmic, from two reference points. */
    private double dataX(double screenX) {
        return invert(
                screenX,
                grid.xMin(),
                grid.xMax(),
                getScreenXFromChart(grid.xMin()),
                getScreenXFromChart(grid.xMax()),
                getStyler().isXAxisLogarithmic());
    }

    private double dataY(double screenY) {
        return invert(
                screenY,
                grid.yMin(),
                grid.yMax(),
                getScreenYFromChart(grid.yMin()),
                getScreenYFromChart(grid.yMax()),
                getStyler().isYAxisLogarithmic());
    }

    private static double invert(double screen, double a, double b, double sa, double sb, boolean log) {
        double t = (screen - sa) / (sb - sa);
        if (log && a > 0 && b > 0) {
            return Math.exp(Math.log(a) + (Math.log(b) - Math.log(a)) * t);
        }
        return a + (b - a) * t;
    }

    private String[] barLabels() {
        if (bandNames != null) {
            return bandNames;
        }
        String[] labels = new String[levels.length];
        for (int k = 0; k < levels.length; k++) {
            labels[k] = formatLevel(levels[k]);
        }
        return labels;
    }

    static String formatLevel(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e6) {
            return String.valueOf((long) v);
        }
        String s = String.format(Locale.ROOT, "%.3g", v);
        if (s.contains("e")) {
            return s.replaceAll("\\.?0+e", "e")
                    .replace("e+0", "e")
                    .replace("e-0", "e-")
                    .replace("e+", "e");
        }
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    private int colorBarWidth(Graphics2D g) {
        FontMetrics metrics = g.getFontMetrics(Theme.font(Font.PLAIN, 11f));
        int widest = 0;
        for (String label : barLabels()) {
            widest = Math.max(widest, metrics.stringWidth(label));
        }
        return 14 + 16 + 6 + widest + 12;
    }

    private void paintColorBar(Graphics2D g, int left, Rectangle2D area) {
        int x = left + 14;
        int barW = 16;
        double top = area.getY();
        double height = area.getHeight();
        int n = bandColors.length;
        double bandH = height / n;
        for (int k = 0; k < n; k++) {
            // Band 0 is the lowest values, so it goes at the bottom.
            double y = top + height - (k + 1) * bandH;
            g.setColor(bandColors[k]);
            g.fill(new Rectangle2D.Double(x, y, barW, bandH + 0.5));
        }
        g.setColor(Theme.BORDER);
        g.setStroke(new BasicStroke(1f));
        g.draw(new Rectangle2D.Double(x, top, barW, height));
        g.setFont(Theme.font(Font.PLAIN, 11f));
        g.setColor(Theme.TEXT);
        FontMetrics metrics = g.getFontMetrics();
        String[] labels = barLabels();
        boolean named = bandNames != null;
        int every = Math.max(1, (int) Math.ceil((metrics.getHeight() + 2) / bandH));
        for (int k = 0; k < labels.length; k++) {
            if (!named && k % every != 0) {
                continue;
            }
            // Level k separates band k from band k+1; a named band's label sits at its middle.
            double y = named ? top + height - (k + 0.5) * bandH : top + height - (k + 1) * bandH;
            if (!named) {
                g.draw(new Line2D.Double(x + barW, y, x + barW + 4, y));
            }
            g.drawString(labels[k], x + barW + 6, (float) (y + metrics.getAscent() / 2.0 - 1));
        }
        if (colorBarLabel != null) {
            String label = TexLabels.toUnicode(colorBarLabel);
            g.drawString(label, x, (float) (top - 6));
        }
    }

    /**
     * Options for a contour chart; start with {@link Plots#contour(Grid)}. Defaults: about 10
     * nice levels, filled bands in viridis with thin dark iso-lines, colour bar on the right,
     * trajectories in the Okabe-Ito palette with arrow heads.
     */
    public static final class Builder {
        private final Grid grid;
        private int width = Theme.WIDTH;
        private int height = Theme.HEIGHT;
        private String title;
        private String xLabel = "x";
        private String yLabel = "y";
        private int levelCount = 10;
        private double[] explicitLevels;
        private boolean logLevels;
        private boolean filled = true;
        private boolean lines = true;
        private boolean colorBar = true;
        private boolean categorical;
        private boolean arrows = true;
        private boolean equalAspect;
        private String colorBarLabel;
        private String[] bandNames;
        private Color[] bandColors;
        private Color lineColor;
        private final List<Overlay> overlays = new ArrayList<>();

        /** A trajectory (line, markers, arrow heads) or a point set drawn over the contours. */
        private record Overlay(boolean trajectory, String name, double[] xs, double[] ys) {}

        Builder(Grid grid) {
            if (grid == null) {
                throw new IllegalArgumentException("grid is null");
            }
            this.grid = grid;
        }

        /** About {@code count} round levels between the grid's min and max. */
        public Builder levels(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("need at least one contour level, got " + count);
            }
            this.levelCount = count;
            this.explicitLevels = null;
            return this;
        }

        /** Exactly these levels (sorted, duplicates dropped). */
        public Builder levels(double... levels) {
            if (levels == null || levels.length == 0) {
                throw new IllegalArgumentException("need at least one contour level");
            }
            Checks.finite("levels", "levels", levels);
            this.explicitLevels = Arrays.stream(levels).sorted().distinct().toArray();
            return this;
        }

        /** {@code count} levels evenly spaced in log scale, for functions spanning decades. */
        public Builder logLevels(int count) {
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

        /**
         * One unit as long on x as on y, so circles look round and gradient steps keep their true
         * angles; the shorter range is widened (blank outside the grid).
         */
        public Builder equalAspect() {
            this.equalAspect = true;
            return this;
        }

        /** Arrow heads along trajectories (default true). */
        public Builder arrows(boolean arrows) {
            this.arrows = arrows;
            return this;
        }

        /** Chart title; simple TeX allowed. */
        public Builder title(String title) {
            this.title = title;
            return this;
        }

        /** x-axis label (default "x"); simple TeX allowed. */
        public Builder xLabel(String label) {
            this.xLabel = label;
            return this;
        }

        /** y-axis label (default "y"); simple TeX allowed. */
        public Builder yLabel(String label) {
            this.yLabel = label;
            return this;
        }

        /** Chart size in pixels, colour bar included (default 640 × 440). */
        public Builder size(int width, int height) {
            Checks.size(width, height);
            this.width = width;
            this.height = height;
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
        public ContourChart build() {
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
            Plots.style(chart, title, xLabel, yLabel);
            chart.getStyler().setPlotGridLinesVisible(false);
            chart.getStyler().setPlotContentSize(1.0);
            chart.getStyler().setXAxisMin(grid.xMin());
            chart.getStyler().setXAxisMax(grid.xMax());
            chart.getStyler().setYAxisMin(grid.yMin());
            chart.getStyler().setYAxisMax(grid.yMax());
            if (lines) {
                addIsoLines(chart, levels, colors);
            }
            int paletteIndex = 0;
            for (Overlay overlay : overlays) {
                String name = overlay.name();
                double[] xs = overlay.xs();
                double[] ys = overlay.ys();
                Color color = overlayColor(paletteIndex);
                if (overlay.trajectory() && filled) {
                    // A pale casing under the line keeps every colour readable on every band.
                    XYSeries casing = chart.addSeries(" casing " + paletteIndex, xs, ys);
                    casing.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                    casing.setMarker(SeriesMarkers.NONE);
                    casing.setShowInLegend(false);
                    casing.setLineColor(Theme.withAlpha(Color.WHITE, 0.75));
                    casing.setLineWidth(4.5f);
                }
                XYSeries series = chart.addSeries(TexLabels.toUnicode(name), xs, ys);
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
                    series.setMarker(Theme.marker(paletteIndex));
                }
                paletteIndex++;
            }
            if (overlays.isEmpty()) {
                chart.getStyler().setLegendVisible(false);
            }
            if (!overlays.isEmpty() && overlays.stream().allMatch(Overlay::trajectory)) {
                chart.getStyler().setMarkerSize(5);
            }
            return chart;
        }

        /**
         * Viridis ends in yellow and dark purple, where some Okabe-Ito colours vanish; over filled
         * bands trajectories start with the colours that contrast most with viridis.
         */
        private Color overlayColor(int index) {
            if (!filled) {
                return Theme.color(index);
            }
            Color[] overFill = {
                Theme.color(1),
                Theme.color(5),
                Theme.color(3),
                Theme.color(4),
                Theme.color(0),
                Theme.color(2),
                Theme.color(7),
                Theme.color(6)
            };
            return overFill[Math.floorMod(index, overFill.length)];
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
                List<ContourLines.Polyline> pieces = ContourLines.trace(grid, levels[k]);
                if (pieces.isEmpty()) {
                    continue;
                }
                int points = pieces.stream().mapToInt(p -> p.size() + 1).sum() - 1;
                double[] xs = new double[points];
                double[] ys = new double[points];
                int at = 0;
                for (ContourLines.Polyline piece : pieces) {
                    if (at > 0) {
                        // NaN breaks the line between separate pieces of the same level.
                        xs[at] = Double.NaN;
                        ys[at] = Double.NaN;
                        at++;
                    }
                    System.arraycopy(piece.xs(), 0, xs, at, piece.size());
                    System.arraycopy(piece.ys(), 0, ys, at, piece.size());
                    at += piece.size();
                }
                XYSeries series = chart.addSeries("level " + formatLevel(levels[k]) + " #" + k, xs, ys);
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

    /** Convenience for {@link Plots#contour(DoubleBinaryOperator, double, double, double, double)}. */
    static Builder of(DoubleBinaryOperator f, double xMin, double xMax, double yMin, double yMax) {
        double span = Math.max(xMax - xMin, yMax - yMin);
        return new Builder(Grid.sample(
                f, xMin, xMax, 201, yMin, yMax, Math.max(2, (int) Math.round(200 * (yMax - yMin) / span) + 1)));
    }
}

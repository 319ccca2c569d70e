package autograd.plot;

import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Several charts side by side in one image, like matplotlib's subplots: 1×2, 2×2, any grid, filled
 * row by row, with an optional title over all panels. Each chart is drawn at the panel size.
 *
 * <pre>{@code
 * jshell> var down = Plots.line(new double[] {3, 2, 1});
 * jshell> var up = Plots.line(new double[] {1, 2, 3});
 * jshell> Figure f = Figure.grid(1, 2).title("down and up").add(down, up).build();
 * f ==> Figure 1040x420 with 2 panels
 * jshell> f.save("compare.png")     // or just leave f as the cell's value in a notebook
 * $4 ==> compare.png
 * }</pre>
 */
public final class Figure implements Displayable {

    private final BufferedImage image;
    private final int panels;

    private Figure(BufferedImage image, int panels) {
        this.image = image;
        this.panels = panels;
    }

    /** A builder for a {@code rows} × {@code cols} figure. */
    public static Builder grid(int rows, int cols) {
        return new Builder(rows, cols);
    }

    /** The composed picture (a copy is not made: do not draw on it). */
    public BufferedImage image() {
        return image;
    }

    public int width() {
        return image.getWidth();
    }

    public int height() {
        return image.getHeight();
    }

    /** How many panels hold a chart. */
    public int panelCount() {
        return panels;
    }

    /** The figure as PNG bytes. */
    public byte[] png() {
        return Pictures.png(image);
    }

    /** Writes the figure as PNG. */
    @Override
    public Path save(String path) {
        return Pictures.write(path, png());
    }

    @Override
    public Map<String, String> mimeBundle() {
        return Pictures.bundle("image/png", png(), toString());
    }

    @Override
    public String toString() {
        return "Figure " + width() + "x" + height() + " with " + panels + " panels";
    }

    /** Options for a figure: panel size, overall title, the charts. */
    public static final class Builder {
        private final int rows;
        private final int cols;
        private int panelWidth = 520;
        private int panelHeight = 380;
        private String title;
        private final List<Chart<?, ?>> charts = new ArrayList<>();

        Builder(int rows, int cols) {
            if (rows < 1 || cols < 1 || rows * cols > 64) {
                throw new IllegalArgumentException("a figure needs 1..64 panels, got " + rows + " x " + cols);
            }
            this.rows = rows;
            this.cols = cols;
        }

        /** Size of each panel in pixels (default 520 × 380). */
        public Builder panelSize(int width, int height) {
            Checks.size(width, height);
            this.panelWidth = width;
            this.panelHeight = height;
            return this;
        }

        /** A title above all panels (simple TeX allowed). */
        public Builder title(String title) {
            this.title = title;
            return this;
        }

        /** The next panels, row by row. */
        public Builder add(Chart<?, ?>... charts) {
            for (Chart<?, ?> chart : charts) {
                if (chart == null) {
                    throw new IllegalArgumentException("chart for panel " + (this.charts.size() + 1) + " is null");
                }
                this.charts.add(chart);
            }
            if (this.charts.size() > rows * cols) {
                throw new IllegalArgumentException(
                        this.charts.size() + " charts do not fit in a " + rows + " x " + cols + " figure");
            }
            return this;
        }

        /** Draws every chart into its panel and composes the image. */
        public Figure build() {
            if (charts.isEmpty()) {
                throw new IllegalStateException("a figure needs at least one chart; add(...) some");
            }
            int titleHeight = title == null || title.isEmpty() ? 0 : 40;
            BufferedImage image =
                    new BufferedImage(cols * panelWidth, rows * panelHeight + titleHeight, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = image.createGraphics();
            try {
                g.setColor(Theme.BACKGROUND);
                g.fillRect(0, 0, image.getWidth(), image.getHeight());
                g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
                if (titleHeight > 0) {
                    g.setFont(Theme.font(Font.BOLD, 17f));
                    g.setColor(Theme.TEXT);
                    String text = TexLabels.toUnicode(title);
                    FontMetrics metrics = g.getFontMetrics();
                    g.drawString(
                            text,
                            (image.getWidth() - metrics.stringWidth(text)) / 2,
                            (titleHeight + metrics.getAscent()) / 2);
                }
                for (int k = 0; k < charts.size(); k++) {
                    Chart<?, ?> chart = charts.get(k);
                    Graphics2D panel = (Graphics2D) g.create(
                            (k % cols) * panelWidth, titleHeight + (k / cols) * panelHeight, panelWidth, panelHeight);
                    try {
                        paintAt(chart, panel, panelWidth, panelHeight);
                    } finally {
                        panel.dispose();
                    }
                }
            } finally {
                g.dispose();
            }
            return new Figure(image, charts.size());
        }

        /** Paints at the panel size, then restores the chart's own size (XChart stores it). */
        private static void paintAt(Chart<?, ?> chart, Graphics2D g, int width, int height) {
            int ownWidth = chart.getWidth();
            int ownHeight = chart.getHeight();
            chart.paint(g, width, height);
            if (ownWidth != width || ownHeight != height) {
                BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
                Graphics2D sg = scratch.createGraphics();
                try {
                    chart.paint(sg, ownWidth, ownHeight);
                } finally {
                    sg.dispose();
                }
            }
        }
    }
}

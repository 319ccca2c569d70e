package autograd.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;

/**
 * The bar of band colours right of a contour plot: lowest band at the bottom, a tick and a label
 * at each level (thinned out where they would overlap), or a name in the middle of each band.
 */
final class ColorBar {

    private static final int GAP = 14;
    private static final int BAR_WIDTH = 16;

    private final Color[] bands;
    private final String[] labels;
    private final boolean named;
    private final String caption;

    /** {@code names} (one per band) or null to label the levels; {@code caption} may be null. */
    ColorBar(Color[] bands, double[] levels, String[] names, String caption) {
        this.bands = bands;
        this.named = names != null;
        this.caption = caption;
        if (named) {
            this.labels = names.clone();
        } else {
            this.labels = new String[levels.length];
            for (int k = 0; k < levels.length; k++) {
                labels[k] = TickLabels.level(levels[k]);
            }
        }
    }

    /** The width the bar and its labels take right of the plot. */
    int width(Graphics2D g) {
        FontMetrics metrics = g.getFontMetrics(Theme.font(Font.PLAIN, 11f));
        int widest = 0;
        for (String label : labels) {
            widest = Math.max(widest, metrics.stringWidth(label));
        }
        return GAP + BAR_WIDTH + 6 + widest + 12;
    }

    /** Paints the bar right of {@code left}, as tall as the plot {@code area}. */
    void paint(Graphics2D g, int left, Rectangle2D area) {
        int x = left + GAP;
        double top = area.getY();
        double height = area.getHeight();
        double bandH = height / bands.length;
        for (int k = 0; k < bands.length; k++) {
            // Band 0 is the lowest values, so it goes at the bottom.
            g.setColor(bands[k]);
            g.fill(new Rectangle2D.Double(x, top + height - (k + 1) * bandH, BAR_WIDTH, bandH + 0.5));
        }
        g.setColor(Theme.BORDER);
        g.setStroke(new BasicStroke(1f));
        g.draw(new Rectangle2D.Double(x, top, BAR_WIDTH, height));
        g.setFont(Theme.font(Font.PLAIN, 11f));
        g.setColor(Theme.TEXT);
        FontMetrics metrics = g.getFontMetrics();
        int every = Math.max(1, (int) Math.ceil((metrics.getHeight() + 2) / bandH));
        for (int k = 0; k < labels.length; k++) {
            if (!named && k % every != 0) {
                continue;
            }
            // Level k separates band k from band k+1; a named band's label sits at its middle.
            double y = named ? top + height - (k + 0.5) * bandH : top + height - (k + 1) * bandH;
            if (!named) {
                g.draw(new Line2D.Double(x + BAR_WIDTH, y, x + BAR_WIDTH + 4, y));
            }
            g.drawString(labels[k], x + BAR_WIDTH + 6, (float) (y + metrics.getAscent() / 2.0 - 1));
        }
        if (caption != null) {
            g.drawString(TexLabels.toUnicode(caption), x, (float) (top - 6));
        }
    }
}

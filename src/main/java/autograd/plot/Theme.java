package autograd.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.util.Arrays;
import java.util.Set;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The one look shared by every picture in a notebook: fonts, the colour-blind-safe Okabe-Ito
 * palette for series and classes, the viridis colour map for contour bands, default sizes.
 *
 * <pre>{@code
 * jshell> Theme.color(0)
 * $1 ==> java.awt.Color[r=0,g=114,b=178]
 * jshell> var chart = new org.knowm.xchart.XYChartBuilder().build();
 * jshell> Theme.apply(chart.getStyler());   // what Plots does for every chart it builds
 * }</pre>
 */
public final class Theme {

    /** Default chart width in pixels: wide enough for a legend beside a readable plot. */
    public static final int WIDTH = 640;
    /** Default chart height in pixels. */
    public static final int HEIGHT = 440;

    /**
     * Okabe-Ito colours, reordered so that the first few are the most distinct from one another
     * on white (blue, vermillion, green, purple, orange, sky blue, yellow, black).
     */
    private static final Color[] PALETTE = {
        new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73), new Color(0xCC79A7),
        new Color(0xE69F00), new Color(0x56B4E9), new Color(0xF0E442), new Color(0x000000),
    };

    /** Anchor points of matplotlib's viridis map, interpolated linearly between. */
    private static final Color[] VIRIDIS = {
        new Color(0x440154), new Color(0x482878), new Color(0x3E4A89), new Color(0x31688E),
        new Color(0x26828E), new Color(0x1F9E89), new Color(0x35B779), new Color(0x6DCD59),
        new Color(0xB4DE2C), new Color(0xFDE725),
    };

    public static final Color BACKGROUND = Color.WHITE;
    public static final Color TEXT = new Color(0x222222);
    public static final Color GRID_LINES = new Color(0xE4E4E4);
    public static final Color BORDER = new Color(0x888888);

    private static final String FAMILY = pickFamily();

    private Theme() {}

    private static String pickFamily() {
        // DejaVu Sans covers Greek, sub/superscripts and math symbols that TexLabels produces.
        try {
            Set<String> installed =
                    Set.of(GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames());
            for (String family : new String[] {"DejaVu Sans", "Liberation Sans"}) {
                if (installed.contains(family)) {
                    return family;
                }
            }
        } catch (RuntimeException | Error noFontsHere) {
            // fall through to the logical font, which Java always has
        }
        return Font.SANS_SERIF;
    }

    /** The theme's font at a given style and size. */
    public static Font font(int style, float size) {
        return new Font(FAMILY, style, 1).deriveFont(style, size);
    }

    /** Series colour {@code index}, cycling through the eight Okabe-Ito colours. */
    public static Color color(int index) {
        return PALETTE[Math.floorMod(index, PALETTE.length)];
    }

    /** A copy of the series palette. */
    public static Color[] palette() {
        return PALETTE.clone();
    }

    /** {@code color} with an alpha in [0, 1]. */
    public static Color withAlpha(Color color, double alpha) {
        return new Color(color.getRed(), color.getGreen(), color.getBlue(), (int)
                Math.round(255 * Math.max(0, Math.min(1, alpha))));
    }

    /** A light tint of {@code color} (mixed with white), for filled regions under data. */
    public static Color tint(Color color, double amount) {
        double a = Math.max(0, Math.min(1, amount));
        return new Color(
                (int) Math.round(255 + (color.getRed() - 255) * a),
                (int) Math.round(255 + (color.getGreen() - 255) * a),
                (int) Math.round(255 + (color.getBlue() - 255) * a));
    }

    /** The viridis colour map at {@code t} in [0, 1] (dark purple to yellow). */
    public static Color viridis(double t) {
        double clamped = Double.isNaN(t) ? 0 : Math.max(0, Math.min(1, t));
        double position = clamped * (VIRIDIS.length - 1);
        int low = Math.min((int) Math.floor(position), VIRIDIS.length - 2);
        double f = position - low;
        Color a = VIRIDIS[low];
        Color b = VIRIDIS[low + 1];
        return new Color(
                (int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * f),
                (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * f),
                (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * f));
    }

    /** Series markers in the same order as the palette, so colour and shape both tell series apart. */
    public static Marker marker(int index) {
        Marker[] markers = {
            SeriesMarkers.CIRCLE,
            SeriesMarkers.DIAMOND,
            SeriesMarkers.SQUARE,
            SeriesMarkers.TRIANGLE_UP,
            SeriesMarkers.TRIANGLE_DOWN,
            SeriesMarkers.CROSS,
            SeriesMarkers.PLUS,
            SeriesMarkers.OVAL
        };
        return markers[Math.floorMod(index, markers.length)];
    }

    /** Puts the theme on an XChart styler (XY, category, ...): fonts, colours, grid, legend. */
    public static void apply(Styler styler) {
        styler.setChartBackgroundColor(BACKGROUND);
        styler.setChartFontColor(TEXT);
        styler.setChartTitleFont(font(Font.BOLD, 15f));
        styler.setChartTitleBoxVisible(false);
        styler.setChartTitlePadding(8);
        styler.setChartPadding(12);
        styler.setLegendFont(font(Font.PLAIN, 12f));
        styler.setLegendBorderColor(new Color(0xCCCCCC));
        styler.setLegendBackgroundColor(withAlpha(Color.WHITE, 0.85));
        styler.setLegendPosition(Styler.LegendPosition.InsideNE);
        styler.setLegendPadding(6);
        styler.setLegendSeriesLineLength(22);
        styler.setPlotBackgroundColor(BACKGROUND);
        styler.setPlotBorderColor(BORDER);
        styler.setPlotBorderVisible(true);
        styler.setSeriesColors(palette());
        BasicStroke[] lines = new BasicStroke[PALETTE.length];
        Arrays.fill(lines, new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        styler.setSeriesLines(lines);
        Marker[] markers = new Marker[PALETTE.length];
        for (int i = 0; i < markers.length; i++) {
            markers[i] = marker(i);
        }
        styler.setSeriesMarkers(markers);
        styler.setAntiAlias(true);
        styler.setTextAntiAlias(true);
        styler.setAnnotationTextFont(font(Font.PLAIN, 12f));
        styler.setAnnotationTextFontColor(TEXT);
        if (styler instanceof AxesChartStyler axes) {
            axes.setAxisTitleFont(font(Font.PLAIN, 13f));
            axes.setAxisTickLabelsFont(font(Font.PLAIN, 11f));
            axes.setAxisTickLabelsColor(TEXT);
            axes.setAxisTickMarksColor(BORDER);
            axes.setAxisTitlePadding(6);
            axes.setAxisTickPadding(4);
            axes.setPlotGridLinesColor(GRID_LINES);
            axes.setPlotGridLinesStroke(new BasicStroke(1f));
            axes.setPlotMargin(0);
            axes.setMarkerSize(7);
            axes.setYAxisLabelAlignment(AxesChartStyler.TextAlignment.Right);
        }
    }
}

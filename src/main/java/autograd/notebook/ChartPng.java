package autograd.notebook;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * An XChart chart drawn as a PNG with more pixels than its display size, so it stays crisp on
 * high-density screens: the notebook shows it at {@link #width()} x {@link #height()} CSS pixels
 * (the {@code image/png} output metadata carries that size) while the bitmap is {@code scale} times
 * larger.
 *
 * <pre>{@code
 * jshell> import org.knowm.xchart.XYChartBuilder;
 * jshell> var chart = new XYChartBuilder().width(400).height(300).build();
 * jshell> chart.addSeries("y", new double[] {0, 1, 2}, new double[] {0, 1, 4});
 * jshell> var png = ChartPng.render(chart);
 * png ==> ChartPng[400x300 @2x, 25650 bytes]       // the byte count depends on the fonts
 * }</pre>
 */
public final class ChartPng {

    /** Pixels per display pixel unless told otherwise: enough for "retina" screens, still small. */
    public static final int DEFAULT_SCALE = 2;

    private final byte[] png;
    private final int width;
    private final int height;
    private final int scale;

    private ChartPng(byte[] png, int width, int height, int scale) {
        this.png = png;
        this.width = width;
        this.height = height;
        this.scale = scale;
    }

    /** Draws {@code chart} at {@value #DEFAULT_SCALE}x its own width and height. */
    public static ChartPng render(Chart<?, ?> chart) {
        return render(chart, DEFAULT_SCALE);
    }

    /** Draws {@code chart} with {@code scale} bitmap pixels per display pixel (1 to 8). */
    public static ChartPng render(Chart<?, ?> chart, int scale) {
        if (chart == null) {
            throw new IllegalArgumentException("chart is null");
        }
        if (scale < 1 || scale > 8) {
            throw new IllegalArgumentException("scale must be 1..8, got " + scale);
        }
        int width = chart.getWidth();
        int height = chart.getHeight();
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("chart has no area: " + width + "x" + height);
        }
        BufferedImage image = new BufferedImage(width * scale, height * scale, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.scale(scale, scale);
            chart.paint(g, width, height);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
        try {
            if (!ImageIO.write(image, "png", bytes)) {
                throw new IllegalStateException("no PNG writer in this JVM (ImageIO)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode the chart as PNG", e);
        }
        return new ChartPng(bytes.toByteArray(), width, height, scale);
    }

    /** The PNG file's bytes (a copy). */
    public byte[] bytes() {
        return png.clone();
    }

    /** The PNG as base64 text, the form Jupyter's {@code image/png} output wants. */
    public String base64() {
        return Base64.getEncoder().encodeToString(png);
    }

    /** Display width in CSS pixels (the chart's own width). */
    public int width() {
        return width;
    }

    /** Display height in CSS pixels (the chart's own height). */
    public int height() {
        return height;
    }

    /** Bitmap pixels per display pixel. */
    public int scale() {
        return scale;
    }

    @Override
    public String toString() {
        return "ChartPng[" + width + "x" + height + " @" + scale + "x, " + png.length + " bytes]";
    }
}

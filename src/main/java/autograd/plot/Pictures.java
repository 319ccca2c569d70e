package autograd.plot;

import java.awt.image.BufferedImage;
import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/** The one way pictures leave the JVM: charts to images, images to PNG, bytes to files and MIME bundles. */
final class Pictures {

    private Pictures() {}

    /** Renders {@code chart} at its own size (headless is fine). */
    static BufferedImage image(Chart<?, ?> chart) {
        if (chart == null) {
            throw new IllegalArgumentException("chart is null");
        }
        return BitmapEncoder.getBufferedImage(chart);
    }

    static byte[] png(Chart<?, ?> chart) {
        return png(image(chart));
    }

    static byte[] png(RenderedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode PNG", e);
        }
    }

    /** Writes {@code bytes} to {@code path}, creating parent directories. */
    static Path write(String path, byte[] bytes) {
        if (path == null) {
            throw new IllegalArgumentException("path is null");
        }
        Path file = Path.of(path);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        }
    }

    /** A MIME bundle of one picture ({@code image/png}, {@code image/gif}, ...) and its text form. */
    static Map<String, String> bundle(String mime, byte[] picture, String text) {
        Map<String, String> bundle = new LinkedHashMap<>();
        bundle.put(mime, Base64.getEncoder().encodeToString(picture));
        bundle.put("text/plain", text);
        return bundle;
    }
}

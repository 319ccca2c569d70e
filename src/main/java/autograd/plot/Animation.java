package autograd.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * A looping animated GIF made of frames (charts or images), each with an optional text label in
 * its top-left corner ({@code time = 1.2s}). Encoded with {@code javax.imageio}; shown inline in
 * notebooks as {@code image/gif}.
 *
 * <pre>{@code
 * jshell> Animation a = Animation.builder().delayMillis(40).frames(20,
 *    ...>     i -> Plots.line(new double[] {0, Math.sin(i / 3.0)}), i -> String.format("time = %.2fs", i * 0.04)).build();
 * a ==> Animation 640x440, 20 frames, 40 ms/frame
 * jshell> a.save("wave.gif")
 * $2 ==> wave.gif
 * }</pre>
 */
public final class Animation implements Displayable {

    private final byte[] gif;
    private final int frameCount;
    private final int width;
    private final int height;
    private final int delayMillis;

    private Animation(byte[] gif, int frameCount, int width, int height, int delayMillis) {
        this.gif = gif;
        this.frameCount = frameCount;
        this.width = width;
        this.height = height;
        this.delayMillis = delayMillis;
    }

    /** A builder: add frames, set the delay, then build(). */
    public static Builder builder() {
        return new Builder();
    }

    /** The encoded GIF file. */
    public byte[] gif() {
        return gif.clone();
    }

    public int frameCount() {
        return frameCount;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int delayMillis() {
        return delayMillis;
    }

    /** Writes the GIF file. */
    @Override
    public Path save(String path) {
        return Pictures.write(path, gif);
    }

    @Override
    public Map<String, String> mimeBundle() {
        return Pictures.bundle("image/gif", gif, toString());
    }

    @Override
    public String toString() {
        return "Animation " + width + "x" + height + ", " + frameCount + (frameCount == 1 ? " frame, " : " frames, ")
                + delayMillis + " ms/frame";
    }

    /** The most frames an animation takes: a GIF is held in memory, frame by frame. */
    public static final int MAX_FRAMES = 1000;

    /** Frames, timing and looping of an animation. */
    public static final class Builder {
        /** The frames with their labels drawn in, all of one size. */
        private final List<BufferedImage> frames = new ArrayList<>();

        private int delayMillis = 50;
        private boolean loop = true;

        Builder() {}

        /** Time each frame stays on screen (GIF resolution is 10 ms; default 50 ms). */
        public Builder delayMillis(int millis) {
            if (millis < 10 || millis > 655_350) {
                throw new IllegalArgumentException("frame delay must be 10..655350 ms, got " + millis);
            }
            this.delayMillis = millis;
            return this;
        }

        /** Loop forever (default) or play once. */
        public Builder loop(boolean loop) {
            this.loop = loop;
            return this;
        }

        /** A chart as the next frame, rendered at its own size. */
        public Builder frame(Chart<?, ?> chart, String label) {
            if (chart == null) {
                throw new IllegalArgumentException("chart for frame " + frames.size() + " is null");
            }
            requireRoom(1);
            return frame(Pictures.image(chart), label);
        }

        /** An image as the next frame; all frames must have the same size. */
        public Builder frame(BufferedImage image, String label) {
            if (image == null) {
                throw new IllegalArgumentException("image for frame " + frames.size() + " is null");
            }
            requireRoom(1);
            if (!frames.isEmpty()
                    && (image.getWidth() != frames.get(0).getWidth()
                            || image.getHeight() != frames.get(0).getHeight())) {
                throw new IllegalArgumentException("frame " + frames.size() + " is "
                        + image.getWidth() + "x" + image.getHeight() + " but frame 0 is "
                        + frames.get(0).getWidth() + "x" + frames.get(0).getHeight()
                        + "; all frames must have the same size");
            }
            frames.add(withLabel(image, label));
            return this;
        }

        /** {@code count} frames from a chart per index and a label per index (label may be null). */
        public Builder frames(int count, IntFunction<? extends Chart<?, ?>> chartAt, IntFunction<String> labelAt) {
            Checks.count("frames", count, MAX_FRAMES, "the number of frames");
            if (chartAt == null) {
                throw new IllegalArgumentException("frames: chartAt is null");
            }
            requireRoom(count);
            for (int i = 0; i < count; i++) {
                frame(chartAt.apply(i), labelAt == null ? null : labelAt.apply(i));
            }
            return this;
        }

        /** Checked before any frame is drawn, so a too-long animation fails at once. */
        private void requireRoom(int more) {
            if (frames.size() + more > MAX_FRAMES) {
                throw new IllegalArgumentException(frames.size() + " frames and " + more + " more exceed " + MAX_FRAMES
                        + " frames; draw every k-th step instead");
            }
        }

        /** Encodes the GIF. */
        public Animation build() {
            if (frames.isEmpty()) {
                throw new IllegalStateException("an animation needs at least one frame");
            }
            byte[] gif = encode(frames, delayMillis, loop);
            return new Animation(
                    gif, frames.size(), frames.get(0).getWidth(), frames.get(0).getHeight(), delayMillis);
        }
    }

    /** An RGB copy of the frame with its label in a light box at the top left. */
    static BufferedImage withLabel(BufferedImage frame, String label) {
        BufferedImage out = new BufferedImage(frame.getWidth(), frame.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.drawImage(frame, 0, 0, null);
            if (label != null && !label.isEmpty()) {
                String text = TexLabels.toUnicode(label);
                g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
                g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
                g.setFont(Theme.font(Font.PLAIN, 13f));
                FontMetrics metrics = g.getFontMetrics();
                int w = metrics.stringWidth(text) + 12;
                int h = metrics.getHeight() + 6;
                g.setColor(new Color(255, 255, 255, 225));
                g.fill(new RoundRectangle2D.Double(8, 8, w, h, 6, 6));
                g.setColor(Theme.BORDER);
                g.draw(new RoundRectangle2D.Double(8, 8, w, h, 6, 6));
                g.setColor(Theme.TEXT);
                g.drawString(text, 14, 8 + 3 + metrics.getAscent());
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /** A GIF89a with a graphic-control block per frame and the NETSCAPE2.0 loop extension. */
    static byte[] encode(List<BufferedImage> frames, int delayMillis, boolean loop) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            ImageWriteParam param = writer.getDefaultWriteParam();
            for (int k = 0; k < frames.size(); k++) {
                BufferedImage frame = frames.get(k);
                IIOMetadata metadata =
                        writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(frame), param);
                configure(metadata, delayMillis, loop && k == 0);
                writer.writeToSequence(new IIOImage(frame, null, metadata), param);
            }
            writer.endWriteSequence();
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode GIF", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static void configure(IIOMetadata metadata, int delayMillis, boolean loopBlock) throws IOException {
        String format = metadata.getNativeMetadataFormatName();
        IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(format);
        IIOMetadataNode control = child(root, "GraphicControlExtension");
        control.setAttribute("disposalMethod", "none");
        control.setAttribute("userInputFlag", "FALSE");
        control.setAttribute("transparentColorFlag", "FALSE");
        control.setAttribute("delayTime", Integer.toString(Math.max(1, delayMillis / 10)));
        control.setAttribute("transparentColorIndex", "0");
        if (loopBlock) {
            IIOMetadataNode extensions = child(root, "ApplicationExtensions");
            IIOMetadataNode netscape = new IIOMetadataNode("ApplicationExtension");
            netscape.setAttribute("applicationID", "NETSCAPE");
            netscape.setAttribute("authenticationCode", "2.0");
            // Sub-block 1, then the loop count as little-endian 16 bits; 0 means forever.
            netscape.setUserObject(new byte[] {1, 0, 0});
            extensions.appendChild(netscape);
        }
        metadata.setFromTree(format, root);
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int k = 0; k < root.getLength(); k++) {
            if (root.item(k).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) root.item(k);
            }
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }
}

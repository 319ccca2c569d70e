package autograd.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

class AnimationTest {

    private static XYChart pendulum(int i) {
        double theta = 0.8 * Math.cos(i * 0.5);
        return Plots.lines()
                .size(200, 200)
                .xRange(-1.2, 1.2)
                .yRange(-1.2, 0.2)
                .legend(false)
                .series("arm", new double[] {0, Math.sin(theta)}, new double[] {0, -Math.cos(theta)})
                .build();
    }

    @Test
    void encodesALoopingGifWithOneImagePerFrame() throws Exception {
        Animation animation = Animation.builder()
                .delayMillis(80)
                .frames(6, AnimationTest::pendulum, i -> String.format("time = %.1fs", i * 0.08))
                .build();
        byte[] gif = animation.gif();
        assertEquals("GIF89a", new String(gif, 0, 6, StandardCharsets.US_ASCII));
        assertTrue(new String(gif, StandardCharsets.ISO_8859_1).contains("NETSCAPE2.0"), "loop extension present");
        ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(gif))) {
            reader.setInput(in);
            assertEquals(6, reader.getNumImages(true));
            IIOMetadataNode root =
                    (IIOMetadataNode) reader.getImageMetadata(2).getAsTree("javax_imageio_gif_image_1.0");
            IIOMetadataNode control = (IIOMetadataNode)
                    root.getElementsByTagName("GraphicControlExtension").item(0);
            assertEquals("8", control.getAttribute("delayTime"));
            BufferedImage first = reader.read(0);
            BufferedImage third = reader.read(2);
            assertEquals(200, first.getWidth());
            assertTrue(ChartImages.distinctColors(first) > 5);
            assertNotEquals(0, differingPixels(first, third), "the arm moves");
        } finally {
            reader.dispose();
        }
        assertEquals(6, animation.frameCount());
        assertEquals("image/gif", animation.mimeBundle().keySet().iterator().next());
        assertArrayEquals(gif, Base64.getDecoder().decode(animation.mimeBundle().get("image/gif")));
    }

    @Test
    void labelIsDrawnOnTheFrame() {
        BufferedImage frame = Plots.toImage(pendulum(0));
        BufferedImage labelled = Animation.withLabel(frame, "time = 1.2s");
        BufferedImage unlabelled = Animation.withLabel(frame, null);
        assertTrue(
                differingPixels(labelled.getSubimage(0, 0, 100, 40), unlabelled.getSubimage(0, 0, 100, 40)) > 50,
                "label in the top-left corner");
        assertEquals(
                0,
                differingPixels(labelled.getSubimage(100, 100, 100, 100), unlabelled.getSubimage(100, 100, 100, 100)),
                "nothing else changes");
    }

    @Test
    void sameFramesGiveTheSameBytes() {
        byte[] a = Animation.builder()
                .frames(3, AnimationTest::pendulum, i -> "t" + i)
                .build()
                .gif();
        byte[] b = Animation.builder()
                .frames(3, AnimationTest::pendulum, i -> "t" + i)
                .build()
                .gif();
        assertArrayEquals(a, b);
    }

    @Test
    void framesOfDifferentSizesAreRejected() {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> Animation.builder()
                        .frame(new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB), "a")
                        .frame(new BufferedImage(12, 10, BufferedImage.TYPE_INT_RGB), "b"));
        assertTrue(e.getMessage().contains("same size"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> Animation.builder().build());
        assertThrows(IllegalArgumentException.class, () -> Animation.builder().delayMillis(1));
    }

    private static int differingPixels(BufferedImage a, BufferedImage b) {
        int count = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                count += a.getRGB(x, y) != b.getRGB(x, y) ? 1 : 0;
            }
        }
        return count;
    }
}

package autograd.notebook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

class ChartPngTest {

    static XYChart chart(int width, int height) {
        XYChart chart =
                new XYChartBuilder().width(width).height(height).title("t").build();
        chart.addSeries("y", new double[] {0, 1, 2}, new double[] {0, 1, 4});
        return chart;
    }

    @Test
    void bitmapIsTwiceTheDisplaySizeByDefault() throws IOException {
        ChartPng png = ChartPng.render(chart(300, 200));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png.bytes()));
        assertEquals(600, image.getWidth());
        assertEquals(400, image.getHeight());
        assertEquals(300, png.width());
        assertEquals(200, png.height());
        assertEquals(2, png.scale());
    }

    @Test
    void scaleOneKeepsTheChartSize() throws IOException {
        BufferedImage image = ImageIO.read(
                new ByteArrayInputStream(ChartPng.render(chart(120, 90), 1).bytes()));
        assertEquals(120, image.getWidth());
        assertEquals(90, image.getHeight());
    }

    @Test
    void drawsSomethingAndEncodesBase64OfTheSameBytes() throws IOException {
        ChartPng png = ChartPng.render(chart(200, 150));
        assertArrayEquals(png.bytes(), Base64.getDecoder().decode(png.base64()));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png.bytes()));
        int corner = image.getRGB(0, 0);
        long differing = 0;
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                if (image.getRGB(x, y) != corner) {
                    differing++;
                }
            }
        }
        assertTrue(differing > 500, "the chart drew too little: " + differing + " sampled pixels differ");
        assertNotEquals(0, corner >>> 24, "background is opaque");
    }

    @Test
    void badInputIsNamed() {
        IllegalArgumentException scale =
                assertThrows(IllegalArgumentException.class, () -> ChartPng.render(chart(10, 10), 0));
        assertTrue(scale.getMessage().contains("scale"));
        assertThrows(IllegalArgumentException.class, () -> ChartPng.render(null));
    }
}

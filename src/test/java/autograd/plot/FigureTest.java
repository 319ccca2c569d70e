package autograd.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

class FigureTest {

    private static XYChart chart(double slope) {
        return Plots.lines()
                .title("slope " + slope)
                .series("y", new double[] {0, 1, 2}, new double[] {0, slope, 2 * slope})
                .build();
    }

    @Test
    void twoByTwoComposesEveryPanel() {
        XYChart first = chart(1);
        Figure figure = Figure.grid(2, 2)
                .panelSize(400, 300)
                .add(
                        first,
                        chart(2),
                        chart(3),
                        Plots.contour((x, y) -> x * y, -1, 1, -1, 1).build())
                .build();
        assertEquals(800, figure.width());
        assertEquals(600, figure.height());
        assertEquals(4, figure.panelCount());
        BufferedImage image = figure.image();
        for (int panel = 0; panel < 4; panel++) {
            BufferedImage part = image.getSubimage((panel % 2) * 400, (panel / 2) * 300, 400, 300);
            assertTrue(ChartImages.inkFraction(part) > 0.02, "panel " + panel + " drawn");
        }
        assertEquals(Theme.WIDTH, first.getWidth(), "the chart keeps its own size");
        assertEquals("image/png", figure.mimeBundle().keySet().iterator().next());
    }

    @Test
    void oneByTwoWithTitleIsTaller() {
        Figure plain = Plots.figure(1, 2, chart(1), chart(2));
        Figure titled =
                Figure.grid(1, 2).title("GD vs Adam").add(chart(1), chart(2)).build();
        assertEquals(1040, plain.width());
        assertTrue(titled.height() > plain.height());
    }

    @Test
    void tooManyChartsOrNoneAreRejected() {
        var many = assertThrows(
                IllegalArgumentException.class, () -> Figure.grid(1, 2).add(chart(1), chart(2), chart(3)));
        assertTrue(many.getMessage().contains("do not fit"), many.getMessage());
        assertThrows(IllegalStateException.class, () -> Figure.grid(2, 2).build());
        assertThrows(IllegalArgumentException.class, () -> Figure.grid(0, 2));
    }
}

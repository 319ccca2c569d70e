package autograd.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYSeries;

class DecisionBoundaryTest {

    private static final double[][] POINTS = {{0, 0}, {1, 0}, {0, 1}, {3, 3}, {4, 3}, {3, 4}};
    private static final int[] LABELS = {0, 0, 0, 1, 1, 1};

    @Test
    void clipLineMeetsTheBoxEdges() {
        // x + y - 1 = 0 through the unit box: from (0, 1) to (1, 0).
        double[] diagonal = Geometry.clipLine(1, 1, -1, 0, 1, 0, 1);
        assertEquals(4, diagonal.length);
        assertEquals(
                2,
                Math.hypot(diagonal[0] - diagonal[2], diagonal[1] - diagonal[3])
                        * Math.hypot(diagonal[0] - diagonal[2], diagonal[1] - diagonal[3]),
                1e-12);
        // Vertical line x = 0.25 (w1 = 0).
        assertArrayEquals(new double[] {0.25, 0, 0.25, 1}, Geometry.clipLine(4, 0, -1, 0, 1, 0, 1), 1e-12);
        // Horizontal line y = 2 misses the box.
        assertNull(Geometry.clipLine(0, 1, -2, 0, 1, 0, 1));
        assertNull(Geometry.clipLine(0, 0, 1, 0, 1, 0, 1));
        // Every returned end satisfies the equation and lies in the box.
        double[] s = Geometry.clipLine(0.3, -2, 0.7, -5, 5, -2, 2);
        for (int k = 0; k < 4; k += 2) {
            assertEquals(0, 0.3 * s[k] - 2 * s[k + 1] + 0.7, 1e-12);
            assertTrue(s[k] >= -5 && s[k] <= 5 && s[k + 1] >= -2 && s[k + 1] <= 2);
        }
    }

    @Test
    void linearBoundaryShadesEachSideInItsClassColour() {
        ContourChart chart = Plots.linearBoundary(1, 1, -4, POINTS, LABELS).build();
        BufferedImage image = Plots.toImage(chart);
        XYSeries boundary = chart.getSeries("boundary");
        assertEquals(2, boundary.getXData().length, "one clipped straight segment");
        for (int k = 0; k < 2; k++) {
            assertEquals(4, boundary.getXData()[k] + boundary.getYData()[k], 1e-9);
        }
        assertTrue(chart.getSeries("class 0") != null);
        assertTrue(chart.getSeries("class 1") != null);
        // (0.5, 2) has score -1.5 (class 0 side); (3.8, 0.5) has +0.3 (class 1 side).
        Color low = ChartImages.at(image, chart.getScreenXFromChart(0.5), chart.getScreenYFromChart(2));
        Color high = ChartImages.at(image, chart.getScreenXFromChart(3.8), chart.getScreenYFromChart(0.5));
        assertTrue(ChartImages.close(low, Theme.tint(Theme.color(0), 0.25), 2), "low " + low);
        assertTrue(ChartImages.close(high, Theme.tint(Theme.color(1), 0.25), 2), "high " + high);
    }

    @Test
    void scoreBoundaryFollowsTheThreshold() {
        ContourChart chart = Plots.decisionBoundary((x, y) -> x * x + y * y, POINTS, LABELS)
                .threshold(4)
                .confidence(true)
                .build();
        XYSeries boundary = chart.getSeries("boundary");
        for (int k = 0; k < boundary.getXData().length; k++) {
            double r = Math.hypot(boundary.getXData()[k], boundary.getYData()[k]);
            assertTrue(Double.isNaN(r) || Math.abs(r - 2) < 0.01, "on the circle: " + r);
        }
        assertTrue(chart.levels().length > 3, "confidence bands");
        assertTrue(ChartImages.inkFraction(Plots.toImage(chart)) > 0.5);
    }

    @Test
    void multiclassRegionsUseTheClassColours() {
        double[][] points = {{0, 0}, {4, 0}, {0, 4}};
        int[] labels = {0, 1, 2};
        ContourChart chart = DecisionBoundary.multiclass((x, y) -> x > 2 && x > y ? 1 : y > 2 ? 2 : 0, points, labels)
                .build();
        BufferedImage image = Plots.toImage(chart);
        Color one = ChartImages.at(image, chart.getScreenXFromChart(3.5), chart.getScreenYFromChart(1));
        Color two = ChartImages.at(image, chart.getScreenXFromChart(1), chart.getScreenYFromChart(3.5));
        assertTrue(ChartImages.close(one, Theme.tint(Theme.color(1), 0.3), 2), "class 1 " + one);
        assertTrue(ChartImages.close(two, Theme.tint(Theme.color(2), 0.3), 2), "class 2 " + two);
        assertEquals(4, chart.getSeriesCollection().size(), "boundary + 3 classes");
    }

    @Test
    void badDataIsRejected() {
        var mismatch = assertThrows(
                IllegalArgumentException.class, () -> Plots.decisionBoundary((x, y) -> x, POINTS, new int[] {0, 1}));
        assertTrue(mismatch.getMessage().contains("6 points but 2 labels"), mismatch.getMessage());
        var three = assertThrows(
                IllegalArgumentException.class,
                () -> Plots.decisionBoundary((x, y) -> x, POINTS, new int[] {0, 1, 2, 0, 1, 2}));
        assertTrue(three.getMessage().contains("multiclass"), three.getMessage());
        var nan = assertThrows(
                IllegalArgumentException.class,
                () -> Plots.linearBoundary(1, 1, 0, new double[][] {{0, Double.NaN}}, new int[] {0}));
        assertTrue(nan.getMessage().contains("NaN"), nan.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Plots.linearBoundary(Double.NaN, 1, 0, POINTS, LABELS));
    }
}

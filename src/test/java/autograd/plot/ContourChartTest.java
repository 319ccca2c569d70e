package autograd.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYSeries;

class ContourChartTest {

    private static final Grid BOWL = Grid.sample((x, y) -> x * x + y * y, -2, 2, -2, 2, 0.05);

    @Test
    void filledContourRendersBandsLinesAndColorBar() {
        ContourChart chart = Plots.contour(BOWL).levels(1, 2, 3, 4).build();
        BufferedImage image = Plots.toImage(chart);
        assertEquals(Theme.WIDTH, image.getWidth());
        assertEquals(Theme.HEIGHT, image.getHeight());
        assertTrue(ChartImages.distinctColors(image) > 20, "bands, lines, text");
        // One line series per level (each level's pieces joined with NaN breaks).
        assertEquals(4, chart.getSeriesCollection().size());
        assertEquals(5, ContourChartTest.bandCount(chart));
        // The minimum (0, 0) lies in band 0; (1.9, 1.9) (value 7.22) in the top band 4.
        Color centre = ChartImages.at(image, chart.getScreenXFromChart(0), chart.getScreenYFromChart(0));
        assertTrue(ChartImages.close(centre, chart.bandColor(0), 2), "centre " + centre);
        Color corner = ChartImages.at(image, chart.getScreenXFromChart(1.9), chart.getScreenYFromChart(1.9));
        assertTrue(ChartImages.close(corner, chart.bandColor(4), 2), "corner " + corner);
        // A point at radius 1.2 (value 1.44) is in band 1.
        Color ring = ChartImages.at(image, chart.getScreenXFromChart(1.2), chart.getScreenYFromChart(0));
        assertTrue(ChartImages.close(ring, chart.bandColor(1), 2), "ring " + ring);
        // The colour bar right of the plot shows the top band's colour.
        int barY = (int) chart.getScreenYFromChart(1.9);
        int barLow = (int) chart.getScreenYFromChart(-1.9);
        boolean topFound = false;
        boolean bottomFound = false;
        for (int x = (int) chart.getScreenXFromChart(2) + 2; x < image.getWidth(); x++) {
            topFound |= ChartImages.close(ChartImages.at(image, x, barY), chart.bandColor(4), 2);
            bottomFound |= ChartImages.close(ChartImages.at(image, x, barLow), chart.bandColor(0), 2);
        }
        assertTrue(topFound && bottomFound, "colour bar right of the plot, top band at the top");
    }

    private static int bandCount(ContourChart chart) {
        return chart.levels().length + 1;
    }

    @Test
    void isoLinesFollowTheCircles() {
        ContourChart chart =
                Plots.contour(BOWL).levels(1.0).filled(false).colorBar(false).build();
        XYSeries level = chart.getSeriesCollection().iterator().next();
        double[] xs = level.getXData();
        double[] ys = level.getYData();
        assertTrue(xs.length > 100);
        for (int k = 0; k < xs.length; k++) {
            assertEquals(1.0, Math.hypot(xs[k], ys[k]), 0.003);
        }
    }

    @Test
    void nanCellsAreLeftEmpty() {
        double[][] z = BOWL.values();
        for (int j = 30; j < 50; j++) {
            for (int i = 30; i < 50; i++) {
                z[j][i] = Double.NaN; // a hole over x, y in (-0.5, 0.45)
            }
        }
        ContourChart chart =
                Plots.contour(Grid.of(BOWL.xs(), BOWL.ys(), z)).levels(3).build();
        BufferedImage image = Plots.toImage(chart);
        Color hole = ChartImages.at(image, chart.getScreenXFromChart(0), chart.getScreenYFromChart(0));
        assertEquals(Color.WHITE, hole, "the hole shows the plot background");
        Color outside = ChartImages.at(image, chart.getScreenXFromChart(1.5), chart.getScreenYFromChart(1.5));
        assertTrue(ChartImages.close(outside, chart.bandColor(chart.bandOf(4.5)), 2));
    }

    @Test
    void trajectoriesGetLegendEntriesAndArrows() {
        double[] xs = {-1.5, -1.0, -0.5, -0.2, 0};
        double[] ys = {1.5, 0.8, 0.4, 0.1, 0};
        ContourChart plain = Plots.contour(BOWL)
                .levels(6)
                .arrows(false)
                .trajectory("GD", xs, ys)
                .build();
        ContourChart arrows = Plots.contour(BOWL)
                .levels(6)
                .trajectory("GD", xs, ys)
                .trajectory("Adam", new double[][] {{1.5, -1.5}, {0.5, -0.2}, {0, 0}})
                .build();
        long inLegend = arrows.getSeriesCollection().stream()
                .filter(s -> s.isShowInLegend())
                .count();
        assertEquals(2, inLegend, "one legend entry per run");
        assertTrue(arrows.getSeries("GD") != null);
        // Arrow heads add ink that the chart without them lacks.
        Plots.toImage(plain);
        BufferedImage withArrows = Plots.toImage(
                Plots.contour(BOWL).levels(6).trajectory("GD", xs, ys).build());
        BufferedImage without = Plots.toImage(plain);
        int differing = 0;
        for (int y = 0; y < without.getHeight(); y++) {
            for (int x = 0; x < without.getWidth(); x++) {
                differing += withArrows.getRGB(x, y) != without.getRGB(x, y) ? 1 : 0;
            }
        }
        assertTrue(differing > 50, "arrow heads drawn: " + differing + " pixels differ");
    }

    @Test
    void renderingIsDeterministicAndKeepsTheChartSize() {
        ContourChart chart = Plots.contour((x, y) -> Math.sin(x) * Math.cos(y), -3, 3, -3, 3)
                .levels(8)
                .size(500, 360)
                .build();
        byte[] first = Plots.png(chart);
        byte[] second = Plots.png(chart);
        assertArrayEquals(first, second);
        assertEquals(500, chart.getWidth());
        assertEquals(360, chart.getHeight());
    }

    @Test
    void equalAspectMakesUnitsEquallyLong() {
        Grid wide = Grid.sample((x, y) -> x * x + y * y, -3, 3, -1, 1, 0.05);
        ContourChart chart = Plots.contour(wide).levels(4).equalAspect().build();
        BufferedImage image = Plots.toImage(chart);
        double xUnit = chart.getScreenXFromChart(1) - chart.getScreenXFromChart(0);
        double yUnit = chart.getScreenYFromChart(0) - chart.getScreenYFromChart(1);
        assertEquals(xUnit, yUnit, 1.0, "pixels per unit on x and y");
        assertEquals(Theme.WIDTH, image.getWidth());
        // The y range was widened past the grid: above y = 1 the plot is blank.
        Color above = ChartImages.at(image, chart.getScreenXFromChart(0), chart.getScreenYFromChart(1) - 10);
        assertEquals(Color.WHITE, above);
    }

    @Test
    void badOptionsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Plots.contour((Grid) null));
        assertThrows(IllegalArgumentException.class, () -> Plots.contour(BOWL).levels(0));
        var colours = assertThrows(
                IllegalArgumentException.class,
                () -> Plots.contour(BOWL).levels(1, 2).bandColors(Color.RED).build());
        assertTrue(colours.getMessage().contains("one more colour than levels"));
        var ragged = assertThrows(
                IllegalArgumentException.class,
                () -> Plots.contour(BOWL).trajectory("GD", new double[] {1, 2}, new double[] {1}));
        assertTrue(ragged.getMessage().contains("'GD'"), ragged.getMessage());
        var constant = assertThrows(
                IllegalArgumentException.class,
                () -> Plots.contour((x, y) -> 1.0, 0, 1, 0, 1).build());
        assertTrue(constant.getMessage().contains("constant"), constant.getMessage());
    }

    @Test
    void logLevelsAreIncreasingAndPositive() {
        ContourChart chart = Plots.contour((x, y) -> Math.pow(1 - x, 2) + 100 * Math.pow(y - x * x, 2), -2, 2, -1, 3)
                .logLevels(10)
                .build();
        double[] levels = chart.levels();
        assertTrue(levels.length >= 8);
        for (int k = 1; k < levels.length; k++) {
            assertTrue(levels[k] > levels[k - 1] && levels[0] > 0);
        }
        assertTrue(levels[levels.length - 1] / levels[0] > 1e4, "spans decades");
    }
}

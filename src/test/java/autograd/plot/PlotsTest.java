package autograd.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

class PlotsTest {

    @Test
    void lineOfAHistoryUsesIndicesAsX() {
        XYChart chart = Plots.line(new double[] {3, 2, 1.5, 1.2});
        XYSeries series = chart.getSeriesCollection().iterator().next();
        assertArrayEquals(new double[] {0, 1, 2, 3}, series.getXData(), 0);
        BufferedImage image = Plots.toImage(chart);
        assertEquals(Theme.WIDTH, image.getWidth());
        assertTrue(ChartImages.inkFraction(image) > 0.01, "something is drawn");
    }

    @Test
    void builderMakesSeriesLabelsAndLogAxes() {
        XYChart chart = Plots.lines()
                .title("Loss")
                .logY()
                .xLabel("step")
                .yLabel("|x_i - x^*|")
                .series("GD", new double[] {1, 0.1, 0.01})
                .series("Adam", List.of(1, 0.5, 0.001))
                .size(400, 300)
                .build();
        assertEquals(2, chart.getSeriesCollection().size());
        assertEquals("|xᵢ − x*|", chart.getYAxisTitle());
        assertTrue(chart.getStyler().isYAxisLogarithmic());
        assertTrue(chart.getStyler().isLegendVisible(), "legend for two series");
        assertEquals(400, Plots.toImage(chart).getWidth());
        assertEquals("10⁻³", TickLabels.log(0.001));
        assertEquals("100", TickLabels.log(100.0));
    }

    @Test
    void longHistoriesKeepOneLegendEntryPerSeries() {
        double[] a = new double[200];
        double[] b = new double[200];
        for (int k = 0; k < 200; k++) {
            a[k] = Math.exp(-0.01 * k);
            b[k] = Math.exp(-0.02 * k);
        }
        XYChart chart = Plots.lines().series("GD", a).series("Adam", b).build();
        long shown = chart.getSeriesCollection().stream()
                .filter(s -> s.isShowInLegend() && s.isEnabled())
                .count();
        assertEquals(2, shown);
        assertTrue(ChartImages.inkFraction(Plots.toImage(chart)) > 0.01);
    }

    @Test
    void classesGetOneSeriesEachInPaletteColours() {
        double[][] points = {{0, 0}, {1, 1}, {2, 2}, {3, 3}, {4, 4}};
        int[] labels = {-1, 1, -1, 1, 7};
        XYChart chart = Plots.classes(points, labels);
        assertEquals(3, chart.getSeriesCollection().size());
        assertEquals(2, chart.getSeries("class -1").getXData().length);
        assertEquals(Theme.color(0), chart.getSeries("class -1").getMarkerColor());
        assertEquals(Theme.color(1), chart.getSeries("class 1").getMarkerColor());
        assertEquals(
                XYSeries.XYSeriesRenderStyle.Scatter,
                chart.getSeries("class 7").getXYSeriesRenderStyle().orElseThrow());
    }

    @Test
    void boundaryLineIsClippedToTheData() {
        XYChart chart = Plots.lines()
                .classes(new double[][] {{0, 0}, {2, 2}}, new int[] {0, 1})
                .boundary("epoch 1", 1, 1, -2)
                .build();
        XYSeries line = chart.getSeries("epoch 1");
        assertEquals(2, line.getXData().length);
        for (int k = 0; k < 2; k++) {
            assertEquals(2, line.getXData()[k] + line.getYData()[k], 1e-9);
            assertTrue(line.getXData()[k] >= -0.2 && line.getXData()[k] <= 2.2);
        }
    }

    @Test
    void badSeriesGetClearErrors() {
        var lengths = assertThrows(
                IllegalArgumentException.class, () -> Plots.line(new double[] {1, 2, 3}, new double[] {1, 2}));
        assertTrue(lengths.getMessage().contains("3 values but ys has 2"), lengths.getMessage());
        var nan = assertThrows(IllegalArgumentException.class, () -> Plots.line(new double[] {1, Double.NaN}));
        assertTrue(nan.getMessage().contains("ys[1] is NaN"), nan.getMessage());
        var log = assertThrows(
                IllegalArgumentException.class,
                () -> Plots.lines().logY().series("loss", new double[] {1, 0}).build());
        assertTrue(log.getMessage().contains("logarithmic"), log.getMessage());
        assertThrows(IllegalStateException.class, () -> Plots.lines().build());
        var ragged = assertThrows(
                IllegalArgumentException.class, () -> Plots.classes(new double[][] {{1, 2}, {3}}, new int[] {0, 1}));
        assertTrue(ragged.getMessage().contains("point 1"), ragged.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Plots.lines().size(10, 10));
    }

    @Test
    void saveWritesAReadablePngAndRenderingIsDeterministic(@TempDir Path dir) throws Exception {
        XYChart chart = Plots.scatter(new double[] {1, 2, 3}, new double[] {3, 1, 2});
        Path file = Plots.save(chart, dir.resolve("sub/scatter.png").toString());
        BufferedImage read = ImageIO.read(file.toFile());
        assertEquals(Theme.WIDTH, read.getWidth());
        assertEquals(Theme.HEIGHT, read.getHeight());
        assertArrayEquals(Files.readAllBytes(file), Plots.png(chart));
    }

    @Test
    void saveWritesDisplayablesInTheirOwnFormat(@TempDir Path dir) throws Exception {
        Figure figure = Plots.figure(1, 2, Plots.line(new double[] {1, 2}), Plots.line(new double[] {2, 1}));
        Path png = Plots.save(figure, dir.resolve("f.png").toString());
        assertEquals(figure.width(), ImageIO.read(png.toFile()).getWidth());
        Animation gif =
                Animation.builder().frame(Plots.line(new double[] {1, 2}), "t").build();
        Path gifFile = Plots.save(gif, dir.resolve("a.gif").toString());
        assertArrayEquals(gif.gif(), Files.readAllBytes(gifFile));
        GraphView graph = GraphView.of(autograd.Value.of(2).mul(3));
        Path svg = Plots.save(graph, dir.resolve("g.svg").toString());
        assertEquals(graph.svg(), Files.readString(svg));
    }

    @Test
    void displayBundlesPngFirst() throws Exception {
        Map<String, String> bundle =
                Plots.display(Plots.line(new double[] {1, 2})).mimeBundle();
        assertEquals("image/png", bundle.keySet().iterator().next());
        byte[] png = Base64.getDecoder().decode(bundle.get("image/png"));
        assertEquals(
                Theme.HEIGHT,
                ImageIO.read(new java.io.ByteArrayInputStream(png)).getHeight());
        assertFalse(bundle.get("text/plain").isEmpty());
    }
}

package autograd.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

/** The options base every chart builder shares, and the facade on top of the layers. */
class ChartOptionsTest {

    private static final double[][] POINTS = {{0, 0}, {1, 0}, {0, 1}, {3, 3}, {4, 3}, {3, 4}};
    private static final int[] LABELS = {0, 0, 0, 1, 1, 1};
    private static final Grid BOWL = Grid.sample((x, y) -> x * x + y * y, -2, 2, -2, 2, 0.05);

    @Test
    void everyBuilderTakesTheSameOptionsInAnyOrder() {
        // Shared setters return the builder's own type, so its own options still follow.
        XYChart lines = Plots.lines()
                .title("t")
                .size(300, 200)
                .logY()
                .series("a", new double[] {1, 2})
                .build();
        ContourChart contour =
                Plots.contour(BOWL).xLabel("w_0").size(300, 200).levels(4).build();
        ContourChart boundary = Plots.decisionBoundary((x, y) -> x + y - 3, POINTS, LABELS)
                .title("t")
                .yLabel("x_2")
                .threshold(0.5)
                .size(300, 200)
                .build();
        for (XYChart chart : List.of(lines, contour, boundary)) {
            assertEquals(300, chart.getWidth());
            assertEquals(200, chart.getHeight());
        }
        assertEquals("w₀", contour.getXAxisTitle());
        assertEquals("y", contour.getYAxisTitle(), "the contour default");
        assertEquals("x₂", boundary.getYAxisTitle());
        assertEquals("x₁", boundary.getXAxisTitle(), "the decision-boundary default");
        assertThrows(IllegalArgumentException.class, () -> Plots.contour(BOWL).size(10, 10));
        assertThrows(IllegalArgumentException.class, () -> Plots.contour(BOWL).xRange(1, 0));
    }

    @Test
    void rangesZoomAContourPlotAndBoundAClassifiersView() {
        ContourChart zoomed = Plots.contour(BOWL).xRange(0, 1).yRange(-0.5, 0.5).build();
        assertEquals(0.0, zoomed.getStyler().getXAxisMin());
        assertEquals(1.0, zoomed.getStyler().getXAxisMax());
        assertEquals(-0.5, zoomed.getStyler().getYAxisMin());
        // The bands still follow the grid inside the zoomed view: (0.9, 0) has value 0.81.
        var image = Plots.toImage(zoomed);
        Color at = ChartImages.at(image, zoomed.getScreenXFromChart(0.9), zoomed.getScreenYFromChart(0));
        assertTrue(ChartImages.close(at, zoomed.bandColor(zoomed.bandOf(0.81)), 2), "band at (0.9, 0): " + at);
        ContourChart view = Plots.decisionBoundary((x, y) -> x + y - 3, POINTS, LABELS)
                .xRange(-1, 5)
                .build();
        assertEquals(-1.0, view.grid().xMin());
        assertEquals(5.0, view.grid().xMax());
        assertTrue(view.grid().yMin() < 0 && view.grid().yMax() > 4, "y still the padded data");
    }

    @Test
    void aMulticlassBoundaryHasNoScoreToThreshold() {
        DecisionBoundary classes = DecisionBoundary.multiclass((x, y) -> x > 2 ? 1 : 0, POINTS, LABELS);
        var threshold = assertThrows(IllegalArgumentException.class, () -> classes.threshold(0.5));
        assertTrue(threshold.getMessage().contains("multiclass"), threshold.getMessage());
        assertThrows(IllegalArgumentException.class, () -> classes.confidence(true));
    }

    @Test
    void nothingInThePackageCallsUpIntoTheFacade() throws Exception {
        // The class files name every type they use; only Plots itself may name Plots.
        Path plot = Path.of(Plots.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .resolve("autograd/plot");
        List<String> callers = new ArrayList<>();
        try (Stream<Path> files = Files.list(plot)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = file.getFileName().toString();
                if (name.startsWith("Plots")) {
                    continue;
                }
                try (InputStream in = Files.newInputStream(file)) {
                    String constants = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                    if (constants.contains("autograd/plot/Plots")) {
                        callers.add(name);
                    }
                }
            }
        }
        assertTrue(Files.exists(plot.resolve("Plots.class")), "read the compiled package");
        assertEquals(List.of(), callers);
    }
}

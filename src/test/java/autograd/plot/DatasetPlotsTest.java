package autograd.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import autograd.data.Dataset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/** Issue 12 item 7: a Dataset plots directly, so notebooks stop converting labels by hand. */
class DatasetPlotsTest {

    private static final double[][] POINTS = {{0, 0}, {1, 0}, {0, 1}, {3, 3}, {4, 3}, {3, 4}};
    private static final double[] LABELS = {-1, -1, -1, 1, 1, 1};
    private static final int[] INT_LABELS = {-1, -1, -1, 1, 1, 1};
    private static final Dataset DATA = new Dataset(POINTS, LABELS);

    @Test
    void classesOfADatasetAreTheClassesOfItsPointsAndIntLabels() {
        XYChart fromData = Plots.classes(DATA);
        XYChart byHand = Plots.classes(POINTS, INT_LABELS);
        assertEquals(names(byHand), names(fromData));
        assertEquals(List.of("class -1", "class 1"), names(fromData));
        for (String name : names(byHand)) {
            XYSeries a = byHand.getSeries(name);
            XYSeries b = fromData.getSeries(name);
            assertArrayEquals(a.getXData(), b.getXData(), 0);
            assertArrayEquals(a.getYData(), b.getYData(), 0);
            assertEquals(a.getMarkerColor(), b.getMarkerColor());
        }
        XYChart built = Plots.lines().title("blobs").equalAspect().classes(DATA).build();
        assertEquals(3, built.getSeries("class 1").getXData().length);
    }

    private static List<String> names(XYChart chart) {
        return chart.getSeriesCollection().stream().map(XYSeries::getName).toList();
    }

    @Test
    void boundariesFromADatasetDrawWhatThePointsAndIntLabelsDraw() {
        byte[] byHand = Plots.png(Plots.decisionBoundary((x, y) -> x + y - 3, POINTS, INT_LABELS)
                .confidence(true)
                .build());
        byte[] fromData = Plots.png(Plots.decisionBoundary((x, y) -> x + y - 3, DATA)
                .confidence(true)
                .build());
        assertArrayEquals(byHand, fromData);
        assertArrayEquals(
                Plots.png(Plots.linearBoundary(1, 1, -3, POINTS, INT_LABELS).build()),
                Plots.png(Plots.linearBoundary(1, 1, -3, DATA).build()));
        assertArrayEquals(
                Plots.png(DecisionBoundary.multiclass((x, y) -> x > 2 ? 1 : -1, POINTS, INT_LABELS)
                        .build()),
                Plots.png(DecisionBoundary.multiclass((x, y) -> x > 2 ? 1 : -1, DATA)
                        .build()));
    }

    @Test
    void labelsThatAreNotClassIdsAndDataThatIsNotPlanarAreRejected() {
        var fraction = assertThrows(
                IllegalArgumentException.class,
                () -> Plots.classes(new Dataset(new double[][] {{0, 0}, {1, 1}}, new double[] {0, 0.5})));
        assertTrue(fraction.getMessage().contains("y(1) = 0.5 is not a whole number"), fraction.getMessage());
        var nan = assertThrows(
                IllegalArgumentException.class,
                () -> Plots.decisionBoundary((x, y) -> x, new Dataset(new double[][] {{0, 0}, {1, 1}}, new double[] {
                    Double.NaN, 1
                })));
        assertTrue(nan.getMessage().contains("y(0) = NaN"), nan.getMessage());
        var threeD = assertThrows(
                IllegalArgumentException.class,
                () -> Plots.classes(new Dataset(new double[][] {{0, 0, 0}, {1, 1, 1}}, new double[] {0, 1})));
        assertTrue(threeD.getMessage().contains("3 features"), threeD.getMessage());
        var none = assertThrows(IllegalArgumentException.class, () -> Plots.classes((Dataset) null));
        assertTrue(none.getMessage().contains("dataset is null"), none.getMessage());
    }
}

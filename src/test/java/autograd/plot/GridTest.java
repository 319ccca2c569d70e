package autograd.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GridTest {

    @Test
    void sampleCoversTheBoxWithBothEnds() {
        Grid g = Grid.sample((x, y) -> x + 10 * y, -1, 1, 0, 2, 0.5);
        assertEquals(5, g.nx());
        assertEquals(5, g.ny());
        assertEquals(-1, g.xMin());
        assertEquals(1, g.xMax());
        assertEquals(2, g.yMax());
        // z[j][i] is the value at (xs[i], ys[j]).
        assertEquals(g.x(3) + 10 * g.y(1), g.z(3, 1), 1e-12);
        assertEquals(-1, g.zMin(), 1e-12);
        assertEquals(21, g.zMax(), 1e-12);
    }

    @Test
    void interpolationIsExactForBilinearFunctions() {
        Grid g = Grid.sample((x, y) -> 2 * x - y + 0.5 * x * y, 0, 3, 0, 3, 1.0);
        assertEquals(2 * 1.3 - 2.7 + 0.5 * 1.3 * 2.7, g.interpolate(1.3, 2.7), 1e-12);
        assertTrue(Double.isNaN(g.interpolate(3.5, 1)), "outside the grid is NaN");
    }

    @Test
    void raggedGridIsRejectedWithTheRowNamed() {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> Grid.of(new double[] {0, 1, 2}, new double[] {0, 1}, new double[][] {{1, 2, 3}, {4, 5}}));
        assertTrue(e.getMessage().contains("ragged") && e.getMessage().contains("z[1]"), e.getMessage());
    }

    @Test
    void mismatchedRowCountIsRejected() {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> Grid.of(new double[] {0, 1}, new double[] {0, 1, 2}, new double[][] {{1, 2}, {3, 4}}));
        assertTrue(e.getMessage().contains("2 rows") && e.getMessage().contains("3 values"), e.getMessage());
    }

    @Test
    void nanCoordinatesAndUnsortedAxesAreRejected() {
        double[][] z = {{1, 2}, {3, 4}};
        var nan = assertThrows(
                IllegalArgumentException.class, () -> Grid.of(new double[] {0, Double.NaN}, new double[] {0, 1}, z));
        assertTrue(nan.getMessage().contains("xs[1] is NaN"), nan.getMessage());
        var unsorted = assertThrows(
                IllegalArgumentException.class, () -> Grid.of(new double[] {0, 1}, new double[] {1, 0}, z));
        assertTrue(unsorted.getMessage().contains("strictly increasing"), unsorted.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Grid.sample((x, y) -> x, 1, 0, 0, 1, 0.1));
        assertThrows(IllegalArgumentException.class, () -> Grid.sample((x, y) -> x, 0, 1, 0, 1, -0.1));
    }

    @Test
    void nanValuesAreAllowedAndIgnoredByMinMax() {
        Grid g = Grid.of(new double[] {0, 1}, new double[] {0, 1}, new double[][] {{Double.NaN, 2}, {3, 4}});
        assertEquals(2, g.zMin());
        assertTrue(Double.isNaN(g.interpolate(0.5, 0.5)));
    }
}

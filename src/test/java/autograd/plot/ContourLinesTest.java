package autograd.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ContourLinesTest {

    private static final double STEP = 0.05;
    private static final Grid BOWL = Grid.sample((x, y) -> x * x + y * y, -2, 2, -2, 2, STEP);

    @Test
    void circlesOfTheParaboloidLieAtRadiusSqrtLevel() {
        for (double level : new double[] {0.25, 1.0, 2.25, 3.5}) {
            List<ContourLines.Polyline> lines = ContourLines.trace(BOWL, level);
            assertEquals(1, lines.size(), "one connected circle at level " + level);
            ContourLines.Polyline circle = lines.get(0);
            assertTrue(circle.closed(), "the circle closes");
            double radius = Math.sqrt(level);
            for (int k = 0; k < circle.size(); k++) {
                double r = Math.hypot(circle.xs()[k], circle.ys()[k]);
                // Linear interpolation along an edge of length STEP errs by at most ~STEP²/r.
                assertEquals(radius, r, STEP * STEP / radius + 1e-9, "point " + k);
            }
            // A closed polyline around a circle has at least as many points as cells it crosses.
            assertTrue(circle.size() > 2 * Math.PI * radius / STEP, "resolution " + circle.size());
        }
    }

    @Test
    void circleAtLevelBeyondTheGridIsClippedIntoOpenArcs() {
        // Radius 2.5 leaves the [-2, 2] box through all four sides: four open arcs at the corners.
        List<ContourLines.Polyline> arcs = ContourLines.trace(BOWL, 6.25);
        assertEquals(4, arcs.size());
        arcs.forEach(arc -> assertFalse(arc.closed()));
    }

    @Test
    void aStraightLevelSetGivesOneSegmentPerCrossedCell() {
        Grid plane = Grid.sample((x, y) -> x, 0, 1, 0, 1, 0.1);
        List<ContourLines.Segment> segments = ContourLines.segments(plane, 0.33);
        assertEquals(plane.ny() - 1, segments.size());
        for (ContourLines.Segment s : segments) {
            assertEquals(0.33, s.x1(), 1e-12);
            assertEquals(0.33, s.x2(), 1e-12);
        }
        List<ContourLines.Polyline> lines = ContourLines.trace(plane, 0.33);
        assertEquals(1, lines.size());
        assertEquals(plane.ny(), lines.get(0).size());
    }

    @Test
    void nanCellsAreHolesThatSplitTheLine() {
        double[] xs = Grid.linspace(0, 1, 11);
        double[] ys = Grid.linspace(0, 1, 11);
        double[][] z = new double[11][11];
        for (int j = 0; j < 11; j++) {
            for (int i = 0; i < 11; i++) {
                z[j][i] = xs[i];
            }
        }
        z[5][3] = Double.NaN; // removes the four cells around (0.3, 0.5)
        Grid holed = Grid.of(xs, ys, z);
        List<ContourLines.Polyline> lines = ContourLines.trace(holed, 0.33);
        assertEquals(2, lines.size(), "the line is cut by the hole");
        assertEquals(8, ContourLines.segments(holed, 0.33).size(), "10 cells minus the 2 in the hole");
        for (ContourLines.Polyline line : lines) {
            for (double y : line.ys()) {
                assertFalse(y > 0.4 + 1e-12 && y < 0.6 - 1e-12, "no point inside the hole: " + y);
            }
        }
    }

    @Test
    void saddleCellsGiveTwoSegmentsThatDoNotCross() {
        // The grid's only cell has corners 1, -1, 1, -1 (a saddle); centre value decides.
        Grid saddle = Grid.of(new double[] {0, 1}, new double[] {0, 1}, new double[][] {{1, -1}, {-1, 1}});
        assertEquals(2, ContourLines.segments(saddle, 0.5).size());
        assertEquals(2, ContourLines.trace(saddle, 0.5).size());
        assertEquals(2, ContourLines.segments(saddle, -0.5).size());
    }

    @Test
    void isoLinesOfShiftedCirclesStayOnTheCircle() {
        Random rng = new Random(20261122); // 40 seeded circles: centres in [-0.5, 0.5]², radii in [0.3, 1.2]
        for (int trial = 0; trial < 40; trial++) {
            double cx = rng.nextDouble() - 0.5;
            double cy = rng.nextDouble() - 0.5;
            double radius = 0.3 + 0.9 * rng.nextDouble();
            String circle = "circle " + trial + ": centre (" + cx + ", " + cy + "), radius " + radius;
            Grid g = Grid.sample((x, y) -> Math.hypot(x - cx, y - cy), -2, 2, -2, 2, 0.1);
            List<ContourLines.Polyline> lines = ContourLines.trace(g, radius);
            assertEquals(1, lines.size(), circle);
            for (int k = 0; k < lines.get(0).size(); k++) {
                double r = Math.hypot(lines.get(0).xs()[k] - cx, lines.get(0).ys()[k] - cy);
                assertEquals(radius, r, 0.1 * 0.1 / radius + 1e-9, circle);
            }
        }
    }

    @Test
    void niceLevelsAreRoundAndInside() {
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6, 7}, ContourLines.niceLevels(0, 8, 8), 0);
        double[] levels = ContourLines.niceLevels(0.013, 0.97, 10);
        assertTrue(levels.length >= 6 && levels.length <= 14, "about 10: " + levels.length);
        for (double level : levels) {
            assertTrue(level > 0.013 && level < 0.97);
            assertEquals(level, Math.round(level * 100) / 100.0, 1e-12, "round: " + level);
        }
        assertThrows(IllegalArgumentException.class, () -> ContourLines.niceLevels(1, 1, 5));
    }

    @Test
    void logLevelsSpanDecades() {
        double[] levels = ContourLines.logLevels(1e-3, 1e3, 5);
        assertEquals(5, levels.length);
        assertEquals(0.01, levels[0], 1e-12);
        assertEquals(100, levels[4], 1e-9);
        assertThrows(IllegalArgumentException.class, () -> ContourLines.logLevels(0, 1, 3));
    }

    @Test
    void nonFiniteLevelIsRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> ContourLines.trace(BOWL, Double.NaN));
        assertTrue(e.getMessage().contains("finite"));
    }
}

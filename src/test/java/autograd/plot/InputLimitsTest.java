package autograd.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.knowm.xchart.XYChart;

/**
 * Issue 11 item 5: inputs that ran for minutes, wrapped around, or failed deep inside XChart now
 * fail at once with an error naming the argument; nothing is computed first.
 */
class InputLimitsTest {

    private static final Grid BOWL = Grid.sample((x, y) -> x * x + y * y, -2, 2, -2, 2, 0.1);

    private static String message(Executable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "'" + part + "' in: " + message);
        }
    }

    @Test
    void aMillionContourLevelsAreRefusedBeforeAnyTracing() {
        // It used to trace a million iso-lines for 107 s before drawing.
        assertMentions(message(() -> Plots.contour(BOWL).levels(1_000_000)), "levels(1000000)", "1..256");
        assertMentions(message(() -> Plots.contour(BOWL).logLevels(1_000_000)), "logLevels(1000000)");
        double[] many = new double[ContourLines.MAX_LEVELS + 1];
        Arrays.setAll(many, k -> k);
        assertMentions(message(() -> Plots.contour(BOWL).levels(many)), "levels(257)");
        assertMentions(message(() -> ContourLines.niceLevels(0, 1, 1_000_000)), "1000000");
        assertMentions(message(() -> Plots.contour(BOWL).levels(0)), "levels(0)");
        // The cap itself is allowed.
        assertTrue(Plots.contour(BOWL).levels(ContourLines.MAX_LEVELS).build().levels().length > 100);
        assertEquals(
                256,
                Plots.contour(BOWL).levels(Arrays.copyOf(many, 256)).build().levels().length);
    }

    @Test
    void aTinyGridStepIsRefusedWithTheTrueSizeAndNoSampling() {
        AtomicInteger calls = new AtomicInteger();
        // 1e-12 over [0, 1] wrapped around in int arithmetic and silently gave a 2 x 2 grid.
        String tiny = message(() -> Grid.sample((x, y) -> calls.incrementAndGet(), 0, 1, 0, 1, 1e-12));
        assertMentions(tiny, "step 1.0E-12", "1000000000001 x 1000000000001", "more than 25000000");
        // 1e-10 reported 1410065409 x 1410065409, the wrapped-around count.
        String small = message(() -> Grid.sample((x, y) -> calls.incrementAndGet(), 0, 1, 0, 1, 1e-10));
        assertMentions(small, "10000000001 x 10000000001");
        assertEquals(0, calls.get(), "f is never called for a grid that is refused");
        String counts = message(() -> Grid.sample((x, y) -> x, 0, 1, 100_000, 0, 1, 100_000));
        assertMentions(counts, "nx = 100000, ny = 100000", "10000000000 points");
        // The largest allowed grid is still fine in principle: the step that the message suggests.
        Grid ok = Grid.sample((x, y) -> x, 0, 1, 0, 1, 0.01);
        assertEquals(101, ok.nx());
    }

    @Test
    void hugeOrNonFiniteValuesAreRefusedWhenAddedNotInsideXChart() {
        // ±1.7e308 used to fail while rendering, inside XChart: NumberFormatException "Infinite or NaN".
        assertMentions(message(() -> Plots.line(new double[] {-1.7e308, 1.7e308})), "series 'y'", "ys[0]", "1e300");
        assertMentions(
                message(() -> Plots.lines().scatter("cloud", new double[] {0, 1.7e308}, new double[] {0, 1})),
                "series 'cloud'",
                "xs[1]");
        assertMentions(
                message(() -> Plots.classes(new double[][] {{0, -1.7e308}, {1, 1.7e308}}, new int[] {0, 1})),
                "classes",
                "ys[0]");
        assertMentions(
                message(() -> Plots.contour(BOWL).trajectory("GD", new double[] {0, Double.NaN}, new double[] {0, 1})),
                "series 'GD'",
                "xs[1] is NaN");
        assertMentions(message(() -> Plots.lines().xRange(-1.7e308, 1.7e308)), "x range", "1e300");
        assertMentions(
                message(() -> Grid.of(new double[] {0, 1.7e308}, new double[] {0, 1}, new double[][] {{0, 0}, {0, 0}})),
                "xs[1]");
        // A boundary line with a NaN weight used to be skipped without a word.
        assertMentions(
                message(() -> Plots.lines()
                        .classes(new double[][] {{0, 0}, {1, 1}}, new int[] {0, 1})
                        .boundary("epoch 9", Double.NaN, 1, 0)),
                "boundary 'epoch 9'",
                "w0=NaN");
        // The largest allowed magnitude still renders.
        XYChart edge = Plots.line(new double[] {-1e300, 1e300});
        assertTrue(Plots.toImage(edge).getWidth() > 0);
    }

    @Test
    void nullElementsAndNamesGetTheLibrarysOwnMessage() {
        // A null in a history list was a bare NullPointerException.
        assertMentions(message(() -> Plots.lines().series("loss", Arrays.asList(1.0, null, 0.5))), "'loss'", "ys[1]");
        // A null name failed at build() with XChart's "Series name cannot be null or zero-length!!!".
        assertMentions(message(() -> Plots.lines().series(null, new double[] {1, 2})), "series name is null");
        assertMentions(message(() -> Plots.lines().scatter("", new double[] {1}, new double[] {2})), "empty");
        assertMentions(
                message(() -> Plots.lines().series("GD", new double[] {1, 2}).series("GD", new double[] {2, 1})),
                "'GD' is already on this chart");
        assertMentions(message(() -> Plots.save((Displayable) null, "x.png")), "picture is null");
    }

    @Test
    void valuesTooCloseForTheirMagnitudeDrawInsteadOfLoopingInXChart() {
        // XChart's tick search never ended on [1e20, 1e20 + 16384]: the axis is widened first.
        XYChart flat = Plots.line(new double[] {1e20, Math.nextUp(1e20), 1e20});
        assertNotNull(flat.getStyler().getYAxisMin(), "the y range is set, not left to XChart");
        assertTrue(flat.getStyler().getYAxisMin() < 1e20 && flat.getStyler().getYAxisMax() > 1e20);
        // A guard against a hang, not a speed target: one render takes well under a second.
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Plots.toImage(flat));
        assertMentions(message(() -> Plots.lines().yRange(1e20, Math.nextUp(1e20))), "too narrow");
        // Exactly constant data keeps XChart's own handling.
        assertEquals(null, Plots.line(new double[] {5, 5, 5}).getStyler().getYAxisMin());
    }

    @Test
    void aScoreThatIsNaNEverywhereIsAnErrorNotABlankPlane() {
        double[][] points = {{0, 0}, {1, 1}};
        int[] labels = {0, 1};
        assertMentions(
                message(() -> Plots.decisionBoundary((x, y) -> Double.NaN, points, labels)
                        .build()),
                "score is NaN at all 200 x 200",
                "did training diverge");
        assertMentions(
                message(() -> Plots.decisionBoundary((x, y) -> Double.NaN, points, labels)
                        .confidence(true)
                        .build()),
                "score is NaN");
        // NaN in part of the plane leaves a hole, as in contour plots.
        ContourChart holes = Plots.decisionBoundary((x, y) -> x < 0.5 ? Double.NaN : y - x, points, labels)
                .build();
        assertNotNull(holes.getSeries("boundary"));
        double[][] nan = new double[BOWL.ny()][BOWL.nx()];
        Arrays.stream(nan).forEach(row -> Arrays.fill(row, Double.NaN));
        assertMentions(
                message(() -> Plots.contour(Grid.of(BOWL.xs(), BOWL.ys(), nan))
                        .levels(1, 2)
                        .build()),
                "every value of the grid is NaN");
    }

    @Test
    void tooManyAnimationFramesAreRefusedBeforeAnyIsDrawn() {
        AtomicInteger drawn = new AtomicInteger();
        String frames = message(() -> Animation.builder()
                .frames(
                        1_000_000,
                        i -> {
                            drawn.incrementAndGet();
                            return Plots.line(new double[] {0, i});
                        },
                        null));
        assertMentions(frames, "frames(1000000)", "1..1000");
        assertEquals(0, drawn.get());
    }
}

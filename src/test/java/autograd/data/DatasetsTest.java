package autograd.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class DatasetsTest {

    @Test
    void moonsWithoutNoiseLieOnTheTwoHalfCircles() {
        Dataset moons = Datasets.makeMoons(101).shuffle(false).build();
        assertEquals(101, moons.size());
        assertEquals(2, moons.features());
        int outer = 0;
        for (Dataset.Sample s : moons) {
            double[] x = s.x();
            if (s.y() == 0) {
                outer++;
                assertEquals(1.0, Math.hypot(x[0], x[1]), 1e-12);
                assertTrue(x[1] >= -1e-12, "outer moon is the upper half circle");
            } else {
                assertEquals(1.0, Math.hypot(x[0] - 1, x[1] - 0.5), 1e-12);
                assertTrue(x[1] <= 0.5 + 1e-12, "inner moon is the lower half circle");
            }
        }
        assertEquals(50, outer); // n // 2 outer, the rest inner
        // linspace(0, π) includes both ends: the first outer point is (1, 0), the last (−1, 0).
        assertArrayEquals(new double[] {1, 0}, moons.x(0), 1e-12);
        assertArrayEquals(new double[] {-1, 0}, moons.x(49), 1e-12);
        assertArrayEquals(new double[] {0, 0.5}, moons.x(50), 1e-12);
        assertArrayEquals(new double[] {2, 0.5}, moons.x(100), 1e-12);
    }

    @Test
    void moonsAreSeededShuffledAndNoisy() {
        Dataset a = Datasets.makeMoons(200).noise(0.1).seed(1).build();
        Dataset b = Datasets.makeMoons(200).noise(0.1).seed(1).build();
        Dataset c = Datasets.makeMoons(200).noise(0.1).seed(2).build();
        assertArrayEquals(a.inputs().value(), b.inputs().value());
        assertArrayEquals(a.labelArray(), b.labelArray());
        assertFalse(Arrays.equals(a.inputs().value(), c.inputs().value()));
        double[] y = a.labelArray();
        assertFalse(Arrays.equals(Arrays.copyOf(y, 100), new double[100]), "shuffled: labels are mixed");
        assertEquals(100.0, Arrays.stream(y).sum());
        // Residual from the ideal circle has about the noise's size.
        double sumSq = 0;
        for (Dataset.Sample s : a) {
            double[] x = s.x();
            double r = s.y() == 0 ? Math.hypot(x[0], x[1]) : Math.hypot(x[0] - 1, x[1] - 0.5);
            sumSq += (r - 1) * (r - 1);
        }
        double rms = Math.sqrt(sumSq / a.size());
        assertTrue(rms > 0.05 && rms < 0.15, "radial rms deviation " + rms);
    }

    @Test
    void blobsSplitSamplesEvenlyFirstCentersGetTheRemainder() {
        Dataset blobs = Datasets.makeBlobs(11).centers(3).features(4).seed(3).build();
        assertEquals(11, blobs.size());
        assertEquals(4, blobs.features());
        int[] counts = new int[3];
        for (double y : blobs.labelArray()) counts[(int) y]++;
        assertArrayEquals(new int[] {4, 4, 3}, counts);
    }

    @Test
    void blobsClusterAroundFixedCentersWithTheirStd() {
        double[][] centers = {{-5, 0}, {5, 5}};
        Dataset blobs = Datasets.makeBlobs(4000)
                .centers(centers)
                .clusterStd(0.5, 2.0)
                .seed(9)
                .build();
        for (int c = 0; c < 2; c++) {
            double[] sum = new double[2];
            double sq = 0;
            int n = 0;
            for (Dataset.Sample s : blobs) {
                if (s.y() != c) continue;
                n++;
                for (int j = 0; j < 2; j++) {
                    sum[j] += s.x()[j];
                    sq += Math.pow(s.x()[j] - centers[c][j], 2);
                }
            }
            assertEquals(2000, n);
            assertEquals(centers[c][0], sum[0] / n, 0.15);
            assertEquals(centers[c][1], sum[1] / n, 0.15);
            double std = Math.sqrt(sq / (2 * n));
            assertEquals(c == 0 ? 0.5 : 2.0, std, 0.1, "cluster " + c + " std");
        }
    }

    @Test
    void randomCentersStayInTheBox() {
        // With a tiny std every point sits on its center, so the points show where the centers are.
        Dataset blobs = Datasets.makeBlobs(60)
                .centers(6)
                .features(3)
                .centerBox(-4, 4)
                .clusterStd(1e-9)
                .seed(7)
                .build();
        for (Dataset.Sample s : blobs) for (double v : s.x()) assertTrue(v >= -4 && v <= 4, "coordinate " + v);
        Dataset same = Datasets.makeBlobs(60)
                .centers(6)
                .features(3)
                .centerBox(-4, 4)
                .clusterStd(1e-9)
                .seed(7)
                .build();
        assertArrayEquals(blobs.inputs().value(), same.inputs().value());
    }

    @Test
    void defaultsFollowScikitLearn() {
        Dataset blobs = Datasets.makeBlobs(100).seed(1).build();
        assertEquals(2, blobs.features());
        assertEquals(3, (int) Arrays.stream(blobs.labelArray()).max().getAsDouble() + 1);
        for (Dataset.Sample s : blobs)
            for (double v : s.x()) assertTrue(Math.abs(v) < 10 + 6, "box ±10 plus noise: " + v);
    }

    @Test
    void badOptionsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Datasets.makeMoons(-1));
        assertThrows(
                IllegalArgumentException.class, () -> Datasets.makeMoons(10).noise(-0.1));
        assertThrows(
                IllegalArgumentException.class, () -> Datasets.makeBlobs(10).centers(0));
        assertThrows(
                IllegalArgumentException.class, () -> Datasets.makeBlobs(10).centerBox(4, -4));
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> Datasets.makeBlobs(10).centers(3).clusterStd(1, 2).build());
        assertTrue(e.getMessage().contains("2 cluster stds for 3 centers"), e.getMessage());
    }

    /** Issue 11: each of these was accepted silently; each now fails at once, naming the argument. */
    @Test
    void nonFiniteOptionsAreRejectedNamingTheArgument() {
        assertRejected("noise", () -> Datasets.makeMoons(10).noise(Double.POSITIVE_INFINITY));
        assertRejected("noise", () -> Datasets.makeMoons(10).noise(Double.NaN));
        assertRejected(
                "centerBox",
                () -> Datasets.makeBlobs(10).centerBox(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY));
        assertRejected("centerBox", () -> Datasets.makeBlobs(10).centerBox(-4, Double.POSITIVE_INFINITY));
        assertRejected("centerBox", () -> Datasets.makeBlobs(10).centerBox(-Double.MAX_VALUE, Double.MAX_VALUE));
        assertRejected("clusterStd", () -> Datasets.makeBlobs(10).clusterStd(Double.POSITIVE_INFINITY));
        assertRejected("clusterStd", () -> Datasets.makeBlobs(10).clusterStd(1, Double.POSITIVE_INFINITY));
        var nan = assertRejected(
                "centers", () -> Datasets.makeBlobs(10).centers(new double[][] {{0, 0}, {1, Double.NaN}}));
        assertTrue(nan.getMessage().contains("coordinate 1 of center 1 is NaN"), nan.getMessage());
        assertRejected("centers", () -> Datasets.makeBlobs(10).centers(new double[][] {{Double.NEGATIVE_INFINITY, 0}}));
        assertRejected("centers", () -> Datasets.makeBlobs(10).centers(new double[][] {{0, 0}, null}));
        assertRejected("random", () -> Datasets.makeMoons(10).random(null));
    }

    @Test
    void featuresAndFixedCentersMustAgreeInEitherOrder() {
        double[][] plane = {{0, 0}, {5, 5}};
        var before = assertRejected(
                "features(3)", () -> Datasets.makeBlobs(10).features(3).centers(plane));
        assertTrue(before.getMessage().contains("2 coordinates"), before.getMessage());
        var after = assertRejected(
                "features(3)", () -> Datasets.makeBlobs(10).centers(plane).features(3));
        assertTrue(after.getMessage().contains("2 coordinates"), after.getMessage());
        // Agreeing, in either order, is fine.
        assertEquals(
                2,
                Datasets.makeBlobs(10)
                        .features(2)
                        .centers(plane)
                        .seed(1)
                        .build()
                        .features());
        assertEquals(
                2,
                Datasets.makeBlobs(10)
                        .centers(plane)
                        .features(2)
                        .seed(1)
                        .build()
                        .features());
    }

    private static IllegalArgumentException assertRejected(String argument, Executable call) {
        var e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(argument), "message names " + argument + ": " + e.getMessage());
        return e;
    }

    /** One Fisher–Yates for builders and Dataset.shuffled: the same seed gives the same order. */
    @Test
    void buildersShuffleAsDatasetShuffledDoes() {
        Dataset ordered = Datasets.makeMoons(37).shuffle(false).build();
        Dataset built = Datasets.makeMoons(37).seed(5).build();
        Dataset shuffled = ordered.shuffled(new java.util.Random(5));
        assertArrayEquals(shuffled.inputs().value(), built.inputs().value());
        assertArrayEquals(shuffled.labelArray(), built.labelArray());
        assertFalse(Arrays.equals(ordered.labelArray(), built.labelArray()));
    }

    @Test
    void theSharedOptionsChainOnEveryBuilder() {
        java.util.Random rng = new java.util.Random(3);
        Datasets.Moons moons =
                Datasets.makeMoons(8).shuffle(false).seed(1).random(rng).noise(0.1);
        Datasets.Blobs blobs =
                Datasets.makeBlobs(8).seed(1).shuffle(true).random(rng).centers(2);
        assertEquals(8, moons.build().size());
        assertEquals(8, blobs.build().size());
    }
}

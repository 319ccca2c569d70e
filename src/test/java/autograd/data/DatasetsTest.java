package autograd.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

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
}

package autograd.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The benchmark data sets, made once by the Java side and written as CSV so PyTorch and
 * micrograd train on exactly the same numbers: two moons (100 and 10 000 points) and two blobs
 * (100 points). Columns: x1, x2, label (0 or 1).
 */
final class BenchData {

    final double[][] x;
    final double[] y;

    private BenchData(double[][] x, double[] y) {
        this.x = x;
        this.y = y;
    }

    /** Two interleaving half circles with Gaussian noise, as scikit-learn's make_moons. */
    static BenchData moons(int n, double noise, long seed) {
        Random rng = new Random(seed);
        double[][] x = new double[n][];
        double[] y = new double[n];
        int outer = n / 2;
        for (int i = 0; i < n; i++) {
            boolean upper = i < outer;
            int k = upper ? i : i - outer;
            int count = upper ? outer : n - outer;
            double t = Math.PI * k / Math.max(1, count - 1);
            double px = upper ? Math.cos(t) : 1 - Math.cos(t);
            double py = upper ? Math.sin(t) : 0.5 - Math.sin(t);
            x[i] = new double[] {px + noise * rng.nextGaussian(), py + noise * rng.nextGaussian()};
            y[i] = upper ? 0 : 1;
        }
        return new BenchData(x, y);
    }

    /** Two Gaussian blobs around (-1.5, -1.5) and (1.5, 1.5), labels 0 and 1. */
    static BenchData blobs(int n, long seed) {
        Random rng = new Random(seed);
        double[][] x = new double[n][];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double c = i % 2 == 0 ? -1.5 : 1.5;
            x[i] = new double[] {c + 0.8 * rng.nextGaussian(), c + 0.8 * rng.nextGaussian()};
            y[i] = i % 2;
        }
        return new BenchData(x, y);
    }

    /** Row-major n×2 inputs. */
    double[] flatX() {
        double[] flat = new double[x.length * 2];
        for (int i = 0; i < x.length; i++) {
            flat[2 * i] = x[i][0];
            flat[2 * i + 1] = x[i][1];
        }
        return flat;
    }

    void write(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("x1,x2,y");
        for (int i = 0; i < y.length; i++) {
            lines.add(String.format(Locale.ROOT, "%.17g,%.17g,%d", x[i][0], x[i][1], (int) y[i]));
        }
        Files.write(file, lines);
    }

    static BenchData read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        int n = lines.size() - 1;
        double[][] x = new double[n][];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            String[] f = lines.get(i + 1).split(",");
            x[i] = new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1])};
            y[i] = Double.parseDouble(f[2]);
        }
        return new BenchData(x, y);
    }

    /** Writes moons100.csv, moons10000.csv and blobs100.csv into {@code dir}. */
    static void writeAll(Path dir) throws IOException {
        Files.createDirectories(dir);
        moons(100, 0.1, 1).write(dir.resolve("moons100.csv"));
        moons(10_000, 0.1, 2).write(dir.resolve("moons10000.csv"));
        blobs(100, 3).write(dir.resolve("blobs100.csv"));
    }
}

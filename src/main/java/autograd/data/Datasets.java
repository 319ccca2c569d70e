package autograd.data;

import java.util.Random;

/**
 * Toy datasets with scikit-learn's semantics ({@code make_moons}, {@code make_blobs}), built
 * fluently and seeded with {@link java.util.Random}: the same seed gives the same dataset on
 * every run and machine (not the same numbers as NumPy's generator).
 *
 * <pre>{@code
 * jshell> Dataset moons = Datasets.makeMoons(100).noise(0.1).seed(1).build();
 * jshell> Dataset blobs = Datasets.makeBlobs(100).centers(2).features(2).centerBox(-4, 4).clusterStd(1.0).seed(7).build();
 * jshell> blobs.size()
 * $3 ==> 100
 * }</pre>
 */
public final class Datasets {

    private Datasets() {}

    /** Two interleaving half circles, labels 0 (outer) and 1 (inner): see {@link Moons}. */
    public static Moons makeMoons(int samples) {
        return new Moons(samples);
    }

    /** Isotropic Gaussian clusters, labels 0..k−1: see {@link Blobs}. */
    public static Blobs makeBlobs(int samples) {
        return new Blobs(samples);
    }

    /**
     * The options every dataset builder shares: the sample count, the shuffle and the random
     * source. Without {@link #seed(long)} or {@link #random(Random)} each build differs.
     *
     * @param <B> the concrete builder, returned by every option for chaining
     */
    public abstract static sealed class Builder<B extends Builder<B>> permits Moons, Blobs {
        final String name;
        final int samples;
        private boolean shuffle = true;
        private Random rng;

        private Builder(String name, int samples) {
            if (samples < 0) throw new IllegalArgumentException(name + ": samples must be >= 0, got " + samples);
            this.name = name;
            this.samples = samples;
        }

        /** Whether to shuffle the samples (default true). */
        public final B shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return self();
        }

        /** Seeds the random source (everything random in the build): the same seed, the same dataset. */
        public final B seed(long seed) {
            this.rng = new Random(seed);
            return self();
        }

        /** Draws everything random in the build from {@code rng}. */
        public final B random(Random rng) {
            if (rng == null) {
                throw new IllegalArgumentException(
                        name + ": random(null); for an unseeded dataset leave random(...) and seed(...) out");
            }
            this.rng = rng;
            return self();
        }

        /** The dataset. */
        public abstract Dataset build();

        /** The random source of one build: the seeded or given one, else a fresh one. */
        final Random random() {
            return rng == null ? new Random() : rng;
        }

        /** Shuffles rows and labels together, unless {@code shuffle(false)}. */
        final void shuffle(double[][] x, double[] y, Random random) {
            if (!shuffle) return;
            int[] order = Dataset.permutation(y.length, random);
            double[][] xs = x.clone();
            double[] ys = y.clone();
            for (int i = 0; i < order.length; i++) {
                x[i] = xs[order[i]];
                y[i] = ys[order[i]];
            }
        }

        /** {@code value} if finite and >= 0, else a failure naming the option. */
        final double finiteNonNegative(String option, double value) {
            if (!(value >= 0) || value == Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException(
                        name + ": " + option + " must be a finite number >= 0, got " + value);
            }
            return value;
        }

        @SuppressWarnings("unchecked")
        private B self() {
            return (B) this;
        }
    }

    /**
     * Builder for {@code make_moons}: {@code samples / 2} points (rounded down) on the outer
     * half circle (cos t, sin t), t evenly spaced over [0, π] with both ends included, label 0;
     * the rest on the inner one (1 − cos t, 1 − sin t − ½), label 1. Then, as scikit-learn,
     * the samples are shuffled (unless {@code shuffle(false)}) and Gaussian noise of standard
     * deviation {@code noise} (default 0: none) is added to every coordinate.
     */
    public static final class Moons extends Builder<Moons> {
        private double noise;

        private Moons(int samples) {
            super("makeMoons", samples);
        }

        /** Standard deviation of the Gaussian noise added to each coordinate (default 0). */
        public Moons noise(double noise) {
            this.noise = finiteNonNegative("noise", noise);
            return this;
        }

        /** The dataset: {@code samples} rows of 2 features, labels 0 and 1. */
        @Override
        public Dataset build() {
            Random random = random();
            int outer = samples / 2;
            int inner = samples - outer;
            double[][] x = new double[samples][];
            double[] y = new double[samples];
            for (int i = 0; i < outer; i++) {
                double t = linspace(0, Math.PI, outer, i);
                x[i] = new double[] {Math.cos(t), Math.sin(t)};
            }
            for (int i = 0; i < inner; i++) {
                double t = linspace(0, Math.PI, inner, i);
                x[outer + i] = new double[] {1 - Math.cos(t), 1 - Math.sin(t) - 0.5};
                y[outer + i] = 1;
            }
            shuffle(x, y, random);
            if (noise > 0) {
                for (double[] row : x) {
                    for (int j = 0; j < row.length; j++) row[j] += noise * random.nextGaussian();
                }
            }
            return new Dataset(x, y);
        }
    }

    /**
     * Builder for {@code make_blobs}: {@code samples} points split evenly over the centers (the
     * first {@code samples % k} centers get one more), each cluster Gaussian around its center
     * with standard deviation {@code clusterStd}. Defaults as scikit-learn: 3 centers, 2
     * features, centers drawn uniformly in the box [−10, 10] per coordinate, std 1, shuffled.
     * Fixed centers fix the number of features: {@code features(d)} and {@code centers(rows)}
     * must agree, in either order.
     */
    public static final class Blobs extends Builder<Blobs> {
        private int features = 2;
        private boolean featuresGiven;
        private int centerCount = 3;
        private double[][] centers;
        private double[] clusterStd = {1.0};
        private double boxLow = -10;
        private double boxHigh = 10;

        private Blobs(int samples) {
            super("makeBlobs", samples);
        }

        /** Number of centers, drawn uniformly in the center box (default 3). */
        public Blobs centers(int count) {
            if (count <= 0) throw new IllegalArgumentException("makeBlobs: centers must be positive, got " + count);
            this.centerCount = count;
            this.centers = null;
            return this;
        }

        /**
         * Fixed centers, one row each, all finite; the number of features is the rows' length
         * (a different {@code features(d)} given before or after is rejected).
         */
        public Blobs centers(double[][] fixed) {
            if (fixed == null) throw new IllegalArgumentException("makeBlobs: centers(null)");
            if (fixed.length == 0) throw new IllegalArgumentException("makeBlobs: centers must not be empty");
            for (int i = 0; i < fixed.length; i++) {
                if (fixed[i] == null) throw new IllegalArgumentException("makeBlobs: centers[" + i + "] is null");
                if (fixed[i].length != fixed[0].length) {
                    throw new IllegalArgumentException("makeBlobs: centers have different lengths (" + fixed[0].length
                            + " and " + fixed[i].length + ")");
                }
                for (int j = 0; j < fixed[i].length; j++) {
                    if (!Double.isFinite(fixed[i][j])) {
                        throw new IllegalArgumentException("makeBlobs: centers must be finite, but coordinate " + j
                                + " of center " + i + " is " + fixed[i][j]);
                    }
                }
            }
            if (fixed[0].length == 0) throw new IllegalArgumentException("makeBlobs: centers have no coordinates");
            if (featuresGiven && fixed[0].length != features) {
                throw new IllegalArgumentException("makeBlobs: centers of " + fixed[0].length
                        + " coordinates contradict features(" + features + ")");
            }
            this.centers = new double[fixed.length][];
            for (int i = 0; i < fixed.length; i++) this.centers[i] = fixed[i].clone();
            this.centerCount = fixed.length;
            this.features = fixed[0].length;
            return this;
        }

        /** Number of features per sample (default 2). */
        public Blobs features(int features) {
            if (features <= 0)
                throw new IllegalArgumentException("makeBlobs: features must be positive, got " + features);
            if (centers != null && centers[0].length != features) {
                throw new IllegalArgumentException("makeBlobs: features(" + features
                        + ") contradicts the fixed centers of " + centers[0].length + " coordinates");
            }
            this.features = features;
            this.featuresGiven = true;
            return this;
        }

        /** The box [low, high] per coordinate in which random centers are drawn (default [−10, 10]). */
        public Blobs centerBox(double low, double high) {
            if (!Double.isFinite(low) || !Double.isFinite(high) || !Double.isFinite(high - low)) {
                throw new IllegalArgumentException(
                        "makeBlobs: centerBox needs finite bounds of finite width, got " + low + ", " + high);
            }
            if (!(low <= high))
                throw new IllegalArgumentException("makeBlobs: centerBox needs low <= high, got " + low + ", " + high);
            this.boxLow = low;
            this.boxHigh = high;
            return this;
        }

        /** Standard deviation of every cluster (default 1). */
        public Blobs clusterStd(double std) {
            return clusterStd(new double[] {std});
        }

        /** One standard deviation per center. */
        public Blobs clusterStd(double... stds) {
            if (stds == null || stds.length == 0)
                throw new IllegalArgumentException("makeBlobs: clusterStd needs a value");
            for (double s : stds) finiteNonNegative("clusterStd", s);
            this.clusterStd = stds.clone();
            return this;
        }

        /** The dataset: labels are the center indices 0..k−1. */
        @Override
        public Dataset build() {
            int k = centerCount;
            if (clusterStd.length != 1 && clusterStd.length != k) {
                throw new IllegalArgumentException(
                        "makeBlobs: " + clusterStd.length + " cluster stds for " + k + " centers");
            }
            Random random = random();
            double[][] c = centers;
            if (c == null) {
                c = new double[k][features];
                for (double[] row : c) {
                    for (int j = 0; j < features; j++) row[j] = boxLow + (boxHigh - boxLow) * random.nextDouble();
                }
            }
            double[][] x = new double[samples][];
            double[] y = new double[samples];
            int at = 0;
            for (int center = 0; center < k; center++) {
                int count = samples / k + (center < samples % k ? 1 : 0);
                double std = clusterStd[clusterStd.length == 1 ? 0 : center];
                for (int i = 0; i < count; i++, at++) {
                    double[] row = new double[features];
                    for (int j = 0; j < features; j++) row[j] = c[center][j] + std * random.nextGaussian();
                    x[at] = row;
                    y[at] = center;
                }
            }
            shuffle(x, y, random);
            return new Dataset(x, y);
        }
    }

    /** Point {@code i} of {@code count} evenly spaced over [from, to], ends included (NumPy's linspace). */
    private static double linspace(double from, double to, int count, int i) {
        if (count == 1) return from;
        return from + (to - from) * i / (count - 1);
    }
}

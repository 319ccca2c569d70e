package autograd.plot;

import autograd.data.Dataset;
import java.util.Arrays;

/**
 * A labelled 2-D point set, checked, and split by class: class c holds the points labelled
 * {@code classes()[c]}, in the order of the sorted distinct labels (so colours follow the labels).
 */
final class LabelledPoints {

    private final double[] xs;
    private final double[] ys;
    private final int[] labels;
    private final int[] classes;

    private LabelledPoints(double[] xs, double[] ys, int[] labels) {
        this.xs = xs;
        this.ys = ys;
        this.labels = labels;
        this.classes = Arrays.stream(labels).distinct().sorted().toArray();
    }

    /** Points {@code n × 2} with one label each; {@code what} names the caller in errors. */
    static LabelledPoints of(String what, double[][] points, int[] labels) {
        double[][] columns = Checks.columns(what, points);
        Checks.labels(what, points, labels);
        return new LabelledPoints(columns[0], columns[1], labels.clone());
    }

    /** A dataset of two features whose labels are whole numbers (class ids). */
    static LabelledPoints of(String what, Dataset data) {
        if (data == null) {
            throw new IllegalArgumentException(what + ": dataset is null");
        }
        if (data.size() > 0 && data.features() != 2) {
            throw new IllegalArgumentException(what + ": the dataset has " + data.features()
                    + " features but a plane shows 2; make a dataset of the two features to draw");
        }
        double[] y = data.labelArray();
        int[] labels = new int[y.length];
        for (int k = 0; k < y.length; k++) {
            if (y[k] != Math.rint(y[k]) || Math.abs(y[k]) > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(what + ": label y(" + k + ") = " + y[k]
                        + " is not a whole number; classes need integer labels (map them with mapLabels)");
            }
            labels[k] = (int) y[k];
        }
        return of(what, data.inputArray(), labels);
    }

    int size() {
        return labels.length;
    }

    /** The sorted distinct labels. */
    int[] classes() {
        return classes.clone();
    }

    /** The position of {@code label} among the classes, or the class count for an unseen label. */
    int classIndex(int label) {
        int at = Arrays.binarySearch(classes, label);
        return at >= 0 ? at : classes.length;
    }

    /** The points of class {@code c} as {xs, ys}. */
    double[][] ofClass(int c) {
        int count = (int) Arrays.stream(labels).filter(l -> l == classes[c]).count();
        double[] cx = new double[count];
        double[] cy = new double[count];
        int at = 0;
        for (int k = 0; k < labels.length; k++) {
            if (labels[k] == classes[c]) {
                cx[at] = xs[k];
                cy[at] = ys[k];
                at++;
            }
        }
        return new double[][] {cx, cy};
    }

    /** [xMin, xMax, yMin, yMax] of the points. */
    double[] box() {
        return new double[] {
            Arrays.stream(xs).min().orElseThrow(),
            Arrays.stream(xs).max().orElseThrow(),
            Arrays.stream(ys).min().orElseThrow(),
            Arrays.stream(ys).max().orElseThrow()
        };
    }
}

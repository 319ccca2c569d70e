package autograd.notebooks;

import autograd.Value;
import autograd.data.Dataset;
import autograd.data.Datasets;
import autograd.nn.Activation;
import autograd.nn.Linear;
import autograd.nn.MLP;
import autograd.nn.scalar.Layer;
import autograd.nn.scalar.Neuron;
import autograd.nn.scalar.ScalarMLP;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The data of notebooks 01–06 and PyTorch's answers for it, in
 * {@code src/test/resources/reference/notebooks.txt}: one {@code key number number ...} line per
 * array, {@code #} comments.
 *
 * <p>The inputs (datasets, initial weights) come from the same Java code the notebooks run and are
 * written by {@link #writeInputs(Path)}; {@code scripts/reference_notebooks.py} then trains the same
 * models in PyTorch (float64) and appends the expected outputs. To regenerate, from the repository
 * root after {@code mvn test-compile} (the script takes about a minute):
 * <pre>{@code
 * $ jshell --class-path "target/classes:target/test-classes:$(ls target/lib/*.jar | tr '\n' :)"
 * jshell> autograd.notebooks.NotebookReference.writeInputs(java.nio.file.Path.of("src/test/resources/reference/notebooks.txt"))
 * $ /usr/bin/python3 scripts/reference_notebooks.py
 * }</pre>
 * Then the notebook tests list the checks each notebook's metadata must hold ({@link NotebookChecks}).
 */
public final class NotebookReference {

    private NotebookReference() {}

    /** Notebook 04's data: 100 points in 2 blobs, centres in (−4, 4)², labels ±1. */
    public static Dataset blobs() {
        return Datasets.makeBlobs(100)
                .centers(2)
                .features(2)
                .centerBox(-4, 4)
                .seed(28)
                .build()
                .mapLabels(y -> 2 * y - 1);
    }

    /** Notebook 05's data: make_moons(100, noise 0.1). */
    public static Dataset moons() {
        return Datasets.makeMoons(100).noise(0.1).seed(1).build();
    }

    /** Notebook 05's scalar network before training. */
    public static ScalarMLP moonsModel() {
        return new ScalarMLP(2, new int[] {16, 16, 1}, Activation.sigmoid(), new Random(1337));
    }

    /** Notebook 05's tensor network before training. */
    public static MLP tensorModel() {
        return new MLP(2, new int[] {16, 16, 1}, Activation.sigmoid(), new Random(1337));
    }

    /** The four initial weight vectors of notebook 04. */
    public static final double[][] PERCEPTRON_STARTS = {{2, 2}, {2, 0}, {-2, 2}, {-2, -2}};

    /** Notebook 06's initial state (θ1, θ2, p1, p2). */
    public static final double[] PENDULUM_START = {0.4, 0, 1, 4};

    /** Every array of the reference file by key. */
    public static Map<String, double[]> load() {
        try (InputStream in = NotebookReference.class.getResourceAsStream("/reference/notebooks.txt")) {
            if (in == null) {
                throw new IllegalStateException("src/test/resources/reference/notebooks.txt is missing; "
                        + "regenerate it as described in NotebookReference");
            }
            Map<String, double[]> arrays = new LinkedHashMap<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) continue;
                String[] parts = line.split("\\s+");
                double[] values = new double[parts.length - 1];
                for (int i = 1; i < parts.length; i++) values[i - 1] = Double.parseDouble(parts[i]);
                arrays.put(parts[0], values);
            }
            return arrays;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The array {@code key}, or a failure naming the key and how to regenerate. */
    public static double[] get(Map<String, double[]> reference, String key) {
        double[] values = reference.get(key);
        if (values == null) {
            throw new IllegalStateException("notebooks.txt has no '" + key + "'; run scripts/reference_notebooks.py");
        }
        return values;
    }

    /** The features of a dataset, row after row. */
    public static double[] features(Dataset data) {
        double[] flat = new double[data.size() * data.features()];
        for (int i = 0; i < data.size(); i++) {
            System.arraycopy(data.x(i), 0, flat, i * data.features(), data.features());
        }
        return flat;
    }

    /** The scalar MLP's parameters, layer by layer, neuron by neuron: its weights, then its bias. */
    public static double[] weights(ScalarMLP model) {
        List<Double> all = new ArrayList<>();
        for (Layer layer : model.layers()) {
            for (Neuron neuron : layer.neurons()) {
                for (Value w : neuron.weights()) all.add(w.data);
                all.add(neuron.bias().data);
            }
        }
        return all.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The tensor MLP's parameters, layer by layer: its {@code [in, out]} weight row by row, then its bias. */
    public static double[] weights(MLP model) {
        List<Double> all = new ArrayList<>();
        for (Linear layer : model.layers()) {
            for (double w : layer.weight().value()) all.add(w);
            for (double b : layer.bias().value()) all.add(b);
        }
        return all.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Writes the input lines (what PyTorch needs to reproduce the notebooks' training). */
    public static void writeInputs(Path file) throws IOException {
        StringBuilder out = new StringBuilder("# inputs, written by NotebookReference.writeInputs\n");
        line(out, "blobs.x", features(blobs()));
        line(out, "blobs.y", blobs().labelArray());
        line(out, "moons.x", features(moons()));
        line(out, "moons.y", moons().labelArray());
        line(out, "mlp.layers", new double[] {2, 16, 16, 1});
        line(out, "mlp.init", weights(moonsModel()));
        line(out, "tensor.init", weights(tensorModel()));
        line(out, "pendulum.initial", PENDULUM_START);
        Files.writeString(file, out.toString());
    }

    private static void line(StringBuilder out, String key, double[] values) {
        out.append(key);
        for (double v : values) out.append(' ').append(v);
        out.append('\n');
    }
}

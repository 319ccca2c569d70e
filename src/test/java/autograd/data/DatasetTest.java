package autograd.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import autograd.Variable;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class DatasetTest {

    private final Dataset data = new Dataset(new double[][] {{1, 2}, {3, 4}, {5, 6}}, new double[] {0, 1, 0});

    @Test
    void sizesSamplesAndTensors() {
        assertEquals(3, data.size());
        assertEquals(2, data.features());
        Dataset.Sample s = data.get(1);
        assertArrayEquals(new double[] {3, 4}, s.x());
        assertEquals(1.0, s.y());
        assertArrayEquals(new double[] {3, 4}, s.input().value());
        assertFalse(s.input().requiresGrad());
        assertEquals(0, s.target().rank());
        Variable inputs = data.inputs();
        assertArrayEquals(new int[] {3, 2}, inputs.shape());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, inputs.value());
        assertFalse(inputs.requiresGrad());
        assertArrayEquals(new double[] {0, 1, 0}, data.labels().value());
        int n = 0;
        for (Dataset.Sample sample : data) assertEquals(data.y(n++), sample.y());
        assertEquals(3, n);
    }

    @Test
    void isImmutable() {
        double[][] x = {{1, 2}};
        Dataset d = new Dataset(x, new double[] {1});
        x[0][0] = 99;
        d.get(0).x()[1] = 99;
        assertArrayEquals(new double[] {1, 2}, d.x(0));
    }

    @Test
    void clearErrorsForMismatchedOrRaggedInput() {
        var lengths = assertThrows(
                IllegalArgumentException.class, () -> new Dataset(new double[][] {{1}, {2}}, new double[] {1}));
        assertTrue(lengths.getMessage().contains("2 input rows but 1 labels"), lengths.getMessage());
        var ragged = assertThrows(
                IllegalArgumentException.class, () -> new Dataset(new double[][] {{1, 2}, {3}}, new double[] {1, 2}));
        assertTrue(
                ragged.getMessage().contains("ragged") && ragged.getMessage().contains("row 1"), ragged.getMessage());
    }

    @Test
    void shuffledIsASeededPermutation() {
        double[][] x = new double[50][1];
        double[] y = new double[50];
        for (int i = 0; i < 50; i++) {
            x[i][0] = i;
            y[i] = 10 * i;
        }
        Dataset d = new Dataset(x, y);
        Dataset a = d.shuffled(new Random(4));
        Dataset b = d.shuffled(new Random(4));
        assertArrayEquals(a.labelArray(), b.labelArray());
        assertFalse(Arrays.equals(d.labelArray(), a.labelArray()));
        double[] sorted = a.labelArray();
        Arrays.sort(sorted);
        assertArrayEquals(y, sorted);
        for (int i = 0; i < 50; i++) assertEquals(10 * a.x(i)[0], a.y(i)); // rows stay with their labels
    }

    @Test
    void batchesCoverTheDatasetInOrder() {
        Dataset d = new Dataset(new double[][] {{0}, {1}, {2}, {3}, {4}}, new double[] {0, 1, 2, 3, 4});
        var batches = d.batches(2);
        assertEquals(3, batches.size());
        assertArrayEquals(new double[] {2, 3}, batches.get(1).labelArray());
        assertArrayEquals(new double[] {4}, batches.get(2).labelArray());
        assertArrayEquals(new int[] {1, 1}, batches.get(2).inputs().shape());
        assertThrows(IllegalArgumentException.class, () -> d.batches(0));
    }

    @Test
    void tableRoundTrip() {
        Table table = data.toTable("a", "b", "label");
        assertEquals(Arrays.asList("a", "b", "label"), table.columnNames());
        assertEquals(3, table.rowCount());
        Dataset back = Dataset.fromTable(table, "label", "b", "a");
        assertArrayEquals(new double[] {4, 3}, back.x(1));
        assertArrayEquals(data.labelArray(), back.labelArray());
        Dataset allFeatures = Dataset.fromTable(table, "label");
        assertArrayEquals(data.x(2), allFeatures.x(2));
        assertEquals(Arrays.asList("x0", "x1", "y"), data.toTable().columnNames());
    }

    @Test
    void tableErrorsNameTheColumn() {
        Table t = Table.create("t", DoubleColumn.create("y", new double[] {1, 2}), StringColumn.create("s", "a", "b"));
        var missing = assertThrows(IllegalArgumentException.class, () -> Dataset.fromTable(t, "y", "nope"));
        assertTrue(missing.getMessage().contains("'nope'"), missing.getMessage());
        var text = assertThrows(IllegalArgumentException.class, () -> Dataset.fromTable(t, "y", "s"));
        assertTrue(text.getMessage().contains("'s'") && text.getMessage().contains("not numeric"), text.getMessage());
        assertThrows(IllegalArgumentException.class, () -> data.toTable("only-one"));
    }
}

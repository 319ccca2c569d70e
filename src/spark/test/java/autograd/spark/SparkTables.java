package autograd.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import autograd.sweep.SweepResults;
import java.util.Objects;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/** Comparing sweep results from two backends. */
final class SparkTables {

    private SparkTables() {}

    /** Same rows, every column but {@code seconds} (wall time) equal cell by cell, doubles by their bits; same histories. */
    static void assertSameResults(SweepResults expected, SweepResults actual) {
        assertTrue(expected.size() > 0, "an empty sweep compares nothing");
        assertSameTable(expected.table(), actual.table());
        assertSameTable(expected.history(), actual.history());
    }

    static void assertSameTable(Table expected, Table actual) {
        assertEquals(expected.columnNames(), actual.columnNames());
        assertEquals(expected.rowCount(), actual.rowCount());
        for (Column<?> column : expected.columns()) {
            if (column.name().equals("seconds")) continue;
            Column<?> other = actual.column(column.name());
            for (int row = 0; row < column.size(); row++) {
                Object a = column.get(row), b = other.get(row);
                // Double.equals compares the bits: -0.0 differs from 0.0, NaN equals NaN.
                assertTrue(Objects.equals(a, b), column.name() + " row " + row + ": " + a + " vs " + b);
            }
        }
    }
}

package autograd.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Objects;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/** Comparing the results of two sweeps (two thread counts, two backends): for the tests of both. */
public final class SweepTables {

    private SweepTables() {}

    /** Same rows, every column but {@code seconds} (wall time) equal cell by cell, doubles by their bits; same histories. */
    public static void assertSameResults(SweepResults expected, SweepResults actual) {
        assertTrue(expected.size() > 0, "an empty sweep compares nothing");
        assertSameTable(expected.table(), actual.table());
        assertSameTable(expected.history(), actual.history());
    }

    /** Every column but {@code seconds} (wall time) equal cell by cell; doubles by their bits. */
    public static void assertSameTable(Table expected, Table actual) {
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

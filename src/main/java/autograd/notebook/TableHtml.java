package autograd.notebook;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.html.HtmlWriteOptions;
import tech.tablesaw.io.html.HtmlWriter;

/**
 * A Tablesaw {@link Table} as an HTML table for a notebook: long tables show their first rows and
 * say how many there are, so a million-row table does not flood the notebook.
 *
 * <pre>{@code
 * jshell> import tech.tablesaw.api.*;
 * jshell> var t = Table.create("t", DoubleColumn.create("x", 1, 2, 3));
 * jshell> TableHtml.of(t, 2).endsWith("</table><p>2 of 3 rows</p>")   // two rows shown, then the count
 * $3 ==> true
 * }</pre>
 */
public final class TableHtml {

    /** Rows shown unless told otherwise. */
    public static final int DEFAULT_MAX_ROWS = 50;

    private TableHtml() {}

    /** The first {@value #DEFAULT_MAX_ROWS} rows of {@code table} as HTML. */
    public static String of(Table table) {
        return of(table, DEFAULT_MAX_ROWS);
    }

    /** The first {@code maxRows} rows of {@code table} as HTML, with a row count when cut. */
    public static String of(Table table, int maxRows) {
        if (table == null) {
            throw new IllegalArgumentException("table is null");
        }
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be at least 1, got " + maxRows);
        }
        int rows = table.rowCount();
        Table shown = rows > maxRows ? table.first(maxRows) : table;
        StringWriter out = new StringWriter();
        try {
            new HtmlWriter()
                    .write(shown, HtmlWriteOptions.builder(out).escapeText(true).build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringBuilder html = new StringBuilder();
        if (table.name() != null && !table.name().isBlank()) {
            html.append("<p><b>").append(escape(table.name())).append("</b></p>");
        }
        html.append(out);
        if (rows > maxRows) {
            html.append("<p>").append(maxRows).append(" of ").append(rows).append(" rows</p>");
        }
        return html.toString();
    }

    static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}

package autograd.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class TableHtmlTest {

    static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void smallTableShowsEveryRowAndItsName() {
        Table t = Table.create(
                "losses", DoubleColumn.create("epoch", 1, 2, 3), DoubleColumn.create("loss", 0.5, 0.25, 0.125));
        String html = TableHtml.of(t);
        assertTrue(html.contains("<table"));
        assertTrue(html.contains("losses"));
        assertTrue(html.contains("<th>loss</th>"), html);
        assertTrue(html.contains("0.125"));
        assertEquals(3, count(html, "<tr>") - 1, "header row + 3 rows");
        assertFalse(html.contains("rows</p>"));
    }

    @Test
    void longTableIsCutAndSaysSo() {
        double[] values = IntStream.range(0, 1000).asDoubleStream().toArray();
        String html = TableHtml.of(Table.create("big", DoubleColumn.create("x", values)), 10);
        assertEquals(10, count(html, "<tr>") - 1);
        assertTrue(html.contains("10 of 1000 rows"));
    }

    @Test
    void cellTextIsEscaped() {
        String html = TableHtml.of(Table.create("t", StringColumn.create("s", "<script>x</script>")));
        assertFalse(html.contains("<script>"), html);
    }

    @Test
    void badInputIsNamed() {
        assertThrows(IllegalArgumentException.class, () -> TableHtml.of(null));
        Table t = Table.create("t", DoubleColumn.create("x", 1));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TableHtml.of(t, 0))
                .getMessage()
                .contains("maxRows"));
    }
}

package autograd.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import autograd.Value;
import autograd.Variable;
import autograd.plot.Displayable;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/** Uses the kernel's own {@link Renderer} (from jjava-jupyter), as the notebook does. */
class NotebookRenderersTest {

    Renderer renderer;

    @BeforeEach
    void register() {
        renderer = new Renderer();
        List<String> registered = NotebookRenderers.registerAll(renderer);
        assertTrue(registered.contains(Displayable.class.getName()), registered.toString());
    }

    @Test
    void chartBecomesPngWithItsDisplaySize() {
        XYChart chart = ChartPngTest.chart(320, 240);
        DisplayData data = renderer.render(chart);
        String png = (String) data.getData(MIMEType.IMAGE_PNG);
        assertNotNull(png, "image/png output");
        byte[] bytes = Base64.getDecoder().decode(png);
        assertEquals((byte) 0x89, bytes[0]);
        assertEquals('P', bytes[1]);
        assertTrue(String.valueOf(data.getData(MIMEType.TEXT_PLAIN)).contains("320x240"));
    }

    @Test
    void tableBecomesHtml() {
        Table t = Table.create("t", DoubleColumn.create("x", 1.5, 2.5));
        DisplayData data = renderer.render(t);
        String html = (String) data.getData(MIMEType.TEXT_HTML);
        assertNotNull(html, "text/html output");
        assertTrue(html.contains("<table") && html.contains("2.5"), html);
        assertTrue(String.valueOf(data.getData(MIMEType.TEXT_PLAIN)).contains("2.5"));
    }

    @Test
    void displayableUsesItsOwnBundle() {
        Map<String, String> bundle = new LinkedHashMap<>();
        bundle.put("image/gif", "R0lGODlhAQABAAAAACw=");
        bundle.put("text/plain", "a tiny gif");
        Displayable gif = () -> bundle;
        DisplayData data = renderer.render(gif);
        assertEquals("R0lGODlhAQABAAAAACw=", data.getData(MIMEType.IMAGE_GIF));
        assertEquals("a tiny gif", data.getData(MIMEType.TEXT_PLAIN));
    }

    @Test
    void aFailingPictureShowsAMessageInsteadOfThrowing() {
        Displayable broken = () -> {
            throw new IllegalStateException("engine changed");
        };
        DisplayData data = renderer.render(broken);
        String text = String.valueOf(data.getData(MIMEType.TEXT_PLAIN));
        assertTrue(text.contains("could not be rendered") && text.contains("engine changed"), text);
        assertFalse(data.hasDataForType(MIMEType.IMAGE_PNG));
    }

    @Test
    void engineValuesRenderAsTheirText() {
        List<String> registered = NotebookRenderers.registerAll(new Renderer());
        assertTrue(registered.containsAll(NotebookRenderers.TEXT_CLASSES), registered.toString());
        Value a = new Value(2.0).label("a");
        DisplayData value = renderer.render(a);
        assertEquals(a.toString(), value.getData(MIMEType.TEXT_PLAIN));
        Variable v = new Variable(new double[] {1, 2});
        assertEquals(v.toString(), renderer.render(v).getData(MIMEType.TEXT_PLAIN));
        assertEquals(
                null,
                NotebookRenderers.findClass("autograd.NoSuchClass", getClass().getClassLoader()));
    }
}

package autograd.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import autograd.Value;
import autograd.Variable;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class GraphViewTest {

    /** micrograd's first example: L = (a*b + c) * f. */
    private static Value example() {
        Value a = Value.of(2).label("a");
        Value b = Value.of(-3).label("b");
        Value c = Value.of(10).label("c");
        Value f = Value.of(-2).label("f");
        Value loss = a.mul(b).label("e").add(c).label("d").mul(f).label("L");
        loss.backward();
        return loss;
    }

    @Test
    void walkFindsEveryValueOnceAndEveryEdge() {
        GraphView graph = GraphView.of(example());
        assertEquals(7, graph.nodeCount(), "a, b, c, f, e, d, L");
        assertEquals(6, graph.edgeCount());
        // A value used twice is one node with two outgoing edges.
        Value x = Value.of(3).label("x");
        GraphView diamond = GraphView.of(x.mul(x).add(x));
        assertEquals(3, diamond.nodeCount(), "x, x*x, x*x + x");
        assertEquals(4, diamond.edgeCount());
    }

    @Test
    void dotSourceHasRecordsWithDataAndGrad() {
        String dot = GraphView.of(example()).toDot();
        assertTrue(dot.startsWith("digraph"));
        assertTrue(dot.contains("{ a | data 2.0000 | grad 6.0000 }"), dot);
        assertTrue(dot.contains("{ L | data -8.0000 | grad 1.0000 }"), dot);
        assertEquals(3, dot.split("shape=ellipse", -1).length - 1, "three ops");
    }

    @Test
    void svgUsesDotWhenInstalledElseTheBuiltinLayout() throws Exception {
        GraphView graph = GraphView.of(example());
        String svg = graph.svg();
        assertEquals(GraphView.dotAvailable() ? "dot" : "builtin", graph.layout());
        Document doc = parse(svg);
        assertEquals("svg", doc.getDocumentElement().getNodeName());
        String text = doc.getDocumentElement().getTextContent();
        assertTrue(text.contains("data -8.0000") && text.contains("grad 6.0000"), text);
        assertEquals("image/svg+xml", graph.mimeBundle().keySet().iterator().next());
    }

    @Test
    void builtinLayoutDrawsABoxPerValueAndAnArrowPerEdge() throws Exception {
        GraphView graph = GraphView.of(example()).builtinLayout();
        assertEquals("builtin", graph.layout());
        Document doc = parse(graph.svg());
        assertEquals(7 + 1, doc.getElementsByTagName("rect").getLength(), "boxes + background");
        assertEquals(3, doc.getElementsByTagName("ellipse").getLength());
        // Input -> op edges, op -> value edges, and the arrow-head path in <defs>.
        assertEquals(6 + 3 + 1, doc.getElementsByTagName("path").getLength());
        var image = ImageIO.read(new ByteArrayInputStream(graph.png()));
        assertTrue(image.getWidth() > 300 && ChartImages.inkFraction(image) > 0.02);
        GraphView vertical = graph.topToBottom().builtinLayout();
        var tall = ImageIO.read(new ByteArrayInputStream(vertical.png()));
        assertTrue(
                tall.getHeight() > image.getHeight() && tall.getWidth() < image.getWidth(),
                "top to bottom trades width for height");
    }

    @Test
    void variablesShowShapes() {
        Variable w = new Variable(new double[][] {{1, 2}, {3, 4}}).label("W");
        Variable x = new Variable(new double[] {0.5, -1}).label("x");
        Variable y = w.matmul(x).sum().label("y");
        y.backward();
        String dot = GraphView.of(y).toDot();
        assertTrue(dot.contains("W | shape [2, 2] | data [1.000, 2.000, 3.000, …]"), dot);
        assertTrue(dot.contains("y | shape () | data -4.000 | grad 1.000"), dot);
    }

    @Test
    void labelsWithRecordSyntaxAreEscaped() throws Exception {
        Value odd = Value.of(1).label("a|b{c}<d>\"e\"");
        GraphView graph = GraphView.of(odd.mul(2));
        assertTrue(graph.toDot().contains("a\\|b\\{c\\}\\<d\\>\\\"e\\\""), graph.toDot());
        parse(graph.svg());
        assertEquals(GraphView.dotAvailable() ? "dot" : "builtin", graph.layout());
        parse(graph.builtinLayout().svg());
    }

    @Test
    void deepGraphsWalkIterativelyAndHugeOnesAreRefused() {
        Value x = Value.of(0.1);
        for (int k = 0; k < 4000; k++) {
            x = x.tanh();
        }
        // Surefire runs with -Xss512k: a recursive walk of 4000 levels would overflow the stack.
        assertEquals(4001, GraphView.of(x).nodeCount());
        for (int k = 0; k < 2000; k++) {
            x = x.tanh();
        }
        Value huge = x;
        var e = assertThrows(IllegalArgumentException.class, () -> GraphView.of(huge));
        assertTrue(e.getMessage().contains("more than " + GraphView.MAX_NODES), e.getMessage());
    }

    private static Document parse(String svg) throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }
}

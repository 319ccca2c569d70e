package autograd.plot;

import autograd.Value;
import autograd.Variable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The computation graph behind a {@link Value} or {@link Variable}, drawn like micrograd's
 * {@code draw_dot}: a box per value (label, data, grad; shape for tensors), a small ellipse per op,
 * arrows from inputs to outputs, left to right. Rendered to SVG, inline in notebooks.
 *
 * <p>When Graphviz's {@code dot} program is on the PATH it does the layout (the best one). Without
 * it a simple built-in layered layout is used: columns by depth, rows ordered to limit crossings.
 * It is readable for small and medium graphs; install Graphviz for large ones.
 *
 * <pre>{@code
 * jshell> Value a = Value.of(2).label("a"), b = Value.of(-3).label("b");
 * jshell> Value L = a.mul(b).add(10).tanh().label("L");
 * jshell> L.backward();
 * jshell> GraphView g = GraphView.of(L);     // shows as SVG when it is a cell's value
 * jshell> g.save("graph.svg");
 * }</pre>
 */
public final class GraphView implements Displayable {

    /** Refuse graphs whose drawing nobody could read anyway, before laying them out. */
    public static final int MAX_NODES = 5000;

    private final List<GraphNode> nodes;
    private final boolean topToBottom;
    private final boolean allowDot;
    private String svg;
    private String layoutUsed;

    private GraphView(List<GraphNode> nodes, boolean topToBottom, boolean allowDot) {
        this.nodes = nodes;
        this.topToBottom = topToBottom;
        this.allowDot = allowDot;
    }

    /** The graph that computed {@code root}. */
    public static GraphView of(Value root) {
        if (root == null) {
            throw new IllegalArgumentException("root value is null");
        }
        List<Value> order = walk(() -> root.nodes(MAX_NODES));
        return new GraphView(nodes(order, Value::inputs, Value::op, GraphView::valueFields), false, true);
    }

    /** The graph that computed the tensor {@code root}. */
    public static GraphView of(Variable root) {
        if (root == null) {
            throw new IllegalArgumentException("root variable is null");
        }
        List<Variable> order = walk(() -> root.nodes(MAX_NODES));
        return new GraphView(nodes(order, Variable::inputs, Variable::op, GraphView::variableFields), false, true);
    }

    /** The same graph laid out top to bottom instead of left to right. */
    public GraphView topToBottom() {
        return new GraphView(nodes, true, allowDot);
    }

    /** The same graph with the built-in layout even when {@code dot} is installed. */
    public GraphView builtinLayout() {
        return new GraphView(nodes, topToBottom, false);
    }

    /** Number of value boxes (op ellipses not counted). */
    public int nodeCount() {
        return nodes.size();
    }

    /** Number of input → op edges. */
    public int edgeCount() {
        return nodes.stream().mapToInt(n -> n.inputs().length).sum();
    }

    /** Whether Graphviz's {@code dot} is on the PATH. */
    public static boolean dotAvailable() {
        return Graphviz.available();
    }

    /** {@code "dot"} or {@code "builtin"}: the layout the SVG was made with. */
    public String layout() {
        svg();
        return layoutUsed;
    }

    /** The graph in Graphviz's DOT language. */
    public String toDot() {
        return Graphviz.source(nodes, topToBottom);
    }

    /** The drawing as an SVG document. */
    public String svg() {
        if (svg == null) {
            String fromDot = allowDot ? Graphviz.svg(toDot()) : null;
            layoutUsed = fromDot != null ? "dot" : "builtin";
            svg = fromDot != null ? fromDot : new LayeredLayout(nodes, topToBottom).svg();
        }
        return svg;
    }

    /**
     * The drawing as PNG: Graphviz's own PNG when {@code dot} made the layout, else the built-in
     * layout painted with Java2D (headless is fine).
     */
    public byte[] png() {
        byte[] fromDot = "dot".equals(layout()) ? Graphviz.png(toDot()) : null;
        return fromDot != null ? fromDot : Pictures.png(new LayeredLayout(nodes, topToBottom).image());
    }

    /** Writes the SVG file. */
    @Override
    public Path save(String path) {
        return Pictures.write(path, svg().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Map<String, String> mimeBundle() {
        Map<String, String> bundle = new LinkedHashMap<>();
        bundle.put("image/svg+xml", svg());
        bundle.put("text/plain", toString());
        return bundle;
    }

    @Override
    public String toString() {
        return "GraphView: " + nodeCount() + " values, " + edgeCount() + " edges";
    }

    /**
     * The nodes that computed {@code root} in topological order, inputs first: the engine's own
     * walk ({@code nodes}), refusing graphs of more than {@link #MAX_NODES} values.
     */
    private static <T> List<T> walk(Supplier<List<T>> nodes) {
        try {
            return nodes.get();
        } catch (IllegalStateException tooMany) {
            throw new IllegalArgumentException("the graph has more than " + MAX_NODES
                    + " values; draw a smaller expression (e.g. one neuron, or a tiny MLP)");
        }
    }

    /** The drawing's nodes: ids by position in {@code order}, fields and op of each. */
    private static <T> List<GraphNode> nodes(
            List<T> order, Function<T, List<T>> inputsOf, Function<T, String> opOf, Function<T, String[]> fieldsOf) {
        Map<T, Integer> ids = new IdentityHashMap<>();
        for (T node : order) {
            ids.put(node, ids.size());
        }
        List<GraphNode> nodes = new ArrayList<>();
        for (T node : order) {
            int[] inputs = inputsOf.apply(node).stream().mapToInt(ids::get).toArray();
            String op = opOf.apply(node);
            nodes.add(new GraphNode(ids.get(node), fieldsOf.apply(node), op == null ? "" : op, inputs));
        }
        return nodes;
    }

    private static String[] valueFields(Value v) {
        List<String> fields = new ArrayList<>();
        if (!v.label().isEmpty()) {
            fields.add(v.label());
        }
        fields.add("data " + fixed(v.data));
        fields.add("grad " + fixed(v.grad));
        return fields.toArray(String[]::new);
    }

    private static String[] variableFields(Variable v) {
        List<String> fields = new ArrayList<>();
        if (!v.label().isEmpty()) {
            fields.add(v.label());
        }
        int[] shape = v.shape();
        fields.add("shape " + (shape.length == 0 ? "()" : Arrays.toString(shape)));
        fields.add("data " + preview(v.value()));
        fields.add("grad " + preview(v.grad().value()));
        return fields.toArray(String[]::new);
    }

    /** Four decimals, without the "-0.0000" that rounding tiny negatives would show. */
    private static String fixed(double x) {
        String text = String.format(Locale.ROOT, "%.4f", x);
        return text.equals("-0.0000") ? "0.0000" : text;
    }

    /** Up to three numbers of a tensor, then an ellipsis. */
    private static String preview(double[] values) {
        StringBuilder out = new StringBuilder(values.length == 1 ? "" : "[");
        for (int k = 0; k < Math.min(3, values.length); k++) {
            out.append(k == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4g", values[k]));
        }
        if (values.length > 3) {
            out.append(", …");
        }
        return out.append(values.length == 1 ? "" : "]").toString();
    }
}

package autograd.plot;

import autograd.Value;
import autograd.Variable;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.CubicCurve2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

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

    /** One value in the drawing: the lines of its box, its op (or "" for a leaf), its inputs. */
    record Node(int id, String[] fields, String op, int[] inputs) {}

    private final List<Node> nodes;
    private final String rankdir;
    private final boolean allowDot;
    private String svg;
    private String layoutUsed;

    private GraphView(List<Node> nodes, String rankdir, boolean allowDot) {
        this.nodes = nodes;
        this.rankdir = rankdir;
        this.allowDot = allowDot;
    }

    /** The graph that computed {@code root}. */
    public static GraphView of(Value root) {
        if (root == null) {
            throw new IllegalArgumentException("root value is null");
        }
        return new GraphView(walk(root, Value::inputs, Value::op, v -> valueFields(v)), "LR", true);
    }

    /** The graph that computed the tensor {@code root}. */
    public static GraphView of(Variable root) {
        if (root == null) {
            throw new IllegalArgumentException("root variable is null");
        }
        return new GraphView(walk(root, Variable::inputs, Variable::op, v -> variableFields(v)), "LR", true);
    }

    /** The same graph laid out top to bottom instead of left to right. */
    public GraphView topToBottom() {
        return new GraphView(nodes, "TB", allowDot);
    }

    /** The same graph with the built-in layout even when {@code dot} is installed. */
    public GraphView builtinLayout() {
        return new GraphView(nodes, rankdir, false);
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
        return findDot() != null;
    }

    /** {@code "dot"} or {@code "builtin"}: the layout the SVG was made with. */
    public String layout() {
        svg();
        return layoutUsed;
    }

    /** The graph in Graphviz's DOT language. */
    public String toDot() {
        StringBuilder dot = new StringBuilder();
        dot.append("digraph autograd {\n");
        dot.append("  graph [rankdir=")
                .append(rankdir)
                .append(", bgcolor=\"white\", " + "nodesep=0.25, ranksep=0.45];\n");
        dot.append("  node [fontname=\"DejaVu Sans\", fontsize=11, color=\"#555555\"];\n");
        dot.append("  edge [color=\"#777777\", arrowsize=0.7];\n");
        for (Node node : nodes) {
            StringBuilder label = new StringBuilder("{ ");
            for (int k = 0; k < node.fields().length; k++) {
                label.append(k == 0 ? "" : " | ").append(escapeRecord(node.fields()[k]));
            }
            label.append(" }");
            dot.append("  v")
                    .append(node.id())
                    .append(" [shape=record, style=filled, fillcolor=\"")
                    .append(node.inputs().length == 0 ? "#E8F1F8" : "#FFFFFF")
                    .append("\", label=\"")
                    .append(label)
                    .append("\"];\n");
            if (!node.op().isEmpty()) {
                dot.append("  o")
                        .append(node.id())
                        .append(" [shape=ellipse, style=filled, "
                                + "fillcolor=\"#FCE9D9\", margin=\"0.05,0.02\", height=0.3, label=\"")
                        .append(escapeRecord(node.op()))
                        .append("\"];\n");
                dot.append("  o")
                        .append(node.id())
                        .append(" -> v")
                        .append(node.id())
                        .append(";\n");
                for (int input : node.inputs()) {
                    dot.append("  v")
                            .append(input)
                            .append(" -> o")
                            .append(node.id())
                            .append(";\n");
                }
            }
        }
        dot.append("}\n");
        return dot.toString();
    }

    /** The drawing as an SVG document. */
    public String svg() {
        if (svg == null) {
            String fromDot = allowDot ? runDot(toDot()) : null;
            if (fromDot != null) {
                svg = fromDot;
                layoutUsed = "dot";
            } else {
                svg = new LayeredLayout(nodes, "TB".equals(rankdir)).svg();
                layoutUsed = "builtin";
            }
        }
        return svg;
    }

    /**
     * The drawing as PNG: Graphviz's own PNG when {@code dot} made the layout, else the built-in
     * layout painted with Java2D (headless is fine).
     */
    public byte[] png() {
        if ("dot".equals(layout())) {
            byte[] png = runDot(toDot(), "png");
            if (png != null) {
                return png;
            }
        }
        return Plots.png(new LayeredLayout(nodes, "TB".equals(rankdir)).image());
    }

    /** Writes the SVG file. */
    public Path save(String path) {
        return Plots.write(Path.of(path), svg().getBytes(StandardCharsets.UTF_8));
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

    // ------------------------------------------------------------------------------ graph walk

    /** Collects the graph depth-first with an explicit stack; inputs get smaller ids than outputs. */
    static <T> List<Node> walk(
            T root, Function<T, List<T>> inputsOf, Function<T, String> opOf, Function<T, String[]> fieldsOf) {
        Map<T, Integer> ids = new IdentityHashMap<>();
        List<T> order = new ArrayList<>();
        Map<T, Boolean> entered = new IdentityHashMap<>();
        Deque<T> stack = new ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            T node = stack.peek();
            if (ids.containsKey(node)) {
                stack.pop();
                continue;
            }
            if (!entered.containsKey(node)) {
                entered.put(node, true);
                List<T> inputs = inputsOf.apply(node);
                // Push in reverse so the first input is visited (and numbered) first.
                for (int k = inputs.size() - 1; k >= 0; k--) {
                    if (!ids.containsKey(inputs.get(k))) {
                        stack.push(inputs.get(k));
                    }
                }
            } else {
                stack.pop();
                ids.put(node, order.size());
                order.add(node);
                if (order.size() > MAX_NODES) {
                    throw new IllegalArgumentException("the graph has more than " + MAX_NODES
                            + " values; draw a smaller expression (e.g. one neuron, or a tiny MLP)");
                }
            }
        }
        List<Node> nodes = new ArrayList<>();
        for (T node : order) {
            List<T> inputs = inputsOf.apply(node);
            int[] inputIds = new int[inputs.size()];
            for (int k = 0; k < inputIds.length; k++) {
                inputIds[k] = ids.get(inputs.get(k));
            }
            String op = opOf.apply(node);
            nodes.add(new Node(ids.get(node), fieldsOf.apply(node), op == null ? "" : op, inputIds));
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

    private static String escapeRecord(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if ("{}|<>\"\\".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c == '\n' ? ' ' : c);
        }
        return out.toString();
    }

    // ------------------------------------------------------------------------------ Graphviz

    private static Path findDot() {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, "dot");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** SVG from {@code dot -Tsvg}, or null when dot is missing or fails (then the fallback draws). */
    private static String runDot(String source) {
        byte[] svg = runDot(source, "svg");
        String text = svg == null ? null : new String(svg, StandardCharsets.UTF_8);
        return text != null && text.contains("<svg") ? text : null;
    }

    private static byte[] runDot(String source, String format) {
        Path dot = findDot();
        if (dot == null) {
            return null;
        }
        Process process = null;
        try {
            process = new ProcessBuilder(dot.toString(), "-T" + format)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            Process running = process;
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            Thread reader = new Thread(
                    () -> {
                        try (InputStream in = running.getInputStream()) {
                            in.transferTo(output);
                        } catch (IOException ignored) {
                            // the exit code below decides
                        }
                    },
                    "dot-output");
            reader.setDaemon(true);
            reader.start();
            try (OutputStream in = process.getOutputStream()) {
                in.write(source.getBytes(StandardCharsets.UTF_8));
            }
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                return null;
            }
            reader.join(5000);
            return process.exitValue() == 0 && output.size() > 0 ? output.toByteArray() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    // ------------------------------------------------------------------------------ fallback

    /**
     * A left-to-right layered drawing: each value sits one column right of its op, each op one
     * column right of its deepest input; rows in a column follow the mean row of the inputs.
     */
    static final class LayeredLayout {
        private static final double CHAR_WIDTH = 6.8;
        private static final double FIELD_PAD = 8;
        private static final double BOX_HEIGHT = 24;
        private static final double OP_RADIUS = 15;
        private static final double COLUMN_GAP = 44;
        private static final double ROW_GAP = 16;
        private static final double MARGIN = 16;

        private final List<Node> nodes;
        private final boolean topToBottom;

        private final double[] cx;
        private final double[] cy;
        private final double[] width;
        private final double[] height;
        private final double svgWidth;
        private final double svgHeight;

        /** Vertex v of the layout: 2·id is the value box, 2·id + 1 its op ellipse. */
        LayeredLayout(List<Node> nodes, boolean topToBottom) {
            this.nodes = nodes;
            this.topToBottom = topToBottom;
            int n = nodes.size();
            int[] column = new int[2 * n];
            Arrays.fill(column, -1);
            // Ids are in topological order (inputs first), so one forward pass finds the depths.
            for (Node node : nodes) {
                if (node.op().isEmpty()) {
                    column[2 * node.id()] = 0;
                } else {
                    int deepest = 0;
                    for (int input : node.inputs()) {
                        deepest = Math.max(deepest, column[2 * input]);
                    }
                    column[2 * node.id() + 1] = deepest + 1;
                    column[2 * node.id()] = deepest + 2;
                }
            }
            // Successors: a value feeds the ops of the nodes that use it; an op feeds its value.
            List<List<Integer>> successors = new ArrayList<>();
            for (int v = 0; v < 2 * n; v++) {
                successors.add(new ArrayList<>());
            }
            for (Node node : nodes) {
                if (!node.op().isEmpty()) {
                    successors.get(2 * node.id() + 1).add(2 * node.id());
                    for (int input : node.inputs()) {
                        successors.get(2 * input).add(2 * node.id() + 1);
                    }
                }
            }
            // Leaves move right, next to their first use, so their edges stay short.
            for (Node node : nodes) {
                List<Integer> uses = successors.get(2 * node.id());
                if (node.op().isEmpty() && !uses.isEmpty()) {
                    int firstUse = uses.stream().mapToInt(u -> column[u]).min().orElse(1);
                    column[2 * node.id()] = Math.max(0, firstUse - 1);
                }
            }
            int columns = Arrays.stream(column).max().orElse(0) + 1;
            List<List<Integer>> byColumn = new ArrayList<>();
            for (int c = 0; c < columns; c++) {
                byColumn.add(new ArrayList<>());
            }
            for (int v = 0; v < 2 * n; v++) {
                if (column[v] >= 0) {
                    byColumn.get(column[v]).add(v);
                }
            }
            // Row order by barycentres: a sweep right, a sweep back left, a final sweep right.
            double[] rank = new double[2 * n];
            for (int v = 0; v < 2 * n; v++) {
                rank[v] = v;
            }
            for (int sweep = 0; sweep < 3; sweep++) {
                boolean forward = sweep != 1;
                for (int step = 0; step < columns; step++) {
                    int c = forward ? step : columns - 1 - step;
                    List<Integer> members = byColumn.get(c);
                    double[] key = new double[2 * n];
                    for (int v : members) {
                        key[v] = forward ? barycentre(v, rank) : mean(successors.get(v), rank, rank[v]);
                    }
                    members.sort(Comparator.comparingDouble((Integer v) -> key[v])
                            .thenComparingDouble(v -> rank[v])
                            .thenComparingInt(v -> v));
                    for (int k = 0; k < members.size(); k++) {
                        rank[members.get(k)] = k - (members.size() - 1) / 2.0;
                    }
                }
            }
            // Sizes: boxes as wide as their text; columns as wide as their widest member.
            width = new double[2 * n];
            height = new double[2 * n];
            for (Node node : nodes) {
                double w = 0;
                for (String field : node.fields()) {
                    w += fieldWidth(field);
                }
                width[2 * node.id()] = w;
                height[2 * node.id()] = BOX_HEIGHT;
                width[2 * node.id() + 1] = Math.max(2 * OP_RADIUS, node.op().length() * CHAR_WIDTH + 14);
                height[2 * node.id() + 1] = 2 * OP_RADIUS;
            }
            double[] along = new double[columns];
            double[] columnSize = new double[columns];
            for (int c = 0; c < columns; c++) {
                for (int v : byColumn.get(c)) {
                    columnSize[c] = Math.max(columnSize[c], topToBottom ? height[v] : width[v]);
                }
            }
            double position = MARGIN;
            for (int c = 0; c < columns; c++) {
                along[c] = position;
                position += columnSize[c] + COLUMN_GAP;
            }
            double totalAlong = position - COLUMN_GAP + MARGIN;
            cx = new double[2 * n];
            cy = new double[2 * n];
            double totalAcross = 0;
            double[] columnExtent = new double[columns];
            for (int c = 0; c < columns; c++) {
                double across = 0;
                for (int v : byColumn.get(c)) {
                    across += (topToBottom ? width[v] : height[v]) + ROW_GAP;
                }
                columnExtent[c] = across - ROW_GAP;
                totalAcross = Math.max(totalAcross, columnExtent[c] + 2 * MARGIN);
            }
            for (int c = 0; c < columns; c++) {
                // Columns are centred across, so short columns sit in the middle of tall ones.
                double across = (totalAcross - columnExtent[c]) / 2;
                for (int v : byColumn.get(c)) {
                    double size = topToBottom ? width[v] : height[v];
                    double centreAlong = along[c] + columnSize[c] / 2;
                    double centreAcross = across + size / 2;
                    cx[v] = topToBottom ? centreAcross : centreAlong;
                    cy[v] = topToBottom ? centreAlong : centreAcross;
                    across += size + ROW_GAP;
                }
            }
            svgWidth = topToBottom ? totalAcross : totalAlong;
            svgHeight = topToBottom ? totalAlong : totalAcross;
        }

        private static double fieldWidth(String field) {
            return field.length() * CHAR_WIDTH + 2 * FIELD_PAD;
        }

        String svg() {
            StringBuilder out = new StringBuilder();
            out.append(String.format(
                    Locale.ROOT,
                    "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                            + "width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
                            + "font-family=\"DejaVu Sans, Verdana, sans-serif\" font-size=\"11\">%n",
                    svgWidth,
                    svgHeight,
                    svgWidth,
                    svgHeight));
            out.append("<!-- built-in layered layout; install Graphviz (dot) for a better one -->\n");
            out.append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" "
                    + "markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">"
                    + "<path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#777777\"/></marker></defs>\n");
            out.append(String.format(
                    Locale.ROOT, "<rect width=\"%.0f\" height=\"%.0f\" fill=\"white\"/>%n", svgWidth, svgHeight));
            for (Node node : nodes) {
                if (node.op().isEmpty()) {
                    continue;
                }
                int op = 2 * node.id() + 1;
                for (int input : node.inputs()) {
                    edge(out, 2 * input, op);
                }
                edge(out, op, 2 * node.id());
            }
            for (Node node : nodes) {
                box(out, node, cx[2 * node.id()], cy[2 * node.id()], width[2 * node.id()]);
                if (!node.op().isEmpty()) {
                    int op = 2 * node.id() + 1;
                    out.append(String.format(
                            Locale.ROOT,
                            "<ellipse cx=\"%.1f\" cy=\"%.1f\" "
                                    + "rx=\"%.1f\" ry=\"%.1f\" fill=\"#FCE9D9\" stroke=\"#555555\"/>%n",
                            cx[op],
                            cy[op],
                            width[op] / 2,
                            height[op] / 2));
                    text(out, node.op(), cx[op], cy[op]);
                }
            }
            out.append("</svg>\n");
            return out.toString();
        }

        /** The same drawing as the SVG, painted with Java2D. */
        BufferedImage image() {
            int w = (int) Math.ceil(svgWidth);
            int h = (int) Math.ceil(svgHeight);
            var image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = image.createGraphics();
            try {
                g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
                g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
                g.setColor(Color.WHITE);
                g.fillRect(0, 0, w, h);
                g.setFont(Theme.font(Font.PLAIN, 11f));
                Color line = new Color(0x555555);
                Color edge = new Color(0x777777);
                for (Node node : nodes) {
                    if (node.op().isEmpty()) {
                        continue;
                    }
                    int op = 2 * node.id() + 1;
                    for (int input : node.inputs()) {
                        paintEdge(g, edge, 2 * input, op);
                    }
                    paintEdge(g, edge, op, 2 * node.id());
                }
                for (Node node : nodes) {
                    int v = 2 * node.id();
                    double left = cx[v] - width[v] / 2;
                    double top = cy[v] - BOX_HEIGHT / 2;
                    g.setColor(node.inputs().length == 0 ? new Color(0xE8F1F8) : Color.WHITE);
                    g.fill(new Rectangle2D.Double(left, top, width[v], BOX_HEIGHT));
                    g.setColor(line);
                    g.draw(new Rectangle2D.Double(left, top, width[v], BOX_HEIGHT));
                    double x = left;
                    for (int k = 0; k < node.fields().length; k++) {
                        double fw = fieldWidth(node.fields()[k]);
                        if (k > 0) {
                            g.setColor(line);
                            g.draw(new Line2D.Double(x, top, x, top + BOX_HEIGHT));
                        }
                        paintText(g, node.fields()[k], x + fw / 2, cy[v]);
                        x += fw;
                    }
                    if (!node.op().isEmpty()) {
                        int op = v + 1;
                        var ellipse = new Ellipse2D.Double(
                                cx[op] - width[op] / 2, cy[op] - height[op] / 2, width[op], height[op]);
                        g.setColor(new Color(0xFCE9D9));
                        g.fill(ellipse);
                        g.setColor(line);
                        g.draw(ellipse);
                        paintText(g, node.op(), cx[op], cy[op]);
                    }
                }
            } finally {
                g.dispose();
            }
            return image;
        }

        private void paintEdge(Graphics2D g, Color color, int from, int to) {
            double[] p = edgeEnds(from, to);
            var curve = new CubicCurve2D.Double(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]);
            g.setColor(color);
            g.draw(curve);
            double angle = Math.atan2(p[7] - p[5], p[6] - p[4]);
            var head = new Path2D.Double();
            head.moveTo(p[6], p[7]);
            head.lineTo(p[6] - 7 * Math.cos(angle - 0.4), p[7] - 7 * Math.sin(angle - 0.4));
            head.lineTo(p[6] - 7 * Math.cos(angle + 0.4), p[7] - 7 * Math.sin(angle + 0.4));
            head.closePath();
            g.fill(head);
        }

        private static void paintText(Graphics2D g, String text, double x, double y) {
            var metrics = g.getFontMetrics();
            g.setColor(new Color(0x222222));
            g.drawString(text, (float) (x - metrics.stringWidth(text) / 2.0), (float)
                    (y + (metrics.getAscent() - metrics.getDescent()) / 2.0));
        }

        /** Start, two control points and end of the curve from one vertex to the next. */
        private double[] edgeEnds(int from, int to) {
            if (topToBottom) {
                double x1 = cx[from];
                double y1 = cy[from] + height[from] / 2;
                double x2 = cx[to];
                double y2 = cy[to] - height[to] / 2;
                double mid = (y1 + y2) / 2;
                return new double[] {x1, y1, x1, mid, x2, mid, x2, y2};
            }
            double x1 = cx[from] + width[from] / 2;
            double y1 = cy[from];
            double x2 = cx[to] - width[to] / 2;
            double y2 = cy[to];
            double mid = (x1 + x2) / 2;
            return new double[] {x1, y1, mid, y1, mid, y2, x2, y2};
        }

        /** Mean rank of a vertex's predecessors (the op for a value, the inputs for an op). */
        private double barycentre(int v, double[] rank) {
            Node node = nodes.get(v / 2);
            if (v % 2 == 0) {
                return node.op().isEmpty() ? rank[v] : rank[v + 1];
            }
            double sum = 0;
            for (int input : node.inputs()) {
                sum += rank[2 * input];
            }
            return node.inputs().length == 0 ? rank[v] : sum / node.inputs().length;
        }

        private static double mean(List<Integer> vertices, double[] rank, double otherwise) {
            if (vertices.isEmpty()) {
                return otherwise;
            }
            double sum = 0;
            for (int v : vertices) {
                sum += rank[v];
            }
            return sum / vertices.size();
        }

        private void edge(StringBuilder out, int from, int to) {
            double[] p = edgeEnds(from, to);
            out.append(String.format(
                    Locale.ROOT,
                    "<path d=\"M %.1f %.1f C %.1f %.1f %.1f %.1f "
                            + "%.1f %.1f\" fill=\"none\" stroke=\"#777777\" marker-end=\"url(#arrow)\"/>%n",
                    p[0],
                    p[1],
                    p[2],
                    p[3],
                    p[4],
                    p[5],
                    p[6],
                    p[7]));
        }

        private void box(StringBuilder out, Node node, double cx, double cy, double width) {
            double left = cx - width / 2;
            double top = cy - BOX_HEIGHT / 2;
            out.append(String.format(
                    Locale.ROOT,
                    "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                            + "height=\"%.1f\" fill=\"%s\" stroke=\"#555555\"/>%n",
                    left,
                    top,
                    width,
                    BOX_HEIGHT,
                    node.inputs().length == 0 ? "#E8F1F8" : "#FFFFFF"));
            double x = left;
            for (int k = 0; k < node.fields().length; k++) {
                double fieldWidth = fieldWidth(node.fields()[k]);
                if (k > 0) {
                    out.append(String.format(
                            Locale.ROOT,
                            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" " + "y2=\"%.1f\" stroke=\"#555555\"/>%n",
                            x,
                            top,
                            x,
                            top + BOX_HEIGHT));
                }
                text(out, node.fields()[k], x + fieldWidth / 2, cy);
                x += fieldWidth;
            }
        }

        private static void text(StringBuilder out, String text, double x, double y) {
            out.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
                            + "dominant-baseline=\"central\" fill=\"#222222\">%s</text>%n",
                    x,
                    y,
                    escapeXml(text)));
        }

        private static String escapeXml(String text) {
            return text.replace("&", "&amp;")
                    .replace("<", "&lt;")
                    .replace(">", "&gt;")
                    .replace("\"", "&quot;");
        }
    }
}

package autograd.plot;

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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The built-in graph drawing, for when Graphviz is missing: a left-to-right (or top-to-bottom)
 * layered layout. Each value sits one column after its op, each op one column after its deepest
 * input; rows in a column follow the mean row of their neighbours. Vertex v is the value box of
 * node v / 2 when v is even, its op ellipse when v is odd. Drawn as SVG or painted with Java2D,
 * from one {@link #draw} on either {@link Canvas}.
 */
final class LayeredLayout {
    private static final double CHAR_WIDTH = 6.8;
    private static final double FIELD_PAD = 8;
    private static final double BOX_HEIGHT = 24;
    private static final double OP_RADIUS = 15;
    private static final double COLUMN_GAP = 44;
    private static final double ROW_GAP = 16;
    private static final double MARGIN = 16;
    private static final Color LEAF_FILL = new Color(0xE8F1F8);
    private static final Color OP_FILL = new Color(0xFCE9D9);
    private static final Color STROKE = new Color(0x555555);
    private static final Color EDGE = new Color(0x777777);
    private static final Color INK = new Color(0x222222);

    private final List<GraphNode> nodes;
    private final boolean topToBottom;
    private final double[] width;
    private final double[] height;
    private final double[] cx;
    private final double[] cy;
    /** The drawing's size: {along the columns, across them}. */
    private final double[] extent = new double[2];

    LayeredLayout(List<GraphNode> nodes, boolean topToBottom) {
        this.nodes = nodes;
        this.topToBottom = topToBottom;
        List<List<Integer>> successors = successors();
        List<List<Integer>> byColumn = byColumn(columns(successors));
        orderRows(byColumn, successors);
        width = new double[2 * nodes.size()];
        height = new double[2 * nodes.size()];
        measure();
        cx = new double[2 * nodes.size()];
        cy = new double[2 * nodes.size()];
        place(byColumn);
    }

    /** Successors: a value feeds the ops of the nodes that use it; an op feeds its value. */
    private List<List<Integer>> successors() {
        List<List<Integer>> successors = new ArrayList<>();
        for (int v = 0; v < 2 * nodes.size(); v++) {
            successors.add(new ArrayList<>());
        }
        for (GraphNode node : nodes) {
            if (!node.leaf()) {
                successors.get(2 * node.id() + 1).add(2 * node.id());
                for (int input : node.inputs()) {
                    successors.get(2 * input).add(2 * node.id() + 1);
                }
            }
        }
        return successors;
    }

    /** The column of every vertex (-1 for the op slot of a leaf). */
    private int[] columns(List<List<Integer>> successors) {
        int[] column = new int[2 * nodes.size()];
        Arrays.fill(column, -1);
        // Ids are in topological order (inputs first), so one forward pass finds the depths.
        for (GraphNode node : nodes) {
            if (node.leaf()) {
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
        // Leaves move right, next to their first use, so their edges stay short.
        for (GraphNode node : nodes) {
            List<Integer> uses = successors.get(2 * node.id());
            if (node.leaf() && !uses.isEmpty()) {
                int firstUse = uses.stream().mapToInt(u -> column[u]).min().orElse(1);
                column[2 * node.id()] = Math.max(0, firstUse - 1);
            }
        }
        return column;
    }

    private static List<List<Integer>> byColumn(int[] column) {
        int columns = Arrays.stream(column).max().orElse(0) + 1;
        List<List<Integer>> byColumn = new ArrayList<>();
        for (int c = 0; c < columns; c++) {
            byColumn.add(new ArrayList<>());
        }
        for (int v = 0; v < column.length; v++) {
            if (column[v] >= 0) {
                byColumn.get(column[v]).add(v);
            }
        }
        return byColumn;
    }

    /** Row order by barycentres: a sweep forward, a sweep back, a final sweep forward. */
    private void orderRows(List<List<Integer>> byColumn, List<List<Integer>> successors) {
        int columns = byColumn.size();
        double[] rank = new double[2 * nodes.size()];
        for (int v = 0; v < rank.length; v++) {
            rank[v] = v;
        }
        for (int sweep = 0; sweep < 3; sweep++) {
            boolean forward = sweep != 1;
            for (int step = 0; step < columns; step++) {
                List<Integer> members = byColumn.get(forward ? step : columns - 1 - step);
                double[] key = new double[rank.length];
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
    }

    /** Mean rank of a vertex's predecessors (the op for a value, the inputs for an op). */
    private double barycentre(int v, double[] rank) {
        GraphNode node = nodes.get(v / 2);
        if (v % 2 == 0) {
            return node.leaf() ? rank[v] : rank[v + 1];
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

    /** Boxes as wide as their text; op ellipses as wide as their name. */
    private void measure() {
        for (GraphNode node : nodes) {
            double w = 0;
            for (String field : node.fields()) {
                w += fieldWidth(field);
            }
            width[2 * node.id()] = w;
            height[2 * node.id()] = BOX_HEIGHT;
            width[2 * node.id() + 1] = Math.max(2 * OP_RADIUS, node.op().length() * CHAR_WIDTH + 14);
            height[2 * node.id() + 1] = 2 * OP_RADIUS;
        }
    }

    private static double fieldWidth(String field) {
        return field.length() * CHAR_WIDTH + 2 * FIELD_PAD;
    }

    /** Centres: columns as wide as their widest member, each column centred across the drawing. */
    private void place(List<List<Integer>> byColumn) {
        int columns = byColumn.size();
        double[] along = new double[columns];
        double[] columnSize = new double[columns];
        double[] columnExtent = new double[columns];
        double position = MARGIN;
        double totalAcross = 0;
        for (int c = 0; c < columns; c++) {
            double across = 0;
            for (int v : byColumn.get(c)) {
                columnSize[c] = Math.max(columnSize[c], topToBottom ? height[v] : width[v]);
                across += (topToBottom ? width[v] : height[v]) + ROW_GAP;
            }
            along[c] = position;
            position += columnSize[c] + COLUMN_GAP;
            columnExtent[c] = across - ROW_GAP;
            totalAcross = Math.max(totalAcross, columnExtent[c] + 2 * MARGIN);
        }
        for (int c = 0; c < columns; c++) {
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
        extent[0] = position - COLUMN_GAP + MARGIN;
        extent[1] = totalAcross;
    }

    private double drawingWidth() {
        return topToBottom ? extent[1] : extent[0];
    }

    private double drawingHeight() {
        return topToBottom ? extent[0] : extent[1];
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

    /** The drawing: edges first, then each value's box and its op's ellipse over them. */
    void draw(Canvas canvas) {
        for (GraphNode node : nodes) {
            if (!node.leaf()) {
                int op = 2 * node.id() + 1;
                for (int input : node.inputs()) {
                    canvas.edge(edgeEnds(2 * input, op));
                }
                canvas.edge(edgeEnds(op, 2 * node.id()));
            }
        }
        for (GraphNode node : nodes) {
            int v = 2 * node.id();
            double left = cx[v] - width[v] / 2;
            double top = cy[v] - BOX_HEIGHT / 2;
            canvas.box(left, top, width[v], BOX_HEIGHT, node.inputs().length == 0 ? LEAF_FILL : Color.WHITE);
            double x = left;
            for (int k = 0; k < node.fields().length; k++) {
                if (k > 0) {
                    canvas.line(x, top, x, top + BOX_HEIGHT);
                }
                double fieldWidth = fieldWidth(node.fields()[k]);
                canvas.text(node.fields()[k], x + fieldWidth / 2, cy[v]);
                x += fieldWidth;
            }
            if (!node.leaf()) {
                int op = v + 1;
                canvas.ellipse(cx[op], cy[op], width[op] / 2, height[op] / 2);
                canvas.text(node.op(), cx[op], cy[op]);
            }
        }
    }

    /** The drawing as an SVG document. */
    String svg() {
        SvgCanvas canvas = new SvgCanvas(drawingWidth(), drawingHeight());
        draw(canvas);
        return canvas.end();
    }

    /** The same drawing painted with Java2D (headless is fine). */
    BufferedImage image() {
        var image = new BufferedImage(
                (int) Math.ceil(drawingWidth()), (int) Math.ceil(drawingHeight()), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            draw(new ImageCanvas(g, image.getWidth(), image.getHeight()));
        } finally {
            g.dispose();
        }
        return image;
    }

    /** What the drawing needs from an output: the five shapes it is made of. */
    interface Canvas {
        /** A cubic curve {x1, y1, c1x, c1y, c2x, c2y, x2, y2} with an arrow head at its end. */
        void edge(double[] p);

        void box(double left, double top, double width, double height, Color fill);

        void line(double x1, double y1, double x2, double y2);

        /** An op's ellipse. */
        void ellipse(double cx, double cy, double rx, double ry);

        /** Text centred on (x, y). */
        void text(String text, double x, double y);
    }

    private static String hex(Color color) {
        return String.format("#%06X", color.getRGB() & 0xFFFFFF);
    }

    private static final class SvgCanvas implements Canvas {
        private final StringBuilder out = new StringBuilder();

        SvgCanvas(double width, double height) {
            format(
                    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\""
                            + " font-family=\"DejaVu Sans, Verdana, sans-serif\" font-size=\"11\">%n",
                    width, height, width, height);
            out.append("<!-- built-in layered layout; install Graphviz (dot) for a better one -->\n");
            out.append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" "
                    + "markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">"
                    + "<path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"" + hex(EDGE) + "\"/></marker></defs>\n");
            format("<rect width=\"%.0f\" height=\"%.0f\" fill=\"white\"/>%n", width, height);
        }

        private void format(String pattern, Object... args) {
            out.append(String.format(Locale.ROOT, pattern, args));
        }

        @Override
        public void edge(double[] p) {
            format(
                    "<path d=\"M %.1f %.1f C %.1f %.1f %.1f %.1f %.1f %.1f\" fill=\"none\" stroke=\"%s\""
                            + " marker-end=\"url(#arrow)\"/>%n",
                    p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], hex(EDGE));
        }

        @Override
        public void box(double left, double top, double width, double height, Color fill) {
            format(
                    "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" stroke=\"%s\"/>%n",
                    left, top, width, height, hex(fill), hex(STROKE));
        }

        @Override
        public void line(double x1, double y1, double x2, double y2) {
            format(
                    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>%n",
                    x1, y1, x2, y2, hex(STROKE));
        }

        @Override
        public void ellipse(double cx, double cy, double rx, double ry) {
            format(
                    "<ellipse cx=\"%.1f\" cy=\"%.1f\" rx=\"%.1f\" ry=\"%.1f\" fill=\"%s\" stroke=\"%s\"/>%n",
                    cx, cy, rx, ry, hex(OP_FILL), hex(STROKE));
        }

        @Override
        public void text(String text, double x, double y) {
            String escaped = text.replace("&", "&amp;")
                    .replace("<", "&lt;")
                    .replace(">", "&gt;")
                    .replace("\"", "&quot;");
            format(
                    "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" dominant-baseline=\"central\""
                            + " fill=\"%s\">%s</text>%n",
                    x, y, hex(INK), escaped);
        }

        String end() {
            return out.append("</svg>\n").toString();
        }
    }

    private static final class ImageCanvas implements Canvas {
        private final Graphics2D g;

        ImageCanvas(Graphics2D g, int width, int height) {
            this.g = g;
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setFont(Theme.font(Font.PLAIN, 11f));
        }

        @Override
        public void edge(double[] p) {
            g.setColor(EDGE);
            g.draw(new CubicCurve2D.Double(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]));
            double angle = Math.atan2(p[7] - p[5], p[6] - p[4]);
            var head = new Path2D.Double();
            head.moveTo(p[6], p[7]);
            head.lineTo(p[6] - 7 * Math.cos(angle - 0.4), p[7] - 7 * Math.sin(angle - 0.4));
            head.lineTo(p[6] - 7 * Math.cos(angle + 0.4), p[7] - 7 * Math.sin(angle + 0.4));
            head.closePath();
            g.fill(head);
        }

        @Override
        public void box(double left, double top, double width, double height, Color fill) {
            var box = new Rectangle2D.Double(left, top, width, height);
            g.setColor(fill);
            g.fill(box);
            g.setColor(STROKE);
            g.draw(box);
        }

        @Override
        public void line(double x1, double y1, double x2, double y2) {
            g.setColor(STROKE);
            g.draw(new Line2D.Double(x1, y1, x2, y2));
        }

        @Override
        public void ellipse(double cx, double cy, double rx, double ry) {
            var ellipse = new Ellipse2D.Double(cx - rx, cy - ry, 2 * rx, 2 * ry);
            g.setColor(OP_FILL);
            g.fill(ellipse);
            g.setColor(STROKE);
            g.draw(ellipse);
        }

        @Override
        public void text(String text, double x, double y) {
            var metrics = g.getFontMetrics();
            g.setColor(INK);
            g.drawString(text, (float) (x - metrics.stringWidth(text) / 2.0), (float)
                    (y + (metrics.getAscent() - metrics.getDescent()) / 2.0));
        }
    }
}

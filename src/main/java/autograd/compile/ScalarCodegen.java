package autograd.compile;

import autograd.compile.JavaMethods.Slot;
import autograd.compile.JavaMethods.Stmt;
import autograd.compile.ScalarGraph.Kind;
import autograd.compile.ScalarGraph.Node;
import autograd.compile.ScalarGraph.Scan;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;

/**
 * Writes the Java source of a {@link ScalarGraph}'s forward and backward pass: one statement per
 * node going forward, then, walking the nodes in the eager engine's backward order, one
 * statement per gradient contribution ({@code g3 += g7 * v2}). Parameters are read from
 * {@code p}, inputs from {@code x}, captured constants from {@code c}; parameter gradients are
 * added to {@code dp}. A {@link Kind#SCAN} becomes a {@code for} loop over its steps, forward and
 * then backward, with the values the backward pass needs kept per step on a tape.
 */
final class ScalarCodegen {

    static final String FORWARD_PARAMS = "double[] p, double[] x, double[] c, double[] v, double[] tape";
    static final String BACKWARD_PARAMS = FORWARD_PARAMS + ", double[] dp";

    private final ScalarGraph graph;
    private final int n;
    private int tapeSize;
    private final int[] tapeBase; // per node: where a SCAN's tape starts
    private final int[][] residuals; // per SCAN node: the body nodes kept on the tape, in tape order

    private ScalarCodegen(ScalarGraph graph) {
        this.graph = graph;
        this.n = graph.nodes.size();
        this.tapeBase = new int[n];
        this.residuals = new int[n][];
        for (int i = 0; i < n; i++) {
            Node node = graph.nodes.get(i);
            if (node.kind != Kind.SCAN) continue;
            residuals[i] = residuals(node.scan);
            tapeBase[i] = tapeSize;
            tapeSize += node.scan.steps * residuals[i].length;
        }
    }

    /** The source of a class {@code className} implementing {@link ScalarKernel}, and the sizes of its arrays. */
    record Source(String java, int values, int tape) {}

    static Source generate(ScalarGraph graph, String className, String header) {
        ScalarCodegen gen = new ScalarCodegen(graph);
        return new Source(gen.classSource(className, header), 2 * gen.n, gen.tapeSize);
    }

    // ---- slots -------------------------------------------------------------------------------

    private Slot value(int id) {
        Node node = graph.nodes.get(id);
        return switch (node.kind) {
            case PARAM -> new Slot("p" + node.index, "p", node.index, false);
            case INPUT -> new Slot("x" + node.index, "x", node.index, false);
            case CAPTURED -> new Slot("c" + node.index, "c", node.index, false);
            case LITERAL, SCAN -> null;
            default -> new Slot("v" + id, "v", id, false);
        };
    }

    private Slot grad(int id) {
        Node node = graph.nodes.get(id);
        if (node.kind == Kind.PARAM) return new Slot("dp" + node.index, "dp", node.index, true);
        return new Slot("g" + id, "v", n + id, false);
    }

    /** A node's value as Java source: its local, or the literal itself. */
    private String text(int id) {
        Node node = graph.nodes.get(id);
        return node.kind == Kind.LITERAL
                ? Rule.literal(node.literal)
                : value(id).name();
    }

    private List<Slot> slots(int... ids) {
        List<Slot> out = new ArrayList<>();
        for (int id : ids) {
            Slot s = value(id);
            if (s != null && !out.contains(s)) out.add(s);
        }
        return out;
    }

    // ---- forward -------------------------------------------------------------------------------

    private List<Stmt> forward() {
        List<Stmt> out = new ArrayList<>();
        for (int id = 0; id < n; id++) {
            Node node = graph.nodes.get(id);
            switch (node.kind) {
                case OP, SUM, DOT ->
                    out.add(JavaMethods.assign(value(id), expression(node, this::text), slots(node.in)));
                case SCAN -> out.add(scanForward(id));
                default -> {} // leaves are read where used; SCAN_OUTs are written by their SCAN
            }
        }
        return out;
    }

    // ---- backward ------------------------------------------------------------------------------

    private List<Stmt> backward() {
        List<Stmt> out = new ArrayList<>();
        boolean[] has = new boolean[n]; // whether a node's gradient has been started
        Node rootNode = graph.nodes.get(graph.root);
        if (rootNode.kind == Kind.PARAM) {
            out.add(JavaMethods.accumulate(grad(graph.root), "1.0", List.of()));
        } else if (rootNode.computed() && rootNode.needsGrad) {
            out.add(JavaMethods.assign(grad(graph.root), "1.0", List.of()));
            has[graph.root] = true;
        }
        for (int id = n - 1; id >= 0; id--) {
            Node node = graph.nodes.get(id);
            if (node.kind == Kind.SCAN && node.needsGrad) {
                out.add(scanBackward(id, has));
                continue;
            }
            if (!node.computed() || !node.needsGrad || !has[id] || node.kind == Kind.SCAN_OUT) continue;
            String g = grad(id).name();
            switch (node.kind) {
                case OP -> {
                    Rule rule = node.rule;
                    for (int k = 0; k < (rule.binary() ? 2 : 1); k++) {
                        int input = node.in[k];
                        if (!graph.nodes.get(input).needsGrad) continue;
                        String b = rule.binary() ? text(node.in[1]) : null;
                        String d = rule.grad(
                                k == 0, g, text(node.in[0]), b, value(id).name());
                        List<Slot> reads = new ArrayList<>(List.of(grad(id)));
                        if (rule.gradReads(k == 0, 'a')) reads.addAll(slots(node.in[0]));
                        if (rule.gradReads(k == 0, 'b')) reads.addAll(slots(node.in[1]));
                        if (rule.gradReads(k == 0, 'o')) reads.add(value(id));
                        out.add(contribution(input, d, reads, has));
                    }
                }
                case SUM -> {
                    for (int input : node.in) {
                        if (graph.nodes.get(input).needsGrad) out.add(contribution(input, g, List.of(grad(id)), has));
                    }
                }
                case DOT -> {
                    int terms = node.in.length / 2;
                    for (int i = 0; i < terms; i++) {
                        int t = node.in[i];
                        int f = node.in[terms + i];
                        if (graph.nodes.get(t).needsGrad) {
                            out.add(contribution(t, g + " * " + text(f), with(grad(id), slots(f)), has));
                        }
                        if (graph.nodes.get(f).needsGrad) {
                            out.add(contribution(f, g + " * " + text(t), with(grad(id), slots(t)), has));
                        }
                    }
                }
                default -> throw new IllegalStateException(node.kind.toString());
            }
        }
        return out;
    }

    private static List<Slot> with(Slot first, List<Slot> rest) {
        List<Slot> out = new ArrayList<>();
        out.add(first);
        for (Slot s : rest) if (!out.contains(s)) out.add(s);
        return out;
    }

    /** {@code grad(target) += d}, starting a computed node's gradient at 0 as the eager engine does. */
    private Stmt contribution(int target, String d, List<Slot> reads, boolean[] has) {
        Node t = graph.nodes.get(target);
        if (t.kind == Kind.PARAM || has[target]) return JavaMethods.accumulate(grad(target), d, reads);
        has[target] = true;
        return JavaMethods.assign(grad(target), "0.0 + " + d, reads);
    }

    // ---- scans ---------------------------------------------------------------------------------

    /** The body values the backward pass reads, by body node: these go on the tape. */
    private static int[] residuals(Scan s) {
        Set<Integer> keep = new TreeSet<>();
        Set<Integer> processed = new HashSet<>();
        for (int b : s.order) processed.add(b);
        for (int b : s.lastOrder) processed.add(b);
        for (int b : processed) {
            Node node = s.body.get(b);
            if (!node.needsGrad) continue;
            switch (node.kind) {
                case OP -> {
                    for (int k = 0; k < (node.rule.binary() ? 2 : 1); k++) {
                        if (!s.body.get(node.in[k]).needsGrad) continue;
                        if (node.rule.gradReads(k == 0, 'a')) keep.add(node.in[0]);
                        if (node.rule.gradReads(k == 0, 'b')) keep.add(node.in[1]);
                        if (node.rule.gradReads(k == 0, 'o')) keep.add(b);
                    }
                }
                case DOT -> {
                    int terms = node.in.length / 2;
                    for (int i = 0; i < terms; i++) {
                        if (s.body.get(node.in[i]).needsGrad) keep.add(node.in[terms + i]);
                        if (s.body.get(node.in[terms + i]).needsGrad) keep.add(node.in[i]);
                    }
                }
                default -> {}
            }
        }
        keep.removeIf(b -> s.body.get(b).kind == Kind.OUTER || s.body.get(b).kind == Kind.LITERAL);
        return keep.stream().mapToInt(Integer::intValue).toArray();
    }

    /** A body node's value inside the loop: a carry, a captured outer value, a literal or a local. */
    private String bodyText(int scanId, int b) {
        Node scanNode = graph.nodes.get(scanId);
        Node node = scanNode.scan.body.get(b);
        return switch (node.kind) {
            case CARRY -> "s" + node.index;
            case OUTER -> text(scanNode.in[scanNode.scan.carries + node.index]);
            case LITERAL -> Rule.literal(node.literal);
            default -> "b" + b;
        };
    }

    private Stmt scanForward(int id) {
        Node node = graph.nodes.get(id);
        Scan s = node.scan;
        int[] res = residuals[id];
        int r = res.length;
        StringBuilder sb = new StringBuilder();
        String in = "            ";
        sb.append("        { // repeat: ")
                .append(s.steps)
                .append(" steps of a ")
                .append(s.computedNodes())
                .append("-op step; the tape keeps ")
                .append(r)
                .append(" values per step\n");
        for (int i = 0; i < s.carries; i++) {
            sb.append(in)
                    .append("double s")
                    .append(i)
                    .append(" = ")
                    .append(text(node.in[i]))
                    .append(";\n");
        }
        sb.append(in)
                .append("for (int t = 0, r = ")
                .append(tapeBase[id])
                .append("; t < ")
                .append(s.steps)
                .append("; t++, r += ")
                .append(r)
                .append(") {\n");
        String body = in + "    ";
        for (int k = 0; k < r; k++) { // carries kept for the backward pass are stored first
            Node b = s.body.get(res[k]);
            if (b.kind == Kind.CARRY) sb.append(body).append(tapeStore(k, "s" + b.index));
        }
        for (int b = 0; b < s.body.size(); b++) {
            Node bn = s.body.get(b);
            if (!bn.computed()) continue;
            sb.append(body)
                    .append("double b")
                    .append(b)
                    .append(" = ")
                    .append(bodyForward(id, bn))
                    .append(";\n");
            int k = indexOf(res, b);
            if (k >= 0) sb.append(body).append(tapeStore(k, "b" + b));
        }
        for (int j = 0; j < s.carries; j++) {
            sb.append(body)
                    .append("double n")
                    .append(j)
                    .append(" = ")
                    .append(bodyText(id, s.next[j]))
                    .append(";\n");
        }
        for (int j = 0; j < s.carries; j++) {
            sb.append(body).append("s").append(j).append(" = n").append(j).append(";\n");
        }
        sb.append(in).append("}\n");
        List<Slot> writes = new ArrayList<>();
        for (int out = id + 1; out < n && graph.nodes.get(out).kind == Kind.SCAN_OUT; out++) {
            Node o = graph.nodes.get(out);
            sb.append(in).append("v").append(out).append(" = s").append(o.index).append(";\n");
            writes.add(value(out));
        }
        sb.append("        }\n");
        List<Slot> reads = slots(node.in);
        return JavaMethods.block(sb.toString(), reads, writes, 40 * s.body.size());
    }

    private static String tapeStore(int k, String local) {
        return "tape[r + " + k + "] = " + local + ";\n";
    }

    private String bodyForward(int scanId, Node bn) {
        return expression(bn, b -> bodyText(scanId, b));
    }

    /** The right-hand side of an op, sum or dot node, its inputs written by {@code text}: one form for the forward pass and loop bodies. */
    private static String expression(Node node, IntFunction<String> text) {
        switch (node.kind) {
            case OP -> {
                String a = text.apply(node.in[0]);
                String b = node.rule.binary() ? text.apply(node.in[1]) : null;
                return node.rule.forward(a, b);
            }
            case SUM -> {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < node.in.length; i++)
                    sb.append(i == 0 ? "" : " + ").append(text.apply(node.in[i]));
                return sb.toString();
            }
            case DOT -> {
                int terms = node.in.length / 2;
                if (terms == 0) return "0.0";
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < terms; i++) {
                    sb.append(i == 0 ? "" : " + ")
                            .append(text.apply(node.in[i]))
                            .append(" * ")
                            .append(text.apply(node.in[terms + i]));
                }
                return sb.toString();
            }
            default -> throw new IllegalStateException(node.kind.toString());
        }
    }

    private static int indexOf(int[] a, int v) {
        for (int i = 0; i < a.length; i++) if (a[i] == v) return i;
        return -1;
    }

    private Stmt scanBackward(int id, boolean[] has) {
        Node node = graph.nodes.get(id);
        Scan s = node.scan;
        int r = residuals[id].length;
        List<Slot> reads = new ArrayList<>();
        List<Slot> writes = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        String in = "            ";
        sb.append("        { // backward through repeat(").append(s.steps).append(" steps)\n");
        // Gradient of each carry after the last step: what the code after the loop sent it.
        for (int j = 0; j < s.carries; j++) {
            String incoming = "0.0";
            for (int out = id + 1; out < n && graph.nodes.get(out).kind == Kind.SCAN_OUT; out++) {
                if (graph.nodes.get(out).index == j && has[out]) {
                    incoming = grad(out).name();
                    reads.add(grad(out));
                }
            }
            sb.append(in)
                    .append("double gs")
                    .append(j)
                    .append(" = ")
                    .append(incoming)
                    .append(";\n");
        }
        // Captured values and initial carries that need a gradient: the loop adds to their accumulators.
        String[] outer = new String[node.in.length];
        Set<Slot> targets = new LinkedHashSet<>();
        for (int i = 0; i < node.in.length; i++) {
            int target = node.in[i];
            Node t = graph.nodes.get(target);
            if (!t.needsGrad || !(t.kind == Kind.PARAM || t.computed())) continue;
            Slot g = grad(target);
            outer[i] = g.name();
            if (t.kind == Kind.PARAM || has[target]) {
                reads.add(g);
            } else if (targets.add(g)) {
                sb.append(in)
                        .append(g.name())
                        .append(" = 0.0;\n"); // NOTE: 0 + d, as the eager engine starts a gradient
            }
            has[target] = true;
            targets.add(g);
        }
        writes.addAll(targets);
        boolean peel = !java.util.Arrays.equals(s.order, s.lastOrder);
        int last = tapeBase[id] + (s.steps - 1) * r;
        if (peel) {
            sb.append(in).append("{ // the last step, differentiated in its own order\n");
            sb.append(in)
                    .append("    int r = ")
                    .append(last)
                    .append(", t = ")
                    .append(s.steps - 1)
                    .append(";\n");
            stepBackward(sb, in + "    ", id, s.lastOrder, outer);
            sb.append(in).append("}\n");
        }
        int first = peel ? s.steps - 2 : s.steps - 1;
        sb.append(in)
                .append("for (int t = ")
                .append(first)
                .append(", r = ")
                .append(tapeBase[id] + first * r)
                .append("; t >= 0; t--, r -= ")
                .append(r)
                .append(") {\n");
        stepBackward(sb, in + "    ", id, s.order, outer);
        sb.append(in).append("}\n");
        for (int i = 0; i < s.carries; i++) {
            if (outer[i] != null)
                sb.append(in).append(outer[i]).append(" = gs").append(i).append(";\n");
        }
        sb.append("        }\n");
        reads.addAll(slots(node.in));
        return JavaMethods.block(sb.toString(), reads, writes, 60 * s.body.size());
    }

    /** One step of the backward loop: residuals from the tape, then each node's contributions in {@code order}. */
    private void stepBackward(StringBuilder sb, String in, int id, int[] order, String[] outer) {
        Node node = graph.nodes.get(id);
        Scan s = node.scan;
        int[] res = residuals[id];
        for (int k = 0; k < res.length; k++) {
            sb.append(in)
                    .append("double ")
                    .append(bodyText(id, res[k]))
                    .append(" = tape[r + ")
                    .append(k)
                    .append("];\n");
        }
        // The gradient of each carry before the step starts at 0 (at step 0: at the initial value's own gradient).
        for (int i = 0; i < s.carries; i++) {
            sb.append(in).append("double as").append(i).append(" = ");
            sb.append(outer[i] != null ? "t == 0 ? " + outer[i] + " : 0.0" : "0.0");
            for (int j = 0; j < s.carries; j++) {
                Node nx = s.body.get(s.next[j]);
                if (nx.kind == Kind.CARRY && nx.index == i) sb.append(" + gs").append(j);
            }
            sb.append(";\n");
        }
        boolean[] has = new boolean[s.body.size()];
        for (int j = 0; j < s.carries; j++) { // a step's results start with the gradient the next step sent them
            int b = s.next[j];
            if (!s.body.get(b).computed() || !s.body.get(b).needsGrad) continue;
            if (has[b]) {
                sb.append(in).append("gb").append(b).append(" += gs").append(j).append(";\n");
            } else {
                sb.append(in)
                        .append("double gb")
                        .append(b)
                        .append(" = gs")
                        .append(j)
                        .append(";\n");
                has[b] = true;
            }
        }
        for (int b : order) {
            Node bn = s.body.get(b);
            if (!bn.needsGrad || !has[b]) continue;
            String g = "gb" + b;
            switch (bn.kind) {
                case OP -> {
                    for (int k = 0; k < (bn.rule.binary() ? 2 : 1); k++) {
                        int input = bn.in[k];
                        if (!s.body.get(input).needsGrad) continue;
                        String bt = bn.rule.binary() ? bodyText(id, bn.in[1]) : null;
                        String d = bn.rule.grad(k == 0, g, bodyText(id, bn.in[0]), bt, "b" + b);
                        bodyContribution(sb, in, id, input, d, has, outer);
                    }
                }
                case SUM -> {
                    for (int input : bn.in) {
                        if (s.body.get(input).needsGrad) bodyContribution(sb, in, id, input, g, has, outer);
                    }
                }
                case DOT -> {
                    int terms = bn.in.length / 2;
                    for (int i = 0; i < terms; i++) {
                        int t = bn.in[i];
                        int f = bn.in[terms + i];
                        if (s.body.get(t).needsGrad) {
                            bodyContribution(sb, in, id, t, g + " * " + bodyText(id, f), has, outer);
                        }
                        if (s.body.get(f).needsGrad) {
                            bodyContribution(sb, in, id, f, g + " * " + bodyText(id, t), has, outer);
                        }
                    }
                }
                default -> throw new IllegalStateException(bn.kind.toString());
            }
        }
        for (int i = 0; i < s.carries; i++)
            sb.append(in).append("gs").append(i).append(" = as").append(i).append(";\n");
    }

    private void bodyContribution(
            StringBuilder sb, String in, int id, int target, String d, boolean[] has, String[] outer) {
        Node scanNode = graph.nodes.get(id);
        Node t = scanNode.scan.body.get(target);
        sb.append(in);
        switch (t.kind) {
            case CARRY -> sb.append("as").append(t.index).append(" += ").append(d);
            case OUTER ->
                sb.append(outer[scanNode.scan.carries + t.index]).append(" += ").append(d);
            default -> {
                if (has[target]) {
                    sb.append("gb").append(target).append(" += ").append(d);
                } else {
                    sb.append("double gb").append(target).append(" = 0.0 + ").append(d);
                    has[target] = true;
                }
            }
        }
        sb.append(";\n");
    }

    // ---- the class -----------------------------------------------------------------------------

    private String classSource(String className, String header) {
        List<Stmt> fwd = forward();
        List<Stmt> bwd = backward();
        Set<Slot> readLater = new HashSet<>();
        for (Stmt st : bwd) readLater.addAll(st.reads());
        Slot rootSlot = value(graph.root);
        if (rootSlot != null) readLater.add(rootSlot);
        List<String> fwdMethods = JavaMethods.split("forward", FORWARD_PARAMS, fwd, readLater);
        List<String> bwdMethods = JavaMethods.split("backward", BACKWARD_PARAMS, bwd, Set.of());
        StringBuilder sb = new StringBuilder();
        sb.append("package autograd.compile;\n\n");
        sb.append("/**\n");
        for (String line : header.split("\n")) sb.append(" * ").append(line).append('\n');
        sb.append(" */\n");
        sb.append("final class ").append(className).append(" implements ScalarKernel {\n\n");
        sb.append("    @Override\n    public double forward(")
                .append(FORWARD_PARAMS)
                .append(") {\n");
        for (int i = 0; i < fwdMethods.size(); i++) {
            sb.append("        forward").append(i).append("(p, x, c, v, tape);\n");
        }
        Node root = graph.nodes.get(graph.root);
        String result = root.kind == Kind.LITERAL ? Rule.literal(root.literal) : rootSlot.element();
        sb.append("        return ").append(result).append(";\n    }\n\n");
        sb.append("    @Override\n    public void backward(")
                .append(BACKWARD_PARAMS)
                .append(") {\n");
        for (int i = 0; i < bwdMethods.size(); i++) {
            sb.append("        backward").append(i).append("(p, x, c, v, tape, dp);\n");
        }
        sb.append("    }\n");
        for (String m : fwdMethods) sb.append('\n').append(m);
        for (String m : bwdMethods) sb.append('\n').append(m);
        sb.append("}\n");
        return sb.toString();
    }
}

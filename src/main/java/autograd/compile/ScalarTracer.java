package autograd.compile;

import autograd.Value;
import autograd.compile.ScalarGraph.Kind;
import autograd.compile.ScalarGraph.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the graph the eager engine built for one call of a function into a {@link ScalarGraph}.
 *
 * <p>It sorts the graph exactly as {@code Value.backward()} does (the same iterative depth-first
 * search, inputs pushed in the same order), so the generated backward code adds every gradient
 * contribution in the eager engine's order and rounds the same way.
 *
 * <p>A {@link Compile#repeat} loop that ran at least three steps becomes a scan: the graph of one
 * step (the second) is the template, every step is matched against it node by node, and the
 * values that are the same object in two steps are the body's captured inputs. Step 0 may differ
 * from the others when some initial values are constants (ops on constants are constants, not
 * nodes): it then stays outside the loop, which starts at step 1. If other steps differ (the body
 * branched on data), or a value from inside the loop other than its final carry is used after it,
 * the loop stays unrolled ({@link #notes} says why).
 */
final class ScalarTracer {

    /** What {@link Compile#repeat} recorded while a function was traced: the carries before each step and after the last. */
    record ScanRecord(Value[][] states) {
        int steps() {
            return states.length - 1;
        }
    }

    /** A loop matched step by step: each region node's step and template node. */
    private static final class Region {
        final ScanRecord record;
        final List<Node> body = new ArrayList<>();
        final Map<Value, Integer> template = new IdentityHashMap<>(); // step-1 node -> body index
        final List<Value> captured = new ArrayList<>(); // OUTER index -> outer Value
        final Map<Value, Integer> capturedIndex = new IdentityHashMap<>();
        final Map<Value, int[]> members = new IdentityHashMap<>(); // region node -> {step, body index}
        int[] next;
        int first; // the first step in the loop: 1 when step 0 differs (its inputs were constants) and stays outside
        int lastEmitted = -1; // position in the eager order of the region's last node

        Region(ScanRecord record) {
            this.record = record;
        }
    }

    private final List<Value> params;
    private final Value[] inputs;
    private final Set<Value> capturedConstants; // identities known to exist outside the function
    final List<String> notes = new ArrayList<>();
    /** The constant leaves in node order (to tell captured from literal by comparing two traces). */
    final List<Value> constants = new ArrayList<>();

    private final Map<Value, Integer> paramIndex = new IdentityHashMap<>();
    private final Map<Value, Integer> inputIndex = new IdentityHashMap<>();

    ScalarTracer(List<Value> params, Value[] inputs, Set<Value> capturedConstants) {
        this.params = params;
        this.inputs = inputs;
        this.capturedConstants = capturedConstants;
        for (int i = 0; i < params.size(); i++) paramIndex.putIfAbsent(params.get(i), i);
        for (int i = 0; i < inputs.length; i++) inputIndex.put(inputs[i], i);
    }

    private static boolean isComputed(Value v) {
        return !v.op().isEmpty();
    }

    /** The eager engine's backward order over the computed nodes ({@link EagerOrder}). */
    static List<Value> eagerOrder(Value root) {
        return isComputed(root) ? EagerOrder.of(root, Value::inputs, ScalarTracer::isComputed) : List.of();
    }

    ScalarGraph trace(Value root, List<ScanRecord> scans) {
        List<Value> order = eagerOrder(root);
        Map<Value, Integer> position = new IdentityHashMap<>();
        for (int i = 0; i < order.size(); i++) position.put(order.get(i), i);
        List<Region> regions = new ArrayList<>();
        Map<Value, Region> regionOf = new IdentityHashMap<>();
        for (int s = scans.size() - 1; s >= 0; s--) { // outermost first: an inner loop finishes (is recorded) first
            Region r = match(scans.get(s), position, regionOf);
            if (r == null) continue;
            regions.add(r);
            for (Value v : r.members.keySet()) regionOf.put(v, r);
        }
        // A value from inside a loop used after it (other than its final carries) keeps the loop unrolled.
        for (Region r : List.copyOf(regions)) {
            String escape = escape(r, order, regionOf, root);
            if (escape != null) {
                notes.add("repeat(" + r.record.steps() + " steps) is compiled unrolled: " + escape);
                regions.remove(r);
                r.members.keySet().forEach(regionOf::remove);
            }
        }
        return build(root, order, regionOf);
    }

    // ---- matching a loop step by step ---------------------------------------------------------

    private Region match(ScanRecord record, Map<Value, Integer> position, Map<Value, Region> taken) {
        int steps = record.steps();
        if (steps < 3) return null; // too short to be worth a loop (and step 1 is the template)
        Value[][] st = record.states;
        for (Value v : st[steps]) {
            if (taken.containsKey(v)) return null; // nested in another loop: stays part of that body
        }
        Region r = new Region(record);
        try {
            // Template = step 1. What is the same object in steps 1 and 2 comes from outside the loop.
            Map<Value, Integer> bodyOf = new IdentityHashMap<>();
            r.next = new int[st[0].length];
            for (int j = 0; j < st[0].length; j++) {
                r.next[j] = templateNode(r, st[2][j], st[3][j], bodyOf);
            }
            r.template.putAll(bodyOf);
            // Every step must be the template, node for node. Step 0 may differ when some initial
            // values are constants (then ops on them are constants too): it then stays outside the loop.
            try {
                matchAll(r, 0);
            } catch (Mismatch m) {
                r.members.clear(); // what step 0 matched before it differed
                r.first = 1;
            }
            for (int t = 1; t < steps; t++) matchAll(r, t);
        } catch (Mismatch m) {
            notes.add("repeat(" + steps + " steps) is compiled unrolled: " + m.getMessage());
            return null;
        }
        for (Map.Entry<Value, int[]> e : r.members.entrySet()) {
            Integer p = position.get(e.getKey());
            if (p != null) r.lastEmitted = Math.max(r.lastEmitted, p);
        }
        return r;
    }

    private void matchAll(Region r, int t) throws Mismatch {
        Map<Value, Integer> seen = new IdentityHashMap<>();
        Value[][] st = r.record.states;
        for (int j = 0; j < st[0].length; j++) matchStep(r, t, st[t + 1][j], r.next[j], seen);
    }

    private static final class Mismatch extends Exception {
        Mismatch(String message) {
            super(message, null, false, false);
        }
    }

    /** Adds the template node for {@code a} (step 1), compared with {@code b} (the same node in step 2). */
    private int templateNode(Region r, Value a, Value b, Map<Value, Integer> bodyOf) throws Mismatch {
        Integer known = bodyOf.get(a);
        if (known != null) return known;
        Value[][] st = r.record.states;
        Node node;
        if (a == b) { // the same object in both steps: computed before the loop
            Integer k = r.capturedIndex.get(a);
            if (k == null) {
                k = r.captured.size();
                r.captured.add(a);
                r.capturedIndex.put(a, k);
            }
            node = new Node(Kind.OUTER, null, new int[0], k, 0, null);
        } else if (carryIndex(st[1], a) >= 0) {
            int i = carryIndex(st[1], a);
            if (st[2][i] != b) throw new Mismatch("carry " + i + " is used in different places in steps 1 and 2");
            node = new Node(Kind.CARRY, null, new int[0], i, 0, null);
        } else if (!isComputed(a)) {
            if (isComputed(b) || a.requiresGrad() || b.requiresGrad()) {
                throw new Mismatch("step 1 used a leaf where step 2 used '" + b.op() + "'");
            }
            if (Double.doubleToLongBits(a.data) != Double.doubleToLongBits(b.data)) {
                throw new Mismatch("a constant the step makes was " + a.data + " in step 1 and " + b.data
                        + " in step 2 (a step must compute the same thing every time: pass changing values as"
                        + " carries)");
            }
            node = new Node(Kind.LITERAL, null, new int[0], 0, a.data, null);
        } else {
            List<Value> ia = a.inputs();
            List<Value> ib = b.inputs();
            if (!a.op().equals(b.op()) || ia.size() != ib.size()) {
                throw new Mismatch("step 1 computed '" + a.op() + "' where step 2 computed '" + b.op() + "'");
            }
            int[] in = new int[ia.size()];
            for (int i = 0; i < in.length; i++) in[i] = templateNode(r, ia.get(i), ib.get(i), bodyOf);
            node = computedNode(a, in);
        }
        int id = r.body.size();
        r.body.add(node);
        bodyOf.put(a, id);
        return id;
    }

    private static int carryIndex(Value[] carries, Value v) {
        for (int i = 0; i < carries.length; i++) if (carries[i] == v) return i;
        return -1;
    }

    /** Checks that {@code v} in step {@code t} is template node {@code id}, recording it as a region node. */
    private void matchStep(Region r, int t, Value v, int id, Map<Value, Integer> seen) throws Mismatch {
        Integer had = seen.put(v, id);
        if (had != null) {
            if (had != id) throw new Mismatch("step " + t + " shares a node between two template positions");
            return;
        }
        Node n = r.body.get(id);
        switch (n.kind) {
            case OUTER -> {
                if (r.captured.get(n.index) != v) throw new Mismatch("step " + t + " uses a different captured value");
            }
            case CARRY -> {
                if (r.record.states[t][n.index] != v) {
                    throw new Mismatch("step " + t + " reads a different value as carry " + n.index);
                }
            }
            case LITERAL -> {
                if (isComputed(v)
                        || v.requiresGrad()
                        || Double.doubleToLongBits(v.data) != Double.doubleToLongBits(n.literal)) {
                    throw new Mismatch("a constant of the step was " + n.literal + " in step 1 and "
                            + (isComputed(v) ? "'" + v.op() + "'" : String.valueOf(v.data)) + " in step " + t
                            + " (a step must compute the same thing every time: pass changing values as carries)");
                }
            }
            default -> {
                List<Value> in = v.inputs();
                if (!v.op().equals(opSymbol(n)) || in.size() != n.in.length) {
                    throw new Mismatch(
                            "step " + t + " computed '" + v.op() + "' where step 1 computed '" + opSymbol(n) + "'");
                }
                int[] prev = r.members.put(v, new int[] {t, id});
                if (prev != null) throw new Mismatch("a node belongs to two steps");
                for (int i = 0; i < in.size(); i++) matchStep(r, t, in.get(i), n.in[i], seen);
            }
        }
    }

    private static String opSymbol(Node n) {
        return n.kind == Kind.OP ? n.rule.symbol : n.kind == Kind.DOT ? "dot" : "+";
    }

    /** Why a loop's inside is used outside it, or null. */
    private static String escape(Region r, List<Value> order, Map<Value, Region> regionOf, Value root) {
        Value[] last = r.record.states[r.record.steps()];
        Set<Value> finals = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        finals.addAll(Arrays.asList(last));
        for (Value v : order) {
            if (regionOf.get(v) == r) continue;
            for (Value in : v.inputs()) {
                if (regionOf.get(in) == r && !finals.contains(in)) {
                    return "a value computed inside the loop (step " + r.members.get(in)[0] + ") is used after it by '"
                            + v.op() + "'";
                }
            }
        }
        if (regionOf.get(root) == r && !finals.contains(root)) return "the result is computed inside the loop";
        return null;
    }

    // ---- building the graph -------------------------------------------------------------------

    private final List<Node> nodes = new ArrayList<>();
    private final Map<Value, Integer> ids = new IdentityHashMap<>();
    private int capturedCount;

    private ScalarGraph build(Value root, List<Value> order, Map<Value, Region> regionOf) {
        // Numbering: every leaf when first met, then computed nodes in eager order; a loop's
        // nodes become one SCAN node (at its last node's place) and SCAN_OUTs for its carries.
        Map<Region, Boolean> emitted = new IdentityHashMap<>();
        Map<Value, Integer> scanOut = new IdentityHashMap<>();
        for (int p = 0; p < order.size(); p++) {
            Value v = order.get(p);
            Region r = regionOf.get(v);
            if (r != null) {
                if (p == r.lastEmitted && emitted.put(r, true) == null) addScan(r, order, scanOut);
                continue;
            }
            List<Value> in = v.inputs();
            int[] ref = new int[in.size()];
            for (int i = 0; i < ref.length; i++) ref[i] = reference(in.get(i), scanOut);
            Node node = computedNode(v, ref);
            ids.put(v, nodes.size());
            nodes.add(node);
        }
        int rootId = reference(root, scanOut);
        return new ScalarGraph(nodes, rootId, params.size(), inputs.length, capturedCount);
    }

    /** The node id of an input: a node already numbered, a loop's final carry, or a leaf numbered now. */
    private int reference(Value v, Map<Value, Integer> scanOut) {
        Integer id = ids.get(v);
        if (id != null) return id;
        id = scanOut.get(v);
        if (id != null) return id;
        if (isComputed(v)) throw new IllegalStateException("internal: node '" + v.op() + "' used before it was made");
        return leaf(v);
    }

    private int leaf(Value v) {
        Node node;
        Integer p = paramIndex.get(v);
        Integer x = inputIndex.get(v);
        if (p != null) {
            node = new Node(Kind.PARAM, null, new int[0], p, 0, null);
        } else if (x != null) {
            node = new Node(Kind.INPUT, null, new int[0], x, 0, null);
        } else if (v.requiresGrad()) {
            throw new IllegalArgumentException("compile: the function uses a Value that requires a gradient ("
                    + v + ") but is neither one of the step's parameters nor one of its inputs: add it to the"
                    + " parameters, or make it a constant with Value.constant(...) or detach()");
        } else {
            constants.add(v);
            node = capturedConstants.contains(v)
                    ? new Node(Kind.CAPTURED, null, new int[0], capturedCount++, v.data, null)
                    : new Node(Kind.LITERAL, null, new int[0], 0, v.data, null);
            if (node.kind == Kind.CAPTURED) capturedValues.add(v);
        }
        ids.put(v, nodes.size());
        nodes.add(node);
        return nodes.size() - 1;
    }

    /** The captured constants, in CAPTURED index order: read at every call. */
    final List<Value> capturedValues = new ArrayList<>();

    private static Node computedNode(Value v, int[] in) {
        String op = v.op();
        if (op.equals("dot")) return new Node(Kind.DOT, null, in, 0, 0, null);
        if (op.equals("+") && in.length != 2) return new Node(Kind.SUM, null, in, 0, 0, null);
        Rule rule = Rule.of(op);
        if (rule == null) throw new IllegalArgumentException("compile: the op '" + op + "' cannot be compiled");
        return new Node(Kind.OP, rule, in, 0, 0, null);
    }

    private void addScan(Region r, List<Value> order, Map<Value, Integer> scanOut) {
        Value[][] st = r.record.states;
        int first = r.first;
        int steps = r.record.steps() - first;
        int carries = st[0].length;
        int[] in = new int[carries + r.captured.size()];
        for (int i = 0; i < carries; i++) in[i] = reference(st[first][i], scanOut);
        for (int k = 0; k < r.captured.size(); k++) in[carries + k] = reference(r.captured.get(k), scanOut);
        // Backward order per step: the eager order of that step's nodes, reversed.
        List<List<Integer>> perStep = new ArrayList<>();
        for (int t = 0; t < steps; t++) perStep.add(new ArrayList<>());
        for (Value v : order) {
            int[] m = r.members.get(v);
            if (m != null) perStep.get(m[0] - first).add(m[1]);
        }
        int[] last = reversed(perStep.get(steps - 1));
        int[] mid = reversed(perStep.get(0));
        for (int t = 1; t < steps - 1; t++) {
            if (!Arrays.equals(reversed(perStep.get(t)), mid)) {
                notes.add("repeat(" + steps + " steps): step " + t + " is differentiated in another order than step 0;"
                        + " the compiled loop uses step 0's order (results may differ from the eager engine's in the"
                        + " last bits)");
                break;
            }
        }
        ScalarGraph.Scan scan = new ScalarGraph.Scan(steps, carries, List.copyOf(r.body), r.next, last, mid);
        int scanId = nodes.size();
        nodes.add(new Node(Kind.SCAN, null, in, 0, 0, scan));
        for (int j = 0; j < carries; j++) {
            Node nx = r.body.get(r.next[j]);
            // A carry set to a constant or a captured value: the outside sees that value itself.
            if (nx.kind == Kind.OUTER || nx.kind == Kind.LITERAL) continue;
            scanOut.put(st[first + steps][j], nodes.size());
            nodes.add(new Node(Kind.SCAN_OUT, null, new int[] {scanId}, j, 0, null));
        }
    }

    private static int[] reversed(List<Integer> list) {
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) out[i] = list.get(list.size() - 1 - i);
        return out;
    }
}

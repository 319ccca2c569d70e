package autograd.compile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Straight-line code split into methods small enough for the JIT. HotSpot does not compile a
 * method of more than 8000 bytes of bytecode ({@code -XX:-DontCompileHugeMethods}), and its
 * optimizer slows down long before; so generated statements are cut into methods of a bounded
 * estimated size, and a value that one method computes and a later one reads travels through
 * an array ("spilled"). Inside a method every value is a local, which the JIT keeps in a register.
 *
 * <p>A statement names the slots it reads and the one it writes; a {@link Slot} is a local name
 * plus the array element that holds it between methods.
 */
final class JavaMethods {

    /** A named value: the local {@code name}, kept in {@code array[index]} between methods. */
    record Slot(String name, String array, int index, boolean alwaysStore) {
        String element() {
            return array + "[" + index + "]";
        }

        /** Whether the array is where this value lives (parameters, inputs, gradients), not a spill. */
        boolean home() {
            return !array.equals("v");
        }
    }

    /** One statement: {@code target = code}, {@code target += code}, or a block ({@code target == null}). */
    record Stmt(Slot target, boolean accumulate, String code, List<Slot> reads, List<Slot> writes, int cost) {}

    static Stmt assign(Slot target, String code, List<Slot> reads) {
        return new Stmt(target, false, code, reads, List.of(target), cost(code, reads.size()));
    }

    static Stmt accumulate(Slot target, String code, List<Slot> reads) {
        List<Slot> r = new ArrayList<>(reads);
        r.add(target);
        return new Stmt(target, true, code, r, List.of(target), cost(code, r.size()));
    }

    /** A block of lines (a loop) that reads and writes the given slots and declares its own locals. */
    static Stmt block(String code, List<Slot> reads, List<Slot> writes, int cost) {
        return new Stmt(null, false, code, reads, writes, cost);
    }

    /** A rough bytecode size: loads and stores of wide locals, calls, constants. */
    static int cost(String code, int reads) {
        int calls = 0;
        int literals = 0;
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '(') calls++;
            if (c == '.' && i + 1 < code.length() && Character.isDigit(code.charAt(i + 1))) literals++;
        }
        return 8 + 4 * reads + 3 * calls + 3 * literals;
    }

    /** Estimated bytecode per generated method; HotSpot's limit is 8000, this leaves room for a bad estimate. */
    static final int METHOD_BUDGET = 2500;

    /**
     * Methods for the statements, in order, named {@code prefix0, prefix1, ...}; each takes the
     * parameters {@code params} (a Java parameter list) whose arrays hold the slots.
     */
    static List<String> split(String prefix, String params, List<Stmt> stmts, Set<Slot> exported) {
        List<List<Stmt>> chunks = new ArrayList<>();
        List<Stmt> current = new ArrayList<>();
        int size = 0;
        for (Stmt s : stmts) {
            if (!current.isEmpty() && size + s.cost() > METHOD_BUDGET) {
                chunks.add(current);
                current = new ArrayList<>();
                size = 0;
            }
            current.add(s);
            size += s.cost();
        }
        if (!current.isEmpty()) chunks.add(current);
        // A slot written in one chunk and read in a later one is stored at the end of the first.
        Map<Slot, Integer> lastRead = new HashMap<>();
        for (int c = 0; c < chunks.size(); c++) {
            for (Stmt s : chunks.get(c)) {
                for (Slot r : s.reads()) lastRead.put(r, c);
            }
        }
        List<String> methods = new ArrayList<>();
        for (int c = 0; c < chunks.size(); c++) {
            methods.add(method(prefix + c, params, chunks.get(c), c, lastRead, exported));
        }
        return methods;
    }

    private static String method(
            String name, String params, List<Stmt> stmts, int chunk, Map<Slot, Integer> lastRead, Set<Slot> exported) {
        // Slots whose array is their home (parameters, inputs, parameter gradients) and that this
        // method touches once are used in place: a local for each would only add register pressure.
        Map<Slot, Integer> uses = new HashMap<>();
        for (Stmt s : stmts) {
            int weight = s.target() == null ? 2 : 1; // a block (a loop) uses its slots many times
            for (Slot r : s.reads()) uses.merge(r, weight, Integer::sum);
            for (Slot w : s.writes()) if (s.target() == null || !s.accumulate()) uses.merge(w, weight, Integer::sum);
        }
        Set<Slot> inPlace = new HashSet<>();
        for (Map.Entry<Slot, Integer> e : uses.entrySet()) {
            Slot slot = e.getKey();
            if (e.getValue() == 1 && slot.home()) inPlace.add(slot);
        }
        Set<Slot> defined = new LinkedHashSet<>();
        Set<Slot> loads = new LinkedHashSet<>();
        for (Stmt s : stmts) {
            for (Slot r : s.reads()) {
                if (!defined.contains(r) && !inPlace.contains(r)) loads.add(r);
            }
            defined.addAll(s.writes());
        }
        StringBuilder sb = new StringBuilder();
        sb.append("    private static void ")
                .append(name)
                .append('(')
                .append(params)
                .append(") {\n");
        Set<Slot> declared = new LinkedHashSet<>();
        for (Slot l : loads) {
            sb.append("        double ")
                    .append(l.name())
                    .append(" = ")
                    .append(l.element())
                    .append(";\n");
            declared.add(l);
        }
        Map<Slot, Boolean> written = new LinkedHashMap<>();
        for (Stmt s : stmts) {
            String code = inPlace.isEmpty() || s.target() == null ? s.code() : substitute(s.code(), s.reads(), inPlace);
            if (s.target() == null) {
                for (Slot w : s.writes()) {
                    if (declared.add(w))
                        sb.append("        double ").append(w.name()).append(";\n");
                    written.put(w, true);
                }
                sb.append(code);
                continue;
            }
            Slot t = s.target();
            sb.append("        ");
            if (inPlace.contains(t)) {
                sb.append(t.element()).append(s.accumulate() ? " += " : " = ");
            } else if (s.accumulate()) {
                sb.append(t.name()).append(" += ");
                written.put(t, true);
            } else {
                if (declared.add(t)) sb.append("double ");
                sb.append(t.name()).append(" = ");
                written.put(t, true);
            }
            sb.append(code).append(";\n");
        }
        for (Slot w : written.keySet()) {
            Integer last = lastRead.get(w);
            if (w.alwaysStore() || exported.contains(w) || (last != null && last > chunk)) {
                sb.append("        ")
                        .append(w.element())
                        .append(" = ")
                        .append(w.name())
                        .append(";\n");
            }
        }
        sb.append("    }\n");
        return sb.toString();
    }

    /** {@code code} with the names of in-place slots replaced by their array elements. */
    private static String substitute(String code, List<Slot> reads, Set<Slot> inPlace) {
        String out = code;
        for (Slot r : reads) {
            if (inPlace.contains(r))
                out = out.replaceAll("\\b" + r.name() + "\\b", java.util.regex.Matcher.quoteReplacement(r.element()));
        }
        return out;
    }
}

package autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Both engines against golden values from PyTorch (float64), written by
 * {@code scripts/generate_reference.py} into {@code src/test/resources/reference/}: every op's
 * result and gradients, and the notebooks' demo functions, to a relative tolerance of 1e-10.
 */
class ReferenceTest {

    static final double RTOL = 1e-10;

    // ---- the Java side of every case name in the JSON files ------------------------------------

    static final Map<String, Function<List<Value>, Value>> VALUE_CASES = Map.ofEntries(
            Map.entry("add", x -> x.get(0).add(x.get(1))),
            Map.entry("sub", x -> x.get(0).sub(x.get(1))),
            Map.entry("mul", x -> x.get(0).mul(x.get(1))),
            Map.entry("div", x -> x.get(0).div(x.get(1))),
            Map.entry("pow", x -> x.get(0).pow(x.get(1))),
            Map.entry("pow_integer_exponent_negative_base", x -> x.get(0).pow(x.get(1))),
            Map.entry("add_const", x -> x.get(0).add(2.5)),
            Map.entry("sub_const", x -> x.get(0).sub(2.5)),
            Map.entry("mul_const", x -> x.get(0).mul(-1.5)),
            Map.entry("div_const", x -> x.get(0).div(0.75)),
            Map.entry("pow_const", x -> x.get(0).pow(2.5)),
            Map.entry("pow_const_int", x -> x.get(0).pow(3)),
            Map.entry("pow_const_negative", x -> x.get(0).pow(-1.5)),
            Map.entry("rsub", x -> x.get(0).rsub(1)),
            Map.entry("rdiv", x -> x.get(0).rdiv(2)),
            Map.entry("rpow", x -> x.get(0).rpow(2)),
            Map.entry("neg", x -> x.get(0).neg()),
            Map.entry("exp", x -> x.get(0).exp()),
            Map.entry("log", x -> x.get(0).log()),
            Map.entry("sqrt", x -> x.get(0).sqrt()),
            Map.entry("tanh", x -> x.get(0).tanh()),
            Map.entry("sigmoid", x -> x.get(0).sigmoid()),
            Map.entry("relu", x -> x.get(0).relu()),
            Map.entry("abs", x -> x.get(0).abs()),
            Map.entry("sin", x -> x.get(0).sin()),
            Map.entry("cos", x -> x.get(0).cos()),
            Map.entry(
                    "dot",
                    x -> Value.dot(
                            new Value[] {x.get(0), x.get(1), x.get(2)}, new Value[] {x.get(3), x.get(4), x.get(5)})),
            Map.entry(
                    "dot_shared_inputs",
                    x -> Value.dot(List.of(x.get(0), x.get(1), x.get(0)), List.of(x.get(1), x.get(0), x.get(0)))),
            Map.entry(
                    "sum_many",
                    x -> Value.sum(
                            x.get(0), x.get(1), x.get(0), x.get(2), x.get(1).mul(x.get(2)))),
            Map.entry("neuron", x -> {
                Value[] inputs = {Value.constant(1), Value.constant(0.5), Value.constant(-1.5), Value.constant(2.0)};
                return Value.dot(x.toArray(new Value[0]), inputs).tanh(); // (b, w) · (1, x), as Neuron does
            }),
            Map.entry("self_pow", x -> x.get(0).pow(x.get(0))),
            Map.entry("diamond", x -> {
                Value b = x.get(0).add(x.get(0));
                return b.mul(b);
            }),
            Map.entry("mixed", x -> {
                Value a = x.get(0);
                Value b = x.get(1);
                return a.mul(b)
                        .add(a.neg().exp())
                        .tanh()
                        .mul(b.sin())
                        .div(b.mul(b).add(1));
            }),
            // demos.json
            Map.entry("notebook_f", x -> {
                Value v = x.get(0);
                return v.sub(3).pow(v.rdiv(2)).sub(1).pow(v.sub(1));
            }),
            Map.entry(
                    "quadratic",
                    x -> x.get(0).sub(2).pow(2).add(x.get(0).mul(4)).sub(2)),
            Map.entry("contour", x -> {
                Value a = x.get(0);
                Value b = x.get(1);
                Value r2 = a.pow(2).add(b.pow(2));
                return a.pow(2).add(b.pow(3)).rsub(1).neg().mul(r2.neg().div(2).exp());
            }));

    static final Map<String, Function<List<Variable>, Variable>> VARIABLE_CASES = Map.ofEntries(
            Map.entry("add_const", x -> x.get(0).add(2.5)),
            Map.entry("sub_const", x -> x.get(0).sub(2.5)),
            Map.entry("mul_const", x -> x.get(0).mul(-1.5)),
            Map.entry("div_const", x -> x.get(0).div(0.75)),
            Map.entry("rsub", x -> x.get(0).rsub(1)),
            Map.entry("rdiv", x -> x.get(0).rdiv(2)),
            Map.entry("rpow", x -> x.get(0).rpow(2)),
            Map.entry("pow_const", x -> x.get(0).pow(2.5)),
            Map.entry("neg", x -> x.get(0).neg()),
            Map.entry("exp", x -> x.get(0).exp()),
            Map.entry("log", x -> x.get(0).log()),
            Map.entry("sqrt", x -> x.get(0).sqrt()),
            Map.entry("tanh", x -> x.get(0).tanh()),
            Map.entry("sigmoid", x -> x.get(0).sigmoid()),
            Map.entry("relu", x -> x.get(0).relu()),
            Map.entry("abs", x -> x.get(0).abs()),
            Map.entry("sin", x -> x.get(0).sin()),
            Map.entry("cos", x -> x.get(0).cos()),
            Map.entry("matmul_2x3_3x4", x -> x.get(0).matmul(x.get(1))),
            Map.entry("linear_5x3_3x4_4", x -> x.get(0).linear(x.get(1), x.get(2))),
            Map.entry("linear_3_3x2_2", x -> x.get(0).linear(x.get(1), x.get(2))),
            Map.entry("matmul_3_3x4", x -> x.get(0).matmul(x.get(1))),
            Map.entry("matmul_2x3_3", x -> x.get(0).matmul(x.get(1))),
            Map.entry("matmul_3_3", x -> x.get(0).matmul(x.get(1))),
            Map.entry("matmul_1x1_1x5", x -> x.get(0).matmul(x.get(1))),
            Map.entry("sum_all", x -> x.get(0).sum()),
            Map.entry("sum_axis0", x -> x.get(0).sum(0)),
            Map.entry("sum_axis1", x -> x.get(0).sum(1)),
            Map.entry("sum_axis_minus1_rank3", x -> x.get(0).sum(-1)),
            Map.entry("sum_axis1_rank3", x -> x.get(0).sum(1)),
            Map.entry("sum_axis1_keepdims", x -> x.get(0).sum(1, true)),
            Map.entry("mean_all", x -> x.get(0).mean()),
            Map.entry("mean_axis0", x -> x.get(0).mean(0)),
            Map.entry("mean_axis1", x -> x.get(0).mean(1)),
            Map.entry("transpose", x -> x.get(0).transpose()),
            Map.entry("transpose_vector", x -> x.get(0).transpose()),
            Map.entry("reshape_3x2", x -> x.get(0).reshape(3, 2)),
            Map.entry("reshape_flat", x -> x.get(0).reshape(6)),
            Map.entry("reshape_scalar", x -> x.get(0).reshape()),
            Map.entry("row1", x -> x.get(0).row(1)),
            Map.entry("slice_1_3", x -> x.get(0).slice(1, 3)),
            Map.entry("concat_axis0", x -> Variable.concat(0, x.get(0), x.get(1))),
            Map.entry("concat_axis1", x -> Variable.concat(1, x.get(0), x.get(1), x.get(2))),
            Map.entry("stack_axis0", x -> Variable.stack(0, x.get(0), x.get(1))),
            Map.entry("stack_axis1", x -> Variable.stack(1, x.get(0), x.get(1))),
            Map.entry("stack_axis_last", x -> Variable.stack(-1, x.get(0), x.get(1), x.get(2))),
            Map.entry(
                    "linear_tanh_mse",
                    x -> x.get(0)
                            .matmul(x.get(1))
                            .add(x.get(2))
                            .tanh()
                            .sub(0.5)
                            .pow(2)
                            .mean()));

    /** Binary ops with broadcasting are named op_shapeA_shapeB, e.g. add_2x3_2x1 or mul_3_scalar. */
    static Function<List<Variable>, Variable> variableCase(String name) {
        Function<List<Variable>, Variable> f = VARIABLE_CASES.get(name);
        if (f != null) return f;
        if (name.matches("(add|sub|mul|div|pow)_[0-9x]+_([0-9x]+|scalar)")) {
            switch (name.substring(0, name.indexOf('_'))) {
                case "add":
                    return x -> x.get(0).add(x.get(1));
                case "sub":
                    return x -> x.get(0).sub(x.get(1));
                case "mul":
                    return x -> x.get(0).mul(x.get(1));
                case "div":
                    return x -> x.get(0).div(x.get(1));
                default:
                    return x -> x.get(0).pow(x.get(1));
            }
        }
        return null;
    }

    // ---- loading and comparing ------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    static Map<String, Object> load(String file) {
        try (InputStream in = ReferenceTest.class.getResourceAsStream("/reference/" + file)) {
            if (in == null) {
                fail("missing test resource reference/" + file
                        + ": run /usr/bin/python3 scripts/generate_reference.py");
            }
            Map<String, Object> json =
                    (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            assertTrue(json.containsKey("torch_version"), file + " records the torch version that made it");
            return json;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> cases(Map<String, Object> json) {
        return (List<Map<String, Object>>) json.get("cases");
    }

    static double[] doubles(Object list) {
        @SuppressWarnings("unchecked")
        List<Object> l = (List<Object>) list;
        double[] out = new double[l.size()];
        for (int i = 0; i < out.length; i++) out[i] = (Double) l.get(i);
        return out;
    }

    static int[] ints(Object list) {
        double[] d = doubles(list);
        int[] out = new int[d.length];
        for (int i = 0; i < d.length; i++) out[i] = (int) d[i];
        return out;
    }

    @SuppressWarnings("unchecked")
    static Variable tensor(Object json, boolean requiresGrad) {
        Map<String, Object> t = (Map<String, Object>) json;
        double[] data = doubles(t.get("data"));
        int[] shape = ints(t.get("shape"));
        return requiresGrad ? new Variable(data, shape) : Variable.constant(data, shape);
    }

    /**
     * |actual − expected| ≤ 1e-10 · scale, where scale is the largest finite |expected| of the array
     * (exact zeros must be exact); where PyTorch gives NaN or ±∞ the engine must give the same.
     */
    static void assertClose(String what, double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length, what + ": number of elements");
        double scale = 0;
        for (double e : expected) if (Double.isFinite(e)) scale = Math.max(scale, Math.abs(e));
        for (int i = 0; i < expected.length; i++) {
            if (!Double.isFinite(expected[i]) && Double.compare(expected[i], actual[i]) == 0)
                continue; // NaN as PyTorch
            double allowed = RTOL * scale;
            if (!(Math.abs(actual[i] - expected[i]) <= allowed)) {
                fail(what + " element " + i + ": expected (PyTorch) " + expected[i] + " but got " + actual[i]
                        + " (relative error " + Math.abs(actual[i] - expected[i]) / scale + ")\n expected "
                        + Arrays.toString(expected) + "\n actual   " + Arrays.toString(actual));
            }
        }
    }

    static void assertClose(String what, double expected, double actual) {
        assertClose(what, new double[] {expected}, new double[] {actual});
    }

    // ---- the tests ------------------------------------------------------------------------------

    @TestFactory
    Stream<DynamicTest> valueOpsMatchPyTorch() {
        return scalarCases("value_ops.json");
    }

    @TestFactory
    Stream<DynamicTest> demoFunctionsMatchPyTorch() {
        return scalarCases("demos.json");
    }

    private Stream<DynamicTest> scalarCases(String file) {
        return cases(load(file)).stream().map(c -> {
            String name = (String) c.get("name");
            double[] at = doubles(c.get("at"));
            return DynamicTest.dynamicTest(name + " at " + Arrays.toString(at), () -> {
                Function<List<Value>, Value> f = VALUE_CASES.get(name);
                if (f == null)
                    fail("no Java expression for reference case '" + name + "' in ReferenceTest.VALUE_CASES");
                List<Value> xs = new ArrayList<>();
                for (double v : at) xs.add(new Value(v));
                Value y = f.apply(xs);
                y.backward();
                double[] grads = xs.stream().mapToDouble(v -> v.grad).toArray();
                assertClose(name + " value", (Double) c.get("value"), y.data);
                assertClose(name + " gradient", doubles(c.get("grad")), grads);
            });
        });
    }

    @TestFactory
    Stream<DynamicTest> variableOpsMatchPyTorch() {
        return cases(load("variable_ops.json")).stream().map(c -> {
            String name = (String) c.get("name");
            return DynamicTest.dynamicTest(name, () -> {
                Function<List<Variable>, Variable> f = variableCase(name);
                if (f == null)
                    fail("no Java expression for reference case '" + name + "' in ReferenceTest.VARIABLE_CASES");
                List<Variable> xs = new ArrayList<>();
                for (Object in : (List<?>) c.get("inputs")) xs.add(tensor(in, true));
                Variable out = f.apply(xs);
                Variable expectedOut = tensor(c.get("output"), false);
                assertEquals(
                        Arrays.toString(expectedOut.shape()), Arrays.toString(out.shape()), name + " output shape");
                assertClose(name + " output", expectedOut.value(), out.value());
                out.backward(tensor(c.get("weights"), false));
                List<?> grads = (List<?>) c.get("grads");
                for (int i = 0; i < xs.size(); i++) {
                    Variable expected = tensor(grads.get(i), false);
                    assertEquals(
                            Arrays.toString(expected.shape()),
                            Arrays.toString(xs.get(i).grad().shape()),
                            name + " gradient shape of input " + i);
                    assertClose(
                            name + " gradient of input " + i,
                            expected.value(),
                            xs.get(i).grad().value());
                }
            });
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void doublePendulumMatchesPyTorch() {
        Map<String, Object> p = (Map<String, Object>) load("demos.json").get("pendulum");
        double[] initial = doubles(p.get("initial"));
        int steps = (int) (double) (Double) p.get("steps");
        Value[] start = new Value[4];
        for (int i = 0; i < 4; i++) start[i] = new Value(initial[i]);
        Value[] end = Pendulum.euler(start, (Double) p.get("h"), steps, (Double) p.get("g"));
        double[] state = Arrays.stream(end).mapToDouble(v -> v.data).toArray();
        assertClose("pendulum final state", doubles(p.get("final_state")), state);
        end[1].backward();
        double[] grads = Arrays.stream(start).mapToDouble(v -> v.grad).toArray();
        assertClose("d theta2(T) / d initial state", doubles(p.get("dtheta2_dinitial")), grads);
    }

    @Test
    void everyOpOfBothEnginesHasReferenceValues() {
        Set<String> valueNames = new TreeSet<>();
        cases(load("value_ops.json")).forEach(c -> valueNames.add((String) c.get("name")));
        Set<String> variableNames = new TreeSet<>();
        cases(load("variable_ops.json")).forEach(c -> variableNames.add((String) c.get("name")));
        Set<String> missing = new HashSet<>();
        for (Op op : Op.values()) {
            String name = op.name().toLowerCase();
            if (!valueNames.contains(name)) missing.add("Value " + name);
            // DOT is the scalar engine's n-ary node; tensors have matmul (checked below) instead.
            if (op != Op.DOT && variableNames.stream().noneMatch(n -> n.equals(name) || n.startsWith(name + "_"))) {
                missing.add("Variable " + name);
            }
        }
        for (String op : List.of(
                "matmul",
                "linear",
                "sum",
                "mean",
                "transpose",
                "reshape",
                "row",
                "slice",
                "concat",
                "stack",
                "rsub",
                "rdiv",
                "rpow")) {
            if (variableNames.stream().noneMatch(n -> n.startsWith(op))) missing.add("Variable " + op);
        }
        for (String op : List.of("rsub", "rdiv", "rpow")) {
            if (!valueNames.contains(op)) missing.add("Value " + op);
        }
        assertTrue(
                missing.isEmpty(),
                "ops without PyTorch reference values: " + missing + " (add them to scripts/generate_reference.py)");
        Set<String> unused = new TreeSet<>(VALUE_CASES.keySet());
        cases(load("demos.json")).forEach(c -> unused.remove((String) c.get("name")));
        unused.removeAll(valueNames);
        assertTrue(unused.isEmpty(), "Java cases with no reference values (regenerate the JSON?): " + unused);
    }
}

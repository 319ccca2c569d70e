package autograd.optimizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import autograd.Json;
import autograd.Parameter;
import autograd.Value;
import autograd.Variable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the trajectories PyTorch's optimizers took on a fixed loss, read from
 * reference/optimizers.json (written by scripts/reference_optimizers.py with torch 1.13).
 */
class OptimizerReferenceTest {

    @SuppressWarnings("unchecked")
    static Map<String, Object> reference() throws IOException {
        try (InputStream in = OptimizerReferenceTest.class.getResourceAsStream("/reference/optimizers.json")) {
            if (in == null)
                throw new IllegalStateException(
                        "reference/optimizers.json missing: run scripts/reference_optimizers.py");
            return (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @SuppressWarnings("unchecked")
    static Stream<Map<String, Object>> configs() throws IOException {
        return ((List<Map<String, Object>>) reference().get("configs")).stream();
    }

    @SuppressWarnings("unchecked")
    private static double[] flat(Object nested) {
        if (nested instanceof Double d) return new double[] {d};
        return ((List<Object>) nested)
                .stream().flatMapToDouble(o -> java.util.Arrays.stream(flat(o))).toArray();
    }

    @SuppressWarnings("unchecked")
    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void matchesPyTorch(Map<String, Object> config) throws IOException {
        Map<String, Object> ref = reference();
        List<Object> initial = (List<Object>) ref.get("initial");
        List<Object> coefficients = (List<Object>) ref.get("coefficients");
        Variable a = new Variable(flat(initial.get(0)));
        Variable b = new Variable(flat(initial.get(1)), 2, 2);
        Value c = new Value(flat(initial.get(2))[0]);
        Variable ca = Variable.constant(flat(coefficients.get(0)));
        Variable cb = Variable.constant(flat(coefficients.get(1)), 2, 2);
        double cc = flat(coefficients.get(2))[0];
        List<Parameter> params = List.of(a, b, c);

        Optimizer opt = build(
                (String) config.get("name"),
                (String) config.get("optimizer"),
                (Map<String, Object>) config.get("options"),
                params);
        List<Object> trajectory = (List<Object>) config.get("trajectory");
        assertFalse(trajectory.isEmpty());
        for (int step = 0; step < trajectory.size(); step++) {
            opt.zeroGrad();
            a.pow(2).mul(ca).add(a.sin()).sum().backward();
            b.pow(2).mul(cb).add(b.sin()).sum().backward();
            c.pow(2).mul(cc).add(c.sin()).backward();
            opt.step();
            double[] expected = flat(trajectory.get(step));
            double[] actual = new double[expected.length];
            int k = 0;
            for (Parameter p : params) for (int i = 0; i < p.numel(); i++) actual[k++] = p.dataAt(i);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(
                        expected[i],
                        actual[i],
                        1e-12 * Math.max(1, Math.abs(expected[i])),
                        config.get("name") + " step " + (step + 1) + " element " + i);
            }
        }
    }

    private static Optimizer build(String name, String kind, Map<String, Object> o, List<Parameter> params) {
        double lr = (Double) o.get("lr");
        double momentum = (Double) o.getOrDefault("momentum", 0.0);
        double weightDecay = (Double) o.getOrDefault("weight_decay", 0.0);
        switch (kind) {
            case "sgd":
                if (name.equals("gd")) return new GD(params, lr);
                return new SGD(params, lr)
                        .momentum(momentum)
                        .weightDecay(weightDecay)
                        .nesterov((Boolean) o.getOrDefault("nesterov", false));
            case "adam": {
                Adam adam = new Adam(params, lr).weightDecay(weightDecay);
                if (o.containsKey("betas")) {
                    double[] betas = flat(o.get("betas"));
                    adam.betas(betas[0], betas[1]);
                }
                if (o.containsKey("eps")) adam.eps((Double) o.get("eps"));
                return adam;
            }
            case "rmsprop": {
                RMSProp rms = new RMSProp(params, lr)
                        .momentum(momentum)
                        .weightDecay(weightDecay)
                        .centered((Boolean) o.getOrDefault("centered", false));
                if (o.containsKey("alpha")) rms.alpha((Double) o.get("alpha"));
                return rms;
            }
            default:
                throw new IllegalArgumentException("unknown optimizer in reference file: " + kind);
        }
    }
}

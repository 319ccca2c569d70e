package autograd.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a run needs and what it gives back crosses a JVM boundary as bytes: a task (configurations
 * and the function, a serializable lambda) and its results survive Java serialization and give
 * the same results as the original.
 */
class SweepPlainDataTest {

    @Test
    void aTaskAndItsResultsSurviveSerialization() throws Exception {
        double scale = 3; // captured by the lambda: travels with it
        Trainable trainable = (config, run) -> {
            double x = config.getDouble("x0") * scale + config.random().nextGaussian();
            for (int step = 0; step < 5; step++) run.report("x", x /= 2);
            return Metrics.of("x", x).with("sign", x < 0 ? "negative" : "positive");
        };
        List<Config> configs = Sweep.over(Param.linspace("x0", -1, 1, 4), Param.choice("tag", "a", "b"))
                .seed(5)
                .configs();
        Task task = new Task(0, configs, trainable, true, m -> m.get("x") > 100);
        Task copy = roundTrip(task);
        List<RunResult> original = task.run();
        List<RunResult> shipped = copy.run();
        assertEquals(4, shipped.size());
        assertEquals(
                List.of(RunResult.Status.OK, RunResult.Status.OK, RunResult.Status.OK, RunResult.Status.OK),
                shipped.stream().map(RunResult::status).toList());
        for (int i = 0; i < 4; i++) {
            RunResult a = original.get(i), b = shipped.get(i);
            assertEquals(a.config(), b.config());
            assertEquals(a.metrics(), b.metrics(), "the copied task computes the same metrics");
            assertEquals(a.history(), b.history());
        }
        assertEquals(shipped, roundTrip(shipped), "results travel back unchanged");
        assertEquals(configs, copy.configs());
        assertEquals(configs.get(2).seed(), roundTrip(configs.get(2)).seed());
        assertTrue(shipped.get(0).history().size() == 5);
    }

    @Test
    void parametersAreSerializableToo() throws Exception {
        Param param = Param.logUniform("lr", 1e-4, 1);
        Param copy = roundTrip(param);
        assertEquals(param.toString(), copy.toString());
        assertEquals(
                Sweep.over(param).samples(3).seed(1).configs(),
                Sweep.over(copy).samples(3).seed(1).configs());
    }

    @SuppressWarnings("unchecked")
    static <T> T roundTrip(T object) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}

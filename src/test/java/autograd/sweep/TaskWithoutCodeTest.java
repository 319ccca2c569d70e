package autograd.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A backend that ships a sweep's code once sends tasks without it and puts it back where they run. */
class TaskWithoutCodeTest {

    @Test
    void aTaskSentWithoutItsCodeRunsTheSameOnceTheCodeIsBack() throws Exception {
        List<Config> configs = Sweep.over(Param.linspace("x", 0, 1, 3)).configs();
        Objective square = c -> Metrics.of("y", c.getDouble("x") * c.getDouble("x"));
        StopRule rule = m -> m.get("y") > 0.9;
        Task task = new Task(4, configs, square, true, rule);
        assertSame(square, task.function());
        assertSame(rule, task.stopRule());

        Task bare = task.withoutCode();
        assertNull(bare.function());
        assertNull(bare.stopRule());
        IllegalStateException e = assertThrows(IllegalStateException.class, bare::run);
        assertTrue(e.getMessage().contains("withCode"), e.getMessage());

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(bare);
        }
        Task received;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            received = (Task) in.readObject();
        }
        Task restored = received.withCode(square, rule);
        assertEquals(4, restored.id());
        assertEquals(configs, restored.configs());
        List<RunResult> expected = task.run(), actual = restored.run();
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).metrics(), actual.get(i).metrics());
            assertEquals(expected.get(i).status(), actual.get(i).status());
        }
        assertEquals(RunResult.Status.DIVERGED, actual.get(2).status(), "the stop rule came back too");
        assertThrows(IllegalArgumentException.class, () -> bare.withCode("not a function", null));
    }
}

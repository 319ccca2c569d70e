package autograd.spark;

import static autograd.sweep.SweepTables.assertSameResults;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import autograd.Value;
import autograd.sweep.Backend;
import autograd.sweep.Config;
import autograd.sweep.Metrics;
import autograd.sweep.Param;
import autograd.sweep.Run;
import autograd.sweep.RunResult;
import autograd.sweep.Sweep;
import autograd.sweep.SweepResults;
import autograd.sweep.Task;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark backend's API on {@code local[2]}: tasks run in this JVM, but through the whole path of
 * a cluster (the code packed, broadcast, defined in a loader of its own, results sent back).
 */
@Timeout(300)
class SparkLocalTest {

    @TempDir
    static Path temp;

    static SparkBackend spark;

    @BeforeAll
    static void start() {
        spark = SparkBackend.builder()
                .master("local[2]")
                .appName("SparkLocalTest")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false")
                .config("spark.local.dir", temp.toString())
                .connect();
    }

    @AfterAll
    static void stop() {
        if (spark != null) spark.close();
    }

    /** Gradient descent on (x − 2)² + sin(3x) with the scalar engine; lr 1.5 diverges, x0 = 0.5 throws. */
    static Metrics descend(Config config, Run run) throws Exception {
        double lr = config.getDouble("lr");
        double x0 = config.getDouble("x0");
        if (x0 == 0.5) throw new IllegalStateException("no run from 0.5");
        Value x = new Value(x0 + config.random().nextGaussian() * 1e-3);
        double loss = Double.NaN;
        for (int step = 0; step < 40; step++) {
            Value f = x.sub(2).pow(2).add(x.mul(3).sin());
            x.grad = 0;
            f.backward();
            x.data -= lr * x.grad;
            loss = f.data;
            if (run != null) run.report("loss", loss);
        }
        return Metrics.of("loss", loss, "x", x.data).with("side", x.data > 2 ? "right" : "left");
    }

    static Sweep sweep() {
        return Sweep.over(Param.grid("lr", 0.01, 0.1, 1.5), Param.linspace("x0", -1, 3, 9))
                .samples(2)
                .seed(7)
                .minimize("loss")
                .stopWhen(m -> m.get("loss") > 1e6)
                .progress(false);
    }

    @Test
    void anObjectiveGivesTheLocalTableBitForBitWithErrorsAndDivergenceRecorded() {
        SweepResults local = sweep().threads(2).run(config -> descend(config, null));
        SweepResults onSpark = sweep().backend(spark).run(config -> descend(config, null));
        assertSameResults(local, onSpark);
        assertEquals(54, onSpark.size());
        assertTrue(onSpark.runs().stream().anyMatch(r -> r.status() == RunResult.Status.ERROR));
        assertTrue(onSpark.runs().stream().anyMatch(r -> r.status() == RunResult.Status.DIVERGED));
        RunResult failed = onSpark.runs().stream()
                .filter(r -> r.status() == RunResult.Status.ERROR)
                .findFirst()
                .orElseThrow();
        assertEquals("java.lang.IllegalStateException: no run from 0.5", failed.error());
        assertTrue(failed.trace().contains("descend"), failed.trace());
        assertTrue(onSpark.backend().startsWith("Spark local[2]"), onSpark.backend());
    }

    @Test
    void aTrainableGivesTheSameHistoriesAndStopsDivergingRunsAtTheSameStep() {
        SweepResults local = sweep().threads(2).run(SparkLocalTest::descend);
        SweepResults onSpark = sweep().backend(spark).run(SparkLocalTest::descend);
        assertSameResults(local, onSpark);
        assertTrue(onSpark.history().rowCount() > 100);
    }

    @Test
    void aBatchedSweepGivesTheSameTable() {
        Sweep sweep = Sweep.over(Param.linspace("x", -2, 2, 41)).progress(false);
        SweepResults local = sweep.threads(2)
                .runBatched(
                        6,
                        configs -> configs.stream()
                                .map(c -> Metrics.of("y", Math.exp(c.getDouble("x")) / 3))
                                .toList());
        SweepResults onSpark = sweep.backend(spark)
                .runBatched(
                        6,
                        configs -> configs.stream()
                                .map(c -> Metrics.of("y", Math.exp(c.getDouble("x")) / 3))
                                .toList());
        assertSameResults(local, onSpark);
    }

    @Test
    void resultsArriveAsSparkTasksEndEachTaskOnce() {
        Map<Integer, Long> arrivals = new ConcurrentHashMap<>();
        AtomicInteger calls = new AtomicInteger();
        Backend recording = new Backend() {
            @Override
            public int parallelism() {
                return spark.parallelism();
            }

            @Override
            public Execution submit(List<Task> tasks, Listener listener) {
                return spark.submit(tasks, new Listener() {
                    @Override
                    public void finished(Task task, List<RunResult> results) {
                        calls.incrementAndGet();
                        arrivals.merge(task.id(), System.nanoTime(), (a, b) -> -1L);
                        listener.finished(task, results);
                    }

                    @Override
                    public void failed(Throwable error) {
                        listener.failed(error);
                    }
                });
            }
        };
        long start = System.nanoTime();
        SweepResults results = Sweep.over(Param.range("n", 0, 16))
                .backend(recording)
                .progress(false)
                .run(config -> {
                    Thread.sleep(250);
                    return Metrics.of("n2", config.getInt("n") * config.getInt("n"));
                });
        long end = System.nanoTime();
        assertEquals(16, results.size());
        assertEquals(16, calls.get(), "one call per task");
        assertFalse(arrivals.containsValue(-1L), "a task delivered twice");
        // 16 runs of 0.25 s in 8 Spark tasks on 2 cores: the first results come long before the last.
        long first = Collections.min(arrivals.values()), last = Collections.max(arrivals.values());
        assertTrue(last - first > 500_000_000L, "results spread over " + (last - first) / 1e6 + " ms");
        assertTrue(first - start < (end - start) / 2, "first results before half the time");
    }

    /** Runs one by one until the sweep is interrupted; counts runs that started. */
    static final AtomicInteger STARTED = new AtomicInteger();

    @Test
    void interruptingTheCallerCancelsTheJobAndReturnsTheFinishedRuns() throws Exception {
        STARTED.set(0);
        AtomicReference<SweepResults> results = new AtomicReference<>();
        Thread caller = new Thread(() -> results.set(Sweep.over(Param.range("n", 0, 400))
                .backend(SparkBackend.builder()
                        .session(spark.session())
                        .partitionsPerCore(100)
                        .connect())
                .progress(false)
                .run(config -> {
                    STARTED.incrementAndGet();
                    Thread.sleep(100);
                    return Metrics.of("n", config.getInt("n"));
                })));
        caller.start();
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (STARTED.get() < 6 && System.nanoTime() < deadline) Thread.sleep(20);
        assertTrue(STARTED.get() >= 6, "runs started");
        caller.interrupt();
        caller.join(10_000);
        assertFalse(caller.isAlive(), "run() returned after the interrupt");
        assertTrue(results.get().interrupted());
        assertTrue(results.get().size() < 400);
        // The job group is cancelled: no job stays active, and the runs stop starting.
        while (spark.session().sparkContext().statusTracker().getActiveJobIds().length > 0
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(0, spark.session().sparkContext().statusTracker().getActiveJobIds().length);
        int started = STARTED.get();
        Thread.sleep(500);
        assertEquals(started, STARTED.get(), "no run starts after the cancel");
        assertTrue(started < 100, started + " runs started");
    }

    /** Serializable, but cannot be read back: the executor fails to load the code. */
    static final class Unreadable implements Serializable {
        private void readObject(ObjectInputStream in) throws IOException {
            throw new IOException("cannot be read back on purpose");
        }
    }

    @Test
    void aJobThatFailsEndsTheSweepWithTheReasonNotWithMissingRuns() {
        Unreadable unreadable = new Unreadable();
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> Sweep.over(Param.range("n", 0, 4))
                        .backend(spark)
                        .progress(false)
                        .run(config -> Metrics.of("n", unreadable.hashCode())));
        assertTrue(e.getMessage().contains("backend (Spark local[2]"), e.getMessage());
        assertTrue(e.getMessage().contains("cannot be read back on purpose"), e.getMessage());
    }

    @Test
    void aFunctionHoldingSomethingNotSerializableFailsBeforeAnyJob() {
        Object lock = new Object();
        int jobs = spark.session().sparkContext().statusTracker().getJobIdsForGroup(null).length;
        NotShippableException e = assertThrows(
                NotShippableException.class,
                () -> Sweep.over(Param.range("n", 0, 4))
                        .backend(spark)
                        .progress(false)
                        .run(config -> Metrics.of("n", lock.hashCode())));
        assertTrue(
                e.getMessage().contains("the function holds a java.lang.Object, which is not Serializable"),
                e.getMessage());
        assertEquals(jobs, spark.session().sparkContext().statusTracker().getJobIdsForGroup(null).length);
    }

    @Test
    void aSessionGivenToTheBackendKeepsRunningAfterClose() {
        SparkSession session = spark.session();
        SparkBackend on = SparkBackend.on(session);
        SweepResults results = Sweep.over(Param.range("n", 0, 3))
                .backend(on)
                .progress(false)
                .run(config -> Metrics.of("n", config.getInt("n")));
        assertEquals(3, results.size());
        on.close();
        assertFalse(session.sparkContext().isStopped());
        IllegalStateException second =
                assertThrows(IllegalStateException.class, () -> SparkBackend.connect("local[1]"));
        assertTrue(second.getMessage().contains("already running"), second.getMessage());
    }

    @Test
    void theLibraryTravelsButNotSparkItself() {
        List<Path> jars = ShippedJars.find(SparkBackend.class.getClassLoader(), List.of(), temp.resolve("jars"));
        List<String> names = jars.stream().map(p -> p.getFileName().toString()).toList();
        assertTrue(ShippedJars.sparkJarCount() > 100, "the build lists Spark's jars: " + ShippedJars.sparkJarCount());
        assertTrue(names.stream().anyMatch(n -> n.startsWith("classes-")), "target/classes as a jar: " + names);
        assertTrue(names.stream().anyMatch(n -> n.startsWith("tablesaw-core")), names.toString());
        assertFalse(names.stream().anyMatch(n -> n.startsWith("spark-core")), names.toString());
        assertFalse(names.stream().anyMatch(n -> n.startsWith("scala-library")), names.toString());
        List<String> lean =
                ShippedJars.find(SparkBackend.class.getClassLoader(), List.of("tablesaw-*"), temp.resolve("jars"))
                        .stream()
                        .map(p -> p.getFileName().toString())
                        .toList();
        assertFalse(lean.stream().anyMatch(n -> n.startsWith("tablesaw-")), lean.toString());
        assertNotEquals(names.size(), lean.size());
    }

    @Test
    void cellCodeRunsOnSparkWithTheNotebooksVariablesAsTheyAre() {
        try (Cells cells = new Cells()) {
            cells.run(
                    "double loss(double x) { Value v = Value.of(x); Value f = v.sub(2).pow(2).add(v.mul(3).sin()); f.backward(); return f.data; }");
            cells.run("int steps = 30;");
            cells.run(
                    "Objective fn = c -> { double x = c.getDouble(\"x0\"); for (int i = 0; i < steps; i++) x -= 0.05 * (loss(x + 1e-6) - loss(x - 1e-6)) / 2e-6; return Metrics.of(\"x\", x, \"loss\", loss(x)); };");
            autograd.sweep.Objective fn = cells.get("fn");
            Sweep sweep = Sweep.over(Param.linspace("x0", -2, 4, 13)).progress(false);
            SweepResults local = sweep.threads(1).run(fn);
            assertSameResults(local, sweep.backend(spark).run(fn));
            cells.run("steps = 3;");
            SweepResults fewer = sweep.backend(spark).run(fn);
            assertSameResults(sweep.threads(1).run(fn), fewer);
            assertNotEquals(
                    local.table().doubleColumn("x").get(0),
                    fewer.table().doubleColumn("x").get(0));
        }
    }
}

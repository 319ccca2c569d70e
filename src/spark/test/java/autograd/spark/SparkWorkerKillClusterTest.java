package autograd.spark;

import static autograd.sweep.SweepTables.assertSameResults;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import autograd.sweep.Backend;
import autograd.sweep.Objective;
import autograd.sweep.Param;
import autograd.sweep.RunResult;
import autograd.sweep.Sweep;
import autograd.sweep.SweepResults;
import autograd.sweep.Task;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker of a real standalone cluster dies in the middle of a sweep (its process group killed:
 * the worker and its executor, as a machine lost), and a new worker joins: Spark runs the lost
 * tasks again there, and the sweep completes with every run once, the same table as the local
 * backend's.
 */
@Timeout(900)
class SparkWorkerKillClusterTest {

    @TempDir
    static Path temp;

    static StandaloneCluster cluster;
    static SparkBackend spark;
    static Cells cells;
    static StandaloneCluster.Daemon first;

    @BeforeAll
    static void start() {
        cluster = StandaloneCluster.start(temp.resolve("cluster"));
        first = cluster.startWorker("first", 2);
        spark = TestSessions.on(cluster.url(), temp, "SparkWorkerKillClusterTest")
                .partitionsPerCore(6) // 24 runs in 12 Spark tasks of 2 runs on 2 cores
                .connect();
        cells = new Cells();
        cells.run("""
                double descend(double x0, double lr) throws InterruptedException {
                    Thread.sleep(400); // long enough for the kill to find tasks running
                    Value x = Value.of(x0);
                    for (int i = 0; i < 100; i++) {
                        Value f = x.sub(2).pow(2).add(x.mul(3).sin());
                        f.backward();
                        x = Value.of(x.data - lr * x.grad);
                    }
                    return x.data;
                }
                """);
        cells.run("Objective fn = c -> Metrics.of(\"x\", descend(c.getDouble(\"x0\"), c.getDouble(\"lr\")));");
    }

    @AfterAll
    static void stop() {
        try {
            if (cells != null) cells.close();
            if (spark != null) spark.close();
        } finally {
            if (cluster != null) {
                cluster.close();
                assertFalse(cluster.anyAlive(), "a process of the cluster outlived it");
            }
        }
    }

    /** Spark's view of each task attempt: partition, attempt number, how it ended. */
    record Attempt(int partition, int attempt, String reason, String executor) {}

    @Test
    void aWorkerKilledMidSweepLosesNoRunAndRepeatsNone() throws Exception {
        Objective fn = cells.get("fn");
        Sweep sweep = Sweep.over(Param.linspace("x0", -3, 3, 12), Param.grid("lr", 0.01, 0.05))
                .progress(false);

        List<Attempt> attempts = new CopyOnWriteArrayList<>();
        spark.session().sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                attempts.add(new Attempt(
                        end.taskInfo().index(),
                        end.taskInfo().attemptNumber(),
                        end.reason().toString(),
                        end.taskInfo().executorId()));
            }
        });

        Map<Integer, Integer> deliveries = new ConcurrentHashMap<>();
        AtomicInteger finished = new AtomicInteger();
        AtomicReference<Throwable> killerFailed = new AtomicReference<>();
        Thread killer = new Thread(() -> {
            try {
                while (finished.get() < 3) Thread.sleep(20);
                cluster.kill(first);
                cluster.startWorker("second", 2);
            } catch (Throwable e) {
                killerFailed.set(e);
            }
        });
        Backend counting = new Backend() {
            @Override
            public int parallelism() {
                return spark.parallelism();
            }

            @Override
            public Execution submit(List<Task> tasks, Listener listener) {
                return spark.submit(tasks, new Listener() {
                    @Override
                    public void finished(Task task, List<RunResult> results) {
                        deliveries.merge(task.id(), 1, Integer::sum);
                        finished.incrementAndGet();
                        listener.finished(task, results);
                    }

                    @Override
                    public void failed(Throwable error) {
                        listener.failed(error);
                    }
                });
            }
        };
        killer.start();
        SweepResults onCluster = sweep.backend(counting).run(fn);
        killer.join(StandaloneCluster.START_SECONDS * 1000);
        assertNull(killerFailed.get(), () -> "killing or starting a worker failed: " + killerFailed.get());

        assertEquals(24, onCluster.size());
        assertEquals(24, deliveries.size(), "every task delivered");
        assertTrue(deliveries.values().stream().allMatch(n -> n == 1), "a task delivered twice: " + deliveries);
        assertSameResults(sweep.threads(2).run(fn), onCluster);

        // Spark saw tasks lost with the worker and ran them again on the new worker's executor.
        List<Attempt> lost = attempts.stream()
                .filter(a -> a.reason().contains("ExecutorLostFailure"))
                .toList();
        assertFalse(lost.isEmpty(), "no task was running when the worker died: " + attempts);
        for (Attempt a : lost) {
            assertTrue(
                    attempts.stream()
                            .anyMatch(b -> b.partition() == a.partition()
                                    && b.attempt() > a.attempt()
                                    && b.reason().equals("Success")
                                    && !b.executor().equals(a.executor())),
                    "partition " + a.partition() + " ran again elsewhere: " + attempts);
        }
        System.out.println("worker kill: " + lost.size() + " tasks lost and run again; attempts " + attempts);
    }
}

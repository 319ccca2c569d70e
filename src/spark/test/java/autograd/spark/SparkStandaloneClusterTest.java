package autograd.spark;

import static autograd.sweep.SweepTables.assertSameResults;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import autograd.sweep.Objective;
import autograd.sweep.Param;
import autograd.sweep.RunResult;
import autograd.sweep.Sweep;
import autograd.sweep.SweepResults;
import autograd.sweep.Trainable;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Spark standalone cluster on 127.0.0.1 (a master and a worker started from Spark's own
 * jars; executors in JVMs of their own) runs sweeps whose functions were written in notebook cells
 * (compiled and run by JShell as the kernel does): the same tables as the local backend.
 */
@Timeout(900)
class SparkStandaloneClusterTest {

    @TempDir
    static Path temp;

    static StandaloneCluster cluster;
    static SparkBackend spark;
    static Cells cells;

    @BeforeAll
    static void start() {
        cluster = StandaloneCluster.start(temp.resolve("cluster"));
        cluster.startWorker("worker", 2);
        spark = TestSessions.on(cluster.url(), temp, "SparkStandaloneClusterTest")
                .connect();
        cells = new Cells();
        // A notebook: methods calling the library and each other, a variable, a record, the functions.
        cells.run("""
                double loss(double x, double y) {
                    Value a = Value.of(x), b = Value.of(y);
                    Value l = a.sub(1).pow(2).add(b.mul(a).sin().mul(3)).add(b.pow(2).mul(0.5));
                    l.backward();
                    return l.data;
                }
                """);
        cells.run("""
                record Step(double x, double y) implements java.io.Serializable {
                    Step next(double lr) {
                        Value a = Value.of(x), b = Value.of(y);
                        Value l = a.sub(1).pow(2).add(b.mul(a).sin().mul(3)).add(b.pow(2).mul(0.5));
                        l.backward();
                        return new Step(x - lr * a.grad, y - lr * b.grad);
                    }
                }
                """);
        cells.run("int steps = 120;");
        // Tablesaw is not on the cluster: it must travel with the job for this method to run there.
        cells.run("""
                double spread(double... values) {
                    return tech.tablesaw.api.DoubleColumn.create("v", values).standardDeviation();
                }
                """);
        cells.run("""
                Objective descend = c -> {
                    Step s = new Step(c.getDouble("x0"), c.getDouble("y0"));
                    for (int i = 0; i < steps; i++) s = s.next(c.getDouble("lr"));
                    if (c.getDouble("lr") > 0.5 && c.getDouble("x0") > 1) throw new ArithmeticException("lr too large");
                    return Metrics.of("loss", loss(s.x(), s.y()), "x", s.x(), "spread", spread(s.x(), s.y()));
                };
                """);
        cells.run("""
                Trainable reporting = (c, run) -> {
                    Step s = new Step(c.getDouble("x0"), c.getDouble("y0"));
                    for (int i = 0; i < steps / 10; i++) {
                        s = s.next(c.getDouble("lr"));
                        run.report("loss", loss(s.x(), s.y()));
                    }
                    return null;
                };
                """);
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

    static Sweep sweep() {
        return Sweep.over(Param.grid("lr", 0.01, 0.1, 0.9), Param.linspace("x0", -2, 2, 5), Param.uniform("y0", -1, 1))
                .seed(3)
                .minimize("loss")
                .progress(false);
    }

    @Test
    void aFunctionWrittenInCellsGivesTheLocalTableOnTheCluster() {
        Objective descend = cells.get("descend");
        SweepResults local = sweep().threads(2).run(descend);
        SweepResults onCluster = sweep().backend(spark).run(descend);
        assertSameResults(local, onCluster);
        assertEquals(15, onCluster.size());
        assertEquals(
                List.of("java.lang.ArithmeticException: lr too large"),
                onCluster.runs().stream()
                        .filter(r -> r.status() == RunResult.Status.ERROR)
                        .map(RunResult::error)
                        .toList(),
                "the run that throws is recorded");
        assertTrue(onCluster.backend().startsWith("Spark " + cluster.url()), onCluster.backend());

        Trainable reporting = cells.get("reporting");
        assertSameResults(
                sweep().threads(2).run(reporting), sweep().backend(spark).run(reporting));
    }

    @Test
    void theRunsHappenInExecutorJvmsOfTheWorker() {
        Objective where = cells.get("(Objective) c -> Metrics.of(\"pid\", ProcessHandle.current().pid(),"
                + " \"vector\", autograd.MatMul.vectorKernels() ? 1 : 0)");
        SweepResults results = Sweep.over(Param.range("n", 0, 8))
                .backend(spark)
                .progress(false)
                .run(where);
        Set<Double> pids = new HashSet<>(results.table().doubleColumn("pid").asList());
        assertFalse(pids.contains((double) ProcessHandle.current().pid()), "ran in the driver: " + pids);
        assertTrue(pids.size() >= 1 && pids.size() <= 2, pids.toString());
        // Spark starts executors with its module options, --add-modules=jdk.incubator.vector among them: the
        // products there run the same vector kernels as in the notebook
        assertEquals(
                Set.of(1.0),
                new HashSet<>(results.table().doubleColumn("vector").asList()));
    }

    @Test
    void aChangedNotebookVariableTravelsWithTheNextSweep() {
        Objective descend = cells.get("descend");
        SweepResults before = sweep().backend(spark).run(descend);
        cells.run("steps = 7;");
        try {
            SweepResults after = sweep().backend(spark).run(descend);
            assertSameResults(sweep().threads(2).run(descend), after);
            assertNotEquals(
                    before.table().doubleColumn("loss").get(0),
                    after.table().doubleColumn("loss").get(0));
        } finally {
            cells.run("steps = 120;");
        }
    }

    @Test
    void whatCannotTravelFailsInTheDriverNamingTheVariable() {
        int jobs = spark.session().sparkContext().statusTracker().getJobIdsForGroup(null).length;
        cells.run("var table = tech.tablesaw.api.Table.create(\"t\");");
        cells.run("Objective readsTable = c -> Metrics.of(\"rows\", table.rowCount());");
        NotShippableException notSerializable = assertThrows(
                NotShippableException.class, () -> sweep().backend(spark).run((Objective) cells.get("readsTable")));
        assertTrue(notSerializable.getMessage().contains("notebook variable `table`"), notSerializable.getMessage());
        assertTrue(
                notSerializable.getMessage().contains("tech.tablesaw.api.Table, which is not Serializable"),
                notSerializable.getMessage());

        cells.run("double best = Double.MAX_VALUE;");
        cells.run(
                "Objective writes = c -> { double l = loss(c.getDouble(\"x0\"), 0); best = Math.min(best, l); return Metrics.of(\"loss\", l); };");
        NotShippableException assigns = assertThrows(
                NotShippableException.class, () -> sweep().backend(spark).run((Objective) cells.get("writes")));
        assertTrue(assigns.getMessage().contains("it assigns notebook variable `best`"), assigns.getMessage());
        assertTrue(assigns.getMessage().contains("Return the value as a metric"), assigns.getMessage());
        assertEquals(jobs, spark.session().sparkContext().statusTracker().getJobIdsForGroup(null).length, "no job ran");
        // The session is still usable.
        assertEquals(
                15, sweep().backend(spark).run((Objective) cells.get("descend")).size());
    }
}

package autograd.sweep;

import static autograd.sweep.SweepTables.assertSameTable;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import autograd.Autograd;
import autograd.Value;
import autograd.sweep.RunResult.Status;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** Running sweeps: the same table on any thread count, errors and divergence recorded, interrupts. */
class SweepRunTest {

    static final double[] XS = {-1, -0.5, 0, 0.5, 1, 1.5};
    static final int STEPS = 150;

    /**
     * Least squares of y = 2x − 1 by gradient descent with {@link Value}s, from a random start
     * drawn with the run's seed; reports the loss every step. Large learning rates diverge.
     */
    static Metrics fitLine(Config config, Run run) {
        Random random = config.random();
        Value w = new Value(random.nextGaussian()), b = new Value(random.nextGaussian());
        double lr = config.getDouble("lr");
        double loss = Double.NaN;
        for (int step = 0; step < STEPS; step++) {
            List<Value> squares = new ArrayList<>();
            for (double x : XS) squares.add(w.mul(x).add(b).sub(2 * x - 1).pow(2));
            Value total = Value.sum(squares).div(XS.length);
            w.grad = 0;
            b.grad = 0;
            total.backward();
            w.data -= lr * w.grad;
            b.data -= lr * b.grad;
            loss = total.data;
            if (run != null) run.report("loss", loss);
        }
        // The final loss without recording a graph: noGrad is per thread, so runs on other threads
        // that are recording at this moment are not affected (the tables below would differ).
        try (var scope = Autograd.noGrad()) {
            List<Value> squares = new ArrayList<>();
            for (double x : XS) squares.add(w.mul(x).add(b).sub(2 * x - 1).pow(2));
            Value total = Value.sum(squares).div(XS.length);
            if (total.requiresGrad()) throw new IllegalStateException("recorded inside noGrad");
            loss = total.data;
        }
        return Metrics.of("loss", loss, "w", w.data, "b", b.data);
    }

    static Sweep lineSweep() {
        return Sweep.over(Param.geomspace("lr", 0.01, 10, 6), Param.uniform("jitter", 0, 1))
                .samples(4)
                .seed(11)
                .minimize("loss")
                .progress(false);
    }

    @Test
    void theTableIsBitForBitTheSameOnOneTwoAndFourThreads() {
        Table one = lineSweep().threads(1).run(SweepRunTest::fitLine).table();
        Table two = lineSweep().threads(2).run(SweepRunTest::fitLine).table();
        Table four = lineSweep().threads(4).run(SweepRunTest::fitLine).table();
        Table reversed = lineSweep()
                .backend(new ReverseOrder())
                .run(SweepRunTest::fitLine)
                .table();
        assertEquals(24, one.rowCount());
        assertTrue(one.stringColumn("status").countOccurrences("diverged") > 0, "some learning rates diverge");
        assertTrue(one.stringColumn("status").countOccurrences("ok") > 0);
        assertSameTable(one, two);
        assertSameTable(one, four);
        assertSameTable(one, reversed);
    }

    @Test
    void aRunGivesWhatTheSameFunctionGivesOnTheCallingThread() {
        SweepResults results = lineSweep().threads(2).run(SweepRunTest::fitLine);
        for (RunResult run : results.runs()) {
            if (!run.ok()) continue;
            Metrics alone = fitLine(run.config(), null);
            assertEquals(alone, run.metrics(), "run " + run.config().index());
        }
    }

    @Test
    void batchesGiveTheSameTableWhateverTheThreads() {
        BatchObjective squares = configs -> {
            List<Metrics> out = new ArrayList<>();
            for (Config c : configs)
                out.add(Metrics.of("f", Math.sin(c.getDouble("x")) * c.random().nextDouble()));
            return out;
        };
        Sweep sweep = Sweep.over(Param.linspace("x", -3, 3, 101)).progress(false);
        Table a = sweep.threads(1).runBatched(7, squares).table();
        Table b = sweep.threads(3).runBatched(7, squares).table();
        assertEquals(101, a.rowCount());
        assertSameTable(a, b);
    }

    @Test
    void aRunThatThrowsIsRecordedAndTheOthersGoOn() {
        SweepResults results = Sweep.over(Param.range("n", 0, 12))
                .threads(2)
                .progress(false)
                .run(config -> {
                    int n = config.getInt("n");
                    if (n % 4 == 1) throw new IllegalStateException("no luck for " + n);
                    if (n == 6) return recurse(0);
                    return Metrics.of("square", n * n);
                });
        assertEquals(12, results.size());
        assertEquals(4, results.count(Status.ERROR), "n = 1, 5, 9 threw, and n = 6 overflowed the stack");
        assertEquals(8, results.count(Status.OK));
        Table table = results.table();
        assertEquals("error", table.stringColumn("status").get(5));
        assertEquals(
                "java.lang.IllegalStateException: no luck for 5",
                table.stringColumn("error").get(5));
        assertTrue(table.stringColumn("error").get(6).startsWith("java.lang.StackOverflowError"));
        assertTrue(Double.isNaN(table.doubleColumn("square").getDouble(5)), "an error has no metric: NaN, not 0");
        assertEquals(49.0, table.doubleColumn("square").getDouble(7));
        assertTrue(results.runs().get(5).trace().contains("SweepRunTest"), "the trace points into the run");
        assertEquals("", table.stringColumn("error").get(7));
    }

    private static Metrics recurse(int depth) {
        return depth < 0 ? Metrics.empty() : recurse(depth + 1);
    }

    @Test
    void aDivergingRunStopsEarlyAndTheOthersRunToTheEnd() {
        SweepResults results = lineSweep().threads(2).run(SweepRunTest::fitLine);
        for (RunResult run : results.runs()) {
            double lr = run.config().getDouble("lr");
            if (run.status() == Status.DIVERGED) {
                assertTrue(lr > 1, "only large learning rates diverge, not " + lr);
                assertTrue(
                        run.history().size() < STEPS,
                        "stopped early: " + run.history().size() + " steps");
                String bad = run.error();
                assertTrue(bad.matches("step \\d+: loss = (NaN|Infinity)"), bad);
                assertFalse(Double.isFinite(run.metrics().get("loss")), "the last report is kept: " + run.metrics());
            } else {
                assertEquals(Status.OK, run.status());
                assertEquals(STEPS, run.history().size());
            }
        }
        Table table = results.table();
        assertEquals(
                List.of("run", "lr", "jitter", "seed", "loss", "w", "b", "status", "reports", "seconds", "error"),
                table.columnNames());
        Table history = results.history();
        assertEquals(results.runs().stream().mapToInt(r -> r.history().size()).sum(), history.rowCount());
        assertEquals(List.of("run", "lr", "jitter", "step", "loss"), history.columnNames());
    }

    @Test
    void theStopRuleEndsRunsBeforeTheyOverflow() {
        SweepResults ruled =
                lineSweep().stopWhen(m -> m.get("loss") > 100).threads(2).run(SweepRunTest::fitLine);
        SweepResults plain = lineSweep().threads(2).run(SweepRunTest::fitLine);
        int ruledSteps = 0, plainSteps = 0;
        for (int i = 0; i < ruled.size(); i++) {
            RunResult a = ruled.runs().get(i), b = plain.runs().get(i);
            if (b.status() != Status.DIVERGED) continue;
            assertEquals(Status.DIVERGED, a.status());
            assertTrue(a.error().contains("stop rule"), a.error());
            assertTrue(Double.isFinite(a.metrics().get("loss")));
            ruledSteps += a.history().size();
            plainSteps += b.history().size();
        }
        assertTrue(plainSteps > 0 && ruledSteps < plainSteps, ruledSteps + " vs " + plainSteps);
    }

    @Test
    void anObjectiveWithANonFiniteResultIsMarkedDiverged() {
        SweepResults results = Sweep.over(Param.linspace("x", -1, 1, 3))
                .progress(false)
                .run(c -> Metrics.of("log", Math.log(c.getDouble("x"))));
        assertEquals(
                List.of(Status.DIVERGED, Status.DIVERGED, Status.OK),
                results.runs().stream().map(RunResult::status).toList());
        assertEquals("final: log = NaN", results.runs().get(0).error());
        assertEquals("final: log = -Infinity", results.runs().get(1).error());
        assertEquals("NaN", results.table().doubleColumn("log").getString(0), "a NaN prints as NaN, never blank");
        SweepResults allowed = Sweep.over(Param.linspace("x", -1, 1, 3))
                .stopOnNonFinite(false)
                .progress(false)
                .run(c -> Metrics.of("log", Math.log(c.getDouble("x"))));
        assertEquals(3, allowed.count(Status.OK));
    }

    @Test
    void nanAndInfiniteMetricsAreNeverTheBest() {
        // log(x) on -1, 0, 1: NaN, -Infinity, 0; runs that may go on with them still never rank.
        for (boolean maximize : new boolean[] {true, false}) {
            Sweep sweep = Sweep.over(Param.grid("x", -1.0, 0.0, 1.0))
                    .stopOnNonFinite(false)
                    .progress(false);
            sweep = maximize ? sweep.maximize("log") : sweep.minimize("log");
            SweepResults results = sweep.run(c -> Metrics.of("log", Math.log(c.getDouble("x"))));
            assertEquals(3, results.count(Status.OK));
            assertEquals(2, results.bestRun().config().index(), "maximize " + maximize);
            assertEquals(1, results.best(3).rowCount(), "maximize " + maximize);
            assertEquals(1, results.largest(3, "log").rowCount());
            assertEquals(1, results.smallest(3, "log").rowCount());
        }
    }

    @Test
    void aMetricNamedLikeAParameterIsAnErrorOfThatRun() {
        SweepResults results = Sweep.over(Param.grid("lr", 0.1)).progress(false).run(c -> Metrics.of("lr", 1));
        assertEquals(Status.ERROR, results.runs().get(0).status());
        assertTrue(results.runs().get(0).error().contains("has the name of a parameter"));
    }

    @Test
    void interruptingTheCallingThreadReturnsTheFinishedRunsPromptly() throws Exception {
        AtomicInteger started = new AtomicInteger();
        Sweep sweep = Sweep.over(Param.range("n", 0, 10_000)).threads(2).progress(false);
        AtomicReference<SweepResults> returned = new AtomicReference<>();
        AtomicReference<Boolean> flagAfter = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            returned.set(sweep.run((config, run) -> {
                started.incrementAndGet();
                long until = System.nanoTime() + 20_000_000; // 20 ms of work, reporting as it goes
                double x = 0;
                while (System.nanoTime() < until) {
                    for (int i = 0; i < 10_000; i++) x += Math.sqrt(i);
                    run.report("x", x);
                }
                return null;
            }));
            flagAfter.set(Thread.currentThread().isInterrupted());
        });
        caller.start();
        while (sweep.results() == null || sweep.results().size() < 6) Thread.sleep(10);
        long interruptAt = System.nanoTime();
        caller.interrupt();
        caller.join(5_000);
        double stopSeconds = (System.nanoTime() - interruptAt) / 1e9;
        assertFalse(caller.isAlive());
        assertTrue(stopSeconds < 1, "returned " + stopSeconds + " s after the interrupt");
        SweepResults results = returned.get();
        assertTrue(results.interrupted());
        assertTrue(results.size() >= 6 && results.size() < 10_000, results.toString());
        assertTrue(flagAfter.get(), "the caller still sees its interrupt");
        assertEquals(results.size(), sweep.results().size());
        // the workers stop at their next report: nothing starts after a short while
        Thread.sleep(200);
        int startedThen = started.get();
        Thread.sleep(300);
        assertEquals(startedThen, started.get(), "no run started after the interrupt");
        assertTrue(startedThen <= results.size() + 2, "at most one run per thread was cut short");
        assertTrue(workerThreads().isEmpty(), "worker threads ended: " + workerThreads());
    }

    private static List<String> workerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .map(Thread::getName)
                .filter(n -> n.startsWith("sweep-") && n.contains("-worker-"))
                .toList();
    }

    @Test
    void aFailingBackendStopsTheSweepWithTheRunsItFinished() {
        Backend broken = new Backend() {
            @Override
            public int parallelism() {
                return 1;
            }

            @Override
            public Execution submit(List<Task> tasks, Listener listener) {
                listener.finished(tasks.get(0), tasks.get(0).run());
                listener.failed(new IllegalStateException("lost the cluster"));
                return () -> {};
            }
        };
        Sweep sweep = Sweep.over(Param.range("n", 0, 5)).backend(broken).progress(false);
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> sweep.run(c -> Metrics.of("m", c.getInt("n"))));
        assertTrue(
                e.getMessage().contains("failed after 1 of 5 runs: java.lang.IllegalStateException: lost the cluster"),
                e.getMessage());
        assertEquals(1, sweep.results().size());
    }

    @Test
    void bestRunsAndChartsComeFromTheRunsThatEndedOk() {
        SweepResults results = lineSweep().threads(2).run(SweepRunTest::fitLine);
        Table best = results.best(5);
        double[] okLosses = results.runs().stream()
                .filter(RunResult::ok)
                .mapToDouble(r -> r.metrics().get("loss"))
                .sorted()
                .toArray();
        assertTrue(okLosses.length > 5);
        assertArrayEquals(
                Arrays.copyOf(okLosses, 5), best.doubleColumn("loss").asDoubleArray(), "the five smallest, in order");
        double smallest = okLosses[0];
        assertEquals(smallest, results.bestRun().metrics().get("loss"));
        assertEquals(
                List.of("ok", "ok", "ok", "ok", "ok"),
                best.stringColumn("status").asList());
        Table largestW = results.largest(2, "w");
        assertTrue(
                largestW.doubleColumn("w").get(0) >= largestW.doubleColumn("w").get(1));

        var lines = results.lines("loss", "lr");
        assertEquals(1, lines.getSeriesCollection().size());
        var heat = results.heatmap("w", "lr", "jitter");
        assertNotNull(heat.getHeatMapSeries());

        double[] lrs = results.values("lr");
        assertEquals(6, lrs.length);
        double[][] matrix = Sweep.over(Param.grid("a", 1, 2), Param.grid("b", 10, 20, 30))
                .samples(2)
                .progress(false)
                .run(c -> Metrics.of("p", c.getInt("a") * c.getInt("b") + (c.index() < 6 ? 1 : -1)))
                .matrix("p", "b", "a");
        assertEquals(2, matrix.length);
        assertEquals(3, matrix[0].length);
        assertEquals(40, matrix[1][1], "the mean of the two repeats (41 and 39) at a = 2, b = 20");
        assertEquals(30, matrix[0][2]);
    }

    @Test
    void labelsGetAColumnAndOneColourEach() {
        SweepResults results = Sweep.over(Param.linspace("x", -2, 2, 9), Param.linspace("y", -2, 2, 9))
                .progress(false)
                .run(c -> Metrics.of("r", Math.hypot(c.getDouble("x"), c.getDouble("y")))
                        .with("where", c.getDouble("x") < 0 ? "west" : "east"));
        assertEquals("west", results.table().stringColumn("where").get(0));
        var chart = results.heatmap("where", "x", "y");
        assertTrue(chart.getStyler().isPiecewise());
        assertEquals(2, chart.getStyler().getSplitNumber());
        assertEquals("east", chart.getStyler().getHeatMapDecimalValueFormatter().apply(1.0));
        // a part of the sweep keeps the whole sweep's colours, even with one label only
        SweepResults east = results.filter(r -> r.config().getDouble("x") > 0);
        assertEquals(36, east.size());
        var eastChart = east.heatmap("where", "x", "y");
        assertEquals(2, eastChart.getStyler().getSplitNumber());
        assertEquals(
                "east", eastChart.getStyler().getHeatMapDecimalValueFormatter().apply(1.0));
        assertEquals(9, results.where("x", 2).size(), "where compares numbers by value: 2 matches 2.0");
    }

    @Test
    void theProgressBarShowsRunsTimeLeftAndTheBestSoFar() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            lineSweep().name("lines").progress(true).threads(2).run(SweepRunTest::fitLine);
        } finally {
            System.setOut(original);
        }
        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
        assertTrue(lines.get(0).startsWith("lines [------------------------------]   0% 0/24"), lines.get(0));
        String last = lines.get(lines.size() - 1);
        assertTrue(last.startsWith("lines [" + "#".repeat(30) + "] 100% 24/24"), last);
        assertTrue(last.matches(".* best loss \\S+ \\(lr=\\S+, jitter=\\S+\\) · \\d+ diverged$"), last);
    }

    @Test
    void resultsDescribeThemselves() {
        SweepResults results = Sweep.over(Param.range("n", 0, 3))
                .threads(1)
                .progress(false)
                .run(c -> Metrics.of("twice", 2 * c.getInt("n")));
        assertTrue(
                results.toString()
                        .matches("sweep: 3 of 3 runs \\(3 ok, 0 diverged, 0 errors\\) in \\S+ s on local threads: 1"),
                results.toString());
        assertFalse(results.interrupted());
        assertFalse(results.running());
        assertNull(results.runs().get(0).error());
    }

    /** A backend that runs the tasks last to first on one thread of its own. */
    static final class ReverseOrder implements Backend {
        @Override
        public int parallelism() {
            return 1;
        }

        @Override
        public Execution submit(List<Task> tasks, Listener listener) {
            List<Task> reversed = new ArrayList<>(tasks);
            Collections.reverse(reversed);
            Thread thread = new Thread(() -> reversed.forEach(t -> listener.finished(t, t.run())));
            thread.start();
            return thread::interrupt;
        }
    }
}

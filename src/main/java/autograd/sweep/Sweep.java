package autograd.sweep;

import autograd.notebook.ProgressBar;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Many independent runs of one function over named parameters, on all cores: this project's Ray
 * Tune. A sweep combines grids of values (every combination), random samples (drawn with the
 * sweep's seed) and explicit configurations; it runs a function of one {@link Config} that returns
 * {@link Metrics}, and gives back {@link SweepResults}: a Tablesaw table with one row per run, the
 * best runs, a heat map over two parameters and lines over one.
 *
 * <pre>{@code
 * jshell> var sweep = Sweep.over(Param.geomspace("lr", 0.01, 1, 5), Param.linspace("x0", -3, 3, 7))
 *    ...>         .minimize("f");
 * jshell> var results = sweep.run(config -> {
 *    ...>     double x = config.getDouble("x0"), lr = config.getDouble("lr");
 *    ...>     for (int step = 0; step < 50; step++) x -= lr * 2 * (x - 2);     // gradient descent on (x − 2)²
 *    ...>     return Metrics.of("f", (x - 2) * (x - 2));
 *    ...> });
 * jshell> results.best(3)                       // a Table: the three runs with the smallest f
 * jshell> results.heatmap("f", "x0", "lr")      // f over the two parameters
 * }</pre>
 *
 * <p><b>Determinism.</b> Configurations are generated on the calling thread, each with a seed
 * derived from the sweep's seed and its values; the runs are independent and the table is sorted
 * by run number. So the table is bit for bit the same whatever the thread count or backend, except
 * for the {@code seconds} column (each run's wall time). {@link #runBatched} cuts the
 * configurations into batches of a size you give, never by thread count.
 *
 * <p><b>Failures.</b> A run that throws is recorded with status {@code error} and its exception;
 * a run whose metrics become NaN or infinite (or meet {@link #stopWhen}) is recorded as
 * {@code diverged}, and a {@link Trainable} that reports as it goes is stopped at that step. The
 * other runs go on.
 *
 * <p><b>Interrupts.</b> Interrupting the thread that called {@code run} (in Jupyter: the stop
 * button, which interrupts the cell) stops the sweep: no new run starts, reporting runs stop at
 * their next report, and {@code run} returns within a fraction of a second with the runs that
 * finished ({@link SweepResults#interrupted()} is then true and the thread's interrupt flag is set
 * again). In a notebook the kernel reports the cell as interrupted, but {@code var results =
 * sweep.run(...)} still receives the finished runs a moment later, and {@link #results()} has them
 * too.
 *
 * <p><b>Plain data.</b> Configurations, metrics, results and the functions (serializable lambdas)
 * can cross JVMs; where the runs execute is a {@link Backend} (local threads by default).
 */
public final class Sweep {

    private static final long POLL_MILLIS = 50;

    private final List<Param> params = new ArrayList<>();
    private final List<String> explicitNames;
    private final List<List<Object>> explicitRows;
    private int samples = 1;
    private long seed = 0;
    private Integer threads;
    private Backend backend;
    private String objective;
    private boolean maximize;
    private StopRule stopRule;
    private boolean stopOnNonFinite = true;
    private String name = "sweep";
    private boolean progress = true;
    private volatile Live live;

    private Sweep(List<String> explicitNames, List<List<Object>> explicitRows) {
        this.explicitNames = explicitNames;
        this.explicitRows = explicitRows;
    }

    /** A sweep over these parameters: every combination of the grids, times {@link #samples} draws. */
    public static Sweep over(Param... params) {
        return new Sweep(List.of(), List.of()).and(params);
    }

    /**
     * A sweep over an explicit list of configurations, each a map from parameter name to a plain
     * value (number, string, boolean). Every map must have the same names. Parameters added with
     * {@link #and} combine with each of them.
     */
    public static Sweep of(List<? extends Map<String, ?>> configurations) {
        if (configurations == null || configurations.isEmpty()) {
            throw new IllegalArgumentException("Sweep.of needs at least one configuration");
        }
        Map<String, ?> first = configurations.get(0);
        if (first == null) throw new IllegalArgumentException("configuration 0 is null");
        List<String> names = orderedNames(first);
        names.forEach(Param::checkName);
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < configurations.size(); i++) {
            Map<String, ?> map = configurations.get(i);
            if (map == null || !map.keySet().equals(first.keySet())) {
                throw new IllegalArgumentException("configuration " + i + " has the names "
                        + (map == null ? "null" : map.keySet()) + " but configuration 0 has " + names
                        + "; every configuration needs the same names");
            }
            List<Object> row = new ArrayList<>();
            for (String name : names) row.add(Param.plainValue(name, map.get(name)));
            rows.add(row);
        }
        return new Sweep(List.copyOf(names), List.copyOf(rows));
    }

    /** Map order when it has one (LinkedHashMap, TreeMap), else alphabetical: never hash order. */
    private static List<String> orderedNames(Map<String, ?> map) {
        List<String> names = new ArrayList<>(map.keySet());
        if (!(map instanceof LinkedHashMap || map instanceof SortedMap)) names.sort(null);
        return names;
    }

    /** More parameters. */
    public Sweep and(Param... more) {
        List<String> names = new ArrayList<>(paramNames());
        for (Param param : more) {
            if (param == null) throw new IllegalArgumentException("a parameter is null");
            names.add(param.name());
        }
        Param.checkUnique(names);
        params.addAll(Arrays.asList(more));
        return this;
    }

    /**
     * How many times to draw the sampled parameters for each grid point (Ray Tune's
     * {@code num_samples}); with grids only, each configuration then runs this many times, each
     * with its own seed.
     */
    public Sweep samples(int samples) {
        if (samples < 1) throw new IllegalArgumentException("samples must be at least 1, got " + samples);
        this.samples = samples;
        return this;
    }

    /** The seed of the sampled parameters and of every run's {@link Config#seed()} (default 0). */
    public Sweep seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Run on this many threads of this JVM (default: one per available processor). */
    public Sweep threads(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        this.threads = threads;
        this.backend = null;
        return this;
    }

    /** Run on this backend instead of local threads. */
    public Sweep backend(Backend backend) {
        if (backend == null) throw new IllegalArgumentException("backend is null");
        this.backend = backend;
        this.threads = null;
        return this;
    }

    /** The metric to make small: the progress bar shows the best so far, {@link SweepResults#best} sorts by it. */
    public Sweep minimize(String metric) {
        return objective(metric, false);
    }

    /** The metric to make large (an accuracy). */
    public Sweep maximize(String metric) {
        return objective(metric, true);
    }

    private Sweep objective(String metric, boolean maximize) {
        if (metric == null || metric.isBlank()) throw new IllegalArgumentException("name the metric");
        this.objective = metric;
        this.maximize = maximize;
        return this;
    }

    /** When a run counts as diverged beyond NaN and infinities, e.g. {@code m -> m.get("loss") > 1e6}. */
    public Sweep stopWhen(StopRule rule) {
        if (rule == null) throw new IllegalArgumentException("stop rule is null");
        this.stopRule = rule;
        return this;
    }

    /** Whether a NaN or infinite metric marks (and stops) a run as diverged (default true). */
    public Sweep stopOnNonFinite(boolean stop) {
        this.stopOnNonFinite = stop;
        return this;
    }

    /** The name shown on the progress bar and the result table. */
    public Sweep name(String name) {
        this.name = name == null ? "" : name;
        return this;
    }

    /** Whether to show a progress bar (in place in a notebook, text lines elsewhere); default true. */
    public Sweep progress(boolean show) {
        this.progress = show;
        return this;
    }

    /** The parameters, explicit ones first. */
    public List<String> paramNames() {
        List<String> names = new ArrayList<>(explicitNames);
        params.forEach(p -> names.add(p.name()));
        return names;
    }

    /** Every configuration this sweep runs, in order: explicit rows, then samples, then grid combinations. */
    public List<Config> configs() {
        List<String> names = paramNames();
        List<Param> grids = params.stream().filter(Param::isGrid).toList();
        long count = (long) Math.max(1, explicitRows.size()) * samples;
        for (Param grid : grids) count *= grid.values().size();
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("this sweep has " + count + " configurations, more than a sweep holds");
        }
        List<List<Object>> rows = explicitRows.isEmpty() ? List.of(List.of()) : explicitRows;
        List<Config> configs = new ArrayList<>((int) count);
        Map<String, Integer> occurrences = new HashMap<>();
        int[] odometer = new int[grids.size()];
        for (List<Object> row : rows) {
            for (int sample = 0; sample < samples; sample++) {
                Arrays.fill(odometer, 0);
                do {
                    int index = configs.size();
                    SplittableRandom draws = new SplittableRandom(Config.mix(Config.mix(seed) + index));
                    List<Object> values = new ArrayList<>(row);
                    int g = 0;
                    for (Param param : params) {
                        values.add(param.isGrid() ? param.values().get(odometer[g++]) : param.sample(draws));
                    }
                    String key = Config.key(names, values);
                    int occurrence = occurrences.merge(key, 1, Integer::sum) - 1;
                    configs.add(new Config(index, names, values, key, seed, occurrence));
                } while (advance(odometer, grids));
            }
        }
        return configs;
    }

    /** The next grid combination, the last parameter fastest (as nested loops); false after the last. */
    private static boolean advance(int[] odometer, List<Param> grids) {
        for (int g = odometer.length - 1; g >= 0; g--) {
            if (++odometer[g] < grids.get(g).values().size()) return true;
            odometer[g] = 0;
        }
        return false;
    }

    /** Runs {@code objective} on every configuration. */
    public SweepResults run(Objective objective) {
        return execute(objective, 1);
    }

    /** Runs {@code trainable} on every configuration; its reports become each run's history. */
    public SweepResults run(Trainable trainable) {
        return execute(trainable, 1);
    }

    /**
     * Runs {@code objective} on batches of {@code batchSize} configurations (the last may be
     * shorter): for work that is faster batched, such as one tensor computation over many starts.
     */
    public SweepResults runBatched(int batchSize, BatchObjective objective) {
        if (batchSize < 1) throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        return execute(objective, batchSize);
    }

    /**
     * The results of the latest {@code run}: while it runs, the runs finished so far; after an
     * interrupt, the runs that finished. Null before the first run.
     */
    public SweepResults results() {
        Live current = live;
        return current == null ? null : current.snapshot();
    }

    private SweepResults execute(Serializable function, int batchSize) {
        if (function == null) throw new IllegalArgumentException("the function to run is null");
        List<Config> configs = configs();
        List<Task> tasks = new ArrayList<>();
        for (int from = 0; from < configs.size(); from += batchSize) {
            List<Config> chunk = configs.subList(from, Math.min(configs.size(), from + batchSize));
            tasks.add(new Task(tasks.size(), chunk, function, stopOnNonFinite, stopRule));
        }
        Backend chosen = backend != null
                ? backend
                : Backend.local(threads != null ? threads : Runtime.getRuntime().availableProcessors());
        Live current = new Live(this, configs.size(), function instanceof Trainable, chosen.toString());
        live = current;
        BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        Backend.Execution execution = chosen.submit(tasks, new Backend.Listener() {
            @Override
            public void finished(Task task, List<RunResult> results) {
                events.add(results);
            }

            @Override
            public void failed(Throwable error) {
                events.add(error);
            }
        });
        ProgressBar bar = progress ? ProgressBar.start(name, configs.size()) : null;
        boolean interrupted = false;
        Throwable failure = null;
        try {
            while (current.done() < configs.size()) {
                Object event;
                try {
                    event = events.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                    break;
                }
                if (event instanceof Throwable error) {
                    failure = error;
                    break;
                }
                if (event != null) current.add(castResults((List<?>) event));
                if (bar != null) bar.update(current.done(), current.note());
            }
        } finally {
            if (current.done() < configs.size()) {
                execution.cancel();
                // Runs that finished while we were stopping are finished runs: keep them.
                for (Object event; (event = events.poll()) != null; ) {
                    if (event instanceof List<?> results) current.add(castResults(results));
                }
            }
            current.end(interrupted);
            if (bar != null) {
                String end = interrupted
                        ? "interrupted: " + current.done() + " of " + configs.size() + " runs finished"
                        : failure != null ? "failed: " + failure : "";
                bar.update(current.done(), join(end, current.note()));
                bar.close();
            }
        }
        if (failure != null) {
            throw new IllegalStateException(
                    "the sweep's backend (" + chosen + ") failed after " + current.done() + " of " + configs.size()
                            + " runs: " + failure + "; sweep.results() has the finished runs",
                    failure);
        }
        if (interrupted) Thread.currentThread().interrupt(); // the caller still sees the interrupt
        return current.snapshot();
    }

    @SuppressWarnings("unchecked")
    private static List<RunResult> castResults(List<?> results) {
        return (List<RunResult>) results;
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : a + " · " + b;
    }

    /** The results as they arrive; snapshots for {@link #results()}. */
    private static final class Live {
        private final String name;
        private final List<String> paramNames;
        private final List<String> logScaleNames;
        private final int planned;
        private final boolean reports;
        private final String backend;
        private final long startMillis = System.currentTimeMillis();
        private final long startNanos = System.nanoTime();
        private final TreeMap<Integer, RunResult> byIndex = new TreeMap<>();
        private final String objective;
        private final boolean maximize;
        private final Comparator<RunResult> bestFirst;
        private RunResult best;
        private int diverged, errors;
        private boolean ended, interrupted;
        private long endMillis;
        private double seconds;

        Live(Sweep sweep, int planned, boolean reports, String backend) {
            this.name = sweep.name;
            this.paramNames = sweep.paramNames();
            this.logScaleNames = sweep.logScaleNames();
            this.planned = planned;
            this.reports = reports;
            this.backend = backend;
            this.objective = sweep.objective;
            this.maximize = sweep.maximize;
            this.bestFirst = objective == null ? null : SweepResults.bestFirst(objective, maximize);
        }

        synchronized void add(List<RunResult> results) {
            for (RunResult result : results) {
                byIndex.put(result.config().index(), result);
                switch (result.status()) {
                    case DIVERGED -> diverged++;
                    case ERROR -> errors++;
                    case OK -> {
                        if (objective != null && better(result, best)) best = result;
                    }
                }
            }
        }

        private boolean better(RunResult candidate, RunResult incumbent) {
            return SweepResults.ranks(candidate, objective)
                    && (incumbent == null || bestFirst.compare(candidate, incumbent) < 0);
        }

        synchronized int done() {
            return byIndex.size();
        }

        synchronized String note() {
            List<String> parts = new ArrayList<>();
            if (best != null) {
                parts.add("best " + objective + " "
                        + Metrics.format(best.metrics().get(objective)) + " (" + best.config() + ")");
            }
            if (diverged > 0) parts.add(diverged + " diverged");
            if (errors > 0) parts.add(errors + (errors == 1 ? " error" : " errors"));
            return String.join(" · ", parts);
        }

        synchronized void end(boolean interrupted) {
            this.ended = true;
            this.interrupted = interrupted;
            this.endMillis = System.currentTimeMillis();
            this.seconds = (System.nanoTime() - startNanos) / 1e9;
        }

        synchronized SweepResults snapshot() {
            double wall = ended ? seconds : (System.nanoTime() - startNanos) / 1e9;
            return new SweepResults(
                    name,
                    paramNames,
                    logScaleNames,
                    List.copyOf(byIndex.values()),
                    planned,
                    reports,
                    objective,
                    maximize,
                    ended && interrupted,
                    !ended,
                    backend,
                    startMillis,
                    ended ? endMillis : System.currentTimeMillis(),
                    wall);
        }
    }

    private List<String> logScaleNames() {
        return params.stream().filter(Param::logScale).map(Param::name).toList();
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        if (!explicitRows.isEmpty()) parts.add(explicitRows.size() + " explicit configurations of " + explicitNames);
        params.forEach(p -> parts.add(p.toString()));
        if (samples > 1) parts.add(samples + " samples");
        return "Sweep '" + name + "' over " + String.join(", ", parts);
    }
}

package autograd.spark;

import autograd.sweep.Backend;
import autograd.sweep.RunResult;
import autograd.sweep.Task;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.spark.SimpleFutureAction;
import org.apache.spark.SparkContext;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.SparkSession;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction0;
import scala.runtime.AbstractFunction1;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * Runs a {@link autograd.sweep.Sweep}'s tasks on Apache Spark: in this JVM ({@code local[*]}) or on a
 * cluster ({@code spark://host:7077}), with the same table as the local backend. Functions written
 * in notebook cells travel with the job (their class files, and the values of the notebook
 * variables they read); the library's jars and the other jars of the kernel's class path reach the
 * executors by themselves. The progress bar advances as Spark tasks finish; interrupting the cell
 * cancels the job.
 *
 * <pre>{@code
 * jshell> var spark = SparkBackend.connect("local[*]");          // or "spark://host:7077"
 * jshell> var results = Sweep.over(Param.linspace("x", -2, 2, 101)).backend(spark)
 *    ...>         .run(c -> Metrics.of("f", Math.pow(c.getDouble("x"), 2)));
 * jshell> spark.close();                                          // stops the session it made
 * }</pre>
 *
 * <p>A function cannot assign notebook variables, and the variables it reads must be
 * {@link java.io.Serializable}; what breaks these rules fails before any task runs, with a
 * {@link NotShippableException} naming the variable (docs/sweeps.md, "Sweeps on Spark").
 */
public final class SparkBackend implements Backend, AutoCloseable {

    private static final AtomicInteger SUBMISSIONS = new AtomicInteger();

    private final SparkSession session;
    private final boolean ownsSession;
    private final int partitionsPerCore;
    private final List<String> excludeJars;
    private final Path scratch;

    private SparkBackend(SparkSession session, boolean ownsSession, Builder options) {
        this.session = session;
        this.ownsSession = ownsSession;
        this.partitionsPerCore = options.partitionsPerCore;
        this.excludeJars = List.copyOf(options.excludeJars);
        try {
            this.scratch = Files.createTempDirectory("autograd-spark-jars");
            scratch.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a folder for the jars to ship", e);
        }
    }

    /** A backend on a session made elsewhere (in a cell, by {@code SparkSession.builder()}); {@link #close} leaves it running. */
    public static SparkBackend on(SparkSession session) {
        return builder().session(session).connect();
    }

    /**
     * Starts a session on {@code master} ({@code local[*]}, {@code local[4]}, {@code spark://host:7077})
     * with Spark's logging quiet in the notebook (errors only, on standard output), unless a log4j2
     * configuration is given.
     */
    public static SparkBackend connect(String master) {
        return builder().master(master).connect();
    }

    /** Options: master, application name, Spark settings, jars to leave out, task size. */
    public static Builder builder() {
        return new Builder();
    }

    /** The session the sweeps run on. */
    public SparkSession session() {
        return session;
    }

    /** The cores Spark schedules on (its default parallelism: all executor cores once registered). */
    @Override
    public int parallelism() {
        return session.sparkContext().defaultParallelism();
    }

    @Override
    public Execution submit(List<Task> tasks, Listener listener) {
        Objects.requireNonNull(tasks, "tasks");
        Objects.requireNonNull(listener, "listener");
        if (tasks.isEmpty()) return () -> {};
        Task first = tasks.get(0);
        for (Task task : tasks) {
            if (task.function() != first.function() || task.stopRule() != first.stopRule()) {
                throw new IllegalArgumentException("the tasks of one submission must share their function");
            }
        }
        // Fails here, in the caller's thread and before any task runs, when the code cannot travel.
        ShippedCode shipped = FunctionPacker.pack(new SweepCode(first.function(), first.stopRule()));
        SparkContext sc = session.sparkContext();
        shipJars(sc);

        int partitions = Math.min(tasks.size(), Math.max(1, partitionsPerCore * parallelism()));
        List<ArrayList<Task>> slices = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            // Contiguous slices, as even as can be: partition p holds tasks [p·n/P, (p+1)·n/P).
            ArrayList<Task> slice = new ArrayList<>();
            for (int t = (int) ((long) p * tasks.size() / partitions);
                    t < (int) ((long) (p + 1) * tasks.size() / partitions);
                    t++) {
                slice.add(tasks.get(t).withoutCode());
            }
            slices.add(slice);
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(sc);
        Broadcast<ShippedCode> code = jsc.broadcast(shipped);
        RDD<ArrayList<Task>> rdd = jsc.parallelize(slices, partitions).rdd();

        Submission submission = new Submission(sc, tasks, slices, listener);
        List<Object> ids = new ArrayList<>();
        for (int p = 0; p < partitions; p++) ids.add(p);
        Map<String, String> before = jobProperties(sc);
        try {
            // Thread-local in Spark: set for this submission, then put back as the caller had them.
            sc.setJobGroup(submission.group, "autograd sweep: " + tasks.size() + " tasks", true);
            submission.future = sc.submitJob(
                    rdd,
                    new RunSlices(code),
                    scala.jdk.javaapi.CollectionConverters.asScala(ids).toSeq(),
                    new Finished(submission),
                    new Unit());
        } finally {
            restoreJobProperties(sc, before);
        }
        submission.watch(code);
        return submission;
    }

    private static final String[] JOB_PROPERTIES = {
        "spark.jobGroup.id", "spark.job.description", "spark.job.interruptOnCancel"
    };

    private static Map<String, String> jobProperties(SparkContext sc) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : JOB_PROPERTIES) values.put(key, sc.getLocalProperty(key));
        return values;
    }

    private static void restoreJobProperties(SparkContext sc, Map<String, String> values) {
        values.forEach(sc::setLocalProperty); // null removes
    }

    /** Adds the jars the executors do not have yet; Spark sends them with the next tasks. */
    private void shipJars(SparkContext sc) {
        Set<String> shipped = new HashSet<>();
        for (String url : scala.jdk.javaapi.CollectionConverters.asJava(sc.listJars())) {
            shipped.add(url.substring(url.lastIndexOf('/') + 1));
        }
        for (Path jar : ShippedJars.find(SparkBackend.class.getClassLoader(), excludeJars, scratch)) {
            if (shipped.add(jar.getFileName().toString())) sc.addJar(jar.toString());
        }
    }

    /** Stops the session if this backend started it ({@link #connect}); one given to {@link #on} goes on. */
    @Override
    public void close() {
        if (ownsSession) session.stop();
    }

    @Override
    public String toString() {
        SparkContext sc = session.sparkContext();
        return "Spark " + sc.master() + " (" + parallelism() + " cores)";
    }

    /** One submitted sweep: its Spark job, the tasks delivered so far, cancellation. */
    private static final class Submission implements Execution {
        final String group = "autograd-sweep-" + SUBMISSIONS.incrementAndGet() + "-" + UUID.randomUUID();
        final SparkContext sc;
        final List<Task> tasks;
        final List<ArrayList<Task>> slices;
        final Listener listener;
        final BitSet delivered = new BitSet();
        volatile boolean cancelled;
        volatile SimpleFutureAction<BoxedUnit> future;

        Submission(SparkContext sc, List<Task> tasks, List<ArrayList<Task>> slices, Listener listener) {
            this.sc = sc;
            this.tasks = tasks;
            this.slices = slices;
            this.listener = listener;
        }

        /** Called by Spark on the driver once per partition, as each ends (the first successful attempt). */
        void finished(int partition, ArrayList<ArrayList<RunResult>> results) {
            synchronized (delivered) {
                if (delivered.get(partition)) {
                    fail(new IllegalStateException("Spark delivered partition " + partition + " twice"));
                    return;
                }
                delivered.set(partition);
            }
            List<Task> slice = slices.get(partition);
            if (results.size() != slice.size()) {
                fail(new IllegalStateException("partition " + partition + " came back with " + results.size()
                        + " results for " + slice.size() + " tasks"));
                return;
            }
            for (int i = 0; i < slice.size(); i++) {
                Task task = tasks.get(slice.get(i).id());
                List<RunResult> runs = results.get(i);
                if (runs.size() != task.configs().size() && !cancelled) {
                    fail(new IllegalStateException(task + " came back with " + runs.size() + " of "
                            + task.configs().size() + " runs"));
                    return;
                }
                listener.finished(task, runs);
            }
        }

        private void fail(Throwable error) {
            if (!cancelled) listener.failed(error);
        }

        /** Reports a job that fails (not a run: runs record their own errors) and frees the broadcast. */
        void watch(Broadcast<ShippedCode> code) {
            Thread watcher = new Thread(
                    () -> {
                        try {
                            future.get();
                        } catch (Throwable e) {
                            fail(reason(e));
                        } finally {
                            code.destroy();
                        }
                    },
                    group + "-watcher");
            watcher.setDaemon(true);
            watcher.start();
        }

        /** The job's own failure ("Job aborted due to stage failure: ..."), not the future's wrapper. */
        private static Throwable reason(Throwable e) {
            Throwable reason = e;
            while (reason.getCause() != null
                    && String.valueOf(reason.getMessage()).startsWith("Exception thrown in awaitResult")) {
                reason = reason.getCause();
            }
            return reason;
        }

        @Override
        public void cancel() {
            cancelled = true;
            sc.cancelJobGroup(group); // kills the running tasks (interruptOnCancel) and drops the rest
        }
    }

    /** The executor side: one partition's tasks, each run with the shipped code. */
    static final class RunSlices extends AbstractFunction1<Iterator<ArrayList<Task>>, ArrayList<ArrayList<RunResult>>>
            implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Broadcast<ShippedCode> code;

        RunSlices(Broadcast<ShippedCode> code) {
            this.code = code;
        }

        @Override
        public ArrayList<ArrayList<RunResult>> apply(Iterator<ArrayList<Task>> slices) {
            ShippedCode shipped = code.value();
            ClassLoader parent = RunSlices.class.getClassLoader();
            SweepCode sweepCode = CellCode.load(shipped, parent);
            TaskContext context = TaskContext.get();
            BooleanSupplier stop =
                    () -> Thread.currentThread().isInterrupted() || (context != null && context.isInterrupted());
            Thread thread = Thread.currentThread();
            ClassLoader before = thread.getContextClassLoader();
            thread.setContextClassLoader(CellCode.loader(shipped, parent)); // code that loads by name sees the cells
            try {
                ArrayList<ArrayList<RunResult>> results = new ArrayList<>();
                while (slices.hasNext()) {
                    for (Task task : slices.next()) {
                        results.add(new ArrayList<>(task.withCode(sweepCode.function(), sweepCode.stopRule())
                                .run(stop)));
                    }
                }
                return results;
            } finally {
                thread.setContextClassLoader(before);
            }
        }
    }

    private static final class Finished extends AbstractFunction2<Object, ArrayList<ArrayList<RunResult>>, BoxedUnit> {
        private final Submission submission;

        Finished(Submission submission) {
            this.submission = submission;
        }

        @Override
        public BoxedUnit apply(Object partition, ArrayList<ArrayList<RunResult>> results) {
            submission.finished((Integer) partition, results);
            return BoxedUnit.UNIT;
        }
    }

    private static final class Unit extends AbstractFunction0<BoxedUnit> {
        @Override
        public BoxedUnit apply() {
            return BoxedUnit.UNIT;
        }
    }

    /** How to reach Spark and what to send. */
    public static final class Builder {
        private String master;
        private String appName = "autograd sweep";
        private SparkSession session;
        private final Map<String, String> config = new LinkedHashMap<>();
        private final List<String> excludeJars = new ArrayList<>();
        private int partitionsPerCore = 4;
        private boolean quietLogs = true;

        private Builder() {}

        /** The master URL: {@code local[*]}, {@code local[n]}, {@code spark://host:7077}. */
        public Builder master(String master) {
            if (master == null || master.isBlank()) throw new IllegalArgumentException("the master URL is empty");
            this.master = master;
            return this;
        }

        /** The application's name in Spark's UI (default "autograd sweep"). */
        public Builder appName(String name) {
            this.appName = Objects.requireNonNull(name, "name");
            return this;
        }

        /** A Spark setting for the session it starts, e.g. {@code ("spark.executor.memory", "2g")}. */
        public Builder config(String key, String value) {
            config.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Use this session instead of starting one (then master, name and settings do not apply). */
        public Builder session(SparkSession session) {
            this.session = Objects.requireNonNull(session, "session");
            return this;
        }

        /**
         * Jars not to send to the executors, as file-name globs (e.g. {@code "pytorch-native-*"}):
         * large native bundles a sweep's function never loads.
         */
        public Builder excludeJars(String... globs) {
            for (String glob : globs) excludeJars.add(Objects.requireNonNull(glob, "glob"));
            return this;
        }

        /**
         * Spark tasks per core (default 4): each carries a slice of the sweep's runs, and the progress
         * bar advances as each ends. More gives finer progress and balance, fewer less overhead.
         */
        public Builder partitionsPerCore(int partitions) {
            if (partitions < 1)
                throw new IllegalArgumentException("partitionsPerCore must be at least 1, got " + partitions);
            this.partitionsPerCore = partitions;
            return this;
        }

        /** Whether to turn Spark's logging down to errors on standard output (default true; a log4j2 configuration wins). */
        public Builder quietLogs(boolean quiet) {
            this.quietLogs = quiet;
            return this;
        }

        /** The backend: on the given session, or on a new one for the master. */
        public SparkBackend connect() {
            if (session != null) return new SparkBackend(session, false, this);
            if (master == null)
                throw new IllegalArgumentException("give a master URL (local[*], spark://host:7077) or a session");
            if (quietLogs) SparkLogs.quiet();
            Thread thread = Thread.currentThread();
            ClassLoader before = thread.getContextClassLoader();
            // Spark's classes, ours and the kernel's cells share one loader: Spark must find them through it.
            thread.setContextClassLoader(SparkBackend.class.getClassLoader());
            try {
                if (SparkSession.getActiveSession().isDefined()
                        || SparkSession.getDefaultSession().isDefined()) {
                    SparkSession running = SparkSession.getActiveSession().isDefined()
                            ? SparkSession.getActiveSession().get()
                            : SparkSession.getDefaultSession().get();
                    throw new IllegalStateException("a Spark session is already running in this JVM (master "
                            + running.sparkContext().master() + "); Spark allows one: stop it, or use"
                            + " SparkBackend.on(session)");
                }
                SparkSession.Builder builder = SparkSession.builder()
                        .master(master)
                        .appName(appName)
                        .config("spark.ui.showConsoleProgress", "false"); // a progress bar of its own, on stderr
                config.forEach(builder::config);
                return new SparkBackend(builder.getOrCreate(), true, this);
            } finally {
                thread.setContextClassLoader(before);
            }
        }
    }
}

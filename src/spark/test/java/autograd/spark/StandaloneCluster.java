package autograd.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Spark standalone cluster on 127.0.0.1 for tests: a master and workers, each a JVM in a process
 * group of its own ({@code setsid}), started from Spark's own jars only (as a Spark distribution
 * has them: {@code target/spark-cluster.classpath}, resolved by the build), never from this
 * project's, so that what a sweep needs must travel with the job. Executors are JVMs that a worker
 * starts, in its process group. Every folder (logs, work, scratch) is under one test folder.
 *
 * <p>Stopping ends each group (TERM, then KILL); a shutdown hook does the same if a test dies first.
 */
final class StandaloneCluster implements AutoCloseable {

    /** How long a daemon may take to come up on a loaded machine (measured 5-13 s at load 20). */
    static final long START_SECONDS = 180;

    private static final Pattern MASTER_URL = Pattern.compile("Starting Spark master at (spark://[0-9.]+:[0-9]+)");

    private final Path dir;
    private final String classpath;
    private final Path sparkHome;
    private final List<Daemon> daemons = new ArrayList<>();
    private final Thread hook = new Thread(this::killAll, "standalone-cluster-cleanup");
    private final String url;

    /** A process started by the cluster, leading its own process group. */
    record Daemon(String name, Process process, long group, Path log) {}

    private StandaloneCluster(Path dir) {
        this.dir = dir;
        Path file = Path.of(System.getProperty("spark.cluster.classpath", "target/spark-cluster.classpath"));
        try {
            classpath = Files.readString(file).trim();
            sparkHome = Files.createDirectories(dir.resolve("spark-home"));
            // The worker's launcher wants $SPARK_HOME/jars to exist; SPARK_DIST_CLASSPATH supplies the jars.
            Files.createDirectories(sparkHome.resolve("jars"));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "no Spark classpath for the test cluster at " + file.toAbsolutePath() + " (mvn -Pspark builds it)",
                    e);
        }
        if (classpath.contains("autograd") || classpath.contains("tablesaw")) {
            throw new IllegalStateException("the cluster's classpath must be Spark's alone: " + file);
        }
        Runtime.getRuntime().addShutdownHook(hook);
        Daemon master = start(
                "master",
                List.of(
                        "org.apache.spark.deploy.master.Master",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        "0",
                        "--webui-port",
                        "0"),
                Map.of());
        String log = awaitLine(master, "I have been elected leader");
        Matcher m = MASTER_URL.matcher(log);
        if (!m.find()) throw new IllegalStateException("no master URL in " + master.log());
        url = m.group(1);
    }

    /** Starts a master on 127.0.0.1; add workers with {@link #startWorker}. */
    static StandaloneCluster start(Path dir) {
        return new StandaloneCluster(dir);
    }

    /** The master's URL, {@code spark://127.0.0.1:PORT}. */
    String url() {
        return url;
    }

    /** Starts a worker with these cores and returns once the master has registered it. */
    Daemon startWorker(String name, int cores) {
        try {
            Path work = Files.createDirectories(dir.resolve(name + "-work"));
            Path local = Files.createDirectories(dir.resolve(name + "-local"));
            Daemon worker = start(
                    name,
                    List.of(
                            "org.apache.spark.deploy.worker.Worker",
                            "--host",
                            "127.0.0.1",
                            "--port",
                            "0",
                            "--webui-port",
                            "0",
                            "--cores",
                            String.valueOf(cores),
                            "--memory",
                            "2g",
                            "--work-dir",
                            work.toString(),
                            url),
                    Map.of("SPARK_LOCAL_DIRS", local.toString()));
            awaitLine(worker, "Successfully registered with master");
            return worker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills a daemon's whole process group at once (a machine lost: the worker and its executors). */
    void kill(Daemon daemon) {
        signal(daemon.group(), true);
    }

    /** The process ids of the executor JVMs now running in a worker's group. */
    List<Long> executors(Daemon worker) {
        return worker.process()
                .descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend"))
                .map(ProcessHandle::pid)
                .toList();
    }

    /** Everything the master and workers logged, for a failure message. */
    String logs() {
        StringBuilder text = new StringBuilder();
        for (Daemon daemon : daemons) {
            try {
                List<String> lines = Files.readAllLines(daemon.log(), StandardCharsets.UTF_8);
                text.append("--- ").append(daemon.name()).append(" (last lines)\n");
                lines.subList(Math.max(0, lines.size() - 30), lines.size())
                        .forEach(l -> text.append(l).append('\n'));
            } catch (IOException e) {
                text.append("--- ").append(daemon.name()).append(": ").append(e).append('\n');
            }
        }
        return text.toString();
    }

    private Daemon start(String name, List<String> mainAndArgs, Map<String, String> env) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of("setsid", java, "-Xmx256m"));
        command.addAll(List.of(MODULE_OPTIONS.split(" ")));
        command.addAll(List.of("-cp", classpath));
        command.addAll(mainAndArgs);
        Path log = dir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .directory(dir.toFile());
        Map<String, String> environment = builder.environment();
        environment.put("SPARK_HOME", sparkHome.toString());
        // Without it the launcher looks for a source build (launcher/target/scala-2.13) and fails.
        environment.put("SPARK_SCALA_VERSION", "2.13");
        environment.put("SPARK_DIST_CLASSPATH", classpath);
        environment.put("SPARK_LOCAL_IP", "127.0.0.1");
        environment.put("SPARK_LOG_DIR", dir.toString());
        environment.put("SPARK_CONF_DIR", sparkHome.resolve("conf").toString());
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        environment.putAll(env);
        try {
            Process process = builder.start();
            // Known before anything can fail, so that the cleanup reaches it (its group is its pid once setsid ran).
            Daemon daemon = new Daemon(name, process, process.pid(), log);
            synchronized (daemons) {
                daemons.add(daemon);
            }
            awaitOwnGroup(process);
            return daemon;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " (" + String.join(" ", command) + ")", e);
        }
    }

    /** Waits (bounded) until setsid has made the process the leader of a group of its own (pgid = pid). */
    private static void awaitOwnGroup(Process process) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (groupOf(process.pid()) != process.pid()) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new IllegalStateException("process " + process.pid() + " did not get a process group of its own");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    /** A process's group, from /proc (-1 if it is gone). */
    private static long groupOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[2]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** What master and worker need of Spark's module options on Java 17 (executors get the full list from Spark). */
    private static final String MODULE_OPTIONS = "-XX:+IgnoreUnrecognizedVMOptions"
            + " --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED"
            + " --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED"
            + " --add-opens=java.base/java.util=ALL-UNNAMED -Dio.netty.tryReflectionSetAccessible=true";

    /** Waits (bounded) until the daemon's log has this line; returns the log. */
    private String awaitLine(Daemon daemon, String line) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        while (System.nanoTime() < deadline) {
            String log;
            try {
                log = Files.readString(daemon.log(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                log = "";
            }
            if (log.contains(line)) return log;
            if (!daemon.process().isAlive()) {
                throw new IllegalStateException(daemon.name() + " exited ("
                        + daemon.process().exitValue() + ") before \"" + line + "\":\n" + logs());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + daemon.name(), e);
            }
        }
        throw new IllegalStateException(
                daemon.name() + " did not log \"" + line + "\" within " + START_SECONDS + " s:\n" + logs());
    }

    /** Sends TERM (or KILL, {@code force}) to every process of a group, without external tools. */
    private static void signal(long group, boolean force) {
        ProcessHandle.allProcesses().filter(p -> groupOf(p.pid()) == group).forEach(p -> {
            if (force) p.destroyForcibly();
            else p.destroy();
        });
    }

    private static boolean groupAlive(long group) {
        return ProcessHandle.allProcesses().anyMatch(p -> groupOf(p.pid()) == group);
    }

    /** Ends every group: TERM, up to 10 s, then KILL; returns once none of their processes is left. */
    private void killAll() {
        List<Daemon> all;
        synchronized (daemons) {
            all = List.copyOf(daemons);
        }
        for (Daemon daemon : all) signal(daemon.group(), false);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && all.stream().anyMatch(d -> groupAlive(d.group()))) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                break;
            }
        }
        for (Daemon daemon : all) signal(daemon.group(), true);
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && all.stream().anyMatch(d -> groupAlive(d.group()))) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                break;
            }
        }
    }

    /** Whether any process of the cluster (master, workers, executors) is still alive. */
    boolean anyAlive() {
        synchronized (daemons) {
            return daemons.stream().anyMatch(d -> groupAlive(d.group()));
        }
    }

    @Override
    public void close() {
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs anyway
        }
    }
}

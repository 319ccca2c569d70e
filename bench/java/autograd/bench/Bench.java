package autograd.bench;

import autograd.Value;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Java side of the benchmarks. {@code bench/run.sh} and {@code bench/compare.sh} start it as
 * a worker ({@code --serve}) that stays alive across rounds and answers commands on stdin, one per
 * line, with one line {@code @@bench {json}} each (anything else on stdout, e.g. a library's log,
 * is not an answer); the Python workers speak the same protocol (bench/bench_common.py):
 *
 * <pre>
 * list                       the workloads this worker runs
 * warmup W MIN_RUNS MIN_S    first call (first_ms), then runs until both minimums (MIN_S: seconds of
 *                            the process's CPU time) are reached (last_ms: the last run)
 * run W N                    N timed runs, each on freshly prepared parameters
 * map W FILE                 writes the last W7 map (log10 values, one per line)
 * quit
 * </pre>
 *
 * <p>One-shot use: {@code --data DIR --workload W1 [--repeats 5] [--min-warmup-seconds 2]};
 * {@code --write-data DIR} writes the data sets, {@code --memory} the bytes per scalar node.
 */
public final class Bench {

    private Bench() {}

    private static final String ANSWER = "@@bench ";
    private static final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    // The main thread's id in /proc/self/task (the class is initialised by main, which runs the workloads).
    private static final Path SELF_TID = selfTid();

    public static void main(String[] args) throws Exception {
        String data = null;
        String workload = null;
        boolean serve = false;
        int repeats = 5;
        double minWarmupSeconds = 2;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data = args[++i];
                case "--workload" -> workload = args[++i];
                case "--serve" -> serve = true;
                case "--repeats" -> repeats = Integer.parseInt(args[++i]);
                case "--min-warmup-seconds" -> minWarmupSeconds = Double.parseDouble(args[++i]);
                case "--write-data" -> {
                    BenchData.writeAll(Path.of(args[++i]));
                    return;
                }
                case "--memory" -> {
                    memory();
                    return;
                }
                default ->
                    throw new IllegalArgumentException("unknown argument " + args[i] + "; usage: --data DIR --serve"
                            + " | --data DIR --workload W [--repeats N] [--min-warmup-seconds S]"
                            + " | --write-data DIR | --memory");
            }
        }
        if (data == null || (workload == null && !serve)) {
            throw new IllegalArgumentException(
                    "--data DIR and --serve or --workload W are required (or --write-data DIR, --memory)");
        }
        Worker worker = new Worker(Path.of(data));
        if (serve) {
            worker.serve();
        } else {
            System.out.println(worker.warmup(workload, 1, minWarmupSeconds));
            System.out.println(worker.run(workload, repeats));
        }
    }

    /** Runs workloads on request; keeps each workload's last body (for W7's map). */
    static final class Worker {
        private final Path dir;
        private final Map<String, Workloads.Body> last = new HashMap<>();

        Worker(Path dir) {
            this.dir = dir;
        }

        void serve() throws IOException {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                String[] cmd = line.trim().split("\\s+");
                String answer;
                try {
                    answer = switch (cmd[0]) {
                        case "list" -> "{\"system\":\"java\",\"workloads\":" + strings(workloads()) + "}";
                        case "warmup" -> warmup(cmd[1], Integer.parseInt(cmd[2]), Double.parseDouble(cmd[3]));
                        case "run" -> run(cmd[1], Integer.parseInt(cmd[2]));
                        case "map" -> writeMap(cmd[1], Path.of(cmd[2]));
                        case "quit" -> null;
                        default -> throw new IllegalArgumentException("unknown command " + cmd[0]);
                    };
                } catch (RuntimeException e) {
                    answer = "{\"error\":" + string(e.toString()) + "}";
                    e.printStackTrace();
                }
                if (answer == null) {
                    return;
                }
                System.out.println(ANSWER + answer);
                System.out.flush();
            }
        }

        List<String> workloads() {
            List<String> all = new ArrayList<>(
                    List.of("W1", "W2", "W3", "W4", "W5", "W6", "W6-nd4j", "W7-values", "W7-variables"));
            if (Workloads.sweepVariant() != null) {
                all.add("W7-sweep");
            }
            all.addAll(Workloads.compiledVariants());
            return all;
        }

        private Workloads.Body prepare(String workload) {
            try {
                Workloads.Body body = switch (workload) {
                    case "W1" -> Workloads.w1ScalarMlp(BenchData.read(dir.resolve("moons100.csv")));
                    case "W2" -> Workloads.w2Pendulum();
                    case "W3" -> Workloads.w3Perceptron(BenchData.read(dir.resolve("blobs100.csv")));
                    case "W4" -> Workloads.w4TensorMlp(BenchData.read(dir.resolve("moons100.csv")));
                    case "W5" -> Workloads.w5AdamMlp(BenchData.read(dir.resolve("moons10000.csv")));
                    case "W6" -> Workloads.w6Matmul();
                    case "W6-nd4j" -> Workloads.w6Nd4jDirect();
                    case "W7-values" -> new Workloads.MapBody(Workloads.W7_VALUES);
                    case "W7-variables" -> new Workloads.MapBody(Workloads.W7_VARIABLES);
                    case "W7-sweep" -> {
                        Workloads.SensitivityMap sweep = Workloads.sweepVariant();
                        if (sweep == null) {
                            throw new IllegalArgumentException(
                                    "W7-sweep needs autograd.bench.W7Sweep (and the autograd.sweep package)");
                        }
                        yield new Workloads.MapBody(sweep);
                    }
                    default -> {
                        Workloads.Body compiled = Workloads.compiledVariant(workload, dir);
                        if (compiled == null) {
                            throw new IllegalArgumentException(
                                    "unknown workload " + workload + " (one of " + workloads() + ")");
                        }
                        yield compiled;
                    }
                };
                last.put(workload, body);
                return body;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The first call (a fresh JVM's cost), then warm-up runs until both minimums are met. */
        String warmup(String workload, int minRuns, double minSeconds) {
            Workloads.Body first = prepare(workload);
            long t0 = System.nanoTime();
            double checksum = first.run();
            double firstMs = (System.nanoTime() - t0) / 1e6;
            // Seconds of this process's CPU time, not wall time: a loaded machine must not shorten the warm-up.
            long end = os.getProcessCpuTime() + (long) (minSeconds * 1e9);
            int warmups = 0;
            double lastMs = firstMs;
            while (warmups < minRuns || os.getProcessCpuTime() < end) {
                Workloads.Body body = prepare(workload);
                long t1 = System.nanoTime();
                body.run();
                lastMs = (System.nanoTime() - t1) / 1e6;
                warmups++;
            }
            return String.format(
                    Locale.ROOT,
                    "{\"workload\":\"%s\",\"first_ms\":%.4f,\"warmups\":%d,\"last_ms\":%.4f,\"checksum\":%s}",
                    workload,
                    firstMs,
                    warmups,
                    lastMs,
                    Double.toString(checksum));
        }

        /**
         * {@code n} timed runs. Per run also: the bytes allocated by all Java threads (the
         * harness's own thread and any pool the library uses), the process's CPU time (all
         * threads: JIT, GC and native BLAS threads included) and the GC time (ms resolution).
         */
        String run(String workload, int n) {
            double[] ms = new double[n];
            double[] checksums = new double[n];
            long[] allocated = new long[n];
            double[] cpuMs = new double[n];
            double[] gcMs = new double[n];
            for (int r = 0; r < n; r++) {
                Workloads.Body body = prepare(workload);
                long[] ids0 = threads.getAllThreadIds();
                long bytes0 = sum(threads.getThreadAllocatedBytes(ids0));
                long gc0 = gcMillis();
                long cpu0 = processCpuNanos();
                long t0 = System.nanoTime();
                checksums[r] = body.run();
                ms[r] = (System.nanoTime() - t0) / 1e6;
                cpuMs[r] = (processCpuNanos() - cpu0) / 1e6;
                gcMs[r] = gcMillis() - gc0;
                // Threads started during the run count from zero; threads that ended are lost (pools keep theirs).
                allocated[r] = sum(threads.getThreadAllocatedBytes(union(ids0, threads.getAllThreadIds()))) - bytes0;
            }
            StringBuilder json = new StringBuilder();
            json.append("{\"workload\":\"").append(workload).append('"');
            json.append(",\"times_ms\":").append(numbers(ms));
            json.append(",\"checksums\":").append(numbers(checksums));
            json.append(",\"alloc_bytes\":").append(Arrays.toString(allocated).replace(" ", ""));
            json.append(",\"cpu_ms\":").append(numbers(cpuMs));
            json.append(",\"gc_ms\":").append(numbers(gcMs));
            if (workload.startsWith("W6")) {
                double flops = 2.0 * Workloads.W6_N * Workloads.W6_N * Workloads.W6_N;
                double[] sorted = ms.clone();
                Arrays.sort(sorted);
                json.append(String.format(Locale.ROOT, ",\"gflops\":%.2f", flops / sorted[n / 2] / 1e6));
            }
            json.append(",\"matmul\":").append(string(System.getProperty("autograd.matmul.backend", backendName())));
            return json.append('}').toString();
        }

        String writeMap(String workload, Path file) {
            if (!(last.get(workload) instanceof Workloads.MapBody body) || body.lastMap() == null) {
                throw new IllegalArgumentException("no map computed yet for " + workload);
            }
            StringBuilder text = new StringBuilder();
            for (double v : body.lastMap()) text.append(v).append('\n');
            try {
                Files.writeString(file, text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return "{\"workload\":\"" + workload + "\",\"file\":" + string(file.toString()) + "}";
        }
    }

    /**
     * The CPU time of every thread of this process (JIT, GC and native BLAS threads included) in
     * ns: this thread's from the ThreadMXBean (exact), the others' from
     * /proc/self/task/{@literal *}/schedstat (exact for a thread that is not running; a running
     * one's lags by up to a scheduler tick). The MXBean's process CPU time counts in clock ticks
     * (10 ms), too coarse for a run of 1 ms. Threads that ended are not counted.
     */
    private static long processCpuNanos() {
        long total = threads.getCurrentThreadCpuTime();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                if (task.getFileName().equals(SELF_TID)) {
                    continue;
                }
                try {
                    String stat = Files.readString(task.resolve("schedstat"));
                    total += Long.parseLong(stat.substring(0, stat.indexOf(' ')));
                } catch (IOException | RuntimeException e) {
                    // the thread ended between listing and reading
                }
            }
            return total;
        } catch (IOException e) {
            return os.getProcessCpuTime();
        }
    }

    private static Path selfTid() {
        try {
            return Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName();
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    private static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    private static long sum(long[] values) {
        long total = 0;
        for (long v : values) total += Math.max(0, v); // -1: thread gone or not measurable
        return total;
    }

    private static long[] union(long[] a, long[] b) {
        return java.util.stream.LongStream.concat(Arrays.stream(a), Arrays.stream(b))
                .distinct()
                .toArray();
    }

    private static String numbers(double[] values) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            s.append(i == 0 ? "" : ",").append(values[i]); // Double.toString: the shortest exact form
        }
        return s.append(']').toString();
    }

    private static String strings(List<String> values) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) s.append(i == 0 ? "" : ",").append(string(values.get(i)));
        return s.append(']').toString();
    }

    private static String string(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }

    private static String backendName() {
        try {
            Class<?> matmul = Class.forName("autograd.MatMul");
            var m = matmul.getDeclaredMethod("backend");
            m.setAccessible(true);
            return String.valueOf(m.invoke(null));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "java";
        }
    }

    /**
     * Bytes per scalar graph node: a million {@code mul} nodes (each with a {@code Value} input,
     * so no constants are made), used heap measured after GC before and after.
     */
    private static void memory() {
        int n = 1_000_000;
        Value w = new Value(1.0000001);
        long before = usedAfterGc();
        List<Value> keep = new ArrayList<>(1);
        Value x = new Value(1);
        for (int i = 0; i < n; i++) x = x.mul(w);
        keep.add(x);
        long after = usedAfterGc();
        double perNode = (after - before) / (double) n;
        System.out.println(String.format(
                        Locale.ROOT, "RESULT system=java workload=memory bytes_per_node=%.1f nodes=%d", perNode, n)
                + " (kept " + keep.size() + ")");
    }

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}

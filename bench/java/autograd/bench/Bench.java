package autograd.bench;

import autograd.Value;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The Java side of the benchmarks: runs one workload and prints one {@code RESULT} line, the
 * format the Python scripts print too, so {@code bench/table.py} can put them side by side.
 *
 * <pre>
 * java -cp ... autograd.bench.Bench --data DIR --workload W1 [--repeats 5] [--min-warmup-seconds 2]
 * java -cp ... autograd.bench.Bench --write-data DIR
 * java -cp ... autograd.bench.Bench --memory
 * </pre>
 *
 * <p>The first timed call in a fresh JVM is reported as {@code first_ms} (the driver starts one
 * JVM per workload, so it includes class loading and interpretation, as a notebook cell's first
 * run does). Then the body is run until at least {@code --min-warmup-seconds} have passed (and at
 * least once) so the JIT has compiled it, and {@code --repeats} further runs give the median.
 */
public final class Bench {

    private Bench() {}

    public static void main(String[] args) throws Exception {
        String data = null;
        String workload = null;
        int repeats = 5;
        double minWarmupSeconds = 2;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data = args[++i];
                case "--workload" -> workload = args[++i];
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
                    throw new IllegalArgumentException(
                            "unknown argument " + args[i]
                                    + "; usage: --data DIR --workload W1..W6 [--repeats N] [--min-warmup-seconds S] | --write-data DIR | --memory");
            }
        }
        if (data == null || workload == null) {
            throw new IllegalArgumentException(
                    "--data DIR and --workload W1..W6 are required (or --write-data DIR, --memory)");
        }
        Path dir = Path.of(data);
        String name = workload;
        // Each run starts from fresh parameters (built outside the timing) so every run does the same work.
        measure(workload, () -> prepare(name, dir), repeats, minWarmupSeconds);
    }

    private static Workloads.Body prepare(String workload, Path dir) {
        try {
            return switch (workload) {
                case "W1" -> Workloads.w1ScalarMlp(BenchData.read(dir.resolve("moons100.csv")));
                case "W2" -> Workloads.w2Pendulum();
                case "W3" -> Workloads.w3Perceptron(BenchData.read(dir.resolve("blobs100.csv")));
                case "W4" -> Workloads.w4TensorMlp(BenchData.read(dir.resolve("moons100.csv")));
                case "W5" -> Workloads.w5AdamMlp(BenchData.read(dir.resolve("moons10000.csv")));
                case "W6" -> Workloads.w6Matmul();
                case "W6-nd4j" -> Workloads.w6Nd4jDirect();
                default -> throw new IllegalArgumentException("unknown workload " + workload + " (W1..W6)");
            };
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void measure(
            String workload, Supplier<Workloads.Body> prepare, int repeats, double minWarmupSeconds) {
        Workloads.Body first = prepare.get();
        long t0 = System.nanoTime();
        double checksum = first.run();
        double firstMs = (System.nanoTime() - t0) / 1e6;

        long warmupEnd = System.nanoTime() + (long) (minWarmupSeconds * 1e9);
        int warmups = 0;
        while (warmups < 1 || System.nanoTime() < warmupEnd) {
            timed(prepare.get());
            warmups++;
        }
        double[] ms = new double[repeats];
        double[] cpuMs = new double[repeats];
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long allocated = 0;
        for (int r = 0; r < repeats; r++) {
            Workloads.Body body = prepare.get();
            long cpu0 = threads.getCurrentThreadCpuTime();
            long bytes0 = threads.getCurrentThreadAllocatedBytes();
            ms[r] = timed(body);
            allocated = threads.getCurrentThreadAllocatedBytes() - bytes0;
            cpuMs[r] = (threads.getCurrentThreadCpuTime() - cpu0) / 1e6;
        }
        Arrays.sort(cpuMs);
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        double median = sorted[repeats / 2];
        StringBuilder line = new StringBuilder();
        line.append(String.format(
                Locale.ROOT,
                "RESULT system=java workload=%s first_ms=%.3f median_ms=%.3f min_ms=%.3f "
                        + "runs=%d warmups=%d checksum=%.12g thread_cpu_ms=%.3f allocated_mb=%.1f",
                workload,
                firstMs,
                median,
                sorted[0],
                repeats,
                warmups,
                checksum,
                cpuMs[repeats / 2],
                allocated / 1e6));
        if (workload.startsWith("W6")) {
            double flops = 2.0 * Workloads.W6_N * Workloads.W6_N * Workloads.W6_N;
            line.append(String.format(Locale.ROOT, " gflops=%.2f", flops / median / 1e6));
        }
        line.append(" matmul=").append(System.getProperty("autograd.matmul.backend", backendName()));
        System.out.println(line);
    }

    private static double timed(Workloads.Body body) {
        long t0 = System.nanoTime();
        body.run();
        return (System.nanoTime() - t0) / 1e6;
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

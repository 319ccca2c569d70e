package autograd;

import java.util.Arrays;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Switches that change how graphs are recorded, each as a scope for try-with-resources (as
 * PyTorch's {@code torch.no_grad()} and DJL's {@code GradientCollector}).
 *
 * <pre>{@code
 * jshell> Value x = new Value(2);
 * jshell> try (var scope = Autograd.noGrad()) { System.out.println(x.mul(3).requiresGrad()); }
 * false
 * }</pre>
 *
 * <p>The switches are process-wide, not per thread (unlike PyTorch): a notebook builds its
 * graphs on one thread, and a plain field keeps the per-node cost at a few nanoseconds.
 */
public final class Autograd {

    static boolean gradEnabled = true;
    static boolean anomalyMode = false;

    // Creation sites of nodes made in anomaly mode, so an error can say where a bad node came from.
    private static final Map<Object, StackTraceElement[]> creationSites = new WeakHashMap<>();

    private static final java.util.Set<String> ENGINE_CLASSES = java.util.Set.of(
            "autograd.Value", "autograd.Variable", "autograd.Op", "autograd.Autograd", "autograd.Shapes");

    private Autograd() {}

    /** A scope that restores the previous setting when closed. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Ops inside this scope record no graph: results are constants that need no gradient. Use it
     * for evaluation, plotting grids and parameter updates.
     */
    public static Scope noGrad() {
        boolean previous = gradEnabled;
        gradEnabled = false;
        return () -> gradEnabled = previous;
    }

    /** Turns recording back on inside a {@link #noGrad()} scope. */
    public static Scope enableGrad() {
        boolean previous = gradEnabled;
        gradEnabled = true;
        return () -> gradEnabled = previous;
    }

    /** Whether ops record a graph right now. */
    public static boolean isGradEnabled() {
        return gradEnabled;
    }

    /**
     * Inside this scope, the first op whose forward result or backward gradient is NaN or
     * infinite throws an {@link AnomalyException} naming the op, its inputs and the line that
     * created it. Slower: every node remembers its creation site.
     *
     * <pre>{@code
     * try (var scope = Autograd.detectAnomaly()) {
     *     loss.backward();   // throws at the first non-finite gradient
     * }
     * }</pre>
     */
    public static Scope detectAnomaly() {
        boolean previous = anomalyMode;
        anomalyMode = true;
        return () -> anomalyMode = previous;
    }

    /** Turns anomaly detection on or off for the whole program, outside any scope. */
    public static void setDetectAnomaly(boolean on) {
        anomalyMode = on;
    }

    /** Whether anomaly detection is on. */
    public static boolean isAnomalyDetectionEnabled() {
        return anomalyMode;
    }

    static void rememberCreationSite(Object node) {
        StackTraceElement[] trace = new Throwable().getStackTrace();
        synchronized (creationSites) {
            creationSites.put(node, trace);
        }
    }

    /** The first stack frame outside the engine that created {@code node}, or a note that none was kept. */
    static String creationSite(Object node) {
        StackTraceElement[] trace;
        synchronized (creationSites) {
            trace = creationSites.get(node);
        }
        if (trace == null) return "(creation site unknown: the node was made outside detectAnomaly)";
        return firstCallerFrame(trace);
    }

    /** The first stack frame of the current thread outside the engine: where the user called in. */
    static String currentSite() {
        return firstCallerFrame(new Throwable().getStackTrace());
    }

    private static String firstCallerFrame(StackTraceElement[] trace) {
        return Arrays.stream(trace)
                .filter(frame -> !ENGINE_CLASSES.contains(frame.getClassName().replaceAll("\\$.*", "")))
                .findFirst()
                .map(StackTraceElement::toString)
                .orElse(trace.length > 0 ? trace[trace.length - 1].toString() : "?");
    }

    /** Thrown in anomaly mode when an op produces NaN or an infinity. */
    public static final class AnomalyException extends ArithmeticException {
        AnomalyException(String message) {
            super(message);
        }
    }
}

package autograd;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicInteger;

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
 * <h2>Threads</h2>
 * The switches belong to the thread that sets them, as PyTorch's grad mode does: a
 * {@code noGrad()} scope on one thread never changes what another thread records, so
 * experiments can run on all cores. A new thread starts with recording on and anomaly detection
 * off, whatever the thread that started it has set.
 *
 * <h2>Scopes</h2>
 * A scope restores exactly what it changed when closed, on the thread that opened it. Scopes
 * nest; try-with-resources closes them innermost first. Closing an outer scope while an inner
 * one is still open restores the modes as they were before the outer scope and closes the inner
 * one too, then throws an {@link IllegalStateException} naming the misuse: the modes are never
 * left wrong. Closing a scope twice does nothing the second time.
 */
public final class Autograd {

    /** A thread's switches; only its own thread reads or writes them. */
    static final class Modes {
        boolean grad = true;
        boolean anomaly;
        Scope innermost; // the latest scope still open on this thread

        boolean isDefault() {
            return grad && !anomaly;
        }

        /**
         * The one gate of both engines: an op's result becomes a graph node when recording is on
         * and one of its inputs needs a gradient; otherwise a constant.
         */
        boolean records(boolean anInputNeedsGrad) {
            return grad && anInputNeedsGrad;
        }
    }

    private static final ThreadLocal<Modes> MODES = ThreadLocal.withInitial(Modes::new);
    // The modes every thread starts with: what ops see while no thread has changed its own.
    private static final Modes DEFAULTS = new Modes();
    // NOTE: how many threads have a switch off its default. While none has, an op reads this one
    // int instead of looking up its thread's modes (a ThreadLocal lookup costs more than a scalar
    // op's arithmetic). Changed atomically, read plainly: a thread always sees its own changes
    // (same-variable coherence), and another thread's only decide whether that thread looks up
    // modes that are its defaults anyway.
    private static final AtomicInteger THREADS_OFF_DEFAULT = new AtomicInteger();

    // Creation sites of nodes made in anomaly mode, so an error can say where a bad node came from.
    private static final Map<Object, StackTraceElement[]> creationSites = new WeakHashMap<>();

    private static final Set<String> ENGINE_CLASSES = Set.of(
            "autograd.Value",
            "autograd.Variable",
            "autograd.Op",
            "autograd.Autograd",
            "autograd.Shapes",
            "autograd.Graphs",
            "autograd.Kernels",
            "autograd.MatMul");

    private Autograd() {}

    /** The calling thread's modes, or the defaults when no thread has changed any. */
    static Modes modes() {
        return THREADS_OFF_DEFAULT.getPlain() == 0 ? DEFAULTS : MODES.get();
    }

    /**
     * A scope that restores the modes it changed when closed. Close it on the thread that opened
     * it, innermost first: try-with-resources does both.
     */
    public static final class Scope implements AutoCloseable {
        private final Modes owner;
        private final Thread thread;
        private final String name;
        private final boolean previousGrad;
        private final boolean previousAnomaly;
        private final Scope enclosing;
        private boolean closed;

        private Scope(String name, Modes owner) {
            this.name = name;
            this.owner = owner;
            this.thread = Thread.currentThread();
            this.previousGrad = owner.grad;
            this.previousAnomaly = owner.anomaly;
            this.enclosing = owner.innermost;
            owner.innermost = this;
        }

        /**
         * Restores the modes as they were when this scope opened.
         *
         * @throws IllegalStateException on another thread than the one that opened it (nothing
         *     changes), or while a scope opened inside this one is still open (then both are
         *     closed and the modes restored before the exception is thrown)
         */
        @Override
        public void close() {
            if (closed) return;
            if (Thread.currentThread() != thread) {
                throw new IllegalStateException("Autograd." + name + "() scope closed on thread '"
                        + Thread.currentThread().getName() + "' but opened on '" + thread.getName()
                        + "': close a scope on the thread that opened it (try-with-resources does)");
            }
            String stillOpen = null;
            for (Scope s = owner.innermost; s != this && s != null; s = s.enclosing) {
                s.closed = true;
                stillOpen = stillOpen == null ? s.name + "()" : s.name + "() and " + stillOpen;
            }
            closed = true;
            owner.innermost = enclosing;
            set(owner, previousGrad, previousAnomaly);
            if (stillOpen != null) {
                throw new IllegalStateException("Autograd scopes closed out of order: " + name + "() was closed while "
                        + stillOpen + ", opened inside it, was still open. Both are closed now and the modes are as"
                        + " before " + name + "(); close scopes innermost first (try-with-resources does)");
            }
        }
    }

    private static Scope open(String name, boolean grad, boolean anomaly) {
        Modes modes = MODES.get();
        Scope scope = new Scope(name, modes);
        set(modes, grad, anomaly);
        return scope;
    }

    /** Changes this thread's modes, keeping the count of threads off the defaults. */
    private static void set(Modes modes, boolean grad, boolean anomaly) {
        boolean wasDefault = modes.isDefault();
        modes.grad = grad;
        modes.anomaly = anomaly;
        boolean isDefault = modes.isDefault();
        if (wasDefault && !isDefault) THREADS_OFF_DEFAULT.incrementAndGet();
        if (!wasDefault && isDefault) THREADS_OFF_DEFAULT.decrementAndGet();
    }

    /**
     * Ops on this thread inside this scope record no graph: results are constants that need no
     * gradient. Use it for evaluation, plotting grids and parameter updates.
     */
    public static Scope noGrad() {
        Modes modes = MODES.get();
        return open("noGrad", false, modes.anomaly);
    }

    /** Turns recording back on (on this thread) inside a {@link #noGrad()} scope. */
    public static Scope enableGrad() {
        Modes modes = MODES.get();
        return open("enableGrad", true, modes.anomaly);
    }

    /** Whether ops on this thread record a graph right now. */
    public static boolean isGradEnabled() {
        return modes().grad;
    }

    /**
     * Inside this scope, on this thread, the first op whose forward result or backward gradient
     * is NaN or infinite throws an {@link AnomalyException} naming the op, its inputs and the line
     * that created it. Slower: every node remembers its creation site.
     *
     * <pre>{@code
     * try (var scope = Autograd.detectAnomaly()) {
     *     loss.backward();   // throws at the first non-finite gradient
     * }
     * }</pre>
     */
    public static Scope detectAnomaly() {
        Modes modes = MODES.get();
        return open("detectAnomaly", modes.grad, true);
    }

    /**
     * Turns anomaly detection on or off for this thread, outside any scope (a scope that is open
     * restores its own setting when it closes).
     */
    public static void setDetectAnomaly(boolean on) {
        Modes modes = MODES.get();
        set(modes, modes.grad, on);
    }

    /** Whether anomaly detection is on for this thread. */
    public static boolean isAnomalyDetectionEnabled() {
        return modes().anomaly;
    }

    // ---- anomaly reports, shared by both engines -----------------------------------------------

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

    private static String firstCallerFrame(StackTraceElement[] trace) {
        return Arrays.stream(trace)
                .filter(frame -> !ENGINE_CLASSES.contains(frame.getClassName().replaceAll("\\$.*", "")))
                .findFirst()
                .map(StackTraceElement::toString)
                .orElse(trace.length > 0 ? trace[trace.length - 1].toString() : "?");
    }

    /**
     * The one format of anomaly reports, for both engines: "anomaly in forward of 'log': result
     * NaN; inputs a=-1.0; node created at Cell.java:3".
     */
    static AnomalyException anomaly(String pass, String op, String what, String inputs, Object node) {
        return new AnomalyException("anomaly in " + pass + " of '" + op + "': " + what + "; inputs " + inputs
                + "; node created at " + creationSite(node));
    }

    /** Thrown in anomaly mode when an op produces NaN or an infinity. */
    public static final class AnomalyException extends ArithmeticException {
        AnomalyException(String message) {
            super(message);
        }
    }
}

package autograd.compile;

import java.util.ArrayList;
import java.util.List;

/**
 * The calling thread's trace in progress, so that {@link Compile#repeat} can record its steps
 * while a step is being traced (and is a plain loop otherwise).
 */
final class Tracing {

    private static final ThreadLocal<Tracing> CURRENT = new ThreadLocal<>();

    private final Tracing enclosing;
    final List<ScalarTracer.ScanRecord> scans = new ArrayList<>();

    private Tracing(Tracing enclosing) {
        this.enclosing = enclosing;
    }

    static Tracing begin() {
        Tracing t = new Tracing(CURRENT.get());
        CURRENT.set(t);
        return t;
    }

    /** Ends this trace (restoring any enclosing one) and returns the loops it recorded. */
    List<ScalarTracer.ScanRecord> end() {
        if (enclosing == null) CURRENT.remove();
        else CURRENT.set(enclosing);
        return scans;
    }

    /** The trace in progress on this thread, or null. */
    static Tracing current() {
        return CURRENT.get();
    }
}

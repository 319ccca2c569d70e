package autograd.sweep;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The handle a {@link Trainable} gets for its run: it reports metrics as the run goes, which builds
 * the run's history, and it stops the run when the run diverges or the sweep is stopped.
 *
 * <p>{@link #report} throws {@link Stopped} to end the run early; let it propagate (do not catch
 * {@code RuntimeException} around it). A long computation that rarely reports can call
 * {@link #checkStop()} to stop promptly when the sweep is interrupted.
 */
public final class Run {

    private final Config config;
    private final boolean stopOnNonFinite;
    private final StopRule stopRule;
    private final BooleanSupplier stopRequested;
    private final List<Metrics> history = new ArrayList<>();
    private String divergence;

    Run(Config config, boolean stopOnNonFinite, StopRule stopRule, BooleanSupplier stopRequested) {
        this.config = config;
        this.stopOnNonFinite = stopOnNonFinite;
        this.stopRule = stopRule;
        this.stopRequested = stopRequested;
    }

    /** This run's configuration. */
    public Config config() {
        return config;
    }

    /**
     * Adds one step to the history. Throws {@link Stopped} when these metrics diverge (a NaN or an
     * infinity, or the sweep's stop rule) or when the sweep was stopped; the sweep records why.
     */
    public void report(Metrics metrics) {
        if (metrics == null) throw new IllegalArgumentException("report(null): report some metrics");
        history.add(metrics);
        String why = divergence(metrics, stopOnNonFinite, stopRule);
        if (why != null) {
            divergence = "step " + (history.size() - 1) + ": " + why;
            throw new Stopped(divergence);
        }
        checkStop();
    }

    /** Reports one number, e.g. {@code run.report("loss", loss)}. */
    public void report(String name, double value) {
        report(Metrics.of(name, value));
    }

    /** Throws {@link Stopped} if the sweep was stopped (interrupted or cancelled). */
    public void checkStop() {
        if (stopRequested()) throw new Stopped("the sweep was stopped");
    }

    /** Whether the sweep was stopped (interrupted or cancelled) while this run was going. */
    public boolean stopRequested() {
        return stopRequested.getAsBoolean();
    }

    /** How many times this run reported so far. */
    public int reports() {
        return history.size();
    }

    /** The metrics reported so far, oldest first. */
    public List<Metrics> history() {
        return Collections.unmodifiableList(history);
    }

    /** Why the run diverged, or null. */
    String divergence() {
        return divergence;
    }

    /** Why {@code metrics} count as diverged, or null when they don't. */
    static String divergence(Metrics metrics, boolean stopOnNonFinite, StopRule stopRule) {
        if (stopOnNonFinite) {
            String bad = metrics.firstNonFinite();
            if (bad != null) return bad + " = " + metrics.get(bad);
        }
        if (stopRule != null && stopRule.diverged(metrics)) return "stop rule (" + metrics + ")";
        return null;
    }

    /** Ends a run early; the sweep catches it and records why. */
    public static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped(String message) {
            super(message, null, false, false); // control flow: no stack trace to fill
        }
    }
}

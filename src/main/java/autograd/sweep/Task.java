package autograd.sweep;

import autograd.sweep.RunResult.Status;
import java.io.PrintWriter;
import java.io.Serializable;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The unit a {@link Backend} executes: some configurations and the function to run on each, with
 * the sweep's divergence rules. Plain serializable data (the function is a serializable lambda), so
 * a backend may run it in another JVM; {@link #run} never throws for a failing run, it records it.
 */
public final class Task implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final int MAX_TRACE_CHARS = 8_000;

    private final int id;
    private final List<Config> configs;
    private final Serializable function; // Objective, Trainable or BatchObjective
    private final boolean stopOnNonFinite;
    private final StopRule stopRule;

    Task(int id, List<Config> configs, Serializable function, boolean stopOnNonFinite, StopRule stopRule) {
        this.id = id;
        this.configs = List.copyOf(configs);
        this.function = checked(function);
        this.stopOnNonFinite = stopOnNonFinite;
        this.stopRule = stopRule;
    }

    /** {@code source}'s number, configurations and divergence setting with this code (null: none). */
    private Task(Task source, Serializable function, StopRule stopRule) {
        this.id = source.id;
        this.configs = source.configs;
        this.function = function;
        this.stopOnNonFinite = source.stopOnNonFinite;
        this.stopRule = stopRule;
    }

    private static Serializable checked(Serializable function) {
        if (!(function instanceof Objective || function instanceof Trainable || function instanceof BatchObjective)) {
            throw new IllegalArgumentException("not a sweep function: " + function);
        }
        return function;
    }

    /**
     * The function this task runs (an {@link Objective}, {@link Trainable} or {@link BatchObjective}),
     * or null for a copy made by {@link #withoutCode}. All tasks of a sweep share it: a backend that
     * sends code to other machines can send it once per sweep instead of once per task.
     */
    public Serializable function() {
        return function;
    }

    /** The sweep's {@link Sweep#stopWhen stop rule}, or null (none, or a copy made by {@link #withoutCode}). */
    public StopRule stopRule() {
        return stopRule;
    }

    /**
     * This task without its function and stop rule, for a backend that ships those separately: the
     * copy holds only plain data (its number, configurations and divergence setting) and cannot
     * {@link #run} until {@link #withCode} gives them back.
     */
    public Task withoutCode() {
        return new Task(this, null, null);
    }

    /** This task (number, configurations, divergence setting) with this function and stop rule. */
    public Task withCode(Serializable function, StopRule stopRule) {
        return new Task(this, checked(function), stopRule);
    }

    /** The task's number, from 0, in the sweep's order. */
    public int id() {
        return id;
    }

    /** The configurations this task runs, in order. */
    public List<Config> configs() {
        return configs;
    }

    /** Runs every configuration, stopping when the running thread is interrupted. */
    public List<RunResult> run() {
        return run(() -> Thread.currentThread().isInterrupted());
    }

    /**
     * Runs every configuration, one result each, in order. When {@code stopRequested} turns true the
     * runs still to come are skipped and the returned list is shorter: the sweep was stopped.
     */
    public List<RunResult> run(BooleanSupplier stopRequested) {
        if (function == null) {
            throw new IllegalStateException(
                    this + " was sent without its function (withoutCode); restore it with withCode");
        }
        if (function instanceof BatchObjective batch) return runBatch(batch, stopRequested);
        List<RunResult> results = new ArrayList<>();
        for (Config config : configs) {
            if (stopRequested.getAsBoolean()) break;
            RunResult result = runOne(config, stopRequested);
            if (result == null) break; // stopped mid-run
            results.add(result);
        }
        return results;
    }

    private RunResult runOne(Config config, BooleanSupplier stopRequested) {
        Run run = new Run(config, stopOnNonFinite, stopRule, stopRequested);
        long start = System.nanoTime();
        Metrics metrics;
        try {
            metrics = function instanceof Trainable trainable
                    ? trainable.train(config, run)
                    : ((Objective) function).evaluate(config);
            if (metrics == null && function instanceof Trainable) {
                if (run.reports() == 0) {
                    return error(config, run, start, "the run returned null and reported nothing", null);
                }
                metrics = run.history().get(run.reports() - 1);
            }
        } catch (Run.Stopped stopped) {
            if (run.divergence() == null) return null; // the sweep was stopped, not this run
            return result(config, Status.DIVERGED, lastReport(run), run, start, run.divergence(), null);
        } catch (InterruptedException e) {
            if (stopRequested.getAsBoolean()) return null;
            return error(config, run, start, e.toString(), e);
        } catch (Throwable e) {
            if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) throw (VirtualMachineError) e;
            if (stopRequested.getAsBoolean() && (e.getCause() instanceof InterruptedException)) return null;
            return error(config, run, start, e.toString(), e);
        }
        if (metrics == null) {
            return error(config, run, start, "the objective returned null instead of metrics", null);
        }
        return finish(config, metrics, run, start, 1);
    }

    private List<RunResult> runBatch(BatchObjective batch, BooleanSupplier stopRequested) {
        if (stopRequested.getAsBoolean()) return List.of();
        long start = System.nanoTime();
        List<Metrics> all;
        try {
            all = batch.evaluate(configs);
        } catch (Throwable e) {
            if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) throw (VirtualMachineError) e;
            if (stopRequested.getAsBoolean()) return List.of();
            return configs.stream()
                    .map(c -> errorShared(c, start, "batch of " + configs.size() + " failed: " + e, e))
                    .toList();
        }
        if (all == null || all.size() != configs.size()) {
            String why = "the batch objective returned " + (all == null ? "null" : all.size() + " metrics") + " for "
                    + configs.size() + " configurations";
            return configs.stream().map(c -> errorShared(c, start, why, null)).toList();
        }
        List<RunResult> results = new ArrayList<>();
        for (int i = 0; i < configs.size(); i++) {
            Metrics metrics = all.get(i);
            results.add(
                    metrics == null
                            ? errorShared(configs.get(i), start, "the batch objective returned null for this run", null)
                            : finish(configs.get(i), metrics, null, start, configs.size()));
        }
        return results;
    }

    private RunResult finish(Config config, Metrics metrics, Run run, long start, int shared) {
        for (String name : metrics.names()) {
            if (config.has(name)) {
                return result(
                        config,
                        Status.ERROR,
                        Metrics.empty(),
                        run,
                        start,
                        shared,
                        "metric '" + name + "' has the name of a parameter; rename one of them",
                        null);
            }
        }
        String why;
        try {
            why = Run.divergence(metrics, stopOnNonFinite, stopRule);
        } catch (RuntimeException e) {
            return result(config, Status.ERROR, metrics, run, start, shared, "stop rule failed: " + e, e);
        }
        return why == null
                ? result(config, Status.OK, metrics, run, start, shared, null, null)
                : result(config, Status.DIVERGED, metrics, run, start, shared, "final: " + why, null);
    }

    private static Metrics lastReport(Run run) {
        return run.reports() == 0 ? Metrics.empty() : run.history().get(run.reports() - 1);
    }

    private RunResult error(Config config, Run run, long start, String message, Throwable e) {
        return result(config, Status.ERROR, Metrics.empty(), run, start, 1, message, e);
    }

    private RunResult errorShared(Config config, long start, String message, Throwable e) {
        return result(config, Status.ERROR, Metrics.empty(), null, start, configs.size(), message, e);
    }

    private RunResult result(
            Config config, Status status, Metrics metrics, Run run, long start, String message, Throwable e) {
        return result(config, status, metrics, run, start, 1, message, e);
    }

    private static RunResult result(
            Config config,
            Status status,
            Metrics metrics,
            Run run,
            long start,
            int shared,
            String message,
            Throwable e) {
        double seconds = (System.nanoTime() - start) / 1e9 / shared;
        List<Metrics> history = run == null ? List.of() : run.history();
        return new RunResult(config, status, metrics, history, seconds, message, e == null ? null : trace(e));
    }

    private static String trace(Throwable e) {
        StringWriter text = new StringWriter();
        e.printStackTrace(new PrintWriter(text));
        String trace = text.toString();
        return trace.length() <= MAX_TRACE_CHARS ? trace : trace.substring(0, MAX_TRACE_CHARS) + "\n\t...";
    }

    @Override
    public String toString() {
        return "task " + id + " (" + configs.size() + " runs from "
                + configs.get(0).index() + ")";
    }
}

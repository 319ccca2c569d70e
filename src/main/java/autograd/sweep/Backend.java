package autograd.sweep;

import java.util.List;

/**
 * Where a sweep's tasks run: threads of this JVM ({@link #local}) or, later, a cluster. A backend
 * only executes {@link Task}s and hands back their {@link RunResult}s; the sweep itself generates
 * the configurations, shows progress, handles interrupts and builds the table, the same for every
 * backend. Tasks and results are plain serializable data, so a backend may run them elsewhere.
 *
 * <pre>{@code
 * jshell> Sweep.over(Param.range("n", 0, 100)).backend(Backend.local(4))
 *    ...>         .run(c -> Metrics.of("square", c.getInt("n") * c.getInt("n")))
 * }</pre>
 */
public interface Backend {

    /** How many runs it executes at once (for the progress estimate and the report). */
    int parallelism();

    /**
     * Starts executing {@code tasks} and returns at once. Each task's results go to
     * {@code listener.finished} as soon as the task ends, from any thread, exactly once per task; a
     * failure of the backend itself (not of a run: runs record their own errors) goes to
     * {@code listener.failed}. The returned handle stops the tasks that are still running.
     */
    Execution submit(List<Task> tasks, Listener listener);

    /** Receives what a backend produces. Implementations must accept calls from any thread. */
    interface Listener {
        /**
         * A task ended; its results, one per configuration that finished, in order (fewer than its
         * configurations when it was cancelled part-way).
         */
        void finished(Task task, List<RunResult> results);

        /** The backend cannot go on; the sweep stops and reports {@code error}. */
        void failed(Throwable error);
    }

    /** A submitted set of tasks. */
    interface Execution {
        /**
         * Asks running tasks to stop and skips the ones not started; returns at once. Results that
         * arrive afterwards are ignored by the sweep.
         */
        void cancel();
    }

    /** {@code threads} worker threads in this JVM. */
    static Backend local(int threads) {
        return new LocalBackend(threads);
    }

    /** One worker thread per available processor. */
    static Backend local() {
        return new LocalBackend(Runtime.getRuntime().availableProcessors());
    }
}

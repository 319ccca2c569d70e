package autograd.sweep;

import java.io.Serializable;
import java.util.List;

/**
 * What one run of a sweep produced: its configuration, how it ended, its metrics, the history it
 * reported (empty unless the function was a {@link Trainable}), its time and its error. Plain,
 * immutable, serializable data: a run on another JVM sends this back.
 *
 * @param config the configuration that ran
 * @param status how the run ended
 * @param metrics the final metrics (empty after an error)
 * @param history every {@link Run#report}, in order
 * @param seconds the run's time (a batch's time shared equally by its runs)
 * @param error for {@link Status#ERROR} the exception ({@code class: message}), for
 *     {@link Status#DIVERGED} what diverged and when; null for {@link Status#OK}
 * @param trace the error's stack trace, or null
 */
public record RunResult(
        Config config,
        Status status,
        Metrics metrics,
        List<Metrics> history,
        double seconds,
        String error,
        String trace)
        implements Serializable {

    /** How a run ended. */
    public enum Status {
        /** Finished with finite metrics. */
        OK,
        /** A metric became NaN or infinite, or the stop rule fired; stopped early if it was reporting. */
        DIVERGED,
        /** The function threw; {@link #error()} says what. */
        ERROR;

        /** {@code ok}, {@code diverged} or {@code error}, as in the result table. */
        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public RunResult {
        if (config == null || status == null || metrics == null || history == null) {
            throw new IllegalArgumentException("a run result needs its config, status, metrics and history");
        }
        history = List.copyOf(history);
    }

    /** Whether the run finished with finite metrics. */
    public boolean ok() {
        return status == Status.OK;
    }

    @Override
    public String toString() {
        return "run " + config.index() + " (" + config + "): " + status
                + (metrics.size() > 0 ? " " + metrics : "")
                + (error != null ? " [" + error + "]" : "");
    }
}

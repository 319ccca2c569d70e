package autograd.sweep;

import java.io.Serializable;

/**
 * A run that reports as it goes (as a Ray Tune function trainable): each {@link Run#report} adds a
 * row to the run's history, and a report that diverges (NaN, an infinity, or the sweep's
 * {@link Sweep#stopWhen stop rule}) ends this run early while the others go on.
 *
 * <pre>{@code
 * jshell> Trainable descent = (config, run) -> {
 *    ...>     double x = config.getDouble("x0"), lr = config.getDouble("lr");
 *    ...>     for (int step = 0; step < 100; step++) {
 *    ...>         x -= lr * 2 * (x - 2);                   // gradient of (x − 2)²
 *    ...>         run.report("f", (x - 2) * (x - 2));      // throws to stop a diverged run
 *    ...>     }
 *    ...>     return null;                                  // null: the last report is the result
 *    ...> };
 * }</pre>
 */
@FunctionalInterface
public interface Trainable extends Serializable {
    /** Runs one configuration; returns its final metrics, or null to use the last report. */
    Metrics train(Config config, Run run) throws Exception;
}

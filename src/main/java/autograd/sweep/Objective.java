package autograd.sweep;

import java.io.Serializable;

/**
 * A function of one configuration that returns its metrics: the simplest thing a {@link Sweep}
 * runs. Serializable, so that a sweep can ship it to other JVMs.
 *
 * <pre>{@code
 * jshell> Objective parabola = config -> Metrics.of("f", Math.pow(config.getDouble("x") - 2, 2));
 * }</pre>
 *
 * <p>An exception thrown here is recorded as the run's error; the other runs go on.
 */
@FunctionalInterface
public interface Objective extends Serializable {
    /** The metrics of the run with this configuration (never null). */
    Metrics evaluate(Config config) throws Exception;
}

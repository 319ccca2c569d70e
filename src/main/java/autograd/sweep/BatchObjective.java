package autograd.sweep;

import java.io.Serializable;
import java.util.List;

/**
 * A function of several configurations at once, for work that is faster in batches (one tensor
 * computation over many starting points, as JAX's {@code vmap}). It returns one {@link Metrics} per
 * configuration, in the same order.
 *
 * <p>A sweep cuts its configurations into batches of a fixed size, whatever the thread count, so
 * the results do not depend on it. An exception fails every run of its batch, and only those.
 *
 * <pre>{@code
 * jshell> BatchObjective squares = configs -> configs.stream()
 *    ...>         .map(c -> Metrics.of("square", c.getDouble("x") * c.getDouble("x"))).toList();
 * }</pre>
 */
@FunctionalInterface
public interface BatchObjective extends Serializable {
    /** The metrics of each configuration, in order. */
    List<Metrics> evaluate(List<Config> configs) throws Exception;
}

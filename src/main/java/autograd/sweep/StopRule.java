package autograd.sweep;

import java.io.Serializable;

/**
 * When a run counts as diverged, beyond a NaN or an infinity: e.g. {@code m -> m.get("loss") > 1e6}.
 * Checked on every {@link Run#report} (which then stops the run) and on the final metrics.
 */
@FunctionalInterface
public interface StopRule extends Serializable {
    /** Whether these reported metrics mean the run has diverged. */
    boolean diverged(Metrics metrics);
}

package autograd.ode;

import autograd.Value;
import java.util.List;

/**
 * y' = f(t, y) for a state of scalar {@link Value}s: return one derivative per state entry.
 *
 * <pre>{@code
 * ValueDerivative pendulum = (t, y) -> List.of(y.get(1), y.get(0).sin().mul(-9.81));
 * }</pre>
 */
@FunctionalInterface
public interface ValueDerivative extends Derivative<List<Value>> {}

package autograd.ode;

import autograd.Value;
import java.util.List;

/**
 * y' = f(t, y) for a state of scalar {@link Value}s: return one derivative per state entry.
 *
 * <pre>{@code
 * jshell> ValueDerivative pendulum = (t, y) -> List.of(y.get(1), y.get(0).sin().mul(-9.81));   // [angle, velocity]
 * jshell> Ode.rk4(pendulum, List.of(new Value(0.1), new Value(0)), 0.01, 100).get(100).get(0).data   // half a period later
 * $2 ==> -0.0999934382461421
 * }</pre>
 */
@FunctionalInterface
public interface ValueDerivative extends Derivative<List<Value>> {}

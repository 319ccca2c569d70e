package autograd.optimizer;

import autograd.Model;
import autograd.Parameter;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Updates parameters from their accumulated gradients: the training loop is
 * {@code zeroGrad(); loss.backward(); step();}.
 *
 * <pre>{@code
 * jshell> Variable x = new Variable(-3.0);
 * jshell> var opt = new GD(List.of(x), 0.1);
 * jshell> for (int i = 0; i < 100; i++) { opt.zeroGrad(); x.sub(2).pow(2).backward(); opt.step(); }
 * jshell> x.item()   // within 1e-9 of the minimum at 2
 * $4 ==> 1.999999998981482
 * }</pre>
 *
 * <p>A parameter that no backward pass has reached (e.g. a layer the loss does not use) has
 * gradient 0: plain gradient descent leaves it alone, but momentum, weight decay and Adam's
 * running averages still move it, as in PyTorch for a zero (not {@code None}) gradient.
 *
 * <p>State (momentum buffers, running averages) is kept per parameter element, allocated on
 * the first {@link #step()}.
 */
public abstract class Optimizer {

    private final List<Parameter> parameters;
    private double lr;
    private int steps;

    /** An optimizer over {@code parameters} with learning rate {@code lr}. */
    protected Optimizer(List<? extends Parameter> parameters, double lr) {
        if (parameters == null || parameters.isEmpty()) {
            throw new IllegalArgumentException(
                    "optimizer over no parameters: did the module declare its parameters as fields?");
        }
        Map<Parameter, Integer> seen = new IdentityHashMap<>();
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            if (p == null) throw new IllegalArgumentException("optimizer: parameter " + i + " is null");
            if (!p.requiresGrad()) {
                throw new IllegalArgumentException(
                        "optimizer: parameter " + i + " is a constant that needs no gradient,"
                                + " so it can never be trained: make it with new Variable(...) / new Value(...),"
                                + " not Variable.constant(...), detach() or inside Autograd.noGrad()");
            }
            Integer first = seen.putIfAbsent(p, i);
            if (first != null) { // it would be updated twice per step
                throw new IllegalArgumentException(
                        "optimizer: parameters " + first + " and " + i + " are the same object");
            }
        }
        this.parameters = List.copyOf(parameters);
        lr(lr);
    }

    /** An optimizer over every parameter of {@code module}. */
    protected Optimizer(Model module, double lr) {
        this(module.parameters(), lr);
    }

    /** Resets the gradient of every parameter to zero. */
    public void zeroGrad() {
        for (Parameter p : parameters) p.zeroGrad();
    }

    /** Applies one update to every parameter from its current gradient. */
    public void step() {
        steps++;
        for (int i = 0; i < parameters.size(); i++) update(i, parameters.get(i), steps);
    }

    /**
     * Updates parameter number {@code index} in place; {@code step} counts from 1. Subclasses
     * keep their per-element state indexed by {@code index}.
     */
    protected abstract void update(int index, Parameter p, int step);

    /** The learning rate. */
    public double lr() {
        return lr;
    }

    /** Changes the learning rate (for schedules); returns this. */
    public Optimizer lr(double lr) {
        this.lr = checkNonNegative("lr", lr);
        return this;
    }

    /** The parameters this optimizer updates, in order (unmodifiable). */
    public List<Parameter> parameters() {
        return parameters;
    }

    /** How many steps have been taken. */
    public int steps() {
        return steps;
    }

    /** A zero state array per parameter, each as long as the parameter. */
    protected final double[][] newState() {
        double[][] state = new double[parameters.size()][];
        for (int i = 0; i < state.length; i++)
            state[i] = new double[parameters.get(i).numel()];
        return state;
    }

    static double checkNonNegative(String what, double value) {
        if (Double.isNaN(value) || value < 0 || Double.isInfinite(value)) {
            throw new IllegalArgumentException(what + " must be a finite number >= 0, got " + value);
        }
        return value;
    }

    static double checkUnitInterval(String what, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(what + " must be in [0, 1), got " + value);
        }
        return value;
    }
}

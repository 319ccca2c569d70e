package autograd.optimizer;

import autograd.Module;
import autograd.Parameter;
import java.util.List;

/**
 * Plain gradient descent: {@code p ← p − lr·∇p}.
 *
 * <pre>{@code
 * jshell> var opt = new GD(model, 0.05);
 * }</pre>
 */
public class GD extends Optimizer {

    /** Gradient descent over {@code parameters}. */
    public GD(List<? extends Parameter> parameters, double lr) {
        super(parameters, lr);
    }

    /** Gradient descent over the parameters of {@code module}. */
    public GD(Module module, double lr) {
        super(module, lr);
    }

    @Override
    protected void update(int index, Parameter p, int step) {
        double lr = lr();
        for (int k = 0; k < p.numel(); k++) p.setDataAt(k, p.dataAt(k) - lr * p.gradAt(k));
    }
}

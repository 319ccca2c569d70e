package autograd.optimizer;

import autograd.Model;
import autograd.Parameter;
import java.util.List;

/**
 * Plain gradient descent: {@code p ← p − lr·∇p} ({@code ∇p + weightDecay·p} with the base's
 * {@link #weightDecay(double)}).
 *
 * <pre>{@code
 * jshell> Variable x = new Variable(-3.0);
 * jshell> var opt = new GD(List.of(x), 0.05);        // or new GD(model, 0.05) for a Model
 * jshell> x.sub(2).pow(2).backward(); opt.step();    // gradient −10
 * jshell> x.item()
 * $5 ==> -2.5
 * }</pre>
 */
public class GD extends Optimizer {

    /** Gradient descent over {@code parameters}. */
    public GD(List<? extends Parameter> parameters, double lr) {
        super(parameters, lr);
    }

    /** Gradient descent over the parameters of {@code module}. */
    public GD(Model module, double lr) {
        super(module, lr);
    }

    @Override
    protected void update(int index, Parameter p) {
        double lr = lr();
        for (int k = 0; k < p.numel(); k++) {
            double x = p.dataAt(k);
            p.setDataAt(k, x - lr * gradient(p, k, x));
        }
    }
}

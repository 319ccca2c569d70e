package autograd.optimizer;

import autograd.Model;
import autograd.Parameter;
import java.util.List;

/**
 * Stochastic gradient descent with PyTorch's {@code torch.optim.SGD} formulas (no dampening):
 * <pre>
 *   g ← ∇p + weightDecay·p
 *   b ← g on the first step, then momentum·b + g
 *   g ← g + momentum·b   (Nesterov)   or   g ← b   (classical momentum)
 *   p ← p − lr·g
 * </pre>
 * With momentum 0 (the default) it is plain gradient descent.
 *
 * <pre>{@code
 * jshell> Variable x = new Variable(-3.0);
 * jshell> var opt = new SGD(List.of(x), 0.1).momentum(0.9).nesterov(true);
 * jshell> x.sub(2).pow(2).backward(); opt.step();    // b = −10, g = −10 + 0.9·(−10)
 * jshell> x.item()
 * $5 ==> -1.0999999999999999
 * }</pre>
 */
public class SGD extends Optimizer {

    private double momentum;
    private boolean nesterov;
    private double[][] buffers;

    /** SGD over {@code parameters}. */
    public SGD(List<? extends Parameter> parameters, double lr) {
        super(parameters, lr);
    }

    /** SGD over the parameters of {@code module}. */
    public SGD(Model module, double lr) {
        super(module, lr);
    }

    /** Momentum factor (default 0: none). */
    public SGD momentum(double momentum) {
        this.momentum = checkNonNegative("momentum", momentum);
        return this;
    }

    /** Nesterov momentum (default false); needs momentum > 0. */
    public SGD nesterov(boolean nesterov) {
        this.nesterov = nesterov;
        return this;
    }

    @Override
    public SGD weightDecay(double weightDecay) {
        super.weightDecay(weightDecay);
        return this;
    }

    @Override
    public SGD lr(double lr) {
        super.lr(lr);
        return this;
    }

    @Override
    protected void beginStep(int step) {
        if (nesterov && momentum == 0) {
            throw new IllegalStateException("SGD: nesterov(true) needs a momentum > 0 (call momentum(0.9), say)");
        }
        if (momentum != 0 && buffers == null) buffers = newState();
    }

    @Override
    protected void update(int index, Parameter p) {
        double lr = lr();
        boolean first = steps() == 1;
        for (int k = 0; k < p.numel(); k++) {
            double x = p.dataAt(k);
            double g = gradient(p, k, x);
            if (momentum != 0) {
                double[] b = buffers[index];
                b[k] = first ? g : momentum * b[k] + g;
                g = nesterov ? g + momentum * b[k] : b[k];
            }
            p.setDataAt(k, x - lr * g);
        }
    }
}

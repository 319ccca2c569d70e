package autograd.optimizer;

import autograd.Model;
import autograd.Parameter;
import java.util.List;

/**
 * RMSProp with PyTorch's defaults (lr 1e-2, alpha 0.99, eps 1e-8) and formulas
 * ({@code torch.optim.RMSprop}):
 * <pre>
 *   g ← ∇p + weightDecay·p
 *   s ← α·s + (1 − α)·g²
 *   d ← √s + eps,  or, centered: a ← α·a + (1 − α)·g,  d ← √(s − a²) + eps
 *   with momentum μ > 0:  b ← μ·b + g/d,  p ← p − lr·b;   else  p ← p − lr·g/d
 * </pre>
 *
 * <pre>{@code
 * jshell> Variable x = new Variable(-3.0);
 * jshell> var opt = new RMSProp(List.of(x), 0.01).momentum(0.9);
 * jshell> x.sub(2).pow(2).backward(); opt.step();    // s = 0.01·100, so g/√s = −1
 * jshell> x.item()
 * $5 ==> -2.900000001
 * }</pre>
 */
public class RMSProp extends Optimizer {

    private double alpha = 0.99;
    private double eps = 1e-8;
    private double momentum;
    private boolean centered;
    private double[][] squareAvg;
    private double[][] gradAvg;
    private double[][] buffers;

    /** RMSProp over {@code parameters}. */
    public RMSProp(List<? extends Parameter> parameters, double lr) {
        super(parameters, lr);
    }

    /** RMSProp over the parameters of {@code module}. */
    public RMSProp(Model module, double lr) {
        super(module, lr);
    }

    /** Decay rate of the running average of g² (default 0.99). */
    public RMSProp alpha(double alpha) {
        this.alpha = checkUnitInterval("alpha", alpha);
        return this;
    }

    /** Added to the denominator for stability (default 1e-8). */
    public RMSProp eps(double eps) {
        this.eps = checkNonNegative("eps", eps);
        return this;
    }

    /** Momentum factor (default 0: none). */
    public RMSProp momentum(double momentum) {
        this.momentum = checkNonNegative("momentum", momentum);
        return this;
    }

    /** Normalize by the estimated variance of the gradient instead of its second moment (default false). */
    public RMSProp centered(boolean centered) {
        this.centered = centered;
        return this;
    }

    @Override
    public RMSProp weightDecay(double weightDecay) {
        super.weightDecay(weightDecay);
        return this;
    }

    @Override
    public RMSProp lr(double lr) {
        super.lr(lr);
        return this;
    }

    @Override
    protected void beginStep(int step) {
        if (squareAvg == null) {
            squareAvg = newState();
            gradAvg = newState();
            buffers = newState();
        }
    }

    @Override
    protected void update(int index, Parameter p) {
        double[] s = squareAvg[index];
        double[] a = gradAvg[index];
        double[] b = buffers[index];
        double lr = lr();
        for (int k = 0; k < p.numel(); k++) {
            double x = p.dataAt(k);
            double g = gradient(p, k, x);
            s[k] = alpha * s[k] + (1 - alpha) * g * g;
            double variance = s[k];
            if (centered) {
                a[k] = alpha * a[k] + (1 - alpha) * g;
                variance -= a[k] * a[k];
            }
            double denom = Math.sqrt(Math.max(variance, 0)) + eps; // rounding can make s − a² slightly negative
            if (momentum > 0) {
                b[k] = momentum * b[k] + g / denom;
                p.setDataAt(k, x - lr * b[k]);
            } else {
                p.setDataAt(k, x - lr * g / denom);
            }
        }
    }
}

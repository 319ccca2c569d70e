package autograd.optimizer;

import autograd.Model;
import autograd.Parameter;
import java.util.List;

/**
 * Adam with PyTorch's defaults (lr 1e-3, betas 0.9 and 0.999, eps 1e-8) and formulas
 * ({@code torch.optim.Adam}, L2 weight decay added to the gradient):
 * <pre>
 *   g ← ∇p + weightDecay·p
 *   m ← β₁·m + (1 − β₁)·g,   v ← β₂·v + (1 − β₂)·g²
 *   p ← p − lr/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + eps)
 * </pre>
 *
 * <pre>{@code
 * jshell> Variable x = new Variable(-3.0);
 * jshell> var opt = new Adam(List.of(x), 0.01);      // or new Adam(model) for lr 1e-3
 * jshell> x.sub(2).pow(2).backward(); opt.step();    // the first step moves about lr
 * jshell> x.item()
 * $5 ==> -2.99000000001
 * }</pre>
 */
public class Adam extends Optimizer {

    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double eps = 1e-8;
    private double[][] m;
    private double[][] v;
    private double stepSize; // lr/(1 − β₁ᵗ) and √(1 − β₂ᵗ): this step's bias corrections
    private double sqrtCorrection2;

    /** Adam over {@code parameters} with learning rate {@code lr}. */
    public Adam(List<? extends Parameter> parameters, double lr) {
        super(parameters, lr);
    }

    /** Adam over the parameters of {@code module} with learning rate {@code lr}. */
    public Adam(Model module, double lr) {
        super(module, lr);
    }

    /** Adam over the parameters of {@code module} with PyTorch's default learning rate 1e-3. */
    public Adam(Model module) {
        super(module, 1e-3);
    }

    /** The decay rates of the running averages of the gradient and its square. */
    public Adam betas(double beta1, double beta2) {
        this.beta1 = checkUnitInterval("beta1", beta1);
        this.beta2 = checkUnitInterval("beta2", beta2);
        return this;
    }

    /** Added to the denominator for stability (default 1e-8). */
    public Adam eps(double eps) {
        this.eps = checkNonNegative("eps", eps);
        return this;
    }

    @Override
    public Adam weightDecay(double weightDecay) {
        super.weightDecay(weightDecay);
        return this;
    }

    @Override
    public Adam lr(double lr) {
        super.lr(lr);
        return this;
    }

    @Override
    protected void beginStep(int step) {
        if (m == null) {
            m = newState();
            v = newState();
        }
        stepSize = lr() / (1 - Math.pow(beta1, step));
        sqrtCorrection2 = Math.sqrt(1 - Math.pow(beta2, step));
    }

    @Override
    protected void update(int index, Parameter p) {
        double[] mi = m[index];
        double[] vi = v[index];
        for (int k = 0; k < p.numel(); k++) {
            double x = p.dataAt(k);
            double g = gradient(p, k, x);
            mi[k] = beta1 * mi[k] + (1 - beta1) * g;
            vi[k] = beta2 * vi[k] + (1 - beta2) * g * g;
            double denom = Math.sqrt(vi[k]) / sqrtCorrection2 + eps;
            p.setDataAt(k, x - stepSize * mi[k] / denom);
        }
    }
}

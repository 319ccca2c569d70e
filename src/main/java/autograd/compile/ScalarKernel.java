package autograd.compile;

/**
 * What the generated code of a scalar step implements: the forward pass (returns the result) and
 * the backward pass (adds the gradient to {@code dp}). The arrays belong to the calling thread:
 * {@code p} parameters, {@code x} inputs, {@code c} captured constants, {@code v} values kept
 * between the generated methods and between the passes, {@code tape} what each loop step keeps
 * for the backward pass.
 */
interface ScalarKernel {

    double forward(double[] p, double[] x, double[] c, double[] v, double[] tape);

    void backward(double[] p, double[] x, double[] c, double[] v, double[] tape, double[] dp);
}

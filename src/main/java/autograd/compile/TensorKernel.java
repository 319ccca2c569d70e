package autograd.compile;

/**
 * What the generated code of a tensor step implements. {@code b[id]} is tensor {@code id}'s
 * buffer and {@code b[N + id]} its gradient (parameters' and inputs' are the caller's arrays);
 * {@code m} holds the index maps of broadcast operands. The arrays belong to the calling thread.
 */
interface TensorKernel {

    double forward(double[][] b, int[][] m);

    void backward(double[][] b, int[][] m);
}

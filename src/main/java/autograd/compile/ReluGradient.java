package autograd.compile;

import autograd.MatMul;

/**
 * The backward pass of {@code relu} after a linear layer that only the relu reads, in one pass:
 * the layer's output gradient {@code dz = 0 + g · (z > 0 ? 1 : 0)} (the relu is its only
 * contribution, so it is written, not added: no buffer to clear first), then, while each row is at
 * hand, the bias gradient {@code db[j] += dz[i][j]} (the column sums {@code Variable.linear}'s
 * backward computes next).
 *
 * <p>Generated loops compute {@code z > 0 ? 1 : 0} with a compare the JIT may turn into a branch,
 * which mispredicts on a network's activations; {@link VectorReluGradient} does it with vector
 * masks when the JDK's vector API is present. Both give the eager engine's bits: each element is
 * {@code 0 + g·mask} as in {@code Kernels}, and each column sum adds the rows in order.
 */
final class ReluGradient {

    private ReluGradient() {}

    static final boolean VECTOR = MatMul.vectorKernels();

    /**
     * For {@code rows × m} elements: {@code dz[i] = 0 + g[i] · (z[i] > 0 ? 1 : 0)}, and, when
     * {@code bias} is not null, {@code bias[j] += dz[r·m + j]} row by row.
     */
    static void backward(double[] g, double[] z, double[] dz, double[] bias, int rows, int m) {
        if (VECTOR) {
            VectorReluGradient.backward(g, z, dz, bias, rows, m);
            return;
        }
        for (int r = 0; r < rows; r++) {
            int o = r * m;
            for (int j = 0; j < m; j++) dz[o + j] = 0.0 + g[o + j] * (z[o + j] > 0 ? 1 : 0);
            if (bias != null) {
                for (int j = 0; j < m; j++) bias[j] += dz[o + j];
            }
        }
    }
}

package autograd;

/**
 * Dense matrix-product kernels on row-major {@code double[]} storage: the forward product and
 * the two products its backward pass needs, each accumulating into a target.
 *
 * <p>Plain i-k-j loops: the inner loop walks both operands contiguously, which is what matters
 * at the small sizes the demos use.
 */
final class MatMul {

    private MatMul() {}

    /** {@code c[n×m] += a[n×k] · b[k×m]}. */
    static void multiply(double[] a, double[] b, double[] c, int n, int k, int m) {
        for (int i = 0; i < n; i++) {
            int rowA = i * k;
            int rowC = i * m;
            for (int p = 0; p < k; p++) {
                double aip = a[rowA + p];
                int rowB = p * m;
                for (int j = 0; j < m; j++) c[rowC + j] += aip * b[rowB + j];
            }
        }
    }

    /** {@code c[n×k] += g[n×m] · b[k×m]ᵀ}: the gradient of a product with respect to its left factor. */
    static void multiplyTransposedRight(double[] g, double[] b, double[] c, int n, int m, int k) {
        for (int i = 0; i < n; i++) {
            int rowG = i * m;
            int rowC = i * k;
            for (int p = 0; p < k; p++) {
                int rowB = p * m;
                double s = 0;
                for (int j = 0; j < m; j++) s += g[rowG + j] * b[rowB + j];
                c[rowC + p] += s;
            }
        }
    }

    /** {@code c[k×m] += a[n×k]ᵀ · g[n×m]}: the gradient of a product with respect to its right factor. */
    static void multiplyTransposedLeft(double[] a, double[] g, double[] c, int n, int k, int m) {
        for (int i = 0; i < n; i++) {
            int rowA = i * k;
            int rowG = i * m;
            for (int p = 0; p < k; p++) {
                double aip = a[rowA + p];
                int rowC = p * m;
                for (int j = 0; j < m; j++) c[rowC + j] += aip * g[rowG + j];
            }
        }
    }
}

package autograd.nd4j;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Matrix products through ND4J's BLAS (OpenBLAS), for the engine's large products.
 *
 * <p>Only {@code autograd.MatMul} calls this, and only after finding ND4J on the classpath: the
 * signature holds nothing but Java arrays, so the engine links without ND4J. The operands are
 * copied into native memory and the result back, O(n·k + k·m + n·m) against the product's
 * O(n·k·m), which is why small products stay in Java.
 *
 * <p>OpenBLAS 0.3.19 as packaged for ND4J may not recognize newer CPUs and fall back to slow
 * generic kernels: set {@code OPENBLAS_CORETYPE} before the JVM starts, to what
 * {@link OpenBlasCoreType} prints.
 */
public final class Blas {

    private Blas() {}

    /**
     * {@code c[n×m] += op(a) · op(b)}, where {@code op(a)} is {@code n×k} and {@code op(b)} is
     * {@code k×m}; with {@code transA} the array {@code a} holds the {@code k×n} matrix whose
     * transpose is meant (likewise {@code transB}).
     */
    public static void gemm(double[] a, boolean transA, double[] b, boolean transB, double[] c, int n, int k, int m) {
        INDArray left = Nd4j.createFromArray(a).reshape(transA ? new long[] {k, n} : new long[] {n, k});
        INDArray right = Nd4j.createFromArray(b).reshape(transB ? new long[] {m, k} : new long[] {k, m});
        INDArray product = Nd4j.createFromArray(c).reshape(n, m);
        Nd4j.gemm(left, right, product, transA, transB, 1.0, 1.0);
        product.data().asNioDouble().get(c, 0, n * m);
    }
}

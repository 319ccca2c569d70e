package autograd.nd4j;

import org.nd4j.linalg.api.buffer.DataType;
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
     * transpose is meant (likewise {@code transB}). When {@code c} is known to hold zeros, pass
     * {@code cIsZero} to save copying it in.
     */
    public static void gemm(double[] a, boolean transA, double[] b, boolean transB, double[] c, boolean cIsZero,
            int n, int k, int m) {
        INDArray left = copyOf(a, transA ? k : n, transA ? n : k);
        INDArray right = copyOf(b, transB ? m : k, transB ? k : m);
        INDArray product = cIsZero ? Nd4j.createUninitialized(DataType.DOUBLE, n, m) : copyOf(c, n, m);
        Nd4j.gemm(left, right, product, transA, transB, 1.0, cIsZero ? 0.0 : 1.0);
        product.data().asNioDouble().get(c, 0, n * m);
    }

    /**
     * A native row-major copy of {@code values}, filled with one bulk copy: ND4J's own
     * {@code createFromArray} stores element by element, which cost more than the product itself.
     */
    private static INDArray copyOf(double[] values, int rows, int cols) {
        INDArray array = Nd4j.createUninitialized(DataType.DOUBLE, rows, cols);
        array.data().asNioDouble().put(values, 0, rows * cols);
        return array;
    }
}

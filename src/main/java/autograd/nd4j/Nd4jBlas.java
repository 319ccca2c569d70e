package autograd.nd4j;

import autograd.spi.BlasProvider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Matrix products through ND4J's BLAS (OpenBLAS), for the engine's large products: the
 * {@link BlasProvider} this package registers in {@code META-INF/services}.
 *
 * <p>The engine finds it with {@link java.util.ServiceLoader} and calls it through the
 * interface, whose signatures hold nothing but Java arrays, so the engine links without ND4J.
 * The operands are copied into native memory and the result back, O(n·k + k·m + n·m) against
 * the product's O(n·k·m), which is why small products stay in Java.
 *
 * <p>OpenBLAS 0.3.19 as packaged for ND4J may not recognize newer CPUs and fall back to slow
 * generic kernels: set {@code OPENBLAS_CORETYPE} before the JVM starts, to what
 * {@link OpenBlasCoreType} prints.
 */
public final class Nd4jBlas implements BlasProvider {

    /** Made by {@link java.util.ServiceLoader}; touches no ND4J class. */
    public Nd4jBlas() {}

    @Override
    public String name() {
        return "nd4j";
    }

    /** Whether ND4J's classes are here (its native start-up, seconds, waits for the first product). */
    @Override
    public boolean isAvailable() {
        try {
            Class.forName("org.nd4j.linalg.factory.Nd4j", false, Nd4jBlas.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * {@code c[n×m] += op(a) · op(b)}, where {@code op(a)} is {@code n×k} and {@code op(b)} is
     * {@code k×m}; with {@code transA} the array {@code a} holds the {@code k×n} matrix whose
     * transpose is meant (likewise {@code transB}). When {@code c} is known to hold zeros, pass
     * {@code cIsZero} to save copying it in.
     */
    @Override
    public void gemm(
            double[] a, boolean transA, double[] b, boolean transB, double[] c, boolean cIsZero, int n, int k, int m) {
        Scratch scratch = SCRATCH.get();
        INDArray left = scratch.array(0, transA ? k : n, transA ? n : k);
        INDArray right = scratch.array(1, transB ? m : k, transB ? k : m);
        INDArray product = scratch.array(2, n, m);
        fill(left, a);
        fill(right, b);
        if (!cIsZero) fill(product, c);
        Nd4j.gemm(left, right, product, transA, transB, 1.0, cIsZero ? 0.0 : 1.0);
        product.data().asNioDouble().get(c, 0, n * m);
    }

    /**
     * Fills a native row-major array with one bulk copy: ND4J's own {@code createFromArray}
     * stores element by element, which cost more than the product itself.
     */
    private static void fill(INDArray array, double[] values) {
        array.data().asNioDouble().put(values, 0, (int) array.length());
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /**
     * Per thread, the native arrays of recent products, by operand and shape, reused: a fresh
     * native array per operand is memory the OS must map and zero, which for 1024 × 1024 doubles
     * cost a third of the product's time. At most {@link #MAX_BYTES} are kept per thread.
     */
    private static final class Scratch {
        static final long MAX_BYTES = 64L << 20;
        private final Map<List<Integer>, INDArray> arrays = new LinkedHashMap<>(16, 0.75f, true);
        private long bytes;

        INDArray array(int operand, int rows, int cols) {
            List<Integer> key = List.of(operand, rows, cols);
            INDArray array = arrays.get(key);
            if (array != null) return array;
            array = Nd4j.createUninitialized(DataType.DOUBLE, rows, cols);
            arrays.put(key, array);
            bytes += 8L * rows * cols;
            var eldest = arrays.entrySet().iterator();
            while (bytes > MAX_BYTES && arrays.size() > 3) { // the three operands of this product stay
                INDArray evicted = eldest.next().getValue();
                eldest.remove();
                bytes -= 8L * evicted.length();
            }
            return array;
        }
    }
}

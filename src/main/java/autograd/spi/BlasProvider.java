package autograd.spi;

/**
 * A library that computes large matrix products for the engine, found with
 * {@link java.util.ServiceLoader} as DJL finds its engines: a jar that lists an implementation
 * in {@code META-INF/services/autograd.spi.BlasProvider} is used when present, and the engine
 * never names it. {@code autograd.nd4j} provides one backed by ND4J's OpenBLAS; without any,
 * products run in plain Java.
 *
 * <p>Choose with the system property {@code autograd.blas}: {@code auto} (the default: the
 * engine's own vector-API GEMM, {@code java-vector}, when the JVM has {@code jdk.incubator.vector}
 * and the CPU 512-bit vectors, else the first available provider), a provider's {@link #name()},
 * or {@code java} for none.
 *
 * <pre>{@code
 * jshell> java.util.ServiceLoader.load(autograd.spi.BlasProvider.class).findFirst().get().name()
 * $1 ==> "nd4j"
 * }</pre>
 */
public interface BlasProvider {

    /** A short name for the system property and messages: {@code "nd4j"}. */
    String name();

    /**
     * Whether this provider can run in this JVM (its classes are on the classpath). Asked once,
     * before the first product; must be cheap and must not start native code.
     */
    boolean isAvailable();

    /**
     * {@code c[n×m] = op(a) · op(b) + (cIsZero ? 0 : c)}, row-major, where {@code op(a)} is
     * {@code n×k} and {@code op(b)} is {@code k×m}; with {@code transA} the array {@code a} holds
     * the {@code k×n} matrix whose transpose is meant (likewise {@code transB}).
     */
    void gemm(double[] a, boolean transA, double[] b, boolean transB, double[] c, boolean cIsZero, int n, int k, int m);
}

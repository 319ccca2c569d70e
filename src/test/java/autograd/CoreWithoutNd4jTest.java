package autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * ND4J is optional: the engine must load and compute in a JVM whose classpath has no ND4J at
 * all. A child JVM runs {@link Child} with only the compiled main and test classes.
 */
class CoreWithoutNd4jTest {

    /** Runs in the child JVM: proves ND4J is absent, then exercises both engines, large matmul included. */
    public static final class Child {
        public static void main(String[] args) {
            try {
                Class.forName("org.nd4j.linalg.factory.Nd4j");
                System.out.println("ND4J-PRESENT");
                return;
            } catch (ClassNotFoundException expected) {
                System.out.println("nd4j-absent");
            }
            Value x = new Value(3);
            Value y = x.mul(x).add(x.sin());
            y.backward();
            System.out.println("value-grad=" + x.grad);

            int n = 80; // above the BLAS threshold: must fall back to Java
            double[] ones = new double[n * n];
            java.util.Arrays.fill(ones, 1);
            Variable a = new Variable(ones, n, n);
            Variable product = a.matmul(Variable.constant(ones, n, n));
            product.sum().backward();
            System.out.println("product00=" + product.get(0, 0) + " grad00="
                    + a.grad().get(0, 0) + " backend=" + MatMul.backend());
            // The service file lists autograd.nd4j.Nd4jBlas, whose class loads but reports ND4J absent.
            System.out.println("providers="
                    + java.util.ServiceLoader.load(autograd.spi.BlasProvider.class).stream()
                            .map(p -> p.get().name() + ":" + p.get().isAvailable())
                            .toList());
        }
    }

    @Test
    void engineRunsInAJvmWithoutNd4j() throws Exception {
        String classes = location(Value.class); // target/classes: META-INF/services included
        String testClasses = location(Child.class);
        assertTrue(!classes.contains("nd4j") && !testClasses.contains("nd4j"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(
                        java, "-cp", classes + File.pathSeparator + testClasses, Child.class.getName())
                .redirectErrorStream(true)
                .start();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child JVM did not finish within 60 s");
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, child.exitValue(), out);
        List<String> lines = out.lines().toList();
        assertEquals("nd4j-absent", lines.get(0), out);
        assertEquals("value-grad=" + (6 + Math.cos(3)), lines.get(1), out);
        assertEquals("product00=80.0 grad00=80.0 backend=java", lines.get(2), out);
        assertEquals("providers=[nd4j:false]", lines.get(3), out);
    }

    private static String location(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
    }
}

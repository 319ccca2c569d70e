package autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The engine finds its BLAS through ServiceLoader; the system property's choices work. */
class BlasDiscoveryTest {

    @Test
    void nd4jIsFoundByServiceLoaderWhenPresent() {
        assertEquals("nd4j", MatMul.findBlas("nd4j").name());
        // auto: the engine's own vector GEMM where the CPU has 512-bit vectors, else ND4J
        assertEquals(
                VectorGemm.nativeWidth() ? "java-vector" : "nd4j",
                MatMul.findBlas("auto").name());
        assertEquals("java-vector", MatMul.findBlas("java-vector").name());
        assertNull(MatMul.findBlas("java"));
    }

    /** Only autograd.nd4j may name ND4J or itself; the rest reaches it through BlasProvider. */
    @Test
    void noClassOutsideTheNd4jPackageNamesNd4j() throws Exception {
        java.nio.file.Path root = java.nio.file.Path.of(
                Value.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        java.util.List<String> offenders = new java.util.ArrayList<>();
        try (var files = java.nio.file.Files.walk(root)) {
            for (var file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = root.relativize(file).toString();
                if (name.startsWith("autograd/nd4j/")) continue;
                String bytes = new String(
                        java.nio.file.Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
                if (bytes.contains("org/nd4j") || bytes.contains("autograd/nd4j")) offenders.add(name);
            }
        }
        assertEquals(java.util.List.of(), offenders);
    }

    @Test
    void javaOrAnUnknownNameMeansNoProvider() {
        assertNull(MatMul.findBlas("java"));
        assertNull(MatMul.findBlas("false"));
        assertNull(MatMul.findBlas("no-such-blas"));
    }
}

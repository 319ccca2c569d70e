package autograd.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark harness lives outside the Maven build (bench/java, compiled by bench/run.sh) so
 * that {@code mvn verify} never runs benchmarks; this test keeps it compiling against the API.
 */
class BenchSourcesCompileTest {

    @Test
    void benchHarnessCompilesAgainstTheLibrary(@TempDir Path out) throws IOException {
        Path sources = Path.of("bench", "java");
        assertTrue(
                Files.isDirectory(sources),
                "bench/java not found from " + Path.of("").toAbsolutePath());
        List<String> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(sources)) {
            walk.filter(p -> p.toString().endsWith(".java")).forEach(p -> files.add(p.toString()));
        }
        assertTrue(files.size() >= 3, "expected the harness sources in bench/java, found " + files);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "no system Java compiler: run the tests on a JDK");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> args = new ArrayList<>(List.of("-d", out.toString(), "-cp", classpath, "-proc:none"));
        args.addAll(files);
        StringWriter errors = new StringWriter();
        int status = javac.run(
                null,
                null,
                new java.io.PrintStream(new java.io.OutputStream() {
                    @Override
                    public void write(int b) {
                        errors.write(b);
                    }
                }),
                args.toArray(String[]::new));
        assertEquals(0, status, "bench/java does not compile:\n" + errors);
        assertTrue(Files.exists(out.resolve("autograd/bench/Bench.class".replace('/', File.separatorChar))));
    }
}

package autograd.spark;

import java.nio.file.Path;

/** Spark sessions for tests: on the loopback, no web UI, scratch space in the test's folder. */
final class TestSessions {

    private TestSessions() {}

    static SparkBackend.Builder on(String master, Path dir, String name) {
        return SparkBackend.builder()
                .master(master)
                .appName(name)
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false")
                .config("spark.local.dir", dir.toString())
                .config("spark.executor.memory", "512m")
                // Native bundles (ND4J's OpenBLAS, PyTorch: 250 MB) that these sweeps never load: each
                // executor would copy them into its work folder. Everything else travels.
                .excludeJars("*-linux-x86_64.jar", "pytorch-*.jar");
    }
}

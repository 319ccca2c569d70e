package autograd.spark;

import org.apache.spark.launcher.JavaModuleOptions;

/**
 * Prints the JVM options a Spark driver needs on Java 17+ ({@code --add-opens} for the modules Spark
 * reaches into), from Spark's own list, as {@code spark-submit} passes them. {@code kernel-setup.sh}
 * gives them to a Spark-enabled kernel. Executors need nothing from us: Spark adds the same list to
 * their command line itself.
 */
public final class SparkJvmOptions {

    private SparkJvmOptions() {}

    /** Spark's options, space-separated. */
    public static String options() {
        return JavaModuleOptions.defaultModuleOptions();
    }

    /** {@code java -cp <our jar>:<Spark's jars> autograd.spark.SparkJvmOptions} prints them on one line. */
    public static void main(String[] args) {
        System.out.println(options());
    }
}

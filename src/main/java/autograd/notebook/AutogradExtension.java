package autograd.notebook;

import java.util.ArrayList;
import java.util.List;
import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;

/**
 * The JJava kernel extension of autograd-java, found through
 * {@code META-INF/services/org.dflib.jjava.jupyter.Extension} when the JAR is on the kernel's
 * classpath. It registers the {@link NotebookRenderers} and imports the packages a notebook uses
 * ({@code Value}, {@code Variable}, the plots, {@code Sweep}, XChart, Tablesaw), so cells need no boilerplate.
 *
 * <p>Nothing here may stop the kernel from starting: each step that fails is reported on the
 * kernel's standard error and skipped.
 *
 * <pre>{@code
 * // in a notebook cell, with no imports:
 * var t = Table.create("t", DoubleColumn.create("x", 1, 2, 3));
 * t   // shown as an HTML table
 * }</pre>
 */
public final class AutogradExtension implements Extension {

    /**
     * Packages imported on demand, each only if it exists in this JVM: importing a missing package
     * is a compile error (a kernel may run an older JAR than this list). No two of the library's
     * public types share a simple name, and none shares one with {@code java.lang}, so all of its
     * packages can be imported on demand.
     */
    static final List<String> PACKAGE_IMPORTS = List.of(
            "autograd",
            "autograd.nn",
            "autograd.nn.scalar",
            "autograd.optimizer",
            "autograd.data",
            "autograd.ode",
            "autograd.plot",
            "autograd.notebook",
            "autograd.sweep",
            "autograd.compile",
            "org.knowm.xchart",
            "org.knowm.xchart.style",
            "org.knowm.xchart.style.markers",
            "tech.tablesaw.api");

    @Override
    public void install(BaseKernel kernel) {
        try {
            NotebookRenderers.registerAll(kernel.getRenderer());
        } catch (RuntimeException | LinkageError e) {
            System.err.println("autograd-java: renderers not registered: " + e);
        }
        KernelHooks.install(kernel);
        List<String> imports = importStatements(getClass().getClassLoader());
        try {
            kernel.evalRaw(String.join("\n", imports));
        } catch (RuntimeException | LinkageError all) {
            // One bad import fails the whole snippet: keep the ones that work.
            for (String line : imports) {
                try {
                    kernel.evalRaw(line);
                } catch (RuntimeException | LinkageError e) {
                    System.err.println("autograd-java: skipped '" + line + "': " + e);
                }
            }
        }
    }

    /** The import statements whose packages and classes exist for {@code loader}. */
    static List<String> importStatements(ClassLoader loader) {
        List<String> lines = new ArrayList<>();
        for (String pkg : PACKAGE_IMPORTS) {
            if (loader.getResource(pkg.replace('.', '/') + "/") != null) {
                lines.add("import " + pkg + ".*;");
            }
        }
        return lines;
    }
}

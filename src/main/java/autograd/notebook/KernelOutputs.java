package autograd.notebook;

import java.io.PrintStream;
import java.util.UUID;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

/**
 * Outputs for {@link ProgressBar}: one notebook output updated in place when a JJava kernel runs
 * this code, plain lines on standard output otherwise.
 *
 * <p>The kernel's classes are only touched after checking they are there, so the same JAR works
 * in plain jshell and in tests.
 */
final class KernelOutputs {

    private static final String DISPLAY_ID = "display_id";

    private KernelOutputs() {}

    static ProgressBar.Output forCurrentKernel() {
        if (NotebookRenderers.findClass(
                        "org.dflib.jjava.jupyter.kernel.BaseKernel", KernelOutputs.class.getClassLoader())
                != null) {
            ProgressBar.Output inKernel = InKernel.create();
            if (inKernel != null) {
                return inKernel;
            }
        }
        return lines(System.out);
    }

    /** Prints every drawing as a new line (no terminal tricks: logs and CI stay readable). */
    static ProgressBar.Output lines(PrintStream out) {
        return (plain, html) -> out.println(plain);
    }

    /** Kept in its own class so that loading {@link KernelOutputs} never needs the kernel's classes. */
    private static final class InKernel implements ProgressBar.Output {
        private final BaseKernel kernel;
        private final String displayId = UUID.randomUUID().toString();
        private boolean shown;

        private InKernel(BaseKernel kernel) {
            this.kernel = kernel;
        }

        static ProgressBar.Output create() {
            BaseKernel kernel;
            try {
                kernel = BaseKernel.notebookKernel();
            } catch (RuntimeException notInAKernel) {
                // NOTE: the kernel's classes on the classpath (tests, plain jshell) but no kernel running.
                return null;
            }
            return kernel == null ? null : new InKernel(kernel);
        }

        @Override
        public void show(String plain, String html) {
            DisplayData data = new DisplayData(plain);
            data.putHTML(html);
            // putTransientData rather than setDisplayId: the latter changed its signature between
            // the jjava-jupyter we compile against and the kernel that runs us.
            data.putTransientData(DISPLAY_ID, displayId);
            if (shown) {
                kernel.getIO().display.updateDisplay(displayId, data);
            } else {
                kernel.display(data);
                shown = true;
            }
        }
    }
}

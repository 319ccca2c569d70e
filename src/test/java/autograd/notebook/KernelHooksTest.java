package autograd.notebook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.Test;

/** The pieces of {@link KernelHooks} that need no kernel; the whole is tested through the real kernel. */
class KernelHooksTest {

    @Test
    void keepsOnlyTheNotebooksFramesAndCountsTheRest() {
        StackTraceElement[] frames = {
            new StackTraceElement("autograd.Op", "domainError", "Op.java", 153),
            new StackTraceElement("autograd.Value", "sqrt", "Value.java", 221),
            new StackTraceElement("", "logOf", "#25", 2),
            new StackTraceElement("", "", "#26", 1),
            new StackTraceElement("jdk.internal.reflect.NativeMethodAccessorImpl", "invoke0", null, -2),
        };
        List<String> shown = Arrays.stream(KernelHooks.userFrames(null, frames))
                .map(frame -> KernelHooks.reworder().apply("\tat " + frame))
                .toList();
        assertEquals(
                List.of(
                        "    at a cell, line 2 of logOf",
                        "    at a cell, line 1",
                        "    (3 frame(s) inside the library and the JDK not shown)"),
                shown);
    }

    @Test
    void javacsMissingSparkLinesSayHowToInstallSparkWhenItIsAbsent() {
        String noPackage = "package autograd.spark does not exist";
        String noClass = "  symbol:   variable SparkBackend";
        String hint = "Spark is opt-in: run ./kernel-setup.sh --spark";
        assertTrue(KernelHooks.CellErrorStyler.withSparkHint(noPackage, false).contains(hint));
        assertTrue(KernelHooks.CellErrorStyler.withSparkHint(noClass, false).contains(hint));
        assertEquals(noPackage, KernelHooks.CellErrorStyler.withSparkHint(noPackage, true));
        assertEquals(noClass, KernelHooks.CellErrorStyler.withSparkHint(noClass, true));
        String other = "  symbol:   variable SparkBackendless";
        assertEquals(other, KernelHooks.CellErrorStyler.withSparkHint(other, false));
        assertEquals("cannot find symbol", KernelHooks.CellErrorStyler.withSparkHint("cannot find symbol", false));
        assertNull(KernelHooks.CellErrorStyler.withSparkHint(null, false));
    }

    @Test
    void framesWithoutNotebookCodeAreLeftAsTheyAre() {
        StackTraceElement[] frames = {new StackTraceElement("autograd.Op", "domainError", "Op.java", 153)};
        assertArrayEquals(frames, KernelHooks.userFrames(null, frames));
    }

    @Test
    void lambdaAndSnippetMethodNamesReadAsTheStudentsMethod() {
        assertEquals("add", KernelHooks.methodName("lambda$add$0"));
        assertEquals("", KernelHooks.methodName("do_it$"));
        assertEquals("", KernelHooks.methodName("lambda$do_it$$0"));
        assertEquals("gradientDescent", KernelHooks.methodName("gradientDescent"));
    }

    @Test
    void otherLinesAreNotReworded() {
        assertEquals(
                "\tat autograd.Value.sqrt(Value.java:221)",
                KernelHooks.reworder().apply("\tat autograd.Value.sqrt(Value.java:221)"));
    }

    @Test
    void aPrintStreamRendersAsNothingAndOtherValuesAsBefore() {
        var renderer = new KernelHooks.QuietRenderer();
        assertNull(renderer.render(System.out));
        assertEquals("42", renderer.render(42).getData(MIMEType.TEXT_PLAIN));
    }
}

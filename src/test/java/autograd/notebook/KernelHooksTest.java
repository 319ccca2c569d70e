package autograd.notebook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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

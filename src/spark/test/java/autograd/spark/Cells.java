package autograd.spark;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;

/**
 * Notebook cells compiled and run by JShell in this JVM, as the JJava kernel runs them: JShell's
 * compiler, classes in the package {@code REPL} defined from bytes in memory, direct execution in
 * the same JVM (JJava's execution control extends the same {@code DirectExecutionControl}). The
 * difference: the JDK's loader serves the class files as resources, JJava's does not (notebook 09
 * covers that path through the real kernel).
 */
public final class Cells implements AutoCloseable {

    /** Where a cell hands an object to the test (same class for both: the cells' loader delegates to ours). */
    public static final AtomicReference<Object> HANDOFF = new AtomicReference<>();

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final JShell shell;

    Cells() {
        PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
        shell = JShell.builder().executionEngine("local").out(out).err(out).build();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            shell.addToClasspath(entry);
        }
        run("import autograd.*; import autograd.sweep.*; import java.util.*;");
    }

    /** Runs a cell (one or more snippets); fails with javac's or the runtime's message when it does. */
    Cells run(String cell) {
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        String rest = cell;
        while (!rest.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            if (!info.completeness().isComplete()) throw new AssertionError("incomplete snippet: " + rest);
            for (SnippetEvent event : shell.eval(info.source())) {
                if (event.exception() != null) {
                    throw new AssertionError(
                            "cell threw: " + event.exception() + "\n" + info.source(), event.exception());
                }
                if (event.status() == Snippet.Status.REJECTED) {
                    List<String> messages = shell.diagnostics(event.snippet())
                            .map(d -> d.getMessage(null))
                            .toList();
                    throw new AssertionError("cell does not compile: " + messages + "\n" + info.source());
                }
            }
            rest = info.remaining();
        }
        return this;
    }

    /** The value of a notebook variable (or any expression). */
    @SuppressWarnings("unchecked")
    <T> T get(String expression) {
        run("autograd.spark.Cells.HANDOFF.set(" + expression + ");");
        return (T) HANDOFF.getAndSet(null);
    }

    /** What the cells printed. */
    String output() {
        return output.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        shell.close();
    }
}

package autograd.notebook;

import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;

/**
 * Three fixes to what a student sees in JJava 1.0a8, each installed by {@link AutogradExtension}
 * and each skipped (with a line on the kernel's log) if the kernel's internals are not what they
 * were when this was written:
 *
 * <ul>
 *   <li><b>Errors name the student's own code.</b> A runtime error keeps its message and only the
 *       frames of notebook code, each shown as the cell ({@code In [3]}) and the line of source
 *       that ran, instead of the library's and the JDK's frames and jshell snippet numbers.
 *   <li><b>{@code System.out.printf(...)} as a cell's last line shows only what it prints</b>, not
 *       the {@code PrintStream} it returns.
 *   <li><b>Shift+Tab shows the library's Javadoc</b>: the sources named by the environment variable
 *       {@code AUTOGRAD_SOURCES} (set by kernel-setup.sh) join the JDK's on jshell's documentation
 *       path.
 * </ul>
 */
final class KernelHooks {

    /** Marks a frame made by {@link #userFrames}: the styler prints it as a sentence. */
    static final String CELL_FRAME = "\u2063cell";

    private KernelHooks() {}

    static void install(BaseKernel kernel) {
        JShell shell = null;
        try {
            Method getter = kernel.getClass().getMethod("getJShell");
            shell = (JShell) getter.invoke(kernel);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            log("no jshell to hook into (" + e + "): errors show their full stack traces");
        }
        if (shell != null) {
            try {
                AtomicInteger count = executionCount(kernel);
                JShell finalShell = shell;
                shell.onSnippetEvent(event -> trimStackTrace(finalShell, event, count));
                replaceErrorStyler(kernel);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                log("errors keep their full stack traces (" + e + ")");
            }
            String sources = System.getenv("AUTOGRAD_SOURCES");
            if (sources != null && !sources.isBlank()) {
                try {
                    addDocumentationSources(shell.sourceCodeAnalysis(), Path.of(sources));
                } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                    log("Shift+Tab shows signatures only (" + e + ")");
                }
            }
        }
        try {
            replaceRenderer(kernel);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            log("a cell ending in System.out.printf(...) also shows the PrintStream (" + e + ")");
        }
    }

    private static void log(String message) {
        System.err.println("autograd-java: " + message);
    }

    // ---- errors --------------------------------------------------------------------------------

    private static final Map<String, Integer> CELL_OF_SNIPPET = new ConcurrentHashMap<>();

    private static AtomicInteger executionCount(BaseKernel kernel) throws ReflectiveOperationException {
        Field field = BaseKernel.class.getDeclaredField("executionCount");
        field.setAccessible(true);
        return (AtomicInteger) field.get(kernel);
    }

    private static void trimStackTrace(JShell shell, SnippetEvent event, AtomicInteger count) {
        if (event.snippet() != null && event.previousStatus() == Snippet.Status.NONEXISTENT) {
            // The kernel counts up before it runs a cell: the cell running now is count - 1.
            CELL_OF_SNIPPET.putIfAbsent(event.snippet().id(), count.get() - 1);
        }
        for (JShellException e = event.exception(); e != null; e = cause(e)) {
            if (e instanceof EvalException) e.setStackTrace(userFrames(shell, e.getStackTrace()));
        }
    }

    private static JShellException cause(JShellException e) {
        Throwable cause = e.getCause();
        return cause instanceof JShellException j && cause != e ? j : null;
    }

    /**
     * The frames of notebook code only (jshell names their file "#id"), each as a frame whose class
     * is {@link #CELL_FRAME} and whose file is the sentence to show; the library's and the JDK's
     * frames are summed up in one last frame. Unchanged when no frame is the notebook's.
     */
    static StackTraceElement[] userFrames(JShell shell, StackTraceElement[] frames) {
        List<StackTraceElement> mine = new ArrayList<>();
        int hidden = 0;
        for (StackTraceElement frame : frames) {
            String file = frame.getFileName();
            if (file == null || !file.startsWith("#")) {
                hidden++;
                continue;
            }
            String id = file.substring(1);
            String line = sourceLine(shell, id, frame.getLineNumber());
            Integer cell = CELL_OF_SNIPPET.get(id);
            String method = methodName(frame.getMethodName());
            String where = (cell == null || cell < 1 ? "a cell" : "In [" + cell + "]") + ", line "
                    + frame.getLineNumber() + (method.isEmpty() ? "" : " of " + method);
            mine.add(new StackTraceElement(CELL_FRAME, "", where + (line == null ? "" : ": " + line.strip()), -1));
        }
        if (mine.isEmpty()) return frames;
        if (hidden > 0) {
            mine.add(new StackTraceElement(
                    CELL_FRAME, "", "(" + hidden + " frame(s) inside the library and the JDK not shown)", -1));
        }
        return mine.toArray(StackTraceElement[]::new);
    }

    private static String sourceLine(JShell shell, String id, int number) {
        if (shell == null || number < 1) return null;
        return shell.snippets()
                .filter(s -> s.id().equals(id))
                .findFirst()
                .map(s -> {
                    List<String> lines = s.source().lines().toList();
                    return number <= lines.size() ? lines.get(number - 1) : null;
                })
                .orElse(null);
    }

    /** "lambda$add$0" is the lambda inside add; a cell's own code has no method name. */
    static String methodName(String name) {
        if (name == null || name.isEmpty() || name.startsWith("do_it$")) return "";
        if (name.startsWith("lambda$")) {
            String[] parts = name.split("\\$");
            return parts.length > 1 && !parts[1].startsWith("do_it") ? parts[1] : "";
        }
        return name;
    }

    private static void replaceErrorStyler(BaseKernel kernel) throws ReflectiveOperationException {
        Field field = BaseKernel.class.getDeclaredField("errorStyler");
        field.setAccessible(true);
        StringStyler original = (StringStyler) field.get(kernel);
        if (!(original instanceof CellErrorStyler)) field.set(kernel, new CellErrorStyler(original));
    }

    /** The kernel's error styler, except that a frame made by {@link #userFrames} reads as a sentence. */
    static final class CellErrorStyler extends StringStyler {
        private static final String MARK = "\tat " + CELL_FRAME + ".(";
        private final StringStyler original;

        CellErrorStyler(StringStyler original) {
            super("", "", "", i -> "");
            this.original = original;
        }

        static String reword(String line) {
            if (line != null && line.startsWith(MARK) && line.endsWith(")")) {
                String sentence = line.substring(MARK.length(), line.length() - 1);
                return (sentence.startsWith("(") ? "    " : "    at ") + sentence;
            }
            return withSparkHint(line, SPARK_INSTALLED);
        }

        // Whether this kernel's library was built with the Spark backend (./kernel-setup.sh --spark).
        private static final boolean SPARK_INSTALLED =
                KernelHooks.class.getClassLoader().getResource("autograd/spark/SparkBackend.class") != null;

        /**
         * javac's line about a missing {@code autograd.spark} package or {@code SparkBackend} class,
         * with what to do when the kernel was set up without Spark; any other line unchanged.
         */
        static String withSparkHint(String line, boolean sparkInstalled) {
            if (line == null || sparkInstalled) return line;
            boolean missing = line.contains("package autograd.spark does not exist")
                    || (line.trim().startsWith("symbol:") && line.matches(".*\\bSpark(Backend|Jvm\\w*)\\b.*"));
            return missing
                    ? line
                            + "  <- Spark is opt-in: run ./kernel-setup.sh --spark in the project, then restart the kernel"
                    : line;
        }

        @Override
        public String primary(String text) {
            return original.primary(text);
        }

        @Override
        public String secondary(String text) {
            return original.secondary(reword(text));
        }

        @Override
        public String highlight(String text) {
            return original.highlight(text);
        }

        @Override
        public String highlightSubstring(String text, int start, int end) {
            return original.highlightSubstring(text, start, end);
        }

        @Override
        public String primaryLine(int number, String line) {
            return original.primaryLine(number, line);
        }

        @Override
        public String secondaryLine(int number, String line) {
            return original.secondaryLine(number, reword(line));
        }

        @Override
        public String highlightLine(int number, String line) {
            return original.highlightLine(number, line);
        }

        @Override
        public List<String> primaryLines(String text) {
            return original.primaryLines(text);
        }

        @Override
        public List<String> secondaryLines(String text) {
            return original.secondaryLines(text).stream()
                    .map(CellErrorStyler::reword)
                    .toList();
        }

        @Override
        public List<String> highlightLines(String text) {
            return original.highlightLines(text);
        }

        @Override
        public List<String> highlightSubstringLines(String text, int start, int end) {
            return original.highlightSubstringLines(text, start, end);
        }
    }

    // ---- PrintStream results -----------------------------------------------------------------

    private static void replaceRenderer(BaseKernel kernel) throws ReflectiveOperationException {
        Field field = BaseKernel.class.getDeclaredField("renderer");
        field.setAccessible(true);
        Renderer original = (Renderer) field.get(kernel);
        if (original instanceof QuietRenderer) return;
        QuietRenderer quiet = new QuietRenderer();
        // The same registrations, MIME suffixes and all: copy the state the kernel's renderer holds.
        for (Field state : Renderer.class.getDeclaredFields()) {
            if (Modifier.isStatic(state.getModifiers())) continue;
            state.setAccessible(true);
            state.set(quiet, state.get(original));
        }
        field.set(kernel, quiet);
    }

    /**
     * Renders a cell's value as the kernel does, except a {@link PrintStream}: {@code printf} and
     * {@code format} return their stream, and its {@code toString()} is noise under what they
     * printed. No value, no output.
     */
    static final class QuietRenderer extends Renderer {
        @Override
        public DisplayData render(Object value) {
            return value instanceof PrintStream ? null : super.render(value);
        }
    }

    // ---- Javadoc -------------------------------------------------------------------------------

    /**
     * Puts {@code sources} (a folder of .java files) on jshell's documentation path beside the JDK's
     * own sources: jshell looks for Javadoc only in the JDK's src.zip otherwise.
     */
    @SuppressWarnings("unchecked")
    static void addDocumentationSources(SourceCodeAnalysis analysis, Path sources) throws ReflectiveOperationException {
        if (!Files.isDirectory(sources)) {
            log("AUTOGRAD_SOURCES=" + sources + " is not a folder: Shift+Tab shows signatures only");
            return;
        }
        Class<?> type = analysis.getClass();
        Method find = type.getDeclaredMethod("findSources");
        find.setAccessible(true);
        List<Path> jdk = (List<Path>) find.invoke(analysis);
        List<Path> all = new ArrayList<>(jdk);
        if (!all.contains(sources)) all.add(sources);
        Field cache = type.getDeclaredField("availableSources");
        cache.setAccessible(true);
        cache.set(analysis, all);
    }

    /** For tests: the sentence a cell frame reads as. */
    static Function<String, String> reworder() {
        return CellErrorStyler::reword;
    }
}

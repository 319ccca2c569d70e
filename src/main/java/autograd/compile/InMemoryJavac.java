package autograd.compile;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * Compiles generated Java source with the JDK's own compiler ({@code javax.tools}), in memory,
 * and loads the class as a hidden class of this package: nothing is written to disk, and the
 * class is unloaded once no compiled step refers to it.
 */
final class InMemoryJavac {

    private InMemoryJavac() {}

    /** Compiles {@code source} (a class {@code simpleName} in this package) and returns a new instance of it. */
    static <T> T instantiate(String simpleName, String source, Class<T> type) {
        byte[] bytes = compile(simpleName, source);
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup().defineHiddenClass(bytes, true);
            Object instance = lookup.findConstructor(lookup.lookupClass(), MethodType.methodType(void.class))
                    .invoke();
            return type.cast(instance);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("compile: the generated class could not be loaded: " + e, e);
        }
    }

    /** The class file of {@code simpleName} compiled from {@code source}. */
    static byte[] compile(String simpleName, String source) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("compile needs the JDK's Java compiler (javax.tools), but this JVM ("
                    + System.getProperty("java.home") + ") is a runtime without it: run on a JDK");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        String qualified = InMemoryJavac.class.getPackageName() + "." + simpleName;
        JavaFileObject file =
                new SimpleJavaFileObject(
                        URI.create("string:///" + qualified.replace('.', '/') + ".java"), JavaFileObject.Kind.SOURCE) {
                    @Override
                    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                        return source;
                    }
                };
        List<String> options = new ArrayList<>(
                List.of("-classpath", ownClassPath(), "-proc:none", "-g:source,lines", "-nowarn", "-Xlint:none"));
        Boolean ok;
        byte[] bytes;
        // NOTE: closed, or every compiled step would leave the class path's jars open
        try (ClassBytes out = new ClassBytes(javac.getStandardFileManager(diagnostics, Locale.ROOT, null))) {
            ok = javac.getTask(null, out, diagnostics, options, null, List.of(file))
                    .call();
            bytes = out.bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("compile: could not close javac's file manager", e);
        }
        if (!Boolean.TRUE.equals(ok) || bytes == null) {
            StringBuilder message = new StringBuilder("compile: the generated code did not compile (a bug in autograd"
                    + ".compile; please report it with this message):");
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                message.append("\n  line ")
                        .append(d.getLineNumber())
                        .append(": ")
                        .append(d.getMessage(Locale.ROOT));
            }
            throw new IllegalStateException(message.toString());
        }
        return bytes;
    }

    /**
     * Where this package's classes come from (a jar or a directory), for javac to resolve the
     * interfaces the generated class implements: a notebook kernel loads the library from a class
     * path of its own, which {@code java.class.path} does not show.
     */
    private static String ownClassPath() {
        CodeSource src = InMemoryJavac.class.getProtectionDomain().getCodeSource();
        String own = null;
        if (src != null && src.getLocation() != null) {
            try {
                own = Path.of(src.getLocation().toURI()).toString();
            } catch (URISyntaxException | IllegalArgumentException e) {
                own = null;
            }
        }
        String system = System.getProperty("java.class.path", "");
        if (own == null) return system;
        return system.isEmpty() ? own : own + File.pathSeparator + system;
    }

    /** Keeps the one class file javac writes in memory. */
    private static final class ClassBytes extends ForwardingJavaFileManager<JavaFileManager> {
        byte[] bytes;

        ClassBytes(JavaFileManager fileManager) {
            super(fileManager);
        }

        @Override
        public JavaFileObject getJavaFileForOutput(
                Location location, String className, JavaFileObject.Kind kind, FileObject sibling) {
            return new SimpleJavaFileObject(URI.create("bytes:///" + className.replace('.', '/') + ".class"), kind) {
                @Override
                public OutputStream openOutputStream() {
                    return new ByteArrayOutputStream() {
                        @Override
                        public void close() {
                            bytes = toByteArray();
                        }
                    };
                }
            };
        }
    }
}

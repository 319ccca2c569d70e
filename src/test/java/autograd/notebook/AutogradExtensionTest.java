package autograd.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class AutogradExtensionTest {

    @Test
    void isListedAsAJJavaExtension() throws IOException {
        try (InputStream in = getClass()
                .getClassLoader()
                .getResourceAsStream("META-INF/services/org.dflib.jjava.jupyter.Extension")) {
            assertNotNull(in, "service file on the classpath");
            String listed = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            assertEquals(AutogradExtension.class.getName(), listed);
        }
    }

    @Test
    void importsOnlyPackagesThatExist() {
        List<String> imports = AutogradExtension.importStatements(getClass().getClassLoader());
        assertTrue(imports.contains("import autograd.*;"), imports.toString());
        assertTrue(imports.contains("import autograd.nn.*;"));
        assertTrue(imports.contains("import autograd.nn.scalar.*;"));
        assertTrue(imports.contains("import autograd.plot.*;"));
        assertTrue(imports.contains("import autograd.notebook.*;"));
        assertTrue(imports.contains("import org.knowm.xchart.*;"));
        assertTrue(imports.contains("import tech.tablesaw.api.*;"));
        for (String line : imports) {
            assertTrue(line.matches("import [a-z][\\w.]*\\.\\*;"), line);
        }
        ClassLoader empty = new ClassLoader(null) {};
        assertFalse(AutogradExtension.importStatements(empty).contains("import autograd.plot.*;"));
    }

    /** What jshell imports by itself (plus java.lang), which notebook cells also see. */
    static final List<String> JSHELL_IMPORTS = List.of(
            "java.lang",
            "java.io",
            "java.math",
            "java.net",
            "java.nio.file",
            "java.util",
            "java.util.concurrent",
            "java.util.function",
            "java.util.prefs",
            "java.util.regex",
            "java.util.stream");

    @Test
    void defaultImportsLeaveNoNameAmbiguous() throws IOException {
        ClassLoader loader = getClass().getClassLoader();
        List<String> imports = AutogradExtension.importStatements(loader);
        Set<String> ours = new HashSet<>();
        Set<String> single = new HashSet<>();
        for (String line : imports) {
            String name = line.substring("import ".length(), line.length() - 1);
            if (name.endsWith(".*")) {
                ours.add(name.substring(0, name.length() - 2));
            } else {
                single.add(name.substring(name.lastIndexOf('.') + 1));
            }
        }
        Map<String, Set<String>> packagesByName = new TreeMap<>();
        Set<String> all = new HashSet<>(ours);
        all.addAll(JSHELL_IMPORTS);
        for (String className : publicClasses(all, loader)) {
            int dot = className.lastIndexOf('.');
            packagesByName
                    .computeIfAbsent(className.substring(dot + 1), k -> new TreeSet<>())
                    .add(className.substring(0, dot));
        }
        List<String> ambiguous = new ArrayList<>();
        packagesByName.forEach((simple, packages) -> {
            if (packages.size() > 1
                    && !single.contains(simple)
                    && packages.stream().anyMatch(ours::contains)) {
                ambiguous.add(simple + " in " + packages);
            }
        });
        assertTrue(ambiguous.isEmpty(), "a notebook cell using these names would not compile: " + ambiguous);
    }

    /** Public top-level classes of {@code packages}, from the class path's jars and folders and the JDK. */
    static Set<String> publicClasses(Set<String> packages, ClassLoader loader) throws IOException {
        Set<String> names = new TreeSet<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path path = Path.of(entry);
            if (Files.isDirectory(path)) {
                try (Stream<Path> files = Files.walk(path)) {
                    files.map(f -> path.relativize(f).toString().replace(java.io.File.separatorChar, '/'))
                            .forEach(n -> addIfTopLevel(n, packages, names));
                }
            } else if (entry.endsWith(".jar") && Files.isRegularFile(path)) {
                try (JarFile jar = new JarFile(path.toFile())) {
                    for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                        addIfTopLevel(e.nextElement().getName(), packages, names);
                    }
                }
            }
        }
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
        for (String pkg : packages) {
            Path dir = jrt.getPath("/packages", pkg);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> modules = Files.list(dir)) {
                for (Path module : (Iterable<Path>) modules::iterator) {
                    Path classes = module.resolve(pkg.replace('.', '/'));
                    try (Stream<Path> files = Files.list(classes)) {
                        files.forEach(
                                f -> addIfTopLevel(pkg.replace('.', '/') + "/" + f.getFileName(), packages, names));
                    }
                }
            }
        }
        names.removeIf(name -> {
            Class<?> type = NotebookRenderers.findClass(name, loader);
            return type == null || !Modifier.isPublic(type.getModifiers());
        });
        return names;
    }

    static void addIfTopLevel(String path, Set<String> packages, Set<String> names) {
        if (!path.endsWith(".class") || path.contains("$") || !path.contains("/")) {
            return;
        }
        String name = path.substring(0, path.length() - ".class".length()).replace('/', '.');
        if (packages.contains(name.substring(0, name.lastIndexOf('.')))
                && !name.endsWith("package-info")
                && !name.endsWith("module-info")) {
            names.add(name);
        }
    }
}

package autograd.spark;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The jars a sweep's executors need and a cluster does not have: every jar of the driver's class path
 * (the kernel's loader, where {@code %maven} adds jars too, and {@code java.class.path}) except
 * Spark's own, the kernel's, and those the user excludes. A folder of classes (an IDE's or Maven's
 * {@code target/classes}) travels as a jar made from it.
 */
final class ShippedJars {

    /** Spark's own jars (file names), written into the JAR by the build: a cluster has them. */
    private static final Set<String> SPARK_JARS = sparkJarNames();

    private ShippedJars() {}

    /** The jars to ship, as local paths, in class path order. */
    static List<Path> find(ClassLoader loader, List<String> excludeGlobs, Path scratch) {
        List<PathMatcher> excluded = excludeGlobs.stream()
                .map(glob -> FileSystems.getDefault().getPathMatcher("glob:" + glob))
                .toList();
        List<Path> jars = new ArrayList<>();
        for (Path entry : classPath(loader)) {
            Path name = entry.getFileName();
            if (name == null || SPARK_JARS.contains(name.toString()) || isKernel(name.toString())) continue;
            if (excluded.stream().anyMatch(m -> m.matches(name))) continue;
            if (Files.isDirectory(entry)) jars.add(jarOf(entry, scratch));
            else if (name.toString().endsWith(".jar") && Files.isRegularFile(entry)) jars.add(entry);
        }
        return jars;
    }

    /** The entries of the loader chain's URLs, then of java.class.path, each once. */
    static Set<Path> classPath(ClassLoader loader) {
        Set<Path> entries = new LinkedHashSet<>();
        for (ClassLoader l = loader; l != null; l = l.getParent()) {
            if (!(l instanceof URLClassLoader urls)) continue;
            for (URL url : urls.getURLs()) {
                try {
                    if ("file".equals(url.getProtocol()))
                        entries.add(Path.of(url.toURI()).toAbsolutePath());
                } catch (URISyntaxException | IllegalArgumentException e) {
                    // not a local file: nothing to ship
                }
            }
        }
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isBlank()) entries.add(Path.of(entry).toAbsolutePath());
        }
        return entries;
    }

    /** JJava's own jars (the kernel and its launcher): the cell code travels by itself. */
    private static boolean isKernel(String fileName) {
        return fileName.startsWith("jjava") && fileName.endsWith(".jar");
    }

    /** A jar of a folder's files, named after the folder and its content (so a changed folder is a new jar). */
    static Path jarOf(Path folder, Path scratch) {
        try {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(folder)) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            }
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(folder.toString().getBytes(StandardCharsets.UTF_8));
            for (Path file : files) {
                sha.update(folder.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
                sha.update(Files.readAllBytes(file));
            }
            String name = folder.getFileName() + "-" + HexFormat.of().formatHex(sha.digest(), 0, 8) + ".jar";
            Path jar = scratch.resolve(name);
            if (Files.exists(jar)) return jar;
            Files.createDirectories(scratch);
            Path partial = Files.createTempFile(scratch, name, ".part");
            try (OutputStream out = Files.newOutputStream(partial);
                    JarOutputStream zip = new JarOutputStream(out)) {
                for (Path file : files) {
                    zip.putNextEntry(
                            new JarEntry(folder.relativize(file).toString().replace(File.separatorChar, '/')));
                    Files.copy(file, zip);
                    zip.closeEntry();
                }
            }
            Files.move(partial, jar, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            jar.toFile().deleteOnExit();
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a jar of " + folder + " to ship to the executors", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static Set<String> sparkJarNames() {
        Set<String> names = new LinkedHashSet<>();
        try (InputStream in = ShippedJars.class.getResourceAsStream("spark-jars.txt")) {
            if (in == null) return names; // built without the list: Spark's jars travel too (slower, still right)
            for (String entry : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("[:\\s]+")) {
                if (!entry.isBlank()) names.add(Path.of(entry).getFileName().toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the list of Spark's jars", e);
        }
        return names;
    }

    /** How many jar names the build listed as Spark's own (for tests). */
    static int sparkJarCount() {
        return SPARK_JARS.size();
    }
}

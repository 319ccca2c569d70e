package autograd.spark;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The classes that notebook cells define, and where their bytes come from in the driver.
 *
 * <p>JShell compiles every snippet to a class in the package {@code REPL}: a top-level wrapper per
 * snippet ({@code REPL.$JShell$12}, whose public static fields are the notebook's variables and
 * whose static methods are its methods) and the classes, interfaces and records declared in cells
 * as its nested classes. The kernel defines them from bytes it keeps in memory, so an executor in
 * another JVM cannot load them: their bytes travel with the job.
 *
 * <p>Two sources, in order: the class loader's {@code getResourceAsStream}, the standard way for
 * bytecode tools (the JDK's own JShell loader serves them, as a kernel should); then JJava's
 * loader, which does not, read through its private map of class bytes.
 */
final class CellClasses {

    /** The JJava versions whose private loader fields {@link #fromJJava} was tested against. */
    static final String TESTED_JJAVA = "1.0-a8 (pip jjava==1.0a8, pinned in notebooks/requirements.txt)";

    private static final Pattern WRAPPER = Pattern.compile("REPL\\.\\$JShell\\$\\d+[A-Z]*");

    private CellClasses() {}

    /** Whether a class (binary name, {@code REPL.$JShell$12$Point}) was defined by a notebook cell. */
    static boolean isCell(String binaryName) {
        return binaryName.startsWith("REPL.");
    }

    /**
     * Whether it is a snippet's wrapper ({@code REPL.$JShell$12}, or {@code $JShell$12B} after a
     * redefinition): its static fields are notebook variables.
     */
    static boolean isWrapper(String binaryName) {
        return WRAPPER.matcher(binaryName).matches();
    }

    /** The class file of a cell class, as its loader defined it. */
    static byte[] bytes(ClassLoader loader, String binaryName) {
        String resource = binaryName.replace('.', '/') + ".class";
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in != null) return in.readAllBytes();
        } catch (IOException e) {
            throw new NotShippableException("cannot read the class file of cell class " + binaryName + ": " + e, e);
        }
        if (loader.getClass().getName().startsWith("org.dflib.jjava.")) {
            byte[] bytes = fromJJava(loader).get(binaryName);
            if (bytes != null) return bytes.clone();
        }
        throw new NotShippableException("This function cannot run on a cluster: the bytes of cell class " + binaryName
                + " are not available from its class loader ("
                + loader.getClass().getName()
                + ", a kernel this library does not know). Run the sweep on the local backend, or move the code"
                + " into a jar on the kernel's classpath.");
    }

    /**
     * JJava's class bytes: its {@code JJavaLoaderDelegate} keeps them in the private map
     * {@code declaredClasses}, reached from the loader (an inner class) through its outer instance.
     */
    // NOTE: private API of JJava (no public way to the bytes); checked by notebook 09 through the pinned kernel.
    @SuppressWarnings("unchecked")
    static Map<String, byte[]> fromJJava(ClassLoader loader) {
        try {
            Field outer = loader.getClass().getDeclaredField("this$0");
            outer.setAccessible(true);
            Object delegate = outer.get(loader);
            Field declared = delegate.getClass().getDeclaredField("declaredClasses");
            declared.setAccessible(true);
            return (Map<String, byte[]>) declared.get(delegate);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new NotShippableException(
                    "This function cannot run on a cluster: the JJava kernel here ("
                            + jjavaVersion(loader) + ") no longer keeps cell classes where this library reads them ("
                            + e
                            + "); it was tested with JJava " + TESTED_JJAVA + ". Install that version"
                            + " (./kernel-setup.sh does), or run the sweep on the local backend.",
                    e);
        }
    }

    /** The kernel's version from its jar's Maven metadata, or "version unknown". */
    static String jjavaVersion(ClassLoader loader) {
        for (String artifact : new String[] {"jjava-kernel", "jjava"}) {
            String path = "META-INF/maven/org.dflib.jjava/" + artifact + "/pom.properties";
            try (InputStream in = loader.getClass().getClassLoader() == null
                    ? null
                    : loader.getClass().getClassLoader().getResourceAsStream(path)) {
                if (in == null) continue;
                java.util.Properties properties = new java.util.Properties();
                properties.load(in);
                return artifact + " " + properties.getProperty("version", "?");
            } catch (IOException e) {
                // try the next name
            }
        }
        return "version unknown";
    }
}

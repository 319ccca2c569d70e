package autograd.spark;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Executor side of cell code shipping: defines the shipped cell classes in a class loader of their
 * own (one per distinct {@link ShippedCode}, cached in the JVM by its fingerprint), gives the
 * notebook variables the driver's values, and deserializes the code.
 */
final class CellCode {

    private static final int CACHED_LOADERS = 8;

    private static final Map<String, Loader> LOADERS = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Loader> eldest) {
            return size() > CACHED_LOADERS;
        }
    };

    private CellCode() {}

    /**
     * The shipped code, deserialized anew (as Spark deserializes a task's closure per task) in the
     * loader of its classes; {@code parent} loads everything else (the library and its jars).
     */
    static SweepCode load(ShippedCode shipped, ClassLoader parent) {
        ClassLoader loader = loader(shipped, parent);
        try {
            return (SweepCode) deserialize(shipped.code(), loader);
        } catch (IOException | ClassNotFoundException | RuntimeException | LinkageError e) {
            throw new IllegalStateException(
                    "cannot load the sweep's function (" + shipped.description() + ") in " + loader + ": " + e, e);
        }
    }

    /** The loader that defines a shipment's classes in this JVM. */
    static ClassLoader loader(ShippedCode shipped, ClassLoader parent) {
        synchronized (LOADERS) { // task threads starting together define the classes once
            String key = shipped.fingerprint() + "@" + System.identityHashCode(parent);
            Loader loader = LOADERS.get(key);
            if (loader == null) {
                loader = define(shipped, parent);
                LOADERS.put(key, loader);
            }
            return loader;
        }
    }

    private static Loader define(ShippedCode shipped, ClassLoader parent) {
        Loader loader = new Loader(shipped.classes(), parent);
        // Notebook variables first: a cell class's static initializer may read them (wrappers have none).
        List<Map.Entry<String, byte[]>> statics =
                new ArrayList<>(shipped.statics().entrySet());
        statics.sort(Comparator.comparing(e -> CellClasses.isWrapper(owner(e.getKey())) ? 0 : 1));
        for (Map.Entry<String, byte[]> e : statics) {
            String field = e.getKey().substring(e.getKey().indexOf('#') + 1);
            try {
                Field f = Class.forName(owner(e.getKey()), true, loader).getDeclaredField(field);
                f.setAccessible(true);
                f.set(null, deserialize(e.getValue(), loader));
            } catch (ReflectiveOperationException | IOException | RuntimeException | LinkageError ex) {
                throw new IllegalStateException(
                        "cannot give notebook variable " + e.getKey() + " its value from the driver: " + ex, ex);
            }
        }
        return loader;
    }

    private static String owner(String key) {
        return key.substring(0, key.indexOf('#'));
    }

    private static Object deserialize(byte[] bytes, ClassLoader loader) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
                try {
                    return Class.forName(desc.getName(), false, loader);
                } catch (ClassNotFoundException e) {
                    return super.resolveClass(desc); // primitive types
                }
            }
        }) {
            return in.readObject();
        }
    }

    /**
     * Defines the shipped cell classes, child-first: even where the kernel's own loader could load a
     * cell class (Spark's local mode, in the kernel's JVM), the copy runs, with the shipped values, as
     * on a cluster. Everything else comes from the parent.
     */
    static final class Loader extends ClassLoader {
        static {
            registerAsParallelCapable();
        }

        private final Map<String, byte[]> classes;

        Loader(Map<String, byte[]> classes, ClassLoader parent) {
            super("notebook-cells", parent);
            this.classes = classes;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!classes.containsKey(name)) return super.loadClass(name, resolve);
            synchronized (getClassLoadingLock(name)) {
                Class<?> type = findLoadedClass(name);
                if (type == null) type = findClass(name);
                if (resolve) resolveClass(type);
                return type;
            }
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] bytes = classes.get(name);
            if (bytes == null) throw new ClassNotFoundException(name + " (a cell class not shipped with the function)");
            return defineClass(name, bytes, 0, bytes.length);
        }

        @Override
        public InputStream getResourceAsStream(String name) {
            // Served as resources too, as the JDK's JShell loader does, for bytecode tools.
            if (name.endsWith(".class")) {
                byte[] bytes = classes.get(
                        name.substring(0, name.length() - ".class".length()).replace('/', '.'));
                if (bytes != null) return new ByteArrayInputStream(bytes);
            }
            return super.getResourceAsStream(name);
        }

        @Override
        public String toString() {
            return "the class loader of " + classes.size() + " shipped cell classes";
        }
    }
}

package autograd.spark;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Driver side of cell code shipping: turns a sweep's code into {@link ShippedCode}, or fails, before
 * any task runs, naming what cannot travel.
 *
 * <ol>
 *   <li>Java-serializes the code; a serializable lambda becomes a {@link SerializedLambda} that names
 *       its cell class and method, and every object's class is recorded.
 *   <li>Ships, like a linker, every cell class that a shipped class file names (types in signatures,
 *       owners of calls), so that an executor can load and verify them.
 *   <li>Walks the methods the code can run: the lambdas' bodies, every method of cell classes that
 *       have instances in the serialized graph or are created by walked code, the cell methods those
 *       call (for a virtual call, each cell class's override too), and static initializers. A
 *       snippet's {@code do_it$} (what ran when the cell ran) is never walked.
 *   <li>Finds the static fields of cell classes those methods read and write. A notebook variable
 *       that is read travels by value, as of now (as PySpark ships the globals a function reads); a
 *       value may hold more cell objects, whose methods are walked in turn. A notebook variable that
 *       is assigned, or a value that is not {@link java.io.Serializable}, is refused.
 * </ol>
 *
 * Reflection ({@code Class.forName}, {@code Method.invoke}) on cell classes is not followed.
 */
final class FunctionPacker {

    private static final Pattern CELL_NAME = Pattern.compile("REPL/\\$JShell\\$[A-Za-z0-9_$]+");

    private ClassLoader loader; // the cells' loader: of the first cell class the code holds
    private final Map<String, ClassInfo> parsed = new HashMap<>(); // internal name → cell class read
    private final SortedMap<String, byte[]> classes = new TreeMap<>(); // binary name → class file
    private final Deque<MethodRef> work = new ArrayDeque<>();
    private final Set<MethodRef> walked = new HashSet<>();
    private final Set<String> virtualCalls = new HashSet<>(); // name + descriptor of virtual calls walked
    private final Map<String, FieldUse> fields = new TreeMap<>(); // "owner#name" → how the code uses it
    private final SortedMap<String, byte[]> values = new TreeMap<>(); // "owner#name" → serialized value

    private FunctionPacker() {}

    /** The code, ready to travel; throws {@link NotShippableException} when it cannot. */
    static ShippedCode pack(SweepCode code) {
        FunctionPacker packer = new FunctionPacker();
        Recorded recorded = packer.serialize(code, null);
        packer.addRoots(recorded);
        packer.walkAndSnapshot();
        packer.refuseWrites();
        return new ShippedCode(
                packer.classes,
                recorded.bytes,
                packer.values,
                fingerprint(packer.classes, recorded.bytes, packer.values),
                describe(code, recorded));
    }

    // ---------------------------------------------------------------- serialization

    /** A serialized object graph and what it holds. */
    private record Recorded(
            byte[] bytes, Set<Class<?>> instances, Set<Class<?>> described, List<SerializedLambda> lambdas) {}

    /** Serializes {@code value}; {@code variable} is the notebook variable it is the value of, or null for the code. */
    private Recorded serialize(Object value, FieldUse variable) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Set<Class<?>> instances = new LinkedHashSet<>();
        Set<Class<?>> described = new LinkedHashSet<>();
        List<SerializedLambda> lambdas = new ArrayList<>();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes) {
            {
                enableReplaceObject(true);
            }

            @Override
            protected Object replaceObject(Object obj) {
                // Called after writeReplace: a serializable lambda arrives as its SerializedLambda.
                if (obj instanceof SerializedLambda lambda) lambdas.add(lambda);
                else if (obj != null) instances.add(obj.getClass());
                return obj;
            }

            @Override
            protected void annotateClass(Class<?> type) {
                // NOTE: also called for Class objects (a lambda's capturing class): those are shipped, not walked.
                described.add(type);
            }
        }) {
            out.writeObject(value);
        } catch (NotSerializableException e) {
            String type = e.getMessage();
            String what = variable == null
                    ? "the function holds a " + type + ", which is not Serializable."
                    : variable.describe() + " holds "
                            + (value.getClass().getName().equals(type)
                                    ? "a "
                                    : "a " + value.getClass().getName() + " that holds a ")
                            + type + ", which is not Serializable.";
            String hint = type != null && type.contains("$$Lambda")
                    ? " It is a lambda of an interface that is not Serializable (such as java.util.function.Function):"
                            + " declare it with a sweep function type (Objective, Trainable, BatchObjective, StopRule)"
                            + " or an interface of your own that extends Serializable, or make it a method."
                    : " Create that object inside the function, or pass plain values (numbers, strings) as"
                            + " parameters of the sweep.";
            throw new NotShippableException("This function cannot run on a cluster: " + what + hint, e);
        } catch (IOException | RuntimeException e) {
            String what = variable == null ? "the function" : variable.describe();
            throw new NotShippableException(
                    "This function cannot run on a cluster: serializing " + what + " failed: " + e, e);
        }
        for (Class<?> type : instances) noteLoader(type);
        for (Class<?> type : described) noteLoader(type);
        return new Recorded(bytes.toByteArray(), instances, described, lambdas);
    }

    private void noteLoader(Class<?> type) {
        if (loader == null && CellClasses.isCell(type.getName())) loader = type.getClassLoader();
    }

    private static String describe(SweepCode code, Recorded recorded) {
        for (SerializedLambda lambda : recorded.lambdas) {
            if (lambda.getImplMethodName().startsWith("lambda$")) {
                return "a lambda in " + lambda.getImplClass().replace('/', '.');
            }
            return "a reference to " + lambda.getImplClass().replace('/', '.') + "::" + lambda.getImplMethodName();
        }
        return code.function().getClass().getName();
    }

    // ---------------------------------------------------------------- roots

    private void addRoots(Recorded recorded) {
        for (SerializedLambda lambda : recorded.lambdas) {
            ship(lambda.getCapturingClass());
            String owner = lambda.getImplClass();
            if (!isCell(owner)) continue;
            ship(owner);
            if (lambda.getImplMethodKind() == MethodHandleInfo.REF_newInvokeSpecial) {
                allMethods(owner); // Point::new: a cell object is made
            } else {
                boolean virtual = lambda.getImplMethodKind() == MethodHandleInfo.REF_invokeVirtual
                        || lambda.getImplMethodKind() == MethodHandleInfo.REF_invokeInterface;
                call(owner, lambda.getImplMethodName(), lambda.getImplMethodSignature(), virtual);
            }
        }
        for (Class<?> type : recorded.described) {
            if (!type.isHidden()) ship(internal(type));
        }
        for (Class<?> type : recorded.instances) {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                if (!c.isHidden() && isCell(internal(c))) allMethods(internal(c));
            }
        }
    }

    /** Every method of a cell class whose objects exist: library code may call any of them back. */
    private void allMethods(String owner) {
        ClassInfo info = ship(owner);
        if (info == null) return;
        for (MethodInfo method : info.methods.values()) {
            if (!method.name.equals("do_it$")) work.add(new MethodRef(owner, method.name, method.desc));
        }
    }

    // ---------------------------------------------------------------- classes

    private static boolean isCell(String internalName) {
        return internalName != null && internalName.startsWith("REPL/");
    }

    private static String internal(Class<?> type) {
        return type.getName().replace('.', '/');
    }

    /** Ships a cell class and every cell class its class file names; returns it read, or null if not a cell class. */
    private ClassInfo ship(String owner) {
        if (!isCell(owner)) return null;
        ClassInfo known = parsed.get(owner);
        if (known != null) return known;
        String binary = owner.replace('/', '.');
        if (loader == null) {
            throw new NotShippableException("This function cannot run on a cluster: it names cell class " + binary
                    + " but holds no object of a cell class to find the notebook's class loader by.");
        }
        byte[] bytes = CellClasses.bytes(loader, binary);
        ClassInfo info = ClassInfo.read(bytes);
        parsed.put(owner, info);
        classes.put(binary, bytes);
        if (info.methods.containsKey("<clinit>()V")) work.add(new MethodRef(owner, "<clinit>", "()V"));
        for (MethodInfo method : info.methods.values()) {
            if (virtualCalls.contains(method.name + method.desc))
                work.add(new MethodRef(owner, method.name, method.desc));
        }
        for (String named : info.namedCells) {
            if (!named.equals(owner) && loadable(named)) ship(named);
        }
        return info;
    }

    /** False for a name that only looks like a class: in a string, or of a snippet JShell dropped. */
    private boolean loadable(String owner) {
        try {
            Class.forName(owner.replace('/', '.'), false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    // ---------------------------------------------------------------- methods

    private record MethodRef(String owner, String name, String desc) {}

    private void call(String owner, String name, String desc, boolean virtual) {
        work.add(new MethodRef(owner, name, desc));
        if (virtual && virtualCalls.add(name + desc)) {
            // Any cell class overriding it may be the receiver (those read later are caught in ship()).
            for (ClassInfo info : List.copyOf(parsed.values())) {
                if (info.methods.containsKey(name + desc)) work.add(new MethodRef(info.name, name, desc));
            }
        }
    }

    private void walkAndSnapshot() {
        boolean more = true;
        while (more) {
            drain();
            more = false;
            // A value may hold cell objects whose methods read more variables: repeat until none is new.
            for (FieldUse use : List.copyOf(fields.values())) {
                if (!use.read || !use.travels || values.containsKey(use.key())) continue;
                Object value = use.currentValue(loader);
                Recorded recorded = serialize(value, use);
                values.put(use.key(), recorded.bytes);
                addRoots(recorded);
                more = true;
            }
        }
    }

    private void drain() {
        for (MethodRef ref; (ref = work.poll()) != null; ) {
            if (!walked.add(ref)) continue;
            MethodInfo method = null;
            ClassInfo owner = ship(ref.owner);
            for (ClassInfo c = owner; c != null && method == null; c = ship(c.superName)) {
                method = c.methods.get(ref.name + ref.desc); // an inherited method is declared higher up
            }
            if (method == null) continue; // declared in a library class
            for (Insn insn : method.insns) {
                switch (insn.kind) {
                    case CALL -> {
                        if (isCell(insn.owner)) call(insn.owner, insn.name, insn.desc, insn.virtual);
                    }
                    case NEW -> {
                        if (isCell(insn.owner)) allMethods(insn.owner);
                    }
                    case GET, PUT -> {
                        if (isCell(insn.owner)) useField(ref, method, insn);
                    }
                }
            }
        }
    }

    private void useField(MethodRef in, MethodInfo method, Insn insn) {
        ClassInfo declaring = null;
        for (ClassInfo c = ship(insn.owner); c != null && declaring == null; c = ship(c.superName)) {
            if (c.fieldAccess.containsKey(insn.name)) declaring = c;
        }
        if (declaring == null) return; // a library class's static (an interface constant)
        String owner = declaring.name.replace('/', '.');
        // Static finals come from the executor's own static initializer; the others carry the driver's value.
        boolean travels = (declaring.fieldAccess.get(insn.name) & Opcodes.ACC_FINAL) == 0;
        FieldUse use = fields.computeIfAbsent(
                owner + "#" + insn.name, k -> new FieldUse(owner, insn.name, insn.desc, travels));
        if (insn.kind == Kind.GET) {
            use.read = true;
        } else if (!(method.name.equals("<clinit>") && in.owner.equals(declaring.name)) && use.writer == null) {
            use.writer = in;
        }
    }

    /** A function that assigns a notebook variable would assign a copy in another JVM: refuse it. */
    private void refuseWrites() {
        List<String> problems = new ArrayList<>();
        for (FieldUse use : fields.values()) {
            if (use.writer == null || !CellClasses.isWrapper(use.owner)) continue;
            problems.add("it assigns " + use.describe() + " (in " + describeMethod(use.writer)
                    + "); on a cluster the assignment would happen in another JVM and be lost. Return the value as a"
                    + " metric instead, or keep the variable out of the function.");
        }
        if (!problems.isEmpty()) {
            throw new NotShippableException(
                    "This function cannot run on a cluster as it runs here: " + String.join(" Also, ", problems));
        }
    }

    private static String describeMethod(MethodRef ref) {
        String owner = ref.owner.replace('/', '.');
        if (ref.name.startsWith("lambda$")) return "a lambda in " + owner;
        if (CellClasses.isWrapper(owner)) return "cell method " + ref.name;
        return "method " + ref.name + " of " + owner;
    }

    /** How the walked code uses one static field of a cell class. */
    private static final class FieldUse {
        final String owner; // binary name of the declaring class
        final String name;
        final String desc;
        final boolean travels; // a notebook variable, or a non-final static: the driver's value matters
        boolean read;
        MethodRef writer;

        FieldUse(String owner, String name, String desc, boolean travels) {
            this.owner = owner;
            this.name = name;
            this.desc = desc;
            this.travels = travels;
        }

        String key() {
            return owner + "#" + name;
        }

        String describe() {
            String type = Type.getType(desc).getClassName();
            return CellClasses.isWrapper(owner)
                    ? "notebook variable `" + name + "` (" + type + ", in " + owner + ")"
                    : "static field `" + name + "` of cell class " + owner + " (" + type + ")";
        }

        Object currentValue(ClassLoader loader) {
            try {
                Field field = Class.forName(owner, true, loader).getDeclaredField(name);
                field.setAccessible(true);
                if (!Modifier.isStatic(field.getModifiers())) throw new IllegalStateException("not static");
                return field.get(null);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                throw new NotShippableException(
                        "This function cannot run on a cluster: cannot read " + describe() + ": " + e, e);
            }
        }
    }

    // ---------------------------------------------------------------- class files (ASM)

    private enum Kind {
        CALL,
        NEW,
        GET,
        PUT
    }

    private record Insn(Kind kind, String owner, String name, String desc, boolean virtual) {}

    private static final class MethodInfo {
        final String name;
        final String desc;
        final List<Insn> insns = new ArrayList<>();

        MethodInfo(String name, String desc) {
            this.name = name;
            this.desc = desc;
        }
    }

    /** What the packer needs of a class file: its methods' calls, creations and static field uses. */
    private static final class ClassInfo {
        String name;
        String superName;
        final Map<String, MethodInfo> methods = new HashMap<>(); // name + descriptor
        final Map<String, Integer> fieldAccess = new HashMap<>();
        final Set<String> namedCells = new LinkedHashSet<>();

        static ClassInfo read(byte[] bytes) {
            ClassInfo info = new ClassInfo();
            ClassReader reader = new ClassReader(bytes);
            for (int i = 1; i < reader.getItemCount(); i++) {
                int offset = reader.getItem(i);
                if (offset > 0 && bytes[offset - 1] == 1) { // CONSTANT_Utf8: names, descriptors, signatures
                    int length = reader.readUnsignedShort(offset);
                    // class names are ASCII; no other modified-UTF-8 byte can be part of a match
                    String text = new String(bytes, offset + 2, length, StandardCharsets.ISO_8859_1);
                    for (Matcher m = CELL_NAME.matcher(text); m.find(); ) info.namedCells.add(m.group());
                }
            }
            reader.accept(info.visitor(), ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
            return info;
        }

        private ClassVisitor visitor() {
            return new ClassVisitor(Opcodes.ASM9) {
                @Override
                public void visit(
                        int version, int access, String name, String signature, String superName, String[] ifaces) {
                    ClassInfo.this.name = name;
                    ClassInfo.this.superName = superName;
                }

                @Override
                public FieldVisitor visitField(int access, String name, String desc, String signature, Object value) {
                    if ((access & Opcodes.ACC_STATIC) != 0) fieldAccess.put(name, access);
                    return null;
                }

                @Override
                public MethodVisitor visitMethod(
                        int access, String name, String desc, String signature, String[] exceptions) {
                    MethodInfo method = new MethodInfo(name, desc);
                    methods.put(name + desc, method);
                    return new InsnVisitor(method.insns);
                }
            };
        }
    }

    private static final class InsnVisitor extends MethodVisitor {
        private final List<Insn> insns;

        InsnVisitor(List<Insn> insns) {
            super(Opcodes.ASM9);
            this.insns = insns;
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String desc, boolean isInterface) {
            boolean virtual = opcode == Opcodes.INVOKEVIRTUAL || opcode == Opcodes.INVOKEINTERFACE;
            insns.add(new Insn(Kind.CALL, owner, name, desc, virtual));
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String name, String desc) {
            if (opcode == Opcodes.GETSTATIC) insns.add(new Insn(Kind.GET, owner, name, desc, false));
            if (opcode == Opcodes.PUTSTATIC) insns.add(new Insn(Kind.PUT, owner, name, desc, false));
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            if (opcode == Opcodes.NEW) insns.add(new Insn(Kind.NEW, type, null, null, false));
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String desc, Handle bootstrap, Object... arguments) {
            for (Object argument : arguments) handle(argument); // lambdas and method references made here
        }

        @Override
        public void visitLdcInsn(Object value) {
            handle(value);
        }

        private void handle(Object constant) {
            if (!(constant instanceof Handle h)) return;
            boolean virtual = h.getTag() == Opcodes.H_INVOKEVIRTUAL || h.getTag() == Opcodes.H_INVOKEINTERFACE;
            insns.add(new Insn(Kind.CALL, h.getOwner(), h.getName(), h.getDesc(), virtual));
            if (h.getTag() == Opcodes.H_NEWINVOKESPECIAL)
                insns.add(new Insn(Kind.NEW, h.getOwner(), null, null, false));
        }
    }

    private static void update(MessageDigest sha, String name, byte[] bytes) {
        byte[] key = name.getBytes(StandardCharsets.UTF_8);
        sha.update(java.nio.ByteBuffer.allocate(8)
                .putInt(key.length)
                .putInt(bytes.length)
                .array());
        sha.update(key);
        sha.update(bytes);
    }

    private static String fingerprint(Map<String, byte[]> classes, byte[] code, Map<String, byte[]> values) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, byte[]> e : classes.entrySet()) update(sha, e.getKey(), e.getValue());
            update(sha, "code", code);
            for (Map.Entry<String, byte[]> e : values.entrySet()) update(sha, e.getKey(), e.getValue());
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}

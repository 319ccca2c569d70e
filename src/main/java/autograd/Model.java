package autograd;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Base class of everything with trainable parameters. Subclasses just declare fields: every
 * parameter and every sub-{@code Model}, held directly or in an array, {@code Collection} or
 * {@code Map} (values), nested to any depth, is found by {@link #parameters()} (the Python demo's
 * {@code collect_parameters()}, without boilerplate).
 *
 * <p>A parameter is a leaf {@link Value} or {@link Variable} that requires a gradient: one made
 * with {@code new}, as PyTorch registers only leaf {@code nn.Parameter}s. A field holding an
 * op's result (a cached activation, {@code w.mul(2)}) is not a parameter: training moves the
 * leaves it was computed from. Constants ({@code Variable.constant}, {@code detach()}) are not
 * parameters either.
 *
 * <pre>{@code
 * jshell> class Quadratic extends Model { Variable x = new Variable(-3.0); }
 * jshell> new Quadratic().parameters().size()
 * $2 ==> 1
 * }</pre>
 *
 * <p>Parameters come in field declaration order, superclass fields first, each once even when
 * shared. Static and transient fields are skipped, so a field can opt out with
 * {@code transient}.
 */
public abstract class Model {

    /** Every trainable parameter of this module and its submodules, each once. */
    public List<Parameter> parameters() {
        List<Parameter> found = new ArrayList<>();
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Model> pending = new ArrayDeque<>();
        pending.push(this);
        seen.add(this);
        // Depth-first in declaration order, iteratively: a deep stack of modules cannot overflow.
        while (!pending.isEmpty()) {
            Model module = pending.pop();
            List<Model> children = new ArrayList<>();
            for (Object member : module.members()) {
                if (!seen.add(member)) continue;
                if (member instanceof Parameter p && isTrainable(p)) found.add(p);
                else if (member instanceof Model m) children.add(m);
            }
            for (int i = children.size() - 1; i >= 0; i--) pending.push(children.get(i));
        }
        return found;
    }

    /** The modules held directly by this one, in declaration order. */
    public List<Model> children() {
        List<Model> children = new ArrayList<>();
        for (Object member : members()) {
            if (member instanceof Model m && !children.contains(m)) children.add(m);
        }
        return children;
    }

    /** Resets the gradient of every parameter to zero: call before each backward pass. */
    public void zeroGrad() {
        for (Parameter p : parameters()) p.zeroGrad();
    }

    /** The total number of trainable numbers. */
    public int numParameters() {
        int n = 0;
        for (Parameter p : parameters()) n += p.numel();
        return n;
    }

    /**
     * Field values that are parameters or modules, in declaration order, unpacking arrays,
     * collections and maps to any depth. Iterative, and each container is opened once, so a list
     * that contains itself (or a deep nest) neither loops nor overflows the stack.
     */
    private List<Object> members() {
        List<Class<?>> hierarchy = new ArrayList<>();
        for (Class<?> c = getClass(); c != null && c != Model.class; c = c.getSuperclass()) hierarchy.add(0, c);
        List<Object> fields = new ArrayList<>();
        for (Class<?> c : hierarchy) {
            for (Field field : c.getDeclaredFields()) {
                int mods = field.getModifiers();
                if (Modifier.isStatic(mods) || Modifier.isTransient(mods) || field.isSynthetic()) continue;
                if (field.getType().isPrimitive()) continue;
                try {
                    field.setAccessible(true);
                    fields.add(field.get(this));
                } catch (ReflectiveOperationException | RuntimeException e) {
                    // a field we may not read cannot hold our parameters
                }
            }
        }
        List<Object> members = new ArrayList<>();
        Set<Object> opened = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Object> pending = new ArrayDeque<>();
        for (int i = fields.size() - 1; i >= 0; i--) push(pending, fields.get(i));
        while (!pending.isEmpty()) {
            Object value = pending.pop();
            if (value instanceof Parameter || value instanceof Model) {
                members.add(value);
                continue;
            }
            boolean container = value instanceof Object[] || value instanceof Collection || value instanceof Map;
            // NOTE: an identity set: equals/hashCode of a list that contains itself overflow the stack
            if (!container || !opened.add(value)) continue;
            Object[] elements = value instanceof Object[] array
                    ? array
                    : value instanceof Collection<?> collection
                            ? collection.toArray()
                            : ((Map<?, ?>) value).values().toArray();
            for (int i = elements.length - 1; i >= 0; i--) push(pending, elements[i]);
        }
        return members;
    }

    private static void push(Deque<Object> pending, Object value) {
        if (value != null) pending.push(value); // ArrayDeque holds no nulls, and null holds nothing
    }

    /** A leaf that requires a gradient: what an optimizer may overwrite. */
    private static boolean isTrainable(Parameter p) {
        return p.requiresGrad() && p.isLeaf();
    }

    @Override
    public String toString() {
        int n = numParameters();
        return getClass().getSimpleName() + "(" + n + (n == 1 ? " parameter)" : " parameters)");
    }
}

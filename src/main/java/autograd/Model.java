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
 * {@link Value} or {@link Variable} that requires a gradient, and every sub-{@code Model}, held
 * directly or in an array, {@code Collection} or {@code Map} (values), is found by
 * {@link #parameters()} (the Python demo's {@code collect_parameters()}, without boilerplate).
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
                if (member instanceof Parameter p && p.requiresGrad()) found.add(p);
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

    /** Field values that are parameters or modules, unpacking arrays and iterables. */
    private List<Object> members() {
        List<Class<?>> hierarchy = new ArrayList<>();
        for (Class<?> c = getClass(); c != null && c != Model.class; c = c.getSuperclass()) hierarchy.add(0, c);
        List<Object> members = new ArrayList<>();
        for (Class<?> c : hierarchy) {
            for (Field field : c.getDeclaredFields()) {
                int mods = field.getModifiers();
                if (Modifier.isStatic(mods) || Modifier.isTransient(mods) || field.isSynthetic()) continue;
                if (field.getType().isPrimitive()) continue;
                Object value;
                try {
                    field.setAccessible(true);
                    value = field.get(this);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    continue; // a field we may not read cannot hold our parameters
                }
                collect(value, members);
            }
        }
        return members;
    }

    private static void collect(Object value, List<Object> out) {
        if (value instanceof Parameter || value instanceof Model) {
            out.add(value);
        } else if (value instanceof Object[] array) {
            for (Object element : array) collect(element, out);
        } else if (value instanceof Collection<?> collection) {
            for (Object element : collection) collect(element, out);
        } else if (value instanceof Map<?, ?> map) {
            for (Object element : map.values()) collect(element, out);
        }
    }

    @Override
    public String toString() {
        int n = numParameters();
        return getClass().getSimpleName() + "(" + n + (n == 1 ? " parameter)" : " parameters)");
    }
}

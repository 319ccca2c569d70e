package autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Every public entry point of the engines, called with {@code null} in one argument at a time,
 * throws {@link IllegalArgumentException} naming the method, at once: null used to mean 0 in a
 * Value op ({@code x.mul(null)} was 0) or a bare NullPointerException somewhere inside.
 */
class NullArgumentsTest {

    private static final List<Class<?>> ENTRY_POINTS = List.of(Value.class, Variable.class, GradCheck.class);

    @Test
    void everyPublicEntryPointRejectsNullNamingItself() throws Exception {
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Class<?> type : ENTRY_POINTS) {
            List<Executable> entries = new ArrayList<>(List.of(type.getConstructors()));
            for (Method m : type.getMethods()) {
                if (m.getDeclaringClass() == type) entries.add(m);
            }
            for (Executable entry : entries) {
                java.lang.reflect.Parameter[] params = entry.getParameters();
                for (int p = 0; p < params.length; p++) {
                    if (params[p].getType().isPrimitive()) continue;
                    Object[] args = new Object[params.length];
                    for (int q = 0; q < params.length; q++) args[q] = q == p ? null : sample(params[q].getType());
                    Throwable thrown = call(entry, args);
                    checked++;
                    String name = entry instanceof Constructor<?> ? type.getSimpleName() : entry.getName();
                    if (!(thrown instanceof IllegalArgumentException)
                            || thrown.getMessage() == null
                            || !thrown.getMessage().contains(name)) {
                        wrong.add(type.getSimpleName() + "." + name + " with null argument " + p + " threw " + thrown);
                    }
                }
            }
        }
        assertEquals(List.of(), wrong, "checked " + checked + " calls");
    }

    private static Throwable call(Executable entry, Object[] args) throws Exception {
        try {
            if (entry instanceof Constructor<?> c) {
                c.newInstance(args);
            } else {
                Method m = (Method) entry;
                Object receiver = Modifier.isStatic(m.getModifiers()) ? null : sample(m.getDeclaringClass());
                m.invoke(receiver, args);
            }
            return null;
        } catch (InvocationTargetException e) {
            return e.getCause();
        }
    }

    private static Object sample(Class<?> type) {
        if (type == int.class) return 0;
        if (type == double.class) return 1.0;
        if (type == long.class) return 1L;
        if (type == boolean.class) return false;
        if (type == Value.class) return new Value(1.5);
        if (type == Variable.class) return new Variable(new double[] {1, 2});
        if (type == Value[].class) return new Value[] {new Value(1), new Value(2)};
        if (type == Variable[].class) return new Variable[] {new Variable(new double[] {1, 2})};
        if (type == double[].class) return new double[] {1, 2};
        if (type == double[][].class) return new double[][] {{1, 2}};
        if (type == int[].class) return new int[] {2};
        if (type == String.class) return "x";
        if (type == Random.class) return new Random(0);
        if (type == List.class || type == Iterable.class) return List.of(new Value(1));
        if (type == autograd.Parameter[].class) return new autograd.Parameter[] {new Value(1)};
        if (type == java.util.function.Supplier.class)
            return (java.util.function.Supplier<Value>) () -> new Value(1).mul(2);
        if (type == Function.class) return (Function<Object, Object>) x -> x;
        if (type == java.util.function.ToDoubleFunction.class)
            return (java.util.function.ToDoubleFunction<Object>) x -> 1.0;
        if (type == java.util.function.DoubleUnaryOperator.class)
            return (java.util.function.DoubleUnaryOperator) x -> x;
        if (type == Object.class) return new Value(1);
        throw new AssertionError("no sample for " + type);
    }
}

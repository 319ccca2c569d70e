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

    private static final List<Class<?>> ENTRY_POINTS = List.of(
            Value.class,
            Variable.class,
            GradCheck.class,
            GradCheck.Checker.class,
            Model.class,
            autograd.nn.Linear.class,
            autograd.nn.MLP.class,
            autograd.nn.Sequential.class,
            autograd.nn.Perceptron.class,
            autograd.nn.Activation.class,
            autograd.nn.Loss.class,
            autograd.nn.scalar.Neuron.class,
            autograd.nn.scalar.Layer.class,
            autograd.nn.scalar.ScalarMLP.class,
            autograd.optimizer.GD.class,
            autograd.optimizer.SGD.class,
            autograd.optimizer.Adam.class,
            autograd.optimizer.RMSProp.class,
            autograd.data.Dataset.class,
            autograd.data.Datasets.class,
            autograd.data.Datasets.Moons.class,
            autograd.data.Datasets.Blobs.class,
            autograd.ode.Ode.class);

    @Test
    void everyPublicEntryPointRejectsNullNamingItself() throws Exception {
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Class<?> type : ENTRY_POINTS) {
            current = type;
            List<Executable> entries = new ArrayList<>(List.of(type.getConstructors()));
            for (Method m : type.getMethods()) {
                if (m.getDeclaringClass() == type && !m.isSynthetic() && !m.isBridge()) entries.add(m);
                if (m.getDeclaringClass() != type
                        && m.getDeclaringClass().getPackageName().startsWith("autograd")
                        && !entries.contains(m)
                        && ENTRY_POINTS.stream().noneMatch(t -> t == m.getDeclaringClass())) {
                    entries.add(m); // inherited from a base that is not itself listed (Optimizer, Block)
                }
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
                    if (name.equals("equals")) continue; // equals(null) is false, by contract
                    if (type == autograd.nn.Loss.class && name.equals("apply"))
                        name = "mse"; // the sample loss names itself
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
                Object receiver = Modifier.isStatic(m.getModifiers()) ? null : receiver(m);
                m.invoke(receiver, args);
            }
            return null;
        } catch (InvocationTargetException e) {
            return e.getCause();
        }
    }

    private static Class<?> current;

    private static Object receiver(Method m) {
        return sample(
                current != null && m.getDeclaringClass().isAssignableFrom(current) ? current : m.getDeclaringClass());
    }

    private static Object sample(Class<?> type) {
        if (type == Model.class || type == autograd.nn.Block.class || type == autograd.nn.Linear.class)
            return new autograd.nn.Linear(2, 2, 0);
        if (type == autograd.nn.MLP.class) return new autograd.nn.MLP(2, new int[] {2, 1}, 0);
        if (type == autograd.nn.Sequential.class) return new autograd.nn.Sequential(new autograd.nn.Linear(2, 2, 0));
        if (type == autograd.nn.Perceptron.class) return new autograd.nn.Perceptron(new double[] {1, 2});
        if (type == autograd.nn.Activation.class) return autograd.nn.Activation.tanh();
        if (type == autograd.nn.Loss.class) return autograd.nn.Loss.mse();
        if (type == autograd.nn.scalar.Neuron.class) return new autograd.nn.scalar.Neuron(2, true, new Random(0));
        if (type == autograd.nn.scalar.Layer.class)
            return new autograd.nn.scalar.Layer(2, 2, autograd.nn.Activation.relu(), new Random(0));
        if (type == autograd.nn.scalar.ScalarMLP.class) return new autograd.nn.scalar.ScalarMLP(2, new int[] {2, 1}, 0);
        if (type == autograd.optimizer.GD.class || type == autograd.optimizer.Optimizer.class)
            return new autograd.optimizer.GD(new autograd.nn.Linear(2, 2, 0), 0.1);
        if (type == autograd.optimizer.SGD.class)
            return new autograd.optimizer.SGD(new autograd.nn.Linear(2, 2, 0), 0.1);
        if (type == autograd.optimizer.Adam.class)
            return new autograd.optimizer.Adam(new autograd.nn.Linear(2, 2, 0), 0.1);
        if (type == autograd.optimizer.RMSProp.class)
            return new autograd.optimizer.RMSProp(new autograd.nn.Linear(2, 2, 0), 0.1);
        if (type == autograd.data.Dataset.class)
            return new autograd.data.Dataset(new double[][] {{1, 2}}, new double[] {1});
        if (type == autograd.data.Datasets.Moons.class) return autograd.data.Datasets.makeMoons(4);
        if (type == autograd.data.Datasets.Blobs.class) return autograd.data.Datasets.makeBlobs(4);
        if (type == GradCheck.Checker.class) return GradCheck.tolerances(1e-6, 1e-5, 1e-3);
        if (type == tech.tablesaw.api.Table.class)
            return tech.tablesaw.api.Table.create("t", tech.tablesaw.api.DoubleColumn.create("x", 1.0));
        if (type == String[].class) return new String[] {"x"};
        if (type == autograd.ode.Derivative.class) return (autograd.ode.Derivative<Object>) (t, y) -> y;
        if (type == java.util.function.UnaryOperator.class) return (java.util.function.UnaryOperator<Object>) x -> x;
        if (type == autograd.nn.Block[].class) return new autograd.nn.Block[] {new autograd.nn.Linear(2, 2, 0)};
        if (type == int.class) return 1;
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

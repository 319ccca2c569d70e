package autograd.bench;

import autograd.Value;
import autograd.nn.scalar.Layer;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.Random;

/**
 * The library's scalar MLP under whichever name the library being measured gives it, so one
 * harness builds against old and new revisions alike ({@code bench/compare.sh}): {@code
 * nn.scalar.ScalarMLP} with {@code nn.Activation.sigmoid()} (since 41b83a2), before that {@code
 * nn.scalar.MLP} with the enum {@code nn.scalar.Activation.SIGMOID}.
 *
 * <p>The names are resolved once; the hot call, {@code forward(double...)}, goes through a
 * {@code static final} method handle, which the JIT inlines as a direct call.
 */
final class ScalarNets {

    private ScalarNets() {}

    private static final Class<?> MLP_CLASS = firstClass("autograd.nn.scalar.ScalarMLP", "autograd.nn.scalar.MLP");
    private static final MethodHandle FORWARD = forwardHandle();

    /** A scalar MLP: the library's object and its layers. */
    record Net(Object model, List<Layer> layers) {
        Value forward(double[] x) {
            try {
                return (Value) FORWARD.invokeExact(model, x);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** {@code new ScalarMLP(nin, sizes, Activation.sigmoid(), rng)} (ReLU hidden layers, sigmoid out). */
    @SuppressWarnings("unchecked")
    static Net sigmoidMlp(int nin, int[] sizes, Random rng) {
        try {
            for (var ctor : MLP_CLASS.getConstructors()) {
                Class<?>[] p = ctor.getParameterTypes();
                if (p.length == 4 && p[0] == int.class && p[1] == int[].class && p[3] == Random.class) {
                    Object model = ctor.newInstance(nin, sizes, sigmoid(p[2]), rng);
                    List<Layer> layers =
                            (List<Layer>) MLP_CLASS.getMethod("layers").invoke(model);
                    return new Net(model, layers);
                }
            }
            throw new NoSuchMethodException(MLP_CLASS.getName() + "(int, int[], Activation, Random)");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build the library's scalar MLP (" + MLP_CLASS + ")", e);
        }
    }

    private static Class<?> firstClass(String... names) {
        for (String name : names) {
            try {
                return Class.forName(name);
            } catch (ClassNotFoundException e) {
                // try the older name
            }
        }
        throw new IllegalStateException("none of these classes is in the library: " + String.join(", ", names));
    }

    /** The sigmoid of the constructor's activation type: a factory method (now) or an enum constant (before). */
    private static Object sigmoid(Class<?> activation) throws ReflectiveOperationException {
        return activation.isEnum()
                ? activation.getField("SIGMOID").get(null)
                : activation.getMethod("sigmoid").invoke(null);
    }

    private static MethodHandle forwardHandle() {
        try {
            return MethodHandles.publicLookup()
                    .findVirtual(MLP_CLASS, "forward", MethodType.methodType(Value.class, double[].class))
                    .asType(MethodType.methodType(Value.class, Object.class, double[].class));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the scalar MLP has no forward(double...)", e);
        }
    }
}

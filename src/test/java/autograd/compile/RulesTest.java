package autograd.compile;

import static autograd.compile.CompiledScalarWorkloadsTest.assertSameBits;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import autograd.Op;
import autograd.Value;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Every rule of the generated code against the eager engine's {@link Op} row, through
 * {@code Value}'s own ops: the result and both gradients bit for bit on values that include
 * NaN, infinities and both zeros, and the same exception where an op is undefined.
 */
class RulesTest {

    static final double[] SPECIAL = {
        -2.5,
        -1,
        -0.5,
        -0.0,
        0.0,
        0.25,
        1,
        2,
        3.5,
        40,
        -40,
        Double.NaN,
        Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY
    };

    /** Eager result and gradients of {@code op(a, b)}, or the exception it throws. */
    private static Object eager(BinaryOperator<Value> op, double a, double b) {
        Value va = Value.of(a);
        Value vb = Value.of(b);
        try {
            Value out = op.apply(va, vb);
            out.backward();
            return new double[] {out.data, va.grad, vb.grad};
        } catch (ArithmeticException e) {
            return e;
        }
    }

    private static void checkBinary(String name, BinaryOperator<Value> op) {
        Value a = Value.of(1.5);
        Value b = Value.of(2);
        ScalarStep step = Compile.scalar(List.of(a, b), 0, in -> op.apply(a, b));
        step.run(); // compiles and checks against the eager engine
        step.run(); // the second call's check: from here on only the compiled code runs
        for (double x : SPECIAL) {
            for (double y : SPECIAL) {
                double[] grad = new double[2];
                Object expected = eager(op, x, y);
                String where = name + "(" + x + ", " + y + ")";
                if (expected instanceof ArithmeticException e) {
                    ArithmeticException got = assertThrows(
                            ArithmeticException.class, () -> step.run(new double[] {x, y}, new double[0], grad), where);
                    assertEquals(e.getMessage(), got.getMessage(), where);
                    continue;
                }
                double[] want = (double[]) expected;
                double out = step.run(new double[] {x, y}, new double[0], grad);
                assertSameBits(want[0], out, where);
                assertSameBits(want[1], grad[0], where + " ∂/∂a");
                assertSameBits(want[2], grad[1], where + " ∂/∂b");
            }
        }
    }

    private static void checkUnary(String name, UnaryOperator<Value> op) {
        Value a = Value.of(0.75);
        ScalarStep step = Compile.scalar(List.of(a), 0, in -> op.apply(a));
        step.run();
        step.run();
        for (double x : SPECIAL) {
            double[] grad = new double[1];
            Object expected = eager((p, q) -> op.apply(p), x, 0);
            String where = name + "(" + x + ")";
            if (expected instanceof ArithmeticException e) {
                ArithmeticException got = assertThrows(
                        ArithmeticException.class, () -> step.run(new double[] {x}, new double[0], grad), where);
                assertEquals(e.getMessage(), got.getMessage(), where);
                continue;
            }
            double[] want = (double[]) expected;
            double out = step.run(new double[] {x}, new double[0], grad);
            assertSameBits(want[0], out, where);
            assertSameBits(want[1], grad[0], where + " derivative");
        }
    }

    @Test
    void binaryRules() {
        checkBinary("add", Value::add);
        checkBinary("sub", Value::sub);
        checkBinary("mul", Value::mul);
        checkBinary("div", Value::div);
        checkBinary("pow", Value::pow);
    }

    @Test
    void unaryRules() {
        checkUnary("neg", Value::neg);
        checkUnary("exp", Value::exp);
        checkUnary("log", Value::log);
        checkUnary("sqrt", Value::sqrt);
        checkUnary("tanh", Value::tanh);
        checkUnary("sigmoid", Value::sigmoid);
        checkUnary("relu", Value::relu);
        checkUnary("abs", Value::abs);
        checkUnary("sin", Value::sin);
        checkUnary("cos", Value::cos);
    }

    @Test
    void opsWithAConstantOperandUseTheLiteralInTheCode() {
        checkUnary("x^2", x -> x.pow(2));
        checkUnary("2^x", x -> x.rpow(2));
        checkUnary("x/-3", x -> x.div(-3));
        checkUnary("1-x", x -> x.rsub(1));
        checkUnary("-0.0*x", x -> x.mul(-0.0));
    }

    @Test
    void naryNodes() {
        checkBinary("sum", (a, b) -> Value.sum(a, b, a.mul(b), b));
        checkBinary("dot", (a, b) -> Value.dot(new Value[] {a, b, a}, new Value[] {b, Value.constant(-2), a}));
    }

    @Test
    void everyOpOfTheEngineHasARule() {
        for (Op op : Op.values()) {
            if (op == Op.DOT) continue; // a dot node, not a rule
            assertNotNull(Rule.of(op.symbol()), op + " has no rule in the code generator");
        }
    }

    @Test
    void literalsReadBackToTheSameBits() {
        for (double d : new double[] {0.1, -0.0, 29.400000000000002, 1e-300, Double.MIN_VALUE, -7}) {
            String s = Rule.literal(d);
            double back =
                    s.startsWith("(") ? Double.parseDouble(s.substring(1, s.length() - 1)) : Double.parseDouble(s);
            assertSameBits(d, back, s);
        }
        assertEquals("Double.NaN", Rule.literal(Double.NaN));
    }
}

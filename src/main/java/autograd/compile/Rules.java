package autograd.compile;

/**
 * The rules of {@link autograd.Op} that are more than one operator, as static methods that the
 * generated code calls (the JIT inlines them): the ops with a domain (division, pow, log, sqrt)
 * throw the same {@link ArithmeticException} as the eager engine, and sigmoid uses the same two
 * forms. Everything else the generated code writes out as Java operators.
 *
 * <p>These are a second copy of {@code Op}'s rows, kept because the generated code cannot call
 * {@code Op}'s rules without a switch per element; {@code RulesTest} checks every rule and every
 * generated expression against the eager engine bit for bit, NaN and signed zeros included.
 *
 * <pre>{@code
 * jshell> autograd.compile.Rules.sigmoid(0)
 * $1 ==> 0.5
 * }</pre>
 */
public final class Rules {

    private Rules() {}

    /** {@code a / b}; a zero divisor throws, as {@code Value.div}. */
    public static double div(double a, double b) {
        if (b == 0) throw domainError("division", a + " / 0", "a non-zero divisor");
        return a / b;
    }

    /** {@code a ^ b}, with {@code Value.pow}'s domain. */
    public static double pow(double a, double b) {
        if (a < 0 && b != Math.rint(b)) {
            throw domainError("pow", a + " ^ " + b, "a non-negative base when the exponent is not an integer");
        }
        if (a == 0 && b < 0) throw domainError("pow", "0 ^ " + b, "a non-zero base when the exponent is negative");
        return Math.pow(a, b);
    }

    /** ∂(a^b)/∂a, 0 when the exponent is 0 (as PyTorch). */
    public static double powDA(double a, double b) {
        return b == 0 ? 0 : b * Math.pow(a, b - 1);
    }

    /** ∂(a^b)/∂b = a^b · ln a, 0 at a = 0 (as PyTorch); {@code out} is a^b. */
    public static double powDB(double a, double out) {
        return a == 0 ? 0 : out * Math.log(a);
    }

    /** Natural log; x ≤ 0 throws (NaN passes). */
    public static double log(double a) {
        if (a <= 0) throw domainError("log", String.valueOf(a), "x > 0");
        return Math.log(a);
    }

    /** Square root; x < 0 throws (NaN passes). */
    public static double sqrt(double a) {
        if (a < 0) throw domainError("sqrt", String.valueOf(a), "x >= 0");
        return Math.sqrt(a);
    }

    /** 1 / (1 + e^−a), in the form that never overflows (e^a / (1 + e^a) for a < 0). */
    public static double sigmoid(double a) {
        if (a >= 0) return 1 / (1 + Math.exp(-a));
        double e = Math.exp(a);
        return e / (1 + e);
    }

    private static ArithmeticException domainError(String op, String args, String expected) {
        return new ArithmeticException(op + " is undefined for " + args + ": it needs " + expected);
    }
}

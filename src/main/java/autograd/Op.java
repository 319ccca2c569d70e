package autograd;

/**
 * The elementwise primitives of both engines, with their forward rules and local derivatives
 * side by side: the whole chain rule for scalar math lives here.
 *
 * <p>{@link Value} applies an op to one number, {@link Variable} to every element (with
 * broadcasting); both ask the op for {@code f(a, b)} going forward and for {@code ∂f/∂a},
 * {@code ∂f/∂b} going back, then multiply by the gradient arriving from the output.
 * Unary ops ignore {@code b}. Derivatives may use {@code out} (the forward result) when that is
 * cheaper, as tanh and exp do.
 *
 * <p>The rules are switches with a row per op rather than a method body per enum constant: the
 * JIT inlines a switch into the callers' loops, where a method per constant is a virtual call
 * per element that it cannot inline (measured 2.6 vs 3.4 ns per element on a tensor loop).
 *
 * <p>Forward rules reject arguments outside the op's domain (log of a non-positive number,
 * division by zero, ...) with an {@link ArithmeticException} naming the op and the value, so a
 * NaN never enters a graph silently.
 *
 * <p>Where the derivative does not exist the rules pick PyTorch's value: relu and abs have
 * subgradient 0 at x = 0, and pow's gradient with respect to the exponent is 0 at base 0.
 * The gradients are checked against PyTorch and finite differences by the tests described in
 * {@code docs/testing.md}.
 */
public enum Op {
    ADD("+"),
    SUB("-"),
    MUL("*"),
    DIV("/"),
    POW("pow"),
    NEG("neg"),
    EXP("exp"),
    LOG("log"),
    SQRT("sqrt"),
    TANH("tanh"),
    SIGMOID("sigmoid"),
    /** Subgradient 0 at x = 0, as PyTorch. */
    RELU("relu"),
    /** Subgradient 0 at x = 0 (sign(0) = 0), as PyTorch. */
    ABS("abs"),
    SIN("sin"),
    COS("cos"),
    /**
     * One term aᵢ·bᵢ of {@link Value#dot}: its rules are the product's, and the dot node sums
     * them over i. Only the scalar engine uses it (tensors have {@code matmul}).
     */
    DOT("dot");

    // The rules, as three tables in the same row order: the forward result f(a, b), ∂f/∂a, and
    // ∂f/∂b for binary ops. Derivatives may use `out`, the forward result, when that is cheaper
    // (exp, tanh, sigmoid, sqrt, division). Three small switches rather than one: each stays
    // under the JIT's inlining size limit.

    /** The forward rule: the op's result for inputs {@code a} (and {@code b} for binary ops). */
    double f(double a, double b) {
        return switch (this) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL, DOT -> a * b;
            case DIV -> divide(a, b);
            case POW -> power(a, b);
            case NEG -> -a;
            case EXP -> Math.exp(a);
            case LOG -> log(a);
            case SQRT -> sqrt(a);
            case TANH -> Math.tanh(a);
            case SIGMOID -> sigmoid(a);
            case RELU -> a <= 0 ? 0 : a; // NOTE: not a > 0 ? a : 0, which turns NaN into 0
            case ABS -> Math.abs(a);
            case SIN -> Math.sin(a);
            case COS -> Math.cos(a);
        };
    }

    /** ∂f/∂a at the given inputs; {@code out} is {@code f(a, b)}. */
    double dA(double a, double b, double out) {
        return switch (this) {
            case ADD, SUB -> 1;
            case MUL, DOT -> b;
            case DIV -> 1 / b;
            // NOTE: squares are the common case, and Math.pow(a, 1) is a by its spec: the same bits without the pow
            // call
            case POW -> b == 2 ? 2 * a : b == 0 ? 0 : b * Math.pow(a, b - 1);
            case NEG -> -1;
            case EXP -> out;
            case LOG -> 1 / a;
            case SQRT -> 0.5 / out;
            case TANH -> 1 - out * out;
            case SIGMOID -> out * (1 - out);
            case RELU -> a > 0 ? 1 : 0;
            case ABS -> Math.signum(a);
            case SIN -> Math.cos(a);
            case COS -> -Math.sin(a);
        };
    }

    /** ∂f/∂b at the given inputs; {@code out} is {@code f(a, b)}. Binary ops only. */
    double dB(double a, double b, double out) {
        return switch (this) {
            case ADD -> 1;
            case SUB -> -1;
            case MUL, DOT -> a;
            case DIV -> -out / b;
            // ∂(a^b)/∂b = a^b · ln a; at a = 0 (then b ≥ 0) its limit is 0, not 0 · (−∞), as in PyTorch.
            case POW -> a == 0 ? 0 : out * Math.log(a);
            default -> throw new UnsupportedOperationException(symbol + " is unary");
        };
    }

    // Forward rules with a domain, kept out of the table so its rows stay one line each.

    private static double divide(double a, double b) {
        if (b == 0) throw domainError("division", a + " / 0", "a non-zero divisor");
        return a / b;
    }

    private static double power(double a, double b) {
        if (a < 0 && b != Math.rint(b)) {
            throw domainError("pow", a + " ^ " + b, "a non-negative base when the exponent is not an integer");
        }
        if (a == 0 && b < 0) throw domainError("pow", "0 ^ " + b, "a non-zero base when the exponent is negative");
        return Math.pow(a, b);
    }

    private static double log(double a) {
        if (a <= 0) throw domainError("log", String.valueOf(a), "x > 0"); // NaN passes: NaN in, NaN out
        return Math.log(a);
    }

    private static double sqrt(double a) {
        if (a < 0) throw domainError("sqrt", String.valueOf(a), "x >= 0");
        return Math.sqrt(a);
    }

    /** Two forms so exp never overflows: for a < 0, e^a / (1 + e^a) instead of 1 / (1 + e^-a). */
    private static double sigmoid(double a) {
        if (a >= 0) return 1 / (1 + Math.exp(-a));
        double e = Math.exp(a);
        return e / (1 + e);
    }

    private final String symbol;

    Op(String symbol) {
        this.symbol = symbol;
    }

    /** The short name shown in graphs and error messages: {@code +}, {@code *}, {@code tanh}... */
    public String symbol() {
        return symbol;
    }

    private static ArithmeticException domainError(String op, String args, String expected) {
        return new ArithmeticException(op + " is undefined for " + args + ": it needs " + expected);
    }
}

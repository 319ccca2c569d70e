package autograd;

/**
 * The elementwise primitives of both engines, each with its forward rule and its local
 * derivatives side by side: the whole chain rule for scalar math lives here.
 *
 * <p>{@link Value} applies an op to one number, {@link Variable} to every element (with
 * broadcasting); both ask the op for {@code f(a, b)} going forward and for {@code ∂f/∂a},
 * {@code ∂f/∂b} going back, then multiply by the gradient arriving from the output.
 * Unary ops ignore {@code b}. Derivatives may use {@code out} (the forward result) when that is
 * cheaper, as tanh and exp do.
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
    ADD("+") {
        double f(double a, double b) { return a + b; }
        double dA(double a, double b, double out) { return 1; }
        double dB(double a, double b, double out) { return 1; }
    },
    SUB("-") {
        double f(double a, double b) { return a - b; }
        double dA(double a, double b, double out) { return 1; }
        double dB(double a, double b, double out) { return -1; }
    },
    MUL("*") {
        double f(double a, double b) { return a * b; }
        double dA(double a, double b, double out) { return b; }
        double dB(double a, double b, double out) { return a; }
    },
    DIV("/") {
        double f(double a, double b) {
            if (b == 0) throw domainError("division", a + " / 0", "a non-zero divisor");
            return a / b;
        }
        double dA(double a, double b, double out) { return 1 / b; }
        double dB(double a, double b, double out) { return -out / b; }
    },
    POW("pow") {
        double f(double a, double b) {
            if (a < 0 && b != Math.rint(b)) {
                throw domainError("pow", a + " ^ " + b, "a non-negative base when the exponent is not an integer");
            }
            if (a == 0 && b < 0) throw domainError("pow", "0 ^ " + b, "a non-zero base when the exponent is negative");
            return Math.pow(a, b);
        }
        double dA(double a, double b, double out) { return b == 0 ? 0 : b * Math.pow(a, b - 1); }
        // d(a^b)/db = a^b · ln a; only asked for when the exponent requires a gradient. At a = 0
        // (b ≥ 0, since 0^negative is rejected) the limit is 0, not 0 · (−∞) = NaN, as in PyTorch.
        double dB(double a, double b, double out) { return a == 0 ? 0 : out * Math.log(a); }
    },
    NEG("neg") {
        double f(double a, double b) { return -a; }
        double dA(double a, double b, double out) { return -1; }
    },
    EXP("exp") {
        double f(double a, double b) { return Math.exp(a); }
        double dA(double a, double b, double out) { return out; }
    },
    LOG("log") {
        double f(double a, double b) {
            if (!(a > 0)) throw domainError("log", String.valueOf(a), "x > 0");
            return Math.log(a);
        }
        double dA(double a, double b, double out) { return 1 / a; }
    },
    SQRT("sqrt") {
        double f(double a, double b) {
            if (a < 0) throw domainError("sqrt", String.valueOf(a), "x >= 0");
            return Math.sqrt(a);
        }
        double dA(double a, double b, double out) { return 0.5 / out; }
    },
    TANH("tanh") {
        double f(double a, double b) { return Math.tanh(a); }
        double dA(double a, double b, double out) { return 1 - out * out; }
    },
    SIGMOID("sigmoid") {
        // Two forms so exp never overflows: for a < 0, e^a / (1 + e^a) instead of 1 / (1 + e^-a).
        double f(double a, double b) {
            if (a >= 0) return 1 / (1 + Math.exp(-a));
            double e = Math.exp(a);
            return e / (1 + e);
        }
        double dA(double a, double b, double out) { return out * (1 - out); }
    },
    /** Subgradient 0 at x = 0, as PyTorch. */
    RELU("relu") {
        double f(double a, double b) { return a > 0 ? a : 0; }
        double dA(double a, double b, double out) { return a > 0 ? 1 : 0; }
    },
    /** Subgradient 0 at x = 0 (sign(0) = 0), as PyTorch. */
    ABS("abs") {
        double f(double a, double b) { return Math.abs(a); }
        double dA(double a, double b, double out) { return Math.signum(a); }
    },
    SIN("sin") {
        double f(double a, double b) { return Math.sin(a); }
        double dA(double a, double b, double out) { return Math.cos(a); }
    },
    COS("cos") {
        double f(double a, double b) { return Math.cos(a); }
        double dA(double a, double b, double out) { return -Math.sin(a); }
    };

    private final String symbol;

    Op(String symbol) {
        this.symbol = symbol;
    }

    /** The forward rule: the op's result for inputs {@code a} (and {@code b} for binary ops). */
    abstract double f(double a, double b);

    /** ∂f/∂a at the given inputs; {@code out} is {@code f(a, b)}. */
    abstract double dA(double a, double b, double out);

    /** ∂f/∂b at the given inputs; {@code out} is {@code f(a, b)}. Binary ops only. */
    double dB(double a, double b, double out) {
        throw new UnsupportedOperationException(symbol + " is unary");
    }

    /** The short name shown in graphs and error messages: {@code +}, {@code *}, {@code tanh}... */
    public String symbol() {
        return symbol;
    }

    private static ArithmeticException domainError(String op, String args, String expected) {
        return new ArithmeticException(op + " is undefined for " + args + ": it needs " + expected);
    }
}

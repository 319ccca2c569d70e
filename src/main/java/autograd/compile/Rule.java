package autograd.compile;

/**
 * The elementwise rules of {@link autograd.Op} as Java source templates: what the generated code
 * writes for an op's result and for the gradient it sends to each input. One row per op, in
 * {@code Op}'s order; {@code ${a}}, {@code ${b}} are the operands, {@code ${o}} the op's result
 * and {@code ${g}} the gradient arriving at it.
 *
 * <p>Each gradient template is exactly the eager engine's {@code grad * op.dA(a, b, out)}
 * (written as {@code g} when the derivative is 1 and {@code -g} when it is −1, which is the same
 * number), so the generated code rounds as the eager engine does. {@code RulesTest} checks every
 * row against {@code Value}'s ops bit for bit.
 */
enum Rule {
    ADD("+", "${a} + ${b}", "${g}", "${g}"),
    SUB("-", "${a} - ${b}", "${g}", "-${g}"),
    MUL("*", "${a} * ${b}", "${g} * ${b}", "${g} * ${a}"),
    DIV("/", "Rules.div(${a}, ${b})", "${g} * (1 / ${b})", "${g} * (-${o} / ${b})"),
    POW("pow", "Rules.pow(${a}, ${b})", "${g} * Rules.powDA(${a}, ${b})", "${g} * Rules.powDB(${a}, ${o})"),
    NEG("neg", "-${a}", "-${g}", null),
    EXP("exp", "Math.exp(${a})", "${g} * ${o}", null),
    LOG("log", "Rules.log(${a})", "${g} * (1 / ${a})", null),
    SQRT("sqrt", "Rules.sqrt(${a})", "${g} * (0.5 / ${o})", null),
    TANH("tanh", "Math.tanh(${a})", "${g} * (1 - ${o} * ${o})", null),
    SIGMOID("sigmoid", "Rules.sigmoid(${a})", "${g} * (${o} * (1 - ${o}))", null),
    // NOTE: Math.max(a, 0.0) is Op's `a <= 0 ? 0 : a` bit for bit (NaN stays NaN, -0.0 becomes 0.0) without a branch
    RELU("relu", "Math.max(${a}, 0.0)", "${g} * (${a} > 0 ? 1.0 : 0.0)", null),
    ABS("abs", "Math.abs(${a})", "${g} * Math.signum(${a})", null),
    SIN("sin", "Math.sin(${a})", "${g} * Math.cos(${a})", null),
    COS("cos", "Math.cos(${a})", "${g} * -Math.sin(${a})", null);

    final String symbol;
    final String forward;
    final String gradA;
    final String gradB; // null for unary ops

    Rule(String symbol, String forward, String gradA, String gradB) {
        this.symbol = symbol;
        this.forward = forward;
        this.gradA = gradA;
        this.gradB = gradB;
    }

    boolean binary() {
        return gradB != null;
    }

    /** The rule named by {@code Value.op()} / {@code Variable.op()}, or null. */
    static Rule of(String symbol) {
        for (Rule r : values()) {
            if (r.symbol.equals(symbol)) return r;
        }
        return null;
    }

    String forward(String a, String b) {
        return fill(forward, a, b, null, null);
    }

    /** The gradient sent to input 0 ({@code wrtA}) or input 1. */
    String grad(boolean wrtA, String g, String a, String b, String out) {
        if (this == POW && wrtA && b != null) {
            String byLiteral = powGradForLiteralExponent(g, a, b);
            if (byLiteral != null) return byLiteral;
        }
        return fill(wrtA ? gradA : gradB, a, b, out, g);
    }

    /**
     * ∂(a^b)/∂a = b·a^(b−1) for a literal exponent, folded where Java's specification of
     * {@code Math.pow} fixes the result: {@code pow(a, 1.0)} is {@code a} and {@code pow(a, 0.0)}
     * is 1, so {@code x.pow(2)} differentiates to {@code g * (2.0 * a)}, the same bits as
     * {@code Rules.powDA} (which costs a call to pow, ~10 ns, where this costs a multiply).
     */
    private static String powGradForLiteralExponent(String g, String a, String b) {
        double exponent;
        try {
            exponent = Double.parseDouble(b.startsWith("(") ? b.substring(1, b.length() - 1) : b);
        } catch (NumberFormatException e) {
            return null; // not a literal
        }
        if (exponent == 0) return g + " * 0.0";
        double minusOne = exponent - 1;
        if (minusOne == 1) return g + " * (" + b + " * " + a + ")";
        if (minusOne == 0) return g + " * (" + b + " * 1.0)";
        return g + " * (" + b + " * Math.pow(" + a + ", " + literal(minusOne) + "))";
    }

    /** Whether the gradient for that input reads the operand {@code a}, {@code b} or the result {@code o}. */
    boolean gradReads(boolean wrtA, char operand) {
        String t = wrtA ? gradA : gradB;
        return t != null && t.contains("${" + operand + "}");
    }

    private static String fill(String template, String a, String b, String o, String g) {
        String s = template.replace("${a}", a);
        if (b != null) s = s.replace("${b}", b);
        if (o != null) s = s.replace("${o}", o);
        if (g != null) s = s.replace("${g}", g);
        return s;
    }

    /** A double as Java source that reads back to the same bits (negatives in parentheses). */
    static String literal(double d) {
        if (Double.isNaN(d)) return "Double.NaN";
        if (d == Double.POSITIVE_INFINITY) return "Double.POSITIVE_INFINITY";
        if (d == Double.NEGATIVE_INFINITY) return "Double.NEGATIVE_INFINITY";
        String s = Double.toString(d);
        return s.startsWith("-") ? "(" + s + ")" : s;
    }
}

package autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * {@link Autograd#detectAnomaly()}: the first NaN or infinity, forward or backward, throws an
 * {@link Autograd.AnomalyException} naming the op, its inputs and the line of this file that
 * created the node; domain errors are {@link ArithmeticException}s that say what went wrong.
 */
class AnomalyTest {

    /** The line number of the caller's next line: where the op under test is written. */
    static int nextLine() {
        return new Throwable().getStackTrace()[1].getLineNumber() + 1;
    }

    static String site(int line) {
        return "AnomalyTest.java:" + line + ")";
    }

    static String anomaly(Executable body) {
        return assertThrows(Autograd.AnomalyException.class, body).getMessage();
    }

    static void assertMentions(String message, String... parts) {
        for (String part : parts) assertTrue(message.contains(part), "message lacks '" + part + "': " + message);
    }

    @Test
    void valueForwardOverflow() {
        Value x = new Value(800);
        try (var scope = Autograd.detectAnomaly()) {
            String message = anomaly(() -> {
                int line = nextLine();
                Value y = x.exp();
                throw new AssertionError("no anomaly for exp(800) = " + y.data + " at line " + line);
            });
            assertMentions(message, "forward", "'exp'", "800.0", "Infinity", site(lineOf("Value y = x.exp();")));
        }
    }

    @Test
    void valueBackwardInfinity() {
        Value x = new Value(0);
        try (var scope = Autograd.detectAnomaly()) {
            int line = nextLine();
            Value y = x.sqrt().mul(3); // forward is fine: sqrt(0) = 0; d sqrt/dx at 0 is +∞
            String message = anomaly(y::backward);
            assertMentions(message, "backward", "'sqrt'", "a=0.0", site(line));
        }
    }

    @Test
    void variableForwardNaN() {
        Variable big = new Variable(new double[] {1e308, 1});
        try (var scope = Autograd.detectAnomaly()) {
            Variable inf = big.mul(10); // 1e309 overflows to ∞ in forward: caught here
            throw new AssertionError("no anomaly for " + inf);
        } catch (Autograd.AnomalyException e) {
            assertMentions(
                    e.getMessage(),
                    "forward",
                    "'*'",
                    "1.0E308",
                    "shape=[2]",
                    "element 0 is Infinity",
                    site(lineOf("Variable inf = big.mul(10);")));
        }
    }

    @Test
    void variableBackwardInfinity() {
        Variable x = new Variable(new double[] {4, 0});
        try (var scope = Autograd.detectAnomaly()) {
            int line = nextLine();
            Variable y = x.sqrt();
            Variable loss = y.sum();
            String message = anomaly(loss::backward);
            assertMentions(message, "backward", "'sqrt'", "[4.0, 0.0]", "input 0 is Infinity at element 1", site(line));
        }
    }

    @Test
    void withoutAnomalyModeNonFiniteValuesPassSilently() {
        assertFalse(Autograd.isAnomalyDetectionEnabled());
        Value x = new Value(800);
        assertTrue(Double.isInfinite(x.exp().data));
        Value z = new Value(0);
        z.sqrt().backward();
        assertTrue(Double.isInfinite(z.grad));
        try (var scope = Autograd.detectAnomaly()) {
            assertTrue(Autograd.isAnomalyDetectionEnabled());
        }
        assertFalse(Autograd.isAnomalyDetectionEnabled(), "the scope restores the setting");
    }

    @Test
    void domainErrorsSayWhatIsWrong() {
        assertDomainError(() -> new Value(0).log(), "log", "0.0", "x > 0");
        assertDomainError(() -> new Value(-2).log(), "log", "-2.0", "x > 0");
        assertDomainError(() -> new Value(-1).sqrt(), "sqrt", "-1.0", "x >= 0");
        assertDomainError(() -> new Value(-2).pow(0.5), "pow", "-2.0 ^ 0.5", "non-negative base");
        assertDomainError(() -> new Value(0).pow(-1), "pow", "0 ^ -1.0", "non-zero base");
        assertDomainError(() -> new Value(1).div(0), "division", "1.0 / 0", "non-zero divisor");
        assertDomainError(() -> new Value(0).rdiv(1), "division", "1.0 / 0", "non-zero divisor");
        assertDomainError(() -> new Variable(new double[] {1, -3}).log(), "log", "-3.0", "x > 0");
        assertDomainError(
                () -> new Variable(new double[] {1, 2}).div(Variable.constant(new double[] {1, 0})),
                "division",
                "2.0 / 0",
                "non-zero divisor");
        // A negative base with an integer exponent is fine.
        assertEquals(-8, new Value(-2).pow(3).data);
    }

    static void assertDomainError(Executable op, String... parts) {
        ArithmeticException e = assertThrows(ArithmeticException.class, op);
        assertFalse(e instanceof Autograd.AnomalyException, "a domain error is not an anomaly");
        assertMentions(e.getMessage(), parts);
    }

    /** The line of this source file that contains {@code code} (read from the test sources). */
    static int lineOf(String code) {
        try {
            java.util.List<String> lines =
                    java.nio.file.Files.readAllLines(java.nio.file.Path.of("src/test/java/autograd/AnomalyTest.java"));
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains(code) && !lines.get(i).contains("lineOf(")) return i + 1;
            }
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("no line contains " + code);
    }

    @Test
    void switchedOnForTheWholeProgramOutsideAnyScope() {
        Value x = new Value(800);
        Autograd.setDetectAnomaly(true);
        try {
            assertTrue(Autograd.isAnomalyDetectionEnabled());
            assertMentions(anomaly(x::exp), "forward", "'exp'");
        } finally {
            Autograd.setDetectAnomaly(false);
        }
        assertFalse(Autograd.isAnomalyDetectionEnabled());
        assertEquals(Double.POSITIVE_INFINITY, x.exp().data, "passes silently once switched off");
    }
}

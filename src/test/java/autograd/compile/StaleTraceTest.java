package autograd.compile;

import static autograd.compile.CompiledScalarWorkloadsTest.assertSameBits;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import autograd.Autograd;
import autograd.Value;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What a trace depends on, and that a compiled step never runs code that no longer matches its
 * function: it fails loudly instead (and keeps failing), or reads the value again.
 */
class StaleTraceTest {

    @Test
    void aBranchOnDataThatFlipsAtTheSecondCallIsCaughtAndTheStepRefusesFromThenOn() {
        Value w = Value.of(1);
        ScalarStep step = Compile.scalar(List.of(w), 1, in -> in[0].data > 0 ? w.mul(in[0]) : w.sub(in[0]));
        assertSameBits(2.0, step.run(2.0), "first call");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> step.run(-2.0));
        assertTrue(e.getMessage().contains("control flow depends on the data"), e.getMessage());
        IllegalStateException again = assertThrows(IllegalStateException.class, () -> step.run(2.0));
        assertSame(e, again, "every later call refuses with the same message");
    }

    @Test
    void dataCapturedFromOutsideTheInputsIsCaughtAtTheSecondCall() {
        Value w = Value.of(0.5);
        double[] sample = {1.0};
        // The classic mistake: the sample is read from a captured array, not passed as an input.
        ScalarStep step = Compile.scalar(List.of(w), 0, in -> w.mul(sample[0]).tanh());
        step.run();
        sample[0] = 3.0;
        IllegalStateException e = assertThrows(IllegalStateException.class, step::run);
        assertTrue(e.getMessage().contains("the constant was 1.0 and is now 3.0"), e.getMessage());
    }

    @Test
    void unchangedCapturedDataPassesTheCheck() {
        Value w = Value.of(0.5);
        double[] sample = {1.0};
        ScalarStep step = Compile.scalar(List.of(w), 0, in -> w.mul(sample[0]).tanh());
        for (int i = 0; i < 3; i++) assertSameBits(Math.tanh(0.5), step.run(), "call " + i);
    }

    @Test
    void aCapturedConstantValueIsReadAgainAtEveryCall() {
        Value w = Value.of(2);
        Value scale = Value.constant(3); // exists before the trace: captured, not a literal
        ScalarStep step = Compile.scalar(List.of(w), 0, in -> w.mul(scale));
        assertSameBits(6.0, step.run(), "first call");
        scale.data = 5;
        assertSameBits(10.0, step.run(), "after the captured constant changed");
        assertSameBits(10.0, step.run(), "third call");
        assertTrue(
                step.code().source().contains("c[0]"),
                "read from the captured array:\n" + step.code().source());
    }

    @Test
    void aFunctionThatBuildsDifferentGraphsFromTheSameInputsIsRejected() {
        Value w = Value.of(1);
        Random rng = new Random(1);
        ScalarStep step = Compile.scalar(List.of(w), 0, in -> w.mul(rng.nextDouble()));
        IllegalStateException e = assertThrows(IllegalStateException.class, step::run);
        assertTrue(e.getMessage().contains("no random numbers"), e.getMessage());
    }

    @Test
    void aValueThatNeedsAGradientButIsNotAParameterIsRejected() {
        Value w = Value.of(1);
        Value hidden = Value.of(2);
        ScalarStep step = Compile.scalar(List.of(w), 0, in -> w.mul(hidden));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, step::run);
        assertTrue(e.getMessage().contains("neither one of the step's parameters"), e.getMessage());
    }

    @Test
    void theGradientIsComputedWhateverTheCallersGradMode() {
        Value w = Value.of(3);
        ScalarStep step = Compile.scalar(List.of(w), 1, in -> w.mul(in[0]));
        try (var scope = Autograd.noGrad()) {
            step.run(2.0);
        }
        assertSameBits(2.0, w.grad, "∂(w·x)/∂w traced and run inside noGrad()");
        assertTrue(Autograd.isGradEnabled(), "the caller's mode is restored");
    }

    @Test
    void badArgumentsAreNamed() {
        Value w = Value.of(1);
        ScalarStep step = Compile.scalar(List.of(w), 2, in -> w.mul(in[0]).add(in[1]));
        assertThrows(IllegalArgumentException.class, () -> step.run(1.0));
        assertThrows(IllegalArgumentException.class, () -> step.run((double[]) null));
        assertThrows(IllegalArgumentException.class, () -> step.run(new double[2], new double[2], new double[1]));
        assertThrows(IllegalArgumentException.class, () -> step.run(new double[1], new double[2], null));
        assertThrows(IllegalStateException.class, step::code, "code() before the first call");
        assertThrows(IllegalArgumentException.class, () -> Compile.scalar(List.of(Value.constant(1)), 0, in -> in[0]));
        assertThrows(IllegalArgumentException.class, () -> Compile.scalar(null, 0, in -> in[0]));
        assertThrows(IllegalArgumentException.class, () -> Compile.scalar(List.of(w), -1, in -> in[0]));
        ScalarStep nullResult = Compile.scalar(List.of(w), 0, in -> null);
        assertThrows(IllegalArgumentException.class, nullResult::run);
    }

    // ---- repeat ----------------------------------------------------------------------------------

    @Test
    void repeatOutsideATraceIsAPlainLoop() {
        Value[] end = Compile.repeat(3, new Value[] {Value.of(1)}, s -> new Value[] {s[0].mul(2)});
        assertEquals(8.0, end[0].data);
        assertThrows(IllegalArgumentException.class, () -> Compile.repeat(-1, new Value[0], s -> s));
        assertThrows(
                IllegalArgumentException.class, () -> Compile.repeat(2, new Value[] {Value.of(1)}, s -> new Value[2]));
        assertThrows(IllegalArgumentException.class, () -> Compile.repeat(2, new Value[] {Value.of(1)}, s -> null));
        assertThrows(IllegalArgumentException.class, () -> Compile.repeat(2, null, s -> s));
    }

    @Test
    void aLoopWhoseStepsDifferStaysUnrolledAndStillMatches() {
        Value w = Value.of(0.9);
        int[] counter = {0};
        // Every third step is different: the loop cannot be one step's code.
        ScalarStep step = Compile.scalar(List.of(w), 0, in -> {
            counter[0] = 0;
            return Compile.repeat(6, new Value[] {w}, s ->
                    new Value[] {counter[0]++ % 3 == 2 ? s[0].tanh() : s[0].mul(w)})[0];
        });
        double out = step.run();
        Value e = Value.of(0.9);
        Value x = e;
        for (int t = 0; t < 6; t++) x = t % 3 == 2 ? x.tanh() : x.mul(e);
        x.backward();
        assertSameBits(x.data, out, "value");
        assertSameBits(e.grad, w.grad, "gradient");
        assertTrue(step.toString().contains("unrolled"), step.toString());
    }

    @Test
    void aLoopWithACapturedParameterAndAValueUsedAfterItMatches() {
        Value k = Value.of(0.3);
        Value x0 = Value.of(1.2);
        ScalarStep step = Compile.scalar(List.of(k, x0), 0, in -> {
            Value[] end = Compile.repeat(20, new Value[] {x0, Value.constant(0)}, s ->
                    new Value[] {s[0].sub(s[0].mul(k).mul(0.1)), s[1].add(s[0])});
            return end[0].mul(end[1]).add(k);
        });
        double out = step.run();
        Value ke = Value.of(0.3);
        Value xe = Value.of(1.2);
        Value[] s = {xe, Value.constant(0)};
        for (int t = 0; t < 20; t++) s = new Value[] {s[0].sub(s[0].mul(ke).mul(0.1)), s[1].add(s[0])};
        Value r = s[0].mul(s[1]).add(ke);
        r.backward();
        assertSameBits(r.data, out, "value");
        assertSameBits(ke.grad, k.grad, "∂/∂k (used in every step)");
        assertSameBits(xe.grad, x0.grad, "∂/∂x0 (the initial carry)");
        assertTrue(step.code().source().contains("for (int t = 0"), step.code().source());
    }
}

package autograd;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Shape errors name the op and both shapes, so the message alone says what to fix. */
class ShapeErrorsTest {

    static void assertMessage(Executable body, String... parts) {
        RuntimeException e = assertThrows(RuntimeException.class, body);
        assertTrue(
                e instanceof IllegalArgumentException
                        || e instanceof IndexOutOfBoundsException
                        || e instanceof IllegalStateException,
                "unexpected " + e);
        for (String part : parts)
            assertTrue(e.getMessage().contains(part), "message lacks '" + part + "': " + e.getMessage());
    }

    static Variable zeros(int... shape) {
        return Variable.zeros(shape);
    }

    @Test
    void broadcastFailures() {
        assertMessage(() -> zeros(2, 3).add(zeros(4)), "+", "[2, 3]", "[4]", "broadcast");
        assertMessage(() -> zeros(2, 3).mul(zeros(3, 2)), "*", "[2, 3]", "[3, 2]");
        assertMessage(() -> zeros(2, 1, 3).sub(zeros(4, 2)), "-", "[2, 1, 3]", "[4, 2]");
        assertMessage(() -> zeros(5).div(zeros(2)), "/", "[5]", "[2]");
        assertMessage(() -> zeros(5).pow(zeros(2)), "pow", "[5]", "[2]");
    }

    @Test
    void matmulMismatch() {
        assertMessage(() -> zeros(2, 3).matmul(zeros(2, 3)), "matmul", "[2, 3]", "[2, 3]", "3 vs 2");
        assertMessage(() -> zeros(3).matmul(zeros(4)), "matmul", "[3]", "[4]");
        assertMessage(() -> zeros(2, 3).matmul(zeros(4)), "matmul", "[2, 3]", "[4]");
        assertMessage(() -> zeros(2, 2, 2).matmul(zeros(2, 2)), "matmul", "[2, 2, 2]", "[2, 2]");
        assertMessage(() -> Variable.scalar(1).matmul(zeros(2)), "matmul", "[]", "[2]");
    }

    @Test
    void reshapeConcatStack() {
        assertMessage(() -> zeros(2, 3).reshape(4), "reshape", "[2, 3]", "[4]");
        assertMessage(() -> Variable.concat(0, zeros(2, 3), zeros(2, 4)), "concat", "[2, 3]", "[2, 4]");
        assertMessage(() -> Variable.concat(1, zeros(2, 3), zeros(3)), "concat", "[2, 3]", "[3]");
        assertMessage(() -> Variable.concat(2, zeros(2, 3)), "concat", "axis 2", "rank 2");
        assertMessage(() -> Variable.stack(0, zeros(2, 3), zeros(3, 2)), "stack", "[2, 3]", "[3, 2]");
        assertMessage(() -> Variable.stack(3, zeros(2, 3)), "stack", "axis 3");
    }

    @Test
    void axesIndicesAndBackwardShapes() {
        assertMessage(() -> zeros(2, 3).sum(2), "sum", "axis 2", "rank 2");
        assertMessage(() -> zeros(2, 3).mean(-3), "mean", "axis -3", "rank 2");
        assertMessage(() -> zeros(2, 3).row(2), "row 2", "[2, 3]");
        assertMessage(() -> zeros(4, 3).slice(2, 5), "slice", "[4, 3]");
        assertMessage(() -> zeros(2, 3, 4).transpose(), "transpose", "[2, 3, 4]");
        assertMessage(() -> zeros(2, 3).get(0, 3), "[0, 3]", "[2, 3]");
        assertMessage(() -> zeros(2, 3).item(), "item", "[2, 3]");
        assertMessage(
                () -> zeros(2, 3).backward(Variable.constant(new double[6], 3, 2)), "backward", "[3, 2]", "[2, 3]");
        assertMessage(() -> new Variable(new double[5], 2, 3), "5 values", "[2, 3]");
        assertMessage(() -> new Variable(new double[][] {{1, 2}, {3}}), "ragged", "row 1");
    }
}

package autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The property machinery checks itself: on an op broken on purpose (its value right, its
 * gradient wrong, built from public ops so the engine stays untouched) the property tests must
 * fail and shrink the failure to the one op. The engine's own mutants (tanh′, the broadcast
 * subtraction's sign, dot's factor) are in docs/testing.md.
 */
class PropertyRunnerTest {

    /** tanh with its gradient off by 0.01: the value is exactly tanh(u), since u − detach(u) is 0. */
    static Value wrongTanh(Value u) {
        return u.tanh().add(u.sub(u.detach()).mul(0.01));
    }

    @Test
    void aWrongScalarGradientIsCaughtAndShrunkToTheOneOp() {
        ScalarExpr.Ops<Value> broken =
                (n, u, v) -> n.op.equals("tanh") ? wrongTanh(u) : ScalarExpr.VALUE_OPS.apply(n, u, v);
        AssertionError e = assertThrows(
                AssertionError.class,
                () -> PropertyRunner.run(
                        "broken tanh",
                        3000,
                        ScalarExpr::random,
                        (c, counts) -> ValuePropertiesTest.check(c, counts, broken)));
        System.out.println("PropertyRunnerTest, the message of a failure:\n" + e.getMessage());
        assertTrue(e.getMessage().contains("gradcheck failed"), e.getMessage());
        String shrunk = e.getMessage().substring(0, e.getMessage().indexOf("which fails with"));
        assertTrue(shrunk.matches("(?s).*Value y = x\\d\\.tanh\\(\\);\\s*"), shrunk);
    }

    /** a − b whose gradient for b has the wrong sign: the value is exactly a − b, since b − detach(b) is 0. */
    static Variable wrongSub(Variable a, Variable b) {
        return a.sub(b).add(b.sub(b.detach()).mul(2));
    }

    @Test
    void aWrongTensorGradientIsCaughtAndShrunkToTheOneOp() {
        TensorExpr.Ops broken =
                (n, v) -> n.op.equals("-") ? wrongSub(v.get(0), v.get(1)) : TensorExpr.FUSED.apply(n, v);
        AssertionError e = assertThrows(
                AssertionError.class,
                () -> PropertyRunner.run(
                        "broken subtraction",
                        1500,
                        TensorExpr::random,
                        (c, counts) -> VariablePropertiesTest.check(c, counts, broken)));
        System.out.println("PropertyRunnerTest, the message of a failure:\n" + e.getMessage());
        assertTrue(e.getMessage().contains("gradcheck failed"), e.getMessage());
        String shrunk = e.getMessage().substring(0, e.getMessage().indexOf("which fails with"));
        assertTrue(shrunk.matches("(?s).*Variable y = [xc]\\d\\.sub\\(x\\d\\);\\s*"), shrunk);
    }

    @Test
    void shrinkingKeepsReusedNodesShared() {
        // (t + t) with t = tanh(x0) used twice: replacing t must replace both uses.
        ScalarExpr.Node t = ScalarExpr.op("tanh", ScalarExpr.input(0), null, 0);
        ScalarExpr e = new ScalarExpr(ScalarExpr.op("+", t, t, 0), new double[] {0.25, 1, 1});
        assertEquals("Value x0 = new Value(0.25);\nValue t1 = x0.tanh();\nValue y = t1.add(t1);", e.code());
        ScalarExpr replaced = e.shrinks().stream()
                .filter(s -> s.code().contains("x0.add(x0)"))
                .findFirst()
                .orElseThrow();
        assertEquals("Value x0 = new Value(0.25);\nValue y = x0.add(x0);", replaced.code());
        assertArrayEquals(new int[] {1, 1, 4}, replaced.size());
    }

    @Test
    void everyShrinkIsSmallerAndShrinkingEnds() {
        Random rng = new Random(5);
        for (int i = 0; i < 200; i++) {
            ScalarExpr e = ScalarExpr.random(rng);
            for (ScalarExpr s : e.shrinks()) {
                if (PropertyRunner.compare(s.size(), e.size()) >= 0) continue; // the runner skips these
                assertTrue(s.topological().size() <= e.topological().size(), s.code());
            }
            // A property that always fails shrinks to a single leaf.
            PropertyRunner.Shrunk<ScalarExpr> s =
                    PropertyRunner.shrink(e, new AssertionError("always"), (c, counts) -> {
                        throw new AssertionError("always");
                    });
            assertEquals(0, s.smallest.size()[0], s.smallest.code());
        }
    }

    @Test
    void theSeedComesFromASystemPropertyAndCasesCount() {
        String before = System.getProperty("autograd.seed");
        try {
            System.setProperty("autograd.seed", "7");
            assertEquals(7, PropertyRunner.seed());
            PropertyRunner.Report r = PropertyRunner.run("counting", 50, ScalarExpr::random, (c, counts) -> {
                counts.put("seen", 1);
                return c.x[0] > 0; // discards about half
            });
            assertEquals(7, r.seed);
            assertEquals(50, r.checked);
            assertEquals(50, r.counts.get("seen"));
            assertTrue(r.discarded > 10, r.toString());
        } finally {
            if (before == null) System.clearProperty("autograd.seed");
            else System.setProperty("autograd.seed", before);
        }
        assertEquals(PropertyRunner.DEFAULT_SEED, before == null ? PropertyRunner.seed() : PropertyRunner.DEFAULT_SEED);
    }

    @Test
    void aGeneratorThatMissesItsDomainFailsLoudly() {
        AssertionError e = assertThrows(
                AssertionError.class, () -> PropertyRunner.run("never", 10, ScalarExpr::random, (c, counts) -> false));
        assertTrue(e.getMessage().contains("only 0 of 100 cases"), e.getMessage());
    }

    @Test
    void theSameSeedDrawsTheSameCases() {
        List<String> a = new java.util.ArrayList<>();
        List<String> b = new java.util.ArrayList<>();
        Random r1 = new Random(3);
        Random r2 = new Random(3);
        for (int i = 0; i < 20; i++) {
            a.add(ScalarExpr.random(r1).code());
            b.add(ScalarExpr.random(r2).code());
        }
        assertEquals(a, b);
    }
}

package autograd.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** What a sweep runs: grids, ranges, samples and explicit lists, each configuration with its seed. */
class SweepConfigsTest {

    @Test
    void gridsCombineLikeNestedLoopsTheLastParameterFastest() {
        List<Config> configs = Sweep.over(Param.grid("a", 1, 2), Param.grid("b", "x", "y", "z"))
                .configs();
        assertEquals(6, configs.size());
        assertEquals("a=1, b=x", configs.get(0).toString());
        assertEquals("a=1, b=y", configs.get(1).toString());
        assertEquals("a=2, b=x", configs.get(3).toString());
        for (int i = 0; i < configs.size(); i++) assertEquals(i, configs.get(i).index());
        assertEquals(Integer.class, configs.get(0).get("a").getClass());
        assertEquals(2, configs.get(5).getInt("a"));
        assertEquals("z", configs.get(5).getString("b"));
    }

    @Test
    void linearAndLogRangesHitTheirEndsExactly() {
        List<Object> lin = Param.linspace("x", -Math.PI, Math.PI, 81).values();
        assertEquals(81, lin.size());
        assertEquals(-Math.PI, lin.get(0));
        assertEquals(Math.PI, lin.get(80));
        assertEquals(0.0, (Double) lin.get(40), 1e-15);
        List<Object> geo = Param.geomspace("lr", 1e-4, 1, 5).values();
        assertEquals(1e-4, geo.get(0));
        assertEquals(1.0, geo.get(4));
        for (int i = 0; i < 5; i++) assertEquals(Math.pow(10, i - 4), (Double) geo.get(i), 1e-15 * Math.pow(10, i - 4));
        assertTrue(Param.geomspace("lr", 1e-4, 1, 5).logScale());
        // grid points that are short decimals are those decimals, as a user would type them
        assertTrue(Param.linspace("x", -3, 3, 61).values().contains(0.1), "0.1, not 0.10000000000000009");
        assertEquals(1.0, Param.geomspace("s", 0.1, 10, 5).values().get(2), "1, not 1.0000000000000004");
        assertEquals(List.of(0, 3, 6, 9), Param.range("n", 0, 10, 3).values());
        assertEquals(List.of(5, 4, 3), Param.range("n", 5, 2, -1).values());
    }

    @Test
    void samplesAreDrawnFromTheSeedAndCombineWithGrids() {
        Sweep sweep = Sweep.over(
                        Param.grid("opt", "gd", "adam"),
                        Param.logUniform("lr", 1e-4, 1e-1),
                        Param.randInt("width", 4, 9),
                        Param.choice("act", "tanh", "relu"),
                        Param.normal("init", 0, 0.5),
                        Param.uniform("x0", -2, 2))
                .samples(50)
                .seed(7);
        List<Config> configs = sweep.configs();
        assertEquals(100, configs.size());
        assertEquals(configs, sweep.configs(), "the same seed draws the same configurations");
        assertNotEquals(
                configs.get(0).get("lr"), sweep.seed(8).configs().get(0).get("lr"), "another seed draws others");
        Set<Object> widths = new HashSet<>(), acts = new HashSet<>();
        for (Config c : configs) {
            double lr = c.getDouble("lr");
            assertTrue(lr >= 1e-4 && lr < 1e-1, "lr " + lr);
            double x0 = c.getDouble("x0");
            assertTrue(x0 >= -2 && x0 < 2);
            widths.add(c.getInt("width"));
            acts.add(c.getString("act"));
        }
        assertEquals(Set.of(4, 5, 6, 7, 8), widths);
        assertEquals(Set.of("tanh", "relu"), acts);
        // log-uniform: about as many draws below 1e-2.5 as above
        long low = configs.stream()
                .filter(c -> c.getDouble("lr") < Math.pow(10, -2.5))
                .count();
        assertTrue(low > 25 && low < 75, "log-uniform draws below the log midpoint: " + low);
    }

    @Test
    void aRunsSeedDependsOnTheSweepSeedAndItsValuesNotOnItsPosition() {
        Config a = Sweep.over(Param.grid("lr", 0.1, 0.2), Param.grid("n", 1, 2))
                .seed(3)
                .configs()
                .get(3);
        Config b = Sweep.over(Param.grid("lr", 0.2, 0.1), Param.grid("n", 2, 1))
                .seed(3)
                .configs()
                .get(0);
        assertEquals(a.toString(), b.toString());
        assertEquals(a.seed(), b.seed(), "same values, same sweep seed: same run seed");
        assertNotEquals(
                a.seed(),
                Sweep.over(Param.grid("lr", 0.2), Param.grid("n", 2))
                        .seed(4)
                        .configs()
                        .get(0)
                        .seed());
        assertEquals(a.random().nextLong(), b.random().nextLong());
    }

    @Test
    void repeatedConfigurationsGetTheirOwnSeeds() {
        List<Config> configs = Sweep.over(Param.grid("lr", 0.1, 0.2)).samples(3).configs();
        assertEquals(6, configs.size());
        Set<Long> seeds = new HashSet<>();
        configs.forEach(c -> seeds.add(c.seed()));
        assertEquals(6, seeds.size());
    }

    @Test
    void explicitConfigurationsKeepTheirOrderAndCombineWithGrids() {
        Map<String, Object> first = new LinkedHashMap<>();
        first.put("x", 1.5);
        first.put("name", "a");
        Map<String, Object> second = new LinkedHashMap<>();
        second.put("x", 2.5f);
        second.put("name", "b");
        List<Config> configs =
                Sweep.of(List.of(first, second)).and(Param.grid("k", 1, 2)).configs();
        assertEquals(List.of("x", "name", "k"), configs.get(0).names());
        assertEquals("x=1.5, name=a, k=1", configs.get(0).toString());
        assertEquals("x=2.5, name=b, k=2", configs.get(3).toString());
        assertEquals(Double.class, configs.get(2).get("x").getClass(), "a float is stored as a double");
        // unordered maps: alphabetical, never hash order
        assertEquals(
                List.of("a", "b"), Sweep.of(List.of(Map.of("b", 1, "a", 2))).paramNames());
        assertEquals(
                List.of("b", "a"),
                Sweep.of(List.of(new TreeMap<>(Map.of("b", 1, "a", 2)).descendingMap()))
                        .paramNames());
    }

    @Test
    void badDefinitionsFailAtOnceNamingTheProblem() {
        assertMessage("given twice", () -> Sweep.over(Param.grid("a", 1), Param.uniform("a", 0, 1)));
        assertMessage("column of the result table", () -> Param.grid("status", 1));
        assertMessage("column of the result table", () -> Metrics.of("seconds", 1));
        assertMessage("at least one value", () -> Param.grid("a", new double[0]));
        assertMessage("null value", () -> Param.grid("a", Arrays.asList("x", null)));
        assertMessage("not exponents", () -> Param.geomspace("lr", -4, 0, 5));
        assertMessage("low > 0", () -> Param.logUniform("lr", 0, 1));
        assertMessage("is empty", () -> Param.range("n", 3, 3));
        assertMessage("plain data", () -> Param.grid("model", List.of(new StringBuilder("x"))));
        assertMessage("null value", () -> Param.choice("a", "x", null));
        assertMessage("same names", () -> Sweep.of(List.of(Map.of("a", 1), Map.of("b", 1))));
        assertMessage("at least 1", () -> Sweep.over(Param.grid("a", 1)).threads(0));
        assertMessage("at least 1", () -> Sweep.over(Param.grid("a", 1)).samples(0));
        Config config = Sweep.over(Param.grid("lr", 0.1)).configs().get(0);
        assertMessage("it has [lr]", () -> config.get("learningRate"));
        assertMessage("not a string", () -> config.getString("lr"));
        assertMessage("not an int", () -> config.getInt("lr"));
    }

    private static void assertMessage(String expected, Runnable action) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action::run);
        assertTrue(e.getMessage().contains(expected), "message '" + e.getMessage() + "' should say: " + expected);
    }
}

package autograd.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import autograd.sweep.Config;
import autograd.sweep.Metrics;
import autograd.sweep.Objective;
import autograd.sweep.Param;
import autograd.sweep.Sweep;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Shipping cell code, the rules: functions written in cells (compiled and run by JShell in this JVM,
 * as the kernel does) are packed as a driver packs them and loaded as an executor loads them — in a
 * class loader of their own, here under the test's loader as an executor's is under the library's.
 */
@Timeout(120)
class SparkCellShippingTest {

    static Cells cells;
    static final List<Config> CONFIGS =
            Sweep.over(Param.linspace("x", -2, 2, 9)).configs();

    @BeforeAll
    static void start() {
        cells = new Cells();
    }

    @AfterAll
    static void stop() {
        cells.close();
    }

    static ShippedCode pack(Objective fn) {
        return FunctionPacker.pack(new SweepCode(fn, null));
    }

    /** The shipped copy's metrics for every config (as an executor would compute them). */
    static List<Metrics> runShipped(ShippedCode shipped) throws Exception {
        Objective copy = (Objective) CellCode.load(shipped, SparkCellShippingTest.class.getClassLoader())
                .function();
        List<Metrics> out = new java.util.ArrayList<>();
        for (Config c : CONFIGS) out.add(copy.evaluate(c));
        return out;
    }

    static List<Metrics> runHere(Objective fn) throws Exception {
        List<Metrics> out = new java.util.ArrayList<>();
        for (Config c : CONFIGS) out.add(fn.evaluate(c));
        return out;
    }

    @Test
    void methodsRecordsAndVariablesTravelAndTheCopyComputesTheSame() throws Exception {
        cells.run("double square(double v) { return v * v; }");
        cells.run(
                "record Scale(double k) implements java.io.Serializable { double apply(double v) { return k * square(v); } }");
        cells.run("Scale scale = new Scale(3);");
        cells.run("int offset = 5;");
        cells.run("Objective travels = c -> Metrics.of(\"y\", scale.apply(c.getDouble(\"x\")) + offset);");
        Objective fn = cells.get("travels");
        ShippedCode shipped = pack(fn);
        assertEquals(runHere(fn), runShipped(shipped));
        assertEquals(3 * 4 + 5, runShipped(shipped).get(8).get("y"), "x = 2");
        assertTrue(shipped.statics().keySet().stream().anyMatch(k -> k.endsWith("#scale")), shipped.toString());
        assertTrue(shipped.statics().keySet().stream().anyMatch(k -> k.endsWith("#offset")), shipped.toString());
        assertTrue(shipped.classes().keySet().stream().anyMatch(k -> k.endsWith("$Scale")), shipped.toString());
        assertTrue(shipped.size() < 20_000, shipped + " is small");
    }

    @Test
    void variablesTravelByValueAsOfTheSweepsStart() throws Exception {
        cells.run("double factor = 2;");
        cells.run("Objective scaled = c -> Metrics.of(\"y\", factor * c.getDouble(\"x\"));");
        Objective fn = cells.get("scaled");
        ShippedCode atTwo = pack(fn);
        cells.run("factor = 10;");
        assertEquals(4.0, runShipped(atTwo).get(8).get("y"), "the value when it was packed");
        ShippedCode atTen = pack(fn);
        assertEquals(20.0, runShipped(atTen).get(8).get("y"), "the new value in the next sweep");
        assertNotEquals(atTwo.fingerprint(), atTen.fingerprint());
        assertEquals(atTen.fingerprint(), pack(fn).fingerprint(), "the same code and values, the same shipment");
    }

    @Test
    void theCopyRunsInALoaderOfItsOwnNotTheKernels() throws Exception {
        cells.run("int counter = 0;");
        cells.run("class Counter { static int calls; static int next() { return ++calls; } }");
        cells.run("Objective counts = c -> Metrics.of(\"n\", Counter.next() + counter);");
        Objective fn = cells.get("counts");
        Objective copy =
                (Objective) CellCode.load(pack(fn), getClass().getClassLoader()).function();
        assertNotSame(fn.getClass().getClassLoader(), copy.getClass().getClassLoader());
        copy.evaluate(CONFIGS.get(0));
        copy.evaluate(CONFIGS.get(0));
        assertEquals(0, (int) cells.get("Counter.calls"), "the kernel's class was not touched");
        assertEquals(3.0, copy.evaluate(CONFIGS.get(0)).get("n"), "the copy's static counts on its own");
    }

    @Test
    void aChangedStaticOfACellClassTravels() throws Exception {
        cells.run("class Knobs { static int n = 3; }");
        cells.run("Knobs.n = 7;");
        cells.run("Objective knob = c -> Metrics.of(\"n\", Knobs.n);");
        assertEquals(7.0, runShipped(pack(cells.get("knob"))).get(0).get("n"));
    }

    @Test
    void aRedefinedMethodLeavesEarlierFunctionsOnTheirOldCodeAsLocally() throws Exception {
        cells.run("double shape(double v) { return v + 1; }");
        cells.run("Objective before = c -> Metrics.of(\"y\", shape(c.getDouble(\"x\")));");
        cells.run("double shape(double v) { return v + 100; }");
        cells.run("Objective after = c -> Metrics.of(\"y\", shape(c.getDouble(\"x\")));");
        Objective before = cells.get("before"), after = cells.get("after");
        assertEquals(runHere(before), runShipped(pack(before)));
        assertEquals(runHere(after), runShipped(pack(after)));
        assertNotEquals(runHere(before), runHere(after));
    }

    @Test
    void aFunctionThatAssignsANotebookVariableIsRefusedNamingIt() {
        cells.run("double lowest = Double.MAX_VALUE;");
        cells.run("void note(double v) { lowest = Math.min(lowest, v); }");
        cells.run(
                "Objective notes = c -> { note(c.getDouble(\"x\")); return Metrics.of(\"x\", c.getDouble(\"x\")); };");
        NotShippableException e = assertThrows(NotShippableException.class, () -> pack(cells.get("notes")));
        assertTrue(e.getMessage().contains("it assigns notebook variable `lowest` (double"), e.getMessage());
        assertTrue(e.getMessage().contains("in cell method note"), e.getMessage());
        assertTrue(e.getMessage().contains("Return the value as a metric"), e.getMessage());
    }

    @Test
    void aVariableThatIsNotSerializableIsRefusedNamingIt() {
        cells.run("var lock = new Object();");
        cells.run("Objective locks = c -> { synchronized (lock) { return Metrics.of(\"x\", 1); } };");
        NotShippableException e = assertThrows(NotShippableException.class, () -> pack(cells.get("locks")));
        assertTrue(e.getMessage().contains("notebook variable `lock` (java.lang.Object"), e.getMessage());
        assertTrue(e.getMessage().contains("java.lang.Object, which is not Serializable"), e.getMessage());
        assertTrue(e.getMessage().contains("Create that object inside the function"), e.getMessage());
    }

    @Test
    void aJavaUtilFunctionLambdaIsRefusedWithTheFix() {
        cells.run("java.util.function.DoubleUnaryOperator twice = v -> 2 * v;");
        cells.run("Objective usesTwice = c -> Metrics.of(\"y\", twice.applyAsDouble(c.getDouble(\"x\")));");
        NotShippableException e = assertThrows(NotShippableException.class, () -> pack(cells.get("usesTwice")));
        assertTrue(e.getMessage().contains("notebook variable `twice`"), e.getMessage());
        assertTrue(e.getMessage().contains("a lambda of an interface that is not Serializable"), e.getMessage());
    }

    @Test
    void unusedVariablesOfTheSameCellsAreNotShippedNorChecked() throws Exception {
        cells.run("var sideTable = tech.tablesaw.api.Table.create(\"side\"); double used = 4;");
        cells.run("Objective usesOne = c -> Metrics.of(\"y\", used);");
        ShippedCode shipped = pack(cells.get("usesOne"));
        assertEquals(List.of("y"), runShipped(shipped).get(0).names());
        assertTrue(shipped.statics().keySet().stream().noneMatch(k -> k.endsWith("#sideTable")), shipped.toString());
    }

    /** A loader that defines a class from bytes but, unlike the JDK's JShell loader, does not serve them. */
    static final class SilentLoader extends ClassLoader {
        SilentLoader(ClassLoader parent) {
            super("an-unknown-kernel", parent);
        }

        Class<?> define(String name, byte[] bytes) {
            return defineClass(name, bytes, 0, bytes.length);
        }

        @Override
        public InputStream getResourceAsStream(String name) {
            return null;
        }
    }

    @Test
    void aKernelThatDoesNotServeCellClassesFailsClearly() throws Exception {
        cells.run(
                "record Half(double k) implements Objective { public Metrics evaluate(Config c) { return Metrics.of(\"y\", k * c.getDouble(\"x\")); } }");
        Class<?> half = cells.get("Half.class");
        byte[] bytes;
        try (InputStream in =
                half.getClassLoader().getResourceAsStream(half.getName().replace('.', '/') + ".class")) {
            bytes = in.readAllBytes();
        }
        Class<?> hidden = new SilentLoader(getClass().getClassLoader()).define(half.getName(), bytes);
        Constructor<?> make = hidden.getDeclaredConstructor(double.class);
        make.setAccessible(true);
        Objective fn = (Objective) make.newInstance(0.5);
        NotShippableException e = assertThrows(NotShippableException.class, () -> pack(fn));
        assertTrue(
                e.getMessage().contains("the bytes of cell class " + half.getName() + " are not available"),
                e.getMessage());
        assertTrue(e.getMessage().contains("a kernel this library does not know"), e.getMessage());
        assertTrue(e.getMessage().contains("Run the sweep on the local backend"), e.getMessage());
    }

    @Test
    void libraryFunctionsShipNoCellClasses() throws Exception {
        Objective fn = c -> Metrics.of("y", Math.sqrt(Math.abs(c.getDouble("x"))));
        ShippedCode shipped = pack(fn);
        assertEquals(Map.of(), shipped.classes());
        assertEquals(Map.of(), shipped.statics());
        assertEquals(runHere(fn), runShipped(shipped));
    }
}

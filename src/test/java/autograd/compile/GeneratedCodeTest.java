package autograd.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import autograd.Parameter;
import autograd.Value;
import autograd.nn.Activation;
import autograd.nn.scalar.ScalarMLP;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The generated code: readable, and in methods the JIT compiles (under HotSpot's 8000-byte limit). */
class GeneratedCodeTest {

    /** HotSpot leaves methods longer than this interpreted (-XX:+DontCompileHugeMethods, the default). */
    static final int HUGE_METHOD = 8000;

    /** Bytecode length of every method of a class file. */
    static Map<String, Integer> methodSizes(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        in.readInt(); // magic
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 3, 4 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++;
                }
                case 7, 8, 16, 19, 20 -> in.readUnsignedShort();
                case 9, 10, 11, 12, 17, 18 -> in.readInt();
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                default -> throw new IOException("constant pool tag " + tag);
            }
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        in.readUnsignedShort();
        int interfaces = in.readUnsignedShort();
        for (int i = 0; i < interfaces; i++) in.readUnsignedShort();
        int fields = in.readUnsignedShort();
        for (int i = 0; i < fields; i++) skipMember(in);
        Map<String, Integer> sizes = new LinkedHashMap<>();
        int methods = in.readUnsignedShort();
        for (int i = 0; i < methods; i++) {
            in.readUnsignedShort();
            String name = utf8[in.readUnsignedShort()];
            in.readUnsignedShort();
            int attributes = in.readUnsignedShort();
            for (int a = 0; a < attributes; a++) {
                String attr = utf8[in.readUnsignedShort()];
                int length = in.readInt();
                byte[] body = in.readNBytes(length);
                if (attr.equals("Code")) {
                    sizes.put(name, new DataInputStream(new ByteArrayInputStream(body, 4, 4)).readInt());
                }
            }
        }
        return sizes;
    }

    private static void skipMember(DataInputStream in) throws IOException {
        in.readUnsignedShort();
        in.readUnsignedShort();
        in.readUnsignedShort();
        int attributes = in.readUnsignedShort();
        for (int a = 0; a < attributes; a++) {
            in.readUnsignedShort();
            in.readNBytes(in.readInt());
        }
    }

    private static void assertNoHugeMethod(ScalarStep step) throws IOException {
        GeneratedCode code = step.code();
        Map<String, Integer> sizes = methodSizes(InMemoryJavac.compile(code.className(), code.source()));
        assertTrue(sizes.size() >= 3, sizes.toString());
        for (Map.Entry<String, Integer> e : sizes.entrySet()) {
            assertTrue(
                    e.getValue() < HUGE_METHOD, e.getKey() + " has " + e.getValue() + " bytes of bytecode: " + sizes);
        }
    }

    @Test
    void aLargeScalarNetworkIsSplitIntoMethodsTheJitCompiles() throws IOException {
        ScalarMLP model = new ScalarMLP(2, new int[] {32, 32, 1}, Activation.sigmoid(), new Random(2));
        List<Parameter> params = model.parameters();
        ScalarStep step = Compile.scalar(
                params,
                3,
                in -> model.forward(List.of(in[0], in[1])).get(0).sub(in[2]).pow(2));
        step.run(0.1, 0.2, 1);
        assertNoHugeMethod(step);
    }

    @Test
    void anUnrolledLoopIsSplitToo() throws IOException {
        Value x = Value.of(0.5);
        ScalarStep step = Compile.scalar(List.of(x), 0, in -> {
            Value s = x;
            for (int i = 0; i < 3000; i++) s = s.mul(0.999).add(s.sin().mul(0.001));
            return s;
        });
        step.run();
        assertNoHugeMethod(step);
        Value e = Value.of(0.5);
        Value s = e;
        for (int i = 0; i < 3000; i++) s = s.mul(0.999).add(s.sin().mul(0.001));
        s.backward();
        CompiledScalarWorkloadsTest.assertSameBits(e.grad, x.grad, "gradient through 3000 unrolled steps");
    }

    @Test
    void theCodeReadsAsTheOpsAndTheirGradients() {
        Value w = Value.of(0.5);
        Value b = Value.of(0.1);
        ScalarStep step = Compile.scalar(
                List.of(w, b), 2, in -> w.mul(in[0]).add(b).tanh().sub(in[1]).pow(2));
        step.run(2.0, 1.0);
        String src = step.code().source();
        assertTrue(src.contains("Math.tanh("), src);
        assertTrue(src.contains("Rules.pow("), src);
        assertTrue(src.contains("(1 - v"), "tanh's derivative 1 - tanh²:\n" + src);
        assertTrue(src.contains("dp[0] +=") || src.contains("dp0 +="), "w's gradient is added to:\n" + src);
        assertTrue(step.toString().startsWith("ScalarStep(2 inputs, 2 parameters; compiled 5 ops"), step.toString());
        Map<String, String> bundle = step.code().mimeBundle();
        assertEquals(List.of("text/html", "text/plain"), List.copyOf(bundle.keySet()));
        assertTrue(bundle.get("text/html").contains("<pre"), bundle.get("text/html"));
        assertTrue(bundle.get("text/html").contains("Math.tanh("));
        assertTrue(step.code().toString().contains("final class GeneratedStep"));
    }
}

package autograd.nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Picks the {@code OPENBLAS_CORETYPE} for ND4J's OpenBLAS from the CPU flags in
 * {@code /proc/cpuinfo}.
 *
 * <p>The OpenBLAS inside ND4J 1.0.0-M2.1 (0.3.19) predates some CPUs and may choose generic or
 * older kernels for them (on some AMD EPYC hosts "Prescott", several times slower); the variable
 * overrides its choice. It must be set before the JVM starts, so scripts call this class:
 *
 * <pre>
 * export OPENBLAS_CORETYPE=$(java -cp target/classes autograd.nd4j.OpenBlasCoreType)
 * </pre>
 *
 * <p>It names the most capable kernel family whose every instruction set the CPU reports, never
 * one the CPU lacks (kernels for a missing instruction set would crash with SIGILL), and prints
 * nothing when it cannot read the flags, so OpenBLAS's own detection stays in charge.
 * The kernel of Linux removes flags the operating system does not enable (AVX-512 state not
 * saved by XSAVE, say), so a listed flag is usable.
 */
public final class OpenBlasCoreType {

    private OpenBlasCoreType() {}

    /** A kernel family and the instruction sets its double-precision kernels use. */
    private record Family(String coreType, List<String> flags) {}

    // Most capable first. SkylakeX's DGEMM uses AVX-512; Haswell's (also used for Zen) AVX2 + FMA.
    private static final List<Family> LADDER = List.of(
            new Family("SKYLAKEX", List.of("avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl", "avx2", "fma")),
            new Family("HASWELL", List.of("avx2", "fma", "avx")),
            new Family("SANDYBRIDGE", List.of("avx", "sse4_2")),
            new Family("NEHALEM", List.of("sse4_2", "ssse3")),
            new Family("CORE2", List.of("ssse3")),
            new Family("PRESCOTT", List.of("pni")));

    /**
     * The core type for a CPU with these {@code /proc/cpuinfo} flags, or {@code ""} when none of
     * the families fits.
     */
    public static String choose(Set<String> flags) {
        for (Family family : LADDER) {
            if (flags.containsAll(family.flags())) return family.coreType();
        }
        return "";
    }

    /**
     * The flags every processor in {@code cpuinfo} reports (their intersection: a thread may run
     * on any of them).
     */
    public static Set<String> flags(List<String> cpuinfoLines) {
        Set<String> common = null;
        for (String line : cpuinfoLines) {
            int colon = line.indexOf(':');
            if (colon < 0 || !line.substring(0, colon).trim().equals("flags")) continue;
            Set<String> these =
                    new HashSet<>(Arrays.asList(line.substring(colon + 1).trim().split("\\s+")));
            if (common == null) {
                common = these;
            } else {
                common.retainAll(these);
            }
        }
        return common == null ? Set.of() : common;
    }

    /** Prints the core type for this machine (nothing if {@code /proc/cpuinfo} is unreadable or not x86). */
    public static void main(String[] args) {
        Path cpuinfo = Path.of(args.length > 0 ? args[0] : "/proc/cpuinfo");
        try {
            System.out.println(choose(flags(Files.readAllLines(cpuinfo))));
        } catch (IOException e) {
            System.out.println();
        }
    }
}

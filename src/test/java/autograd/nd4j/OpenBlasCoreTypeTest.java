package autograd.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OpenBlasCoreTypeTest {

    private static final String EPYC_AVX512 = "flags\t\t: fpu sse sse2 pni ssse3 fma sse4_1 sse4_2 avx avx2 "
            + "avx512f avx512dq avx512cd avx512bw avx512vl avx512_bf16 hypervisor";
    private static final String HASWELL = "flags\t\t: fpu sse sse2 pni ssse3 fma sse4_1 sse4_2 avx avx2";
    private static final String OLD = "flags\t\t: fpu sse sse2 pni";

    @Test
    void choosesTheMostCapableFamilyTheCpuFullySupports() {
        assertEquals(
                "SKYLAKEX", OpenBlasCoreType.choose(OpenBlasCoreType.flags(List.of("processor : 0", EPYC_AVX512))));
        assertEquals("HASWELL", OpenBlasCoreType.choose(OpenBlasCoreType.flags(List.of(HASWELL))));
        assertEquals("PRESCOTT", OpenBlasCoreType.choose(OpenBlasCoreType.flags(List.of(OLD))));
    }

    @Test
    void neverNamesAFamilyWhoseInstructionsTheCpuLacks() {
        // AVX-512 foundation without the BW/VL subsets (Knights Landing): SkylakeX kernels would crash.
        Set<String> partial = Set.of("avx512f", "avx512cd", "avx2", "fma", "avx", "sse4_2", "ssse3", "pni");
        assertEquals("HASWELL", OpenBlasCoreType.choose(partial));
        // AVX2 without FMA: not Haswell.
        assertEquals("SANDYBRIDGE", OpenBlasCoreType.choose(Set.of("avx2", "avx", "sse4_2", "ssse3")));
    }

    @Test
    void usesOnlyFlagsEveryProcessorReports() {
        Set<String> common = OpenBlasCoreType.flags(List.of(EPYC_AVX512, HASWELL));
        assertEquals("HASWELL", OpenBlasCoreType.choose(common));
    }

    @Test
    void saysNothingWithoutFlagsSoOpenBlasDecides() {
        assertEquals("", OpenBlasCoreType.choose(OpenBlasCoreType.flags(List.of("processor : 0", "CPU part : 0xd0c"))));
    }

    @Test
    void thisMachinesChoiceIsBackedByItsOwnFlags() throws Exception {
        var cpuinfo = java.nio.file.Path.of("/proc/cpuinfo");
        if (!java.nio.file.Files.isReadable(cpuinfo)) return; // not Linux: nothing to compare with
        Set<String> flags = OpenBlasCoreType.flags(java.nio.file.Files.readAllLines(cpuinfo));
        String chosen = OpenBlasCoreType.choose(flags);
        if (chosen.equals("SKYLAKEX")) assertTrue(flags.containsAll(Set.of("avx512f", "avx512bw", "avx512vl")));
        if (chosen.equals("HASWELL")) assertTrue(flags.containsAll(Set.of("avx2", "fma")));
    }
}

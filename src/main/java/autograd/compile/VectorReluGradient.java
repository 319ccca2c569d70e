package autograd.compile;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ReluGradient} with the JDK's vector API: the relu mask is a vector compare and a blend of
 * 1.0 and 0.0, so nothing branches on the data. Loaded only when {@code jdk.incubator.vector} is in
 * the JVM.
 */
final class VectorReluGradient {

    private VectorReluGradient() {}

    // NOTE: the one species of every vector kernel (see autograd.VectorTiles): a second one boxes them all.
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    static void backward(double[] g, double[] z, double[] dz, double[] bias, int rows, int m) {
        DoubleVector zero = DoubleVector.zero(S);
        int full = m - m % L;
        for (int r = 0; r < rows; r++) {
            int o = r * m;
            int j = 0;
            for (; j < full; j += L) {
                VectorMask<Double> positive =
                        DoubleVector.fromArray(S, z, o + j).compare(VectorOperators.GT, 0.0);
                DoubleVector mask = zero.blend(1.0, positive); // NOTE: NaN compares false: mask 0, as Op.RELU's rule
                DoubleVector d = zero.add(DoubleVector.fromArray(S, g, o + j).mul(mask)); // 0 + g·mask
                d.intoArray(dz, o + j);
                if (bias != null) DoubleVector.fromArray(S, bias, j).add(d).intoArray(bias, j);
            }
            for (; j < m; j++) {
                dz[o + j] = 0.0 + g[o + j] * (z[o + j] > 0 ? 1 : 0);
                if (bias != null) bias[j] += dz[o + j];
            }
        }
    }
}

package autograd.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import autograd.Variable;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class Nd4jArraysTest {

    @Test
    void variableFromAnIndArrayKeepsShapeAndValuesAndRequiresGrad() {
        INDArray a = Nd4j.createFromArray(new double[][] {{1, 2, 3}, {4, 5, 6}});
        Variable v = Nd4jArrays.toVariable(a);
        assertArrayEquals(new int[] {2, 3}, v.shape());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, v.value());
        assertTrue(v.requiresGrad());
        assertFalse(Nd4jArrays.toConstant(a).requiresGrad());
    }

    @Test
    void transposedViewsAndFloatArraysAreReadInRowMajorOrder() {
        INDArray a = Nd4j.createFromArray(new double[][] {{1, 2, 3}, {4, 5, 6}}).transpose();
        assertArrayEquals(
                new double[] {1, 4, 2, 5, 3, 6}, Nd4jArrays.toVariable(a).value());
        INDArray f = Nd4j.createFromArray(new float[] {0.5f, 1.5f});
        assertArrayEquals(new double[] {0.5, 1.5}, Nd4jArrays.toVariable(f).value());
    }

    @Test
    void toIndArrayRoundTripsAndCarriesGradients() {
        Variable w = new Variable(new double[] {1, -2, 3, 0.25}, 2, 2);
        INDArray a = Nd4jArrays.toINDArray(w);
        assertEquals(DataType.DOUBLE, a.dataType());
        assertArrayEquals(new long[] {2, 2}, a.shape());
        assertEquals(-2, a.getDouble(0, 1));
        assertArrayEquals(w.value(), Nd4jArrays.toVariable(a).value());

        w.mul(w).sum().backward();
        INDArray grad = Nd4jArrays.gradToINDArray(w);
        assertArrayEquals(new double[] {2, -4, 6, 0.5}, grad.data().asDouble(), 1e-12);
    }

    @Test
    void scalarsConvertBothWays() {
        Variable s = Nd4jArrays.toVariable(Nd4j.scalar(2.5));
        assertEquals(0, s.rank());
        assertEquals(2.5, s.item());
        assertEquals(2.5, Nd4jArrays.toINDArray(new Variable(2.5)).getDouble(0));
    }

    @Test
    void blasGemmAccumulatesLikeTheJavaProductForEveryTransposeCombination() {
        java.util.Random rng = new java.util.Random(4);
        int n = 70;
        int k = 65;
        int m = 80;
        double[] a = new double[n * k];
        double[] b = new double[k * m];
        for (int i = 0; i < a.length; i++) a[i] = rng.nextGaussian();
        for (int i = 0; i < b.length; i++) b[i] = rng.nextGaussian();
        double[] expected = new double[n * m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double s = 1; // the target starts at 1: gemm must add, not overwrite
                for (int p = 0; p < k; p++) s += a[i * k + p] * b[p * m + j];
                expected[i * m + j] = s;
            }
        }
        double[] aT = transpose(a, n, k);
        double[] bT = transpose(b, k, m);
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                double[] c = new double[n * m];
                java.util.Arrays.fill(c, 1);
                new Nd4jBlas().gemm(ta ? aT : a, ta, tb ? bT : b, tb, c, false, n, k, m);
                assertArrayEquals(expected, c, 1e-9, "transA=" + ta + " transB=" + tb);
                double[] fresh = new double[n * m];
                new Nd4jBlas().gemm(ta ? aT : a, ta, tb ? bT : b, tb, fresh, true, n, k, m);
                for (int i = 0; i < fresh.length; i++) fresh[i] += 1;
                assertArrayEquals(expected, fresh, 1e-9, "into zeros, transA=" + ta + " transB=" + tb);
            }
        }
    }

    private static double[] transpose(double[] x, int rows, int cols) {
        double[] t = new double[x.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) t[j * rows + i] = x[i * cols + j];
        }
        return t;
    }
}

package autograd.nd4j;

import autograd.Variable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Conversions between {@link Variable} and ND4J's {@link INDArray}. Both directions copy: a
 * Variable owns its row-major {@code double[]}, an INDArray its native buffer.
 *
 * <pre>{@code
 * jshell> INDArray a = Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}});
 * jshell> Variable v = Nd4jArrays.toVariable(a);
 * jshell> Nd4jArrays.toINDArray(v.mul(2)).toDoubleMatrix()
 * $3 ==> double[2][] { double[2] { 2.0, 4.0 }, double[2] { 6.0, 8.0 } }
 * }</pre>
 *
 * <p>This class is the one way between ND4J arrays and the engine, and this package the only
 * code that references ND4J, so the engine loads and runs without ND4J on the classpath.
 */
public final class Nd4jArrays {

    private Nd4jArrays() {}

    /**
     * A leaf Variable (requiring a gradient) with the array's shape and values, converted to
     * double; any ordering or view is read in row-major order.
     */
    public static Variable toVariable(INDArray array) {
        return new Variable(values(array), shape(array));
    }

    /** Like {@link #toVariable(INDArray)}, but a constant that needs no gradient (data, targets). */
    public static Variable toConstant(INDArray array) {
        return Variable.constant(values(array), shape(array));
    }

    /** A new row-major double INDArray with the Variable's shape and values (its data, not its gradient). */
    public static INDArray toINDArray(Variable variable) {
        int[] shape = variable.shape();
        long[] longShape = new long[shape.length];
        for (int d = 0; d < shape.length; d++) longShape[d] = shape[d];
        return Nd4j.create(variable.value(), longShape, DataType.DOUBLE);
    }

    /** The Variable's gradient as a new INDArray (zeros before any backward pass). */
    public static INDArray gradToINDArray(Variable variable) {
        return toINDArray(variable.grad());
    }

    private static double[] values(INDArray array) {
        if (array == null) throw new IllegalArgumentException("the INDArray is null");
        if (array.isEmpty()) return new double[0];
        INDArray rowMajor = array.dataType() == DataType.DOUBLE ? array : array.castTo(DataType.DOUBLE);
        return rowMajor.dup('c').data().asDouble();
    }

    private static int[] shape(INDArray array) {
        long[] shape = array.shape();
        int[] out = new int[shape.length];
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(
                        "dimension " + d + " of the INDArray (" + shape[d] + ") is too large for a Variable");
            }
            out[d] = (int) shape[d];
        }
        return out;
    }
}

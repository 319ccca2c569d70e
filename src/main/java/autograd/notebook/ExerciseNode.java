package autograd.notebook;

import java.util.List;

/**
 * What the checks of the exercise notebooks read from a student's own scalar class (a micrograd
 * {@code Value} written in Java): its number, its gradient, its inputs and its backward step. The
 * notebooks give a class that implements it; students never call these methods themselves.
 *
 * <pre>{@code
 * class Scalar implements ExerciseNode<Scalar> {
 *     double data, grad;
 *     final List<Scalar> children;
 *     Runnable backwardStep = () -> {};
 *     ...
 *     public double data() { return data; }
 *     public double grad() { return grad; }
 *     public void setGrad(double grad) { this.grad = grad; }
 *     public void runBackwardStep() { backwardStep.run(); }
 *     public List<Scalar> children() { return children; }
 * }
 * }</pre>
 *
 * @param <S> the student's class itself
 */
public interface ExerciseNode<S extends ExerciseNode<S>> {

    /** The number this node holds. */
    double data();

    /** d(output)/d(this) as accumulated so far. */
    double grad();

    /** Sets the gradient (the checks seed an output's gradient before running its backward step). */
    void setGrad(double grad);

    /** Runs this node's own backward step once: micrograd's {@code out._backward()}. */
    void runBackwardStep();

    /** The nodes this one was computed from (empty for a leaf). */
    List<S> children();
}

package autograd.notebook;

/**
 * A check of an exercise notebook failed. Its message is the whole feedback, in plain words; it
 * carries no stack trace, because the frames would be the checker's, not the student's.
 *
 * <p>Thrown, the cell shows an error, which is what makes nbgrader give the test cell no points.
 */
public final class ExerciseFailure extends AssertionError {

    private static final long serialVersionUID = 1L;

    /** A failure whose message is {@code feedback}. */
    public ExerciseFailure(String feedback) {
        super(feedback);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        // NOTE: no frames on purpose: the notebook shows the message alone.
        setStackTrace(new StackTraceElement[0]);
        return this;
    }
}

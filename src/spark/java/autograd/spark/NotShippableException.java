package autograd.spark;

/**
 * A sweep's function cannot run on a cluster as it runs here: it reads a notebook variable whose
 * value cannot travel, assigns one, or its cell code cannot be read. Thrown in the driver, before
 * any task runs; the message names the variable or class and says what to do.
 */
public final class NotShippableException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    NotShippableException(String message) {
        super(message);
    }

    NotShippableException(String message, Throwable cause) {
        super(message, cause);
    }
}

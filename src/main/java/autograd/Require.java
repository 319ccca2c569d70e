package autograd;

/** Argument checks with the library's messages: "Variable.reshape: shape is null". */
final class Require {

    private Require() {}

    /** {@code value}, or an {@link IllegalArgumentException} naming the method and the argument when it is null. */
    static <T> T nonNull(T value, String method, String argument) {
        if (value == null) throw new IllegalArgumentException(method + ": " + argument + " is null");
        return value;
    }
}

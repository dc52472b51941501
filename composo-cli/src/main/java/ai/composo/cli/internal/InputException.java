package ai.composo.cli.internal;

/** The input as a whole cannot be read (missing file, not a JSON array, broken syntax): exit code 2. */
public final class InputException extends RuntimeException {
    public InputException(String message) {
        super(message);
    }

    public InputException(String message, Throwable cause) {
        super(message, cause);
    }
}

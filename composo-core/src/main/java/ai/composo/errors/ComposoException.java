package ai.composo.errors;

/** Base of every exception the Composo SDK throws. Unchecked. */
public class ComposoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ComposoException(String message) {
        super(message);
    }

    public ComposoException(String message, Throwable cause) {
        super(message, cause);
    }
}

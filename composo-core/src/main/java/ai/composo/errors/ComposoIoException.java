package ai.composo.errors;

/**
 * The request did not get an HTTP answer: connection refused or reset, disconnect, or an attempt that
 * exceeded the per-attempt timeout. The cause is attached. Retried.
 */
public class ComposoIoException extends ComposoException {
    private static final long serialVersionUID = 1L;

    public ComposoIoException(String message, Throwable cause) {
        super(message, cause);
    }
}

package ai.composo.errors;

import java.time.Duration;

/**
 * The total deadline of one evaluation (the client's {@code timeout}, all attempts and waits included)
 * expired. The cause, when present, is the last failure before the deadline.
 */
public class ComposoTimeoutException extends ComposoException {
    private static final long serialVersionUID = 1L;
    private final Duration timeout;

    public ComposoTimeoutException(Duration timeout, Throwable lastFailure) {
        super("Evaluation did not complete within the total timeout of " + format(timeout)
                + (lastFailure == null ? "" : " (last failure: " + lastFailure.getMessage() + ")"), lastFailure);
        this.timeout = timeout;
    }

    /** The total deadline that expired. */
    public Duration timeout() {
        return timeout;
    }

    private static String format(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}

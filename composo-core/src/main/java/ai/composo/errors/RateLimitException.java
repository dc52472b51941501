package ai.composo.errors;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP 429: rate limited. Retried, honouring {@code Retry-After-Ms} and {@code Retry-After}; thrown at once
 * when the server asks for a wait longer than what is left of the evaluation's deadline.
 */
public class RateLimitException extends ComposoApiException {
    private static final long serialVersionUID = 1L;
    private final Duration retryAfter;

    public RateLimitException(int statusCode, Map<String, List<String>> headers, String body, String detail, Duration retryAfter) {
        super(statusCode, headers, body, detail);
        this.retryAfter = retryAfter;
    }

    /** The wait the server asked for ({@code Retry-After-Ms} or {@code Retry-After}), when it sent one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}

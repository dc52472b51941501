package ai.composo.internal.retry;

import ai.composo.errors.ComposoApiException;
import ai.composo.errors.ComposoIoException;
import ai.composo.internal.http.RetryAfter;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Objects;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * The one place that decides whether a failed attempt is retried and after how long (wire-spec §14 D2/D3):
 * {@link #decide}. Retried: 408, 409, 429, 500, 502, 503, 504, 524 and {@link ComposoIoException} (connection
 * failures, attempt timeouts), at most {@link #maxRetries()} times. The wait is the server's
 * ({@code Retry-After-Ms}, then {@code Retry-After}) when it names one, and a call gives up when that is longer than
 * the time left; otherwise backoff before retry n (1-based): min(initial × 2^(n−1), max) × a jitter factor in
 * (0.75, 1.0], cut to the time left. The executors only act on the decision. Not API.
 */
public final class RetryPolicy {
    /** Retries after the first attempt, unless the client is told otherwise. */
    public static final int DEFAULT_MAX_RETRIES = 1;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(500);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(8);

    private final int maxRetries;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final RandomGenerator random;

    private RetryPolicy(Builder b) {
        this.maxRetries = b.maxRetries;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.random = b.random;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Retries after the first attempt. */
    public int maxRetries() {
        return maxRetries;
    }

    public static boolean isRetryableStatus(int status) {
        switch (status) {
            case 408: case 409: case 429: case 500: case 502: case 503: case 504: case 524:
                return true;
            default:
                return false;
        }
    }

    public boolean isRetryable(Throwable failure) {
        if (failure instanceof ComposoApiException) {
            return isRetryableStatus(((ComposoApiException) failure).statusCode());
        }
        return failure instanceof ComposoIoException;
    }

    /**
     * After attempt number {@code attempt} (0 for the first) failed with {@code failure}: retry after how long, or
     * give up and why. {@code timeLeft} is what remains of the call's deadline, null for none; {@code now} dates
     * an HTTP-date {@code Retry-After}.
     */
    public RetryDecision decide(int attempt, Throwable failure, Duration timeLeft, Instant now) {
        if (!isRetryable(failure)) {
            return new RetryDecision.GiveUp(RetryDecision.Reason.NOT_RETRYABLE);
        }
        if (attempt >= maxRetries) {
            return new RetryDecision.GiveUp(RetryDecision.Reason.RETRIES_EXHAUSTED);
        }
        if (timeLeft != null && (timeLeft.isNegative() || timeLeft.isZero())) {
            return new RetryDecision.GiveUp(RetryDecision.Reason.DEADLINE_PASSED);
        }
        Optional<Duration> asked = failure instanceof ComposoApiException api ? RetryAfter.parse(api.headers(), now) : Optional.empty();
        if (asked.isPresent()) {
            return timeLeft != null && asked.get().compareTo(timeLeft) > 0
                    ? new RetryDecision.GiveUp(RetryDecision.Reason.RETRY_AFTER_BEYOND_DEADLINE)
                    : new RetryDecision.Retry(asked.get(), true);
        }
        Duration wait = backoff(attempt + 1);
        return new RetryDecision.Retry(timeLeft != null && wait.compareTo(timeLeft) > 0 ? timeLeft : wait, false);
    }

    /** The jittered exponential wait before retry number {@code retry} (1 for the first retry). */
    public Duration backoff(int retry) {
        int exp = Math.max(0, Math.min(retry - 1, 30));
        double nanos = Math.min((double) initialBackoff.toNanos() * (1L << exp), (double) maxBackoff.toNanos());
        double jitter = 1.0 - 0.25 * random.nextDouble();
        return Duration.ofNanos((long) (nanos * jitter));
    }

    public static final class Builder {
        private int maxRetries = DEFAULT_MAX_RETRIES;
        private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
        private RandomGenerator random = new Random();

        private Builder() {}

        public Builder maxRetries(int maxRetries) {
            if (maxRetries < 0) {
                throw new IllegalArgumentException("maxRetries must be >= 0, got " + maxRetries);
            }
            this.maxRetries = maxRetries;
            return this;
        }

        public Builder initialBackoff(Duration d) {
            this.initialBackoff = positive(d, "initialBackoff");
            return this;
        }

        public Builder maxBackoff(Duration d) {
            this.maxBackoff = positive(d, "maxBackoff");
            return this;
        }

        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        public RetryPolicy build() {
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("maxBackoff must be >= initialBackoff");
            }
            return new RetryPolicy(this);
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + d);
            }
            return d;
        }
    }
}

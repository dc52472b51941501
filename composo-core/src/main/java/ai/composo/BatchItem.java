package ai.composo;

import ai.composo.errors.ComposoException;
import ai.composo.model.EvaluationResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one input of a batch: exactly one of {@link #response()} and {@link #error()} is present.
 *
 * @param <T> the input type
 */
public final class BatchItem<T> {
    private final long index;
    private final T input;
    private final EvaluationResponse response;
    private final ComposoException error;
    private final Duration latency;
    private final int attempts;
    private final int rateLimited;

    BatchItem(long index, T input, EvaluationResponse response, ComposoException error, Duration latency, int attempts, int rateLimited) {
        if ((response == null) == (error == null)) {
            throw new IllegalArgumentException("exactly one of response and error must be set");
        }
        this.index = index;
        this.input = input;
        this.response = response;
        this.error = error;
        this.latency = Objects.requireNonNull(latency, "latency");
        this.attempts = attempts;
        this.rateLimited = rateLimited;
    }

    /** The 0-based position of the input in the input sequence. */
    public long index() {
        return index;
    }

    public T input() {
        return input;
    }

    public Optional<EvaluationResponse> response() {
        return Optional.ofNullable(response);
    }

    /** Why this item failed (the batch itself goes on); includes exceptions thrown by the request mapper. */
    public Optional<ComposoException> error() {
        return Optional.ofNullable(error);
    }

    public boolean isSuccess() {
        return response != null;
    }

    /** Time from submission to completion, waiting for a permit included. */
    public Duration latency() {
        return latency;
    }

    /** HTTP attempts made for this item (0 when the request could not be built). */
    public int attempts() {
        return attempts;
    }

    /** Of {@link #attempts()}, those the server answered with 429 (rate limited); each was retried or ended the item. */
    public int rateLimitedAttempts() {
        return rateLimited;
    }

    @Override
    public String toString() {
        return "BatchItem{index=" + index + ", " + (response != null ? "score=" + response.score() : "error=" + error.getMessage())
                + ", latency=" + latency.toMillis() + " ms, attempts=" + attempts + "}";
    }
}

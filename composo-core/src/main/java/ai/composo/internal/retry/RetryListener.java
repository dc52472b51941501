package ai.composo.internal.retry;

import java.time.Duration;

/** Observes the retry loop (counters, adaptive concurrency). Must be cheap and must not throw. Not API. */
public interface RetryListener {
    default void onAttempt() { }

    /** An attempt failed with a retryable failure and a retry follows after {@code wait}. */
    default void onRetry(Throwable failure, Duration wait) { }

    /** An attempt was answered with 429. */
    default void onRateLimited() { }

    /** An attempt got a 2xx answer. */
    default void onSuccess() { }

    /** The whole call failed (after any retries). */
    default void onFailure(Throwable failure) { }

    RetryListener NONE = new RetryListener() { };

    static RetryListener both(RetryListener a, RetryListener b) {
        return new RetryListener() {
            @Override
            public void onAttempt() {
                a.onAttempt();
                b.onAttempt();
            }

            @Override
            public void onRetry(Throwable failure, Duration wait) {
                a.onRetry(failure, wait);
                b.onRetry(failure, wait);
            }

            @Override
            public void onRateLimited() {
                a.onRateLimited();
                b.onRateLimited();
            }

            @Override
            public void onSuccess() {
                a.onSuccess();
                b.onSuccess();
            }

            @Override
            public void onFailure(Throwable failure) {
                a.onFailure(failure);
                b.onFailure(failure);
            }
        };
    }
}

package ai.composo.internal.retry;

import java.time.Duration;

/** What {@link RetryPolicy#decide} says after a failed attempt: retry after a wait, or give up and why. Not API. */
public sealed interface RetryDecision {
    /** Why a call gives up. */
    enum Reason {
        /** The failure is not one that is retried (a 4xx other than 408/409/429, a malformed answer, …). */
        NOT_RETRYABLE,
        /** Every retry was used. */
        RETRIES_EXHAUSTED,
        /** The call's total deadline has passed. */
        DEADLINE_PASSED,
        /** The server asked for a wait ({@code Retry-After}) longer than the time left. */
        RETRY_AFTER_BEYOND_DEADLINE
    }

    record Retry(Duration after, boolean serverAsked) implements RetryDecision {}

    record GiveUp(Reason reason) implements RetryDecision {}
}

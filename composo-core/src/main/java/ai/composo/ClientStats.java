package ai.composo;

/**
 * A snapshot of a client's counters since it was built, for progress displays and logs.
 *
 * @param attempts    HTTP attempts started (first attempts and retries)
 * @param retries     retries scheduled after a retryable failure
 * @param rateLimited attempts answered with 429
 * @param failures    calls that ended with an exception (after any retries)
 * @param inFlight    HTTP attempts in flight right now
 */
public record ClientStats(long attempts, long retries, long rateLimited, long failures, int inFlight) {
}

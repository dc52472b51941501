package ai.composo.internal.retry;

import java.util.concurrent.CompletableFuture;

/**
 * Admits one HTTP attempt at a time per permit. The retry layer acquires a permit right before each attempt
 * and releases it as soon as the attempt ends, so waits between attempts hold none. A cancelled acquisition
 * must not leak its permit. Not API.
 */
public interface AttemptGate {
    /**
     * @param retry true for a retry of an evaluation already started (served before first attempts)
     */
    CompletableFuture<Permit> acquire(boolean retry);

    /** A held permit; {@link #release()} is idempotent. */
    interface Permit {
        void release();
    }

    /** A gate that admits everything at once. */
    AttemptGate UNLIMITED = retry -> CompletableFuture.completedFuture(() -> { });
}

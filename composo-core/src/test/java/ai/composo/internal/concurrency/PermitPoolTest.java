package ai.composo.internal.concurrency;

import static org.assertj.core.api.Assertions.assertThat;

import ai.composo.internal.retry.AttemptGate.Permit;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PermitPoolTest {

    @Test
    void retriesGoAheadOfFirstAttemptsAndCancelledWaitersAreSkipped() {
        PermitPool pool = new PermitPool(1, false);
        Permit held = pool.acquire(false).join();
        CompletableFuture<Permit> first = pool.acquire(false);
        CompletableFuture<Permit> cancelled = pool.acquire(true);
        CompletableFuture<Permit> retry = pool.acquire(true);
        cancelled.cancel(true);
        held.release();
        held.release(); // idempotent
        assertThat(retry).isCompleted();
        assertThat(first).isNotDone();
        assertThat(pool.inFlight()).isEqualTo(1);
        retry.join().release();
        assertThat(first).isCompleted();
        first.join().release();
        assertThat(pool.inFlight()).isZero();
    }

    @Test
    void adaptiveModeHalvesOn429AndClimbsBackAdditively() {
        PermitPool pool = new PermitPool(16, true);
        pool.onRateLimited();
        assertThat(pool.effectiveLimit()).isEqualTo(8);
        pool.onRateLimited(); // same window: no second cut
        assertThat(pool.effectiveLimit()).isEqualTo(8);
        for (int i = 0; i < 8; i++) {
            pool.acquire(false).join().release();
        }
        pool.onRateLimited();
        assertThat(pool.effectiveLimit()).isEqualTo(4);
        for (int i = 0; i < 1000; i++) {
            pool.onSuccess();
        }
        assertThat(pool.effectiveLimit()).isEqualTo(16);
        PermitPool fixed = new PermitPool(4, false);
        fixed.onRateLimited();
        assertThat(fixed.effectiveLimit()).isEqualTo(4);
    }
}

package ai.composo.internal.concurrency;

import ai.composo.internal.retry.AttemptGate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A client-wide cap on HTTP attempts in flight. Waiting needs no thread: {@link #acquire(boolean)} returns a
 * future completed when a permit is free. Retries are served before first attempts. A cancelled waiter is
 * skipped and never receives (so never leaks) a permit.
 *
 * <p>Adaptive mode (AIMD): a 429 halves the effective limit (at most once per window of attempts started since
 * the previous cut), each success adds 1/limit, never above the maximum and never below 1. Not API.
 */
public final class PermitPool implements AttemptGate {
    private final int max;
    private final boolean adaptive;
    private final ArrayDeque<CompletableFuture<Permit>> retries = new ArrayDeque<>();
    private final ArrayDeque<CompletableFuture<Permit>> firsts = new ArrayDeque<>();
    private int inUse;
    private double limit;
    private long startedSinceCut;

    public PermitPool(int max, boolean adaptive) {
        if (max < 1) {
            throw new IllegalArgumentException("maxConcurrentRequests must be >= 1, got " + max);
        }
        this.max = max;
        this.adaptive = adaptive;
        this.limit = max;
        this.startedSinceCut = Long.MAX_VALUE / 2;
    }

    @Override
    public CompletableFuture<Permit> acquire(boolean retry) {
        synchronized (this) {
            boolean queueAhead = retry ? !retries.isEmpty() : !retries.isEmpty() || !firsts.isEmpty();
            if (!queueAhead && inUse < effectiveLimit()) {
                inUse++;
                startedSinceCut++;
                return CompletableFuture.completedFuture(new PooledPermit());
            }
            CompletableFuture<Permit> waiter = new CompletableFuture<>();
            (retry ? retries : firsts).add(waiter);
            return waiter;
        }
    }

    /** Permits currently held (HTTP attempts in flight). */
    public synchronized int inFlight() {
        return inUse;
    }

    /** Waiters queued for a permit (cancelled ones may still be counted until skipped). */
    public synchronized int waiting() {
        return retries.size() + firsts.size();
    }

    /** The current effective limit (equal to the maximum unless adaptive mode cut it). */
    public synchronized int effectiveLimit() {
        return Math.max(1, (int) Math.floor(limit));
    }

    public int maxPermits() {
        return max;
    }

    /** Adaptive mode: a 429 was received. */
    public void onRateLimited() {
        if (!adaptive) {
            return;
        }
        synchronized (this) {
            if (startedSinceCut >= effectiveLimit()) {
                limit = Math.max(1.0, Math.floor(limit / 2));
                startedSinceCut = 0;
            }
        }
    }

    /** Adaptive mode: an attempt succeeded. */
    public void onSuccess() {
        if (!adaptive) {
            return;
        }
        List<CompletableFuture<Permit>> grant;
        synchronized (this) {
            limit = Math.min(max, limit + 1.0 / Math.max(1.0, limit));
            grant = grantLocked();
        }
        complete(grant);
    }

    private void release() {
        List<CompletableFuture<Permit>> grant;
        synchronized (this) {
            inUse--;
            grant = grantLocked();
        }
        complete(grant);
    }

    private List<CompletableFuture<Permit>> grantLocked() {
        List<CompletableFuture<Permit>> grant = null;
        while (inUse < effectiveLimit()) {
            CompletableFuture<Permit> next = retries.poll();
            if (next == null) {
                next = firsts.poll();
            }
            if (next == null) {
                break;
            }
            if (next.isDone()) {
                continue; // cancelled while waiting
            }
            inUse++;
            startedSinceCut++;
            if (grant == null) {
                grant = new ArrayList<>(2);
            }
            grant.add(next);
        }
        return grant;
    }

    private void complete(List<CompletableFuture<Permit>> grant) {
        if (grant == null) {
            return;
        }
        for (CompletableFuture<Permit> waiter : grant) {
            PooledPermit permit = new PooledPermit();
            if (!waiter.complete(permit)) {
                permit.release(); // cancelled between poll and complete
            }
        }
    }

    private final class PooledPermit implements Permit {
        private final AtomicBoolean released = new AtomicBoolean();

        @Override
        public void release() {
            if (released.compareAndSet(false, true)) {
                PermitPool.this.release();
            }
        }
    }
}

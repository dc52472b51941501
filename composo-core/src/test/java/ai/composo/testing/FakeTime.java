package ai.composo.testing;

import ai.composo.internal.time.Sleeper;
import ai.composo.internal.time.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when told to, and a sleeper that records each wait and advances the clock by it. */
public final class FakeTime implements TimeSource, Sleeper {
    private static final Instant EPOCH = Instant.parse("2026-01-31T12:00:00Z");
    private final AtomicLong nanos = new AtomicLong();
    private final List<Duration> sleeps = new ArrayList<>();

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    @Override
    public Instant now() {
        return EPOCH.plusNanos(nanos.get());
    }

    public void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    public synchronized List<Duration> sleeps() {
        return new ArrayList<>(sleeps);
    }

    @Override
    public void sleep(Duration duration) {
        record(duration);
    }

    @Override
    public CompletableFuture<Void> sleepAsync(Duration duration) {
        record(duration);
        return CompletableFuture.completedFuture(null);
    }

    private synchronized void record(Duration d) {
        sleeps.add(d);
        advance(d);
    }
}

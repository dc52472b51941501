package ai.composo.internal.time;

import java.time.Instant;

/** Monotonic nanoseconds for deadlines and wall-clock time for HTTP-date {@code Retry-After}. Injectable for tests. Not API. */
public interface TimeSource {
    long nanoTime();

    Instant now();

    static TimeSource system() {
        return SystemTimeSource.INSTANCE;
    }

    enum SystemTimeSource implements TimeSource {
        INSTANCE;

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public Instant now() {
            return Instant.now();
        }
    }
}

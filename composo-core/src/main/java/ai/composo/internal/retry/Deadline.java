package ai.composo.internal.retry;

import ai.composo.internal.time.TimeSource;
import java.time.Duration;

/** A total time budget started at a point of a {@link TimeSource}; {@code total == null} means none. Not API. */
final class Deadline {
    private final TimeSource time;
    private final Duration total;
    private final long startNanos;

    Deadline(TimeSource time, Duration total) {
        this.time = time;
        this.total = total;
        this.startNanos = time.nanoTime();
    }

    boolean bounded() {
        return total != null;
    }

    Duration total() {
        return total;
    }

    /** Time left (may be zero or negative); {@code null} when unbounded. */
    Duration remaining() {
        if (total == null) {
            return null;
        }
        return total.minusNanos(time.nanoTime() - startNanos);
    }

    boolean expired() {
        Duration r = remaining();
        return r != null && (r.isNegative() || r.isZero());
    }
}

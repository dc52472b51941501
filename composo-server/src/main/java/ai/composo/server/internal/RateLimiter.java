package ai.composo.server.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Per-key limits: requests per hour (a Bucket4j token bucket refilled greedily over the hour) and
 * concurrent requests (a semaphore). Limits are per server node.
 */
public final class RateLimiter {
    private final long requestsPerHour;
    private final int concurrent;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Semaphore> inFlight = new ConcurrentHashMap<>();

    public RateLimiter(long requestsPerHour, int concurrent) {
        this.requestsPerHour = requestsPerHour;
        this.concurrent = concurrent;
    }

    /** A held concurrency slot; release exactly once. */
    public interface Permit {
        void release();
    }

    private static final Permit NONE = () -> {};

    /** Counts one request against the hourly budget; throws 429 when it is spent. */
    public void consumeRequest(String keyId) {
        if (requestsPerHour == 0) {
            return;
        }
        ConsumptionProbe probe = bucket(keyId).tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L));
            throw ApiException.retryLater(429, "Rate limit exceeded: this API key may send " + requestsPerHour
                    + " requests per hour; retry in " + seconds + " s", seconds);
        }
    }

    /** Takes a concurrency slot; throws 429 when the key already has the maximum in flight. */
    public Permit acquire(String keyId) {
        if (concurrent == 0) {
            return NONE;
        }
        Semaphore s = inFlight.computeIfAbsent(keyId, k -> new Semaphore(concurrent));
        if (!s.tryAcquire()) {
            throw ApiException.retryLater(429, "Too many concurrent requests: this API key may have " + concurrent
                    + " requests in flight; retry when one finishes", 1);
        }
        java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                s.release();
            }
        };
    }

    private Bucket bucket(String keyId) {
        return buckets.computeIfAbsent(keyId, k -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(requestsPerHour).refillGreedy(requestsPerHour, Duration.ofHours(1)).build())
                .build());
    }

    /** The {@code /api/v1/rate-limits/me} body. */
    public ObjectNode describe(String keyId) {
        ObjectNode out = ai.composo.internal.json.Json.object();
        out.put("key_id", keyId);
        ObjectNode hourly = out.putObject("requests_per_hour");
        if (requestsPerHour == 0) {
            hourly.putNull("limit");
            hourly.putNull("remaining");
        } else {
            Bucket b = bucket(keyId);
            long available = b.getAvailableTokens();
            hourly.put("limit", requestsPerHour);
            hourly.put("remaining", available);
            long missing = requestsPerHour - available;
            hourly.put("full_in_seconds", missing <= 0 ? 0 : (long) Math.ceil(missing * 3600.0 / requestsPerHour));
        }
        ObjectNode conc = out.putObject("concurrent_requests");
        if (concurrent == 0) {
            conc.putNull("limit");
        } else {
            conc.put("limit", concurrent);
        }
        Semaphore s = inFlight.get(keyId);
        // this very request holds no concurrency slot (only evaluations do)
        conc.put("in_use", s == null ? 0 : concurrent - s.availablePermits());
        return out;
    }
}

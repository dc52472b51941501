package ai.composo.server.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-key limits: requests per hour (a Bucket4j token bucket refilled greedily over the hour) and
 * concurrent requests (a semaphore). With a shared store (PostgreSQL) the hourly budget is one bucket per key
 * in the database, so every node sharing it draws on the same budget; otherwise (SQLite: one node) buckets
 * live in memory. The concurrency limit is always per node.
 */
public final class RateLimiter {
    private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);

    private final long requestsPerHour;
    private final int concurrent;
    private final BucketConfiguration configuration;
    private final ProxyManager<String> shared;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Semaphore> inFlight = new ConcurrentHashMap<>();

    /**
     * @param sharedStore a PostgreSQL data source whose {@code rate_limit_buckets} table holds the hourly budgets,
     *                    or null to keep them in this process
     */
    public RateLimiter(long requestsPerHour, int concurrent, DataSource sharedStore) {
        this.requestsPerHour = requestsPerHour;
        this.concurrent = concurrent;
        this.configuration = requestsPerHour == 0 ? null : BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(requestsPerHour).refillGreedy(requestsPerHour, Duration.ofHours(1)).build())
                .build();
        this.shared = sharedStore == null || requestsPerHour == 0 ? null
                : Bucket4jPostgreSQL.selectForUpdateBasedBuilder(sharedStore).primaryKeyMapper(PrimaryKeyMapper.STRING)
                        .table("rate_limit_buckets").idColumn("id").stateColumn("state").build();
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
        ConsumptionProbe probe;
        try {
            probe = bucket(keyId).tryConsumeAndReturnRemaining(1);
        } catch (RuntimeException e) {
            throw storeUnavailable(e);
        }
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
        // The limit is part of the shared bucket's id: nodes restarted with another limit start a fresh budget
        // instead of inheriting one sized for the old limit.
        return buckets.computeIfAbsent(keyId, k -> shared != null
                ? shared.builder().withOptimization(Optimizations.batching()).build(k + "/" + requestsPerHour + "ph", () -> configuration)
                : Bucket.builder().addLimit(configuration.getBandwidths()[0]).build());
    }

    private ApiException storeUnavailable(RuntimeException e) {
        LOG.warn("rate-limit store unavailable: {}", e.toString());
        return ApiException.retryLater(503, "The rate-limit store (the database) is unavailable; retry later", 5);
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
            long available;
            try {
                available = bucket(keyId).getAvailableTokens();
            } catch (RuntimeException e) {
                throw storeUnavailable(e);
            }
            hourly.put("limit", requestsPerHour);
            hourly.put("remaining", available);
            hourly.put("shared_by_all_nodes", shared != null);
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

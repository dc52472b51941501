package ai.composo.server.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Prometheus metrics (Micrometer): requests by route and status, judge latency, cache hits, queue depth. */
public final class Metrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter cacheHits;
    private final Counter cacheMisses;

    public Metrics() {
        cacheHits = Counter.builder("composo_cache_requests").tag("result", "hit").register(registry);
        cacheMisses = Counter.builder("composo_cache_requests").tag("result", "miss").register(registry);
    }

    public void gauge(String name, String description, Supplier<Number> value) {
        io.micrometer.core.instrument.Gauge.builder(name, value).description(description).register(registry);
    }

    public void request(String route, int status, long nanos) {
        Timer.builder("composo_http_requests").tag("route", route).tag("status", Integer.toString(status))
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    public void judgeTime(String judge, long nanos, boolean ok) {
        Timer.builder("composo_judge_evaluations").tag("judge", judge).tag("outcome", ok ? "ok" : "error")
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    public void cache(boolean hit) {
        (hit ? cacheHits : cacheMisses).increment();
    }

    public String scrape() {
        return registry.scrape();
    }

    public void close() {
        registry.close();
    }
}

package ai.composo.spark;

import ai.composo.AsyncComposo;
import ai.composo.judge.embedded.EmbeddedJudge;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * What an executor JVM keeps between tasks, one per configuration: the {@link AsyncComposo} client of remote mode
 * (so the JVM's tasks share one concurrency cap, and back off together on 429) and the embedded judge (its model is
 * loaded once). Closed when the JVM exits.
 */
final class ExecutorResources {
    private static final ConcurrentMap<String, AsyncComposo> CLIENTS = new ConcurrentHashMap<>();
    private static final ConcurrentMap<String, EmbeddedJudge> JUDGES = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            CLIENTS.values().forEach(AsyncComposo::close);
            JUDGES.values().forEach(EmbeddedJudge::close);
        }, "composo-spark-shutdown"));
    }

    private ExecutorResources() {}

    static AsyncComposo client(ComposoSparkOptions o) {
        return CLIENTS.computeIfAbsent(o.executorKey(), k -> AsyncComposo.builder()
                .baseUrl(o.baseUrl())
                .apiKey(o.apiKey())
                .maxConcurrentRequests(o.maxConcurrentRequests())
                .adaptiveConcurrency(true)
                .numRetries(o.numRetries())
                .timeout(o.timeout())
                .build());
    }

    static EmbeddedJudge judge(ComposoSparkOptions o) {
        return JUDGES.computeIfAbsent(o.executorKey(), k -> EmbeddedJudge.builder()
                .threads(o.embeddedThreads())
                .queueCapacity(Math.max(1024, 8 * o.window()))
                .build());
    }
}

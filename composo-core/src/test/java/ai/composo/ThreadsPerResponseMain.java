package ai.composo;

import ai.composo.model.Message;
import ai.composo.testing.TestServer;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Run by {@link NoThreadPerResponseTest} in its own JVM (so the common pool's size can be set): makes N async
 * evaluations at concurrency C against a local server and prints how many threads the JVM started meanwhile.
 */
public final class ThreadsPerResponseMain {
    private ThreadsPerResponseMain() {}

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        int c = Integer.parseInt(args[1]);
        List<Message> conversation = List.of(Message.user("q"), Message.assistant("a"));
        try (TestServer server = new TestServer();
             AsyncComposo client = AsyncComposo.builder().apiKey("k").baseUrl(server.uri().toString()).maxConcurrentRequests(c).build()) {
            client.evaluate(conversation, "Reward warm-up").join(); // connections, class loading, the client's own threads
            var threads = ManagementFactory.getThreadMXBean();
            long started = threads.getTotalStartedThreadCount();
            List<CompletableFuture<?>> all = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                all.add(client.evaluate(conversation, "Reward r" + i));
            }
            CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).join();
            long serverThreads = server.threadsStarted();
            System.out.println("parallelism=" + java.util.concurrent.ForkJoinPool.getCommonPoolParallelism()
                    + " started=" + (threads.getTotalStartedThreadCount() - started - serverThreads) + " requests=" + server.requestCount());
        }
    }
}

package ai.composo;

import ai.composo.model.EvaluationResponse;
import ai.composo.model.Message;
import ai.composo.testing.TestServer;
import java.time.Duration;
import java.util.List;

/**
 * Run by {@link NoThreadPerResponseTest} in a JVM whose common pool has one thread (so responses arrive on the
 * client's waiting threads): N times, a callback of one evaluation starts another and blocks on it, the pattern the
 * waiting threads must not stall (a request submitted from a callback is kept for the thread running it). Prints
 * where the callbacks ran and the slowest nested wait.
 */
public final class CallbackJoinsMain {
    private CallbackJoinsMain() {}

    public static void main(String[] args) {
        int rounds = Integer.parseInt(args[0]);
        List<Message> conversation = List.of(Message.user("q"), Message.assistant("a"));
        try (TestServer server = new TestServer()
                .fallback(r -> TestServer.Reply.json(200, "{\"score\":0.9,\"explanation\":\"ok\",\"sources\":[]}").delay(20));
             AsyncComposo client = AsyncComposo.builder().apiKey("k").baseUrl(server.uri().toString())
                     .maxConcurrentRequests(4).timeout(Duration.ofSeconds(30)).build()) {
            int onWaitingThread = 0;
            int nestedScored = 0;
            long slowestMillis = 0;
            for (int i = 0; i < rounds; i++) {
                long[] result = client.evaluate(conversation, "Reward outer " + i).thenApply(outer -> {
                    boolean waiting = Thread.currentThread().getName().startsWith("composo-http-wait");
                    long t0 = System.nanoTime();
                    EvaluationResponse inner = client.evaluate(conversation, "Reward inner").join();
                    return new long[] {waiting ? 1 : 0, inner.score() == null ? 0 : 1, (System.nanoTime() - t0) / 1_000_000};
                }).join();
                onWaitingThread += (int) result[0];
                nestedScored += (int) result[1];
                slowestMillis = Math.max(slowestMillis, result[2]);
            }
            System.out.println("rounds=" + rounds + " onWaitingThread=" + onWaitingThread + " nestedScored=" + nestedScored
                    + " slowestMs=" + slowestMillis + " requests=" + server.requestCount());
        }
    }
}

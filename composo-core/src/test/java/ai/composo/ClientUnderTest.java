package ai.composo;

import ai.composo.model.EvaluationResponse;
import ai.composo.model.Message;
import ai.composo.model.MultiAgentTrace;
import ai.composo.model.MultiAgentTraceResponse;
import ai.composo.model.Task;
import ai.composo.model.TaskHandle;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/** Both clients behind one blocking face, so every behaviour test runs against each of them. */
interface ClientUnderTest extends AutoCloseable {
    enum Kind {
        SYNC, ASYNC;

        ClientUnderTest build(Consumer<ClientConfig> config) {
            return this == SYNC ? new Sync(Composo.builder().testHooks(config).build())
                    : new Async(AsyncComposo.builder().testHooks(config).build());
        }
    }

    EvaluationResponse evaluate(List<Message> messages, String criterion);

    List<EvaluationResponse> evaluate(List<Message> messages, List<String> criteria);

    EvaluationResponse evaluate(EvaluationRequest request);

    List<EvaluationResponse> evaluate(EvaluationRequest template, List<String> criteria);

    TaskHandle evaluateInBackground(EvaluationRequest request);

    Task getTask(String id);

    Task awaitTask(String id, Duration maxWait);

    MultiAgentTraceResponse evaluateTrace(MultiAgentTrace trace, String criterion, String modelCore);

    List<MultiAgentTraceResponse> evaluateTrace(MultiAgentTrace trace, List<String> criteria);

    ClientStats stats();

    @Override
    void close();

    final class Sync implements ClientUnderTest {
        final Composo c;

        Sync(Composo c) {
            this.c = c;
        }

        public EvaluationResponse evaluate(List<Message> m, String criterion) { return c.evaluate(m, criterion); }
        public List<EvaluationResponse> evaluate(List<Message> m, List<String> cs) { return c.evaluate(m, cs); }
        public EvaluationResponse evaluate(EvaluationRequest r) { return c.evaluate(r); }
        public List<EvaluationResponse> evaluate(EvaluationRequest r, List<String> cs) { return c.evaluate(r, cs); }
        public TaskHandle evaluateInBackground(EvaluationRequest r) { return c.evaluateInBackground(r); }
        public Task getTask(String id) { return c.getTask(id); }
        public Task awaitTask(String id, Duration d) { return c.awaitTask(id, d); }
        public MultiAgentTraceResponse evaluateTrace(MultiAgentTrace t, String cr, String mc) { return c.evaluateTrace(t, cr, mc); }
        public List<MultiAgentTraceResponse> evaluateTrace(MultiAgentTrace t, List<String> cs) { return c.evaluateTrace(t, cs); }
        public ClientStats stats() { return c.stats(); }
        public void close() { c.close(); }
    }

    final class Async implements ClientUnderTest {
        final AsyncComposo c;

        Async(AsyncComposo c) {
            this.c = c;
        }

        static <T> T join(CompletableFuture<T> f) {
            try {
                return f.join();
            } catch (CompletionException e) {
                throw (RuntimeException) e.getCause();
            }
        }

        public EvaluationResponse evaluate(List<Message> m, String criterion) { return join(c.evaluate(m, criterion)); }
        public List<EvaluationResponse> evaluate(List<Message> m, List<String> cs) { return join(c.evaluate(m, cs)); }
        public EvaluationResponse evaluate(EvaluationRequest r) { return join(c.evaluate(r)); }
        public List<EvaluationResponse> evaluate(EvaluationRequest r, List<String> cs) { return join(c.evaluate(r, cs)); }
        public TaskHandle evaluateInBackground(EvaluationRequest r) { return join(c.evaluateInBackground(r)); }
        public Task getTask(String id) { return join(c.getTask(id)); }
        public Task awaitTask(String id, Duration d) { return join(c.awaitTask(id, d)); }
        public MultiAgentTraceResponse evaluateTrace(MultiAgentTrace t, String cr, String mc) { return join(c.evaluateTrace(t, cr, mc)); }
        public List<MultiAgentTraceResponse> evaluateTrace(MultiAgentTrace t, List<String> cs) { return join(c.evaluateTrace(t, cs)); }
        public ClientStats stats() { return c.stats(); }
        public void close() { c.close(); }
    }
}

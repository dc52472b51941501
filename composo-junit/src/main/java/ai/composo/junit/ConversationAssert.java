package ai.composo.junit;

import ai.composo.EvaluationRequest;
import ai.composo.model.Message;
import ai.composo.model.ToolDefinition;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Criteria a conversation's last response must meet. Made by {@link ComposoAssertions#assertThat}. */
public final class ConversationAssert extends CriteriaAssert<ConversationAssert> {
    private final List<Message> messages;
    private final String system;
    private final List<ToolDefinition> tools;

    ConversationAssert(List<Message> messages, String system, List<ToolDefinition> tools, String id) {
        super(id);
        if (messages.size() < 2) {
            throw new IllegalArgumentException("a conversation to judge needs at least a user message and the response, got "
                    + messages.size() + " message(s)");
        }
        this.messages = List.copyOf(messages);
        this.system = system;
        this.tools = tools == null ? null : List.copyOf(tools);
    }

    @Override
    CompletableFuture<Map<String, Attempt>> evaluate(TestRun run, String criterion) {
        EvaluationRequest.Builder b = EvaluationRequest.builder().messages(messages).criterion(criterion);
        if (system != null) {
            b.system(system);
        }
        if (tools != null) {
            b.tools(tools);
        }
        long start = System.nanoTime();
        return run.async().evaluate(b.build()).thenApply(r -> Map.of("",
                new Attempt(r.score(), r.explanation(), null, (System.nanoTime() - start) / 1_000_000)));
    }
}

package ai.composo.langchain4j;

import ai.composo.model.LLMInteraction;
import ai.composo.tracing.AgentTracer;
import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import java.lang.System.Logger.Level;

/**
 * Records every chat call of a LangChain4j chat model (sync or streaming) into the {@link AgentTracer}
 * that is active on the calling thread when the request is made. Register it once on the model:
 *
 * <pre>{@code
 * ChatModel model = OpenAiChatModel.builder()...listeners(List.of(new ComposoChatModelListener())).build();
 * }</pre>
 *
 * Calls made while no tracer is active are not recorded. The tracer is carried from the request to the
 * response through the listener attributes, so streaming responses completing on another thread land in
 * the right agent. A failed call records nothing (it has no output).
 */
public final class ComposoChatModelListener implements ChatModelListener {
    private static final String TRACER_KEY = AgentTracer.class.getName();
    private static final System.Logger LOG = System.getLogger(ComposoChatModelListener.class.getName());

    @Override
    public void onRequest(ChatModelRequestContext context) {
        AgentTracer.current().ifPresent(tracer -> context.attributes().put(TRACER_KEY, tracer));
    }

    @Override
    public void onResponse(ChatModelResponseContext context) {
        if (!(context.attributes().remove(TRACER_KEY) instanceof AgentTracer tracer)) {
            return;
        }
        LLMInteraction interaction;
        try {
            interaction = LangChain4jInteractions.toInteraction(context.chatRequest(), context.chatResponse());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Composo: could not convert a LangChain4j chat call for agent ''{0}'' ({1}): {2}",
                    tracer.name(), tracer.id(), e.getMessage());
            return;
        }
        try {
            tracer.recordInteraction(interaction);
        } catch (IllegalStateException e) {
            LOG.log(Level.WARNING, "Composo: chat call ended after its agent was closed, not recorded: {0}", e.getMessage());
        }
    }

    @Override
    public void onError(ChatModelErrorContext context) {
        context.attributes().remove(TRACER_KEY);
    }
}

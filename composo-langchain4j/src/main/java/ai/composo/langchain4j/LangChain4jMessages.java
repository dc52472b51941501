package ai.composo.langchain4j;

import ai.composo.model.LLMToolCall;
import ai.composo.model.Message;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Converts a LangChain4j conversation into evaluation {@link Message}s (OpenAI format): system, user and AI messages
 * keep their role and text (a user message's non-text parts become {@code [image]} etc.), tool execution requests
 * become tool calls with the ids and arguments {@link LangChain4jInteractions} gives them, and tool results become
 * tool messages. Other message types are left out: the evaluation API has no role for them.
 */
public final class LangChain4jMessages {
    private LangChain4jMessages() {}

    /** {@code request} followed by {@code response}: the conversation whose last assistant message is judged. */
    public static List<Message> toMessages(List<ChatMessage> request, AiMessage response) {
        List<Message> out = new ArrayList<>(request.size() + 1);
        for (ChatMessage m : request) {
            Message converted = toMessage(m);
            if (converted != null) {
                out.add(converted);
            }
        }
        out.add(toMessage(response));
        return out;
    }

    static Message toMessage(ChatMessage message) {
        if (message instanceof SystemMessage system) {
            return Message.system(system.text());
        }
        if (message instanceof UserMessage user) {
            List<String> parts = new ArrayList<>();
            for (Content c : user.contents()) {
                parts.add(c instanceof TextContent t ? t.text() : "[" + c.type().name().toLowerCase(Locale.ROOT) + "]");
            }
            return Message.user(String.join("\n", parts));
        }
        if (message instanceof AiMessage ai) {
            if (!ai.hasToolExecutionRequests()) {
                return Message.assistant(ai.text() == null ? "" : ai.text());
            }
            List<Message.ToolCall> calls = new ArrayList<>();
            for (ToolExecutionRequest r : ai.toolExecutionRequests()) {
                LLMToolCall call = LangChain4jInteractions.toolCall(r);
                calls.add(Message.ToolCall.of(call.id(), call.name(), call.parameters()));
            }
            return Message.assistantToolCalls(ai.text(), calls);
        }
        if (message instanceof ToolExecutionResultMessage result) {
            return Message.tool(result.id() != null ? result.id() : result.toolName(), result.text() == null ? "" : result.text());
        }
        return null;
    }
}

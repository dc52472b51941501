package ai.composo.junit;

import ai.composo.langchain4j.LangChain4jMessages;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.List;

/**
 * {@link ComposoAssertions} for LangChain4j calls: the request's messages and the model's answer, converted by
 * {@code composo-langchain4j}. Needs {@code ai.composo:composo-langchain4j} and LangChain4j on the test classpath.
 */
public final class LangChain4jAssertions {
    private LangChain4jAssertions() {}

    public static ConversationAssert assertThat(ChatRequest request, ChatResponse response) {
        return assertThat(request.messages(), response.aiMessage());
    }

    public static ConversationAssert assertThat(List<ChatMessage> request, ChatResponse response) {
        return assertThat(request, response.aiMessage());
    }

    public static ConversationAssert assertThat(List<ChatMessage> request, AiMessage response) {
        return ComposoAssertions.assertThat(LangChain4jMessages.toMessages(request, response));
    }
}

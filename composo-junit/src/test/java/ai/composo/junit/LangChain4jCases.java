package ai.composo.junit;

import ai.composo.criteria.Criteria;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The conversation of {@link AssertionCases}, as a LangChain4j application holds it. */
@ComposoTest
@OnlyInTestKit
class LangChain4jCases {
    static final ChatRequest REQUEST = ChatRequest.builder().messages(
            SystemMessage.from("Context:\n" + AssertionCases.GOOD.context()), UserMessage.from(AssertionCases.GOOD.prompt())).build();

    @Test
    void faithfulChatResponse() {
        LangChain4jAssertions.assertThat(REQUEST, ChatResponse.builder().aiMessage(AiMessage.from(AssertionCases.GOOD.response())).build())
                .meets(Criteria.RAG_FAITHFULNESS).withScoreAtLeast(0.3);
    }

    @Test
    void inventedPolicyAiMessage() {
        LangChain4jAssertions.assertThat(List.of(REQUEST.messages().toArray(new dev.langchain4j.data.message.ChatMessage[0])),
                        AiMessage.from(AssertionCases.BAD.response()))
                .meets(Criteria.RAG_FAITHFULNESS).withScoreAtLeast(0.3);
    }
}

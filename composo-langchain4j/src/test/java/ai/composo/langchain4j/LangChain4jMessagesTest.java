package ai.composo.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import ai.composo.model.Message;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

class LangChain4jMessagesTest {
    @Test
    void aToolUsingConversationKeepsRolesCallsAndResults() {
        ToolExecutionRequest call = ToolExecutionRequest.builder().id("call-1").name("order_status").arguments("{\"order\":\"A17\"}").build();
        List<Message> m = LangChain4jMessages.toMessages(List.of(
                SystemMessage.from("You are a support agent."),
                UserMessage.from("Where is order A17?"),
                AiMessage.from(call),
                ToolExecutionResultMessage.from(call, "shipped on Monday")), AiMessage.from("It shipped on Monday."));

        assertThat(m).extracting(Message::role).containsExactly("system", "user", "assistant", "tool", "assistant");
        assertThat(m.get(2).toJson().path("tool_calls").get(0).path("function").path("name").asText()).isEqualTo("order_status");
        assertThat(m.get(2).toJson().path("tool_calls").get(0).path("function").path("arguments").asText()).isEqualTo("{\"order\":\"A17\"}");
        assertThat(m.get(3).toJson().path("tool_call_id").asText()).isEqualTo("call-1");
        assertThat(m.get(3).text()).isEqualTo("shipped on Monday");
        assertThat(m.get(4).text()).isEqualTo("It shipped on Monday.");
    }

    @Test
    void aCallWithoutIdOrArgumentsGetsTheSameIdAndArgumentsAsInTraces() {
        ToolExecutionRequest call = ToolExecutionRequest.builder().name("ping").build();
        Message m = LangChain4jMessages.toMessages(List.of(UserMessage.from("ping it")), AiMessage.from(call)).get(1);
        assertThat(m.toJson().path("tool_calls").get(0).path("id").asText()).isEqualTo("ping");
        assertThat(m.toJson().path("tool_calls").get(0).path("function").path("arguments").asText()).isEqualTo("{}");
    }
}

package ai.composo.server;

import static org.assertj.core.api.Assertions.assertThat;

import ai.composo.model.AgentInstance;
import ai.composo.model.LLMInput;
import ai.composo.model.LLMInteraction;
import ai.composo.model.LLMOutput;
import ai.composo.model.LLMToolCall;
import ai.composo.model.LLMToolResponse;
import ai.composo.server.internal.TraceDedup;
import org.junit.jupiter.api.Test;

class TraceDedupTest {
    @Test
    void repeatedHistoryIsDroppedPositionWise() {
        LLMInteraction first = LLMInteraction.builder().input(LLMInput.text("system", "Be brief"))
                .input(LLMInput.text("user", "Weather in Leeds?"))
                .output(LLMOutput.toolCall(new LLMToolCall("c1", "weather", "{\"city\":\"Leeds\"}"))).build();
        LLMInteraction second = LLMInteraction.builder().input(LLMInput.text("SYSTEM", "be brief"))
                .input(LLMInput.text("user", "Weather in Leeds?"))
                .input(new LLMInput("assistant", "tool_call", new LLMToolCall("c1", "weather", "{\"city\":\"Leeds\"}")))
                .input(LLMInput.toolResponse(new LLMToolResponse("c1", "Rain", "weather")))
                .output(LLMOutput.text("It is raining.")).build();
        AgentInstance a = AgentInstance.builder("a", "agent").interaction(first).call("child").interaction(second).build();

        AgentInstance stripped = TraceDedup.strip(a);

        assertThat(stripped.interactions()).hasSize(3);
        assertThat(stripped.llmInteractions().get(0)).isEqualTo(first);
        LLMInteraction s = stripped.llmInteractions().get(1);
        assertThat(s.inputMessages()).containsExactly(LLMInput.toolResponse(new LLMToolResponse("c1", "Rain", "weather")));
        assertThat(s.outputMessages()).isEqualTo(second.outputMessages());
        assertThat(stripped.childIds()).containsExactly("child");
    }

    @Test
    void aDifferentHistoryIsKept() {
        LLMInteraction first = LLMInteraction.builder().input(LLMInput.text("user", "A")).output(LLMOutput.text("B")).build();
        LLMInteraction second = LLMInteraction.builder().input(LLMInput.text("user", "C")).input(LLMInput.text("assistant", "B"))
                .output(LLMOutput.text("D")).build();
        AgentInstance stripped = TraceDedup.strip(AgentInstance.builder("a", "x").interaction(first).interaction(second).build());
        assertThat(stripped.llmInteractions().get(1)).isEqualTo(second);
    }
}

package ai.composo.criteria;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class CriteriaTest {
    @Test
    void setsUseTheirPrefixesAndLookUpByName() {
        assertThat(Criteria.set("rag")).isSameAs(Criteria.RAG);
        assertThat(Criteria.set("Tool_Call")).isSameAs(Criteria.TOOL_CALL);
        assertThat(Criteria.set("agent")).allSatisfy(c -> assertThat(c).startsWith("Reward agents"));
        assertThat(Criteria.TOOL_CALL).allSatisfy(c -> assertThat(c).startsWith("Reward tool calls"));
        assertThat(Criteria.set("response-quality")).allSatisfy(c ->
                assertThat(c).matches("^(Reward responses|Response passes if|Response fails if).*"));
        assertThat(Criteria.RAG).allSatisfy(c -> assertThat(c).matches("^(Reward responses|Response passes if).*"));
        List<String> all = Stream.of(Criteria.RAG, Criteria.AGENT, Criteria.TOOL_CALL, Criteria.RESPONSE_QUALITY)
                .flatMap(List::stream).toList();
        assertThat(all).doesNotHaveDuplicates().allSatisfy(c -> assertThat(c.length()).isBetween(20, 4096));
        assertThatThrownBy(() -> Criteria.set("ragas")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rag, agent, tool-call, response-quality");
        assertThatThrownBy(() -> Criteria.set(null)).isInstanceOf(IllegalArgumentException.class);
    }
}

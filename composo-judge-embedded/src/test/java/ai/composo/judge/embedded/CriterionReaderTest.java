package ai.composo.judge.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.composo.criteria.Criteria;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every library criterion, and the phrasings the reader once misread, are read as a person would read them. */
class CriterionReaderTest {

    static Stream<Arguments> library() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put(Criteria.RAG_FAITHFULNESS, "grounding+");
        expected.put(Criteria.RAG_COMPLETENESS, "completeness+");
        expected.put(Criteria.RAG_PRECISION, "precision+");
        expected.put(Criteria.RAG_RELEVANCE, "precision+");
        expected.put(Criteria.RAG_REFUSAL, "abstention+");
        expected.put(Criteria.AGENT_EXPLORATION, "agent/exploration+");
        expected.put(Criteria.AGENT_EXPLOITATION, "agent/exploitation+");
        expected.put(Criteria.AGENT_TOOL_USE, "tool_call+");
        expected.put(Criteria.AGENT_GOAL_PURSUIT, "agent/goal+");
        expected.put(Criteria.AGENT_FAITHFULNESS, "grounding+");
        expected.put(Criteria.AGENT_STEP_ORDER, "agent/order+");
        expected.put(Criteria.AGENT_EFFICIENCY, "agent/efficiency+");
        expected.put(Criteria.TOOL_CALL_SELECTION, "tool_call/selection+");
        expected.put(Criteria.TOOL_CALL_GROUNDED_ARGUMENTS, "tool_call/arguments+");
        expected.put(Criteria.TOOL_CALL_SCHEMA, "tool_call/schema+");
        expected.put(Criteria.TOOL_CALL_NECESSARY, "tool_call/necessity+");
        expected.put(Criteria.RESPONSE_CONCISE, "conciseness+");
        expected.put(Criteria.RESPONSE_STRUCTURE, "structure+");
        expected.put(Criteria.RESPONSE_TONE, "tone+");
        expected.put(Criteria.RESPONSE_ACTIONABLE, "actionable+");
        expected.put(Criteria.RESPONSE_SYSTEM_PROMPT_COMPLIANCE, "instruction_following+");
        expected.put(Criteria.RESPONSE_HARMFUL_CONTENT, "safety+");
        assertThat(expected).hasSize(Criteria.RAG.size() + Criteria.AGENT.size() + Criteria.TOOL_CALL.size() + Criteria.RESPONSE_QUALITY.size());
        return expected.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    static Stream<Arguments> misreadBefore() {
        return Stream.of(
                Arguments.of("Penalize responses that include information the user did not ask for", "precision+"),
                Arguments.of("Reward responses that avoid technical terminologies", "plain_language+"),
                Arguments.of("Reward responses that are faithful to the provided context", "grounding+"),
                Arguments.of("Response fails if it makes up a number that is not in the context", "grounding+"),
                Arguments.of("Reward responses that are concise and polite", "conciseness+ tone+"),
                Arguments.of("Penalize responses that are verbose or rude", "conciseness+ tone+"),
                Arguments.of("Reward responses that ask a clarifying question when the request is ambiguous", "clarifying_question+"),
                Arguments.of("Response passes if it is not padded with filler", "conciseness+"),
                Arguments.of("Reward responses that explain the idea in plain words rather than jargon", "plain_language+"));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("library")
    void libraryCriterionIsReadAsMeant(String criterion, String expected) {
        assertReading(criterion, List.of(expected));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("misreadBefore")
    void userPhrasingIsReadAsMeant(String criterion, String expected) {
        assertReading(criterion, List.of(expected.split(" ")));
    }

    static void assertReading(String criterion, List<String> expected) {
        CriterionReading r = SharedJudge.get().read(criterion);
        for (String exp : expected) {
            boolean more = exp.endsWith("+");
            String label = exp.substring(0, exp.length() - 1);
            String family = label.contains("/") ? label.substring(0, label.indexOf('/')) : label;
            String aspect = label.contains("/") ? label.substring(label.indexOf('/') + 1) : null;
            assertThat(r.parts()).as("reading of '%s': %s", criterion, r)
                    .anySatisfy(p -> {
                        assertThat(p.family()).isEqualTo(family);
                        assertThat(p.moreIsBetter()).isEqualTo(more);
                        if (aspect != null) {
                            assertThat(p.aspect()).isEqualTo(aspect);
                        }
                    });
        }
        // No part of the reading may point the other way on a family the criterion names.
        assertThat(r.parts()).as("reading of '%s': %s", criterion, r).noneSatisfy(p ->
                assertThat(expected).contains(p.family() + (p.moreIsBetter() ? "-" : "+")));
        assertThat(r.outOfFamily()).isFalse();
    }

    @Test
    void outOfFamilyCriteriaSaySoWithLowConfidence() {
        CriterionReading r = SharedJudge.get().read("Reward responses that use British spelling throughout");
        assertThat(r.outOfFamily()).as(r.toString()).isTrue();
        assertThat(r.confidence()).isLessThanOrEqualTo(0.2);
        assertThat(r.summary()).contains("no family");
    }

    @Test
    void anInvalidCriterionIsRefusedWithItsReason() {
        assertThatThrownBy(() -> SharedJudge.get().read("Be concise")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Criteria must start with one of:");
    }
}

package ai.composo.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.composo.internal.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CriterionAndConversationTest {

    @ParameterizedTest
    @CsvSource({
            "Reward responses that cite the policy, REWARD, POSITIVE, RESPONSE, responses that cite the policy",
            "Penalize tool calls with invented arguments, REWARD, NEGATIVE, TOOL_CALL, tool calls with invented arguments",
            "reward agents that pursue the goal, REWARD, POSITIVE, AGENT, agents that pursue the goal",
            "Response passes if it greets the user, PASS_FAIL, POSITIVE, RESPONSE, it greets the user",
            "Tool call fails if the date is missing, PASS_FAIL, NEGATIVE, TOOL_CALL, the date is missing",
            "Agent passes if it delegates, PASS_FAIL, POSITIVE, AGENT, it delegates",
            "Passes if the tool call uses metric units, PASS_FAIL, POSITIVE, TOOL_CALL, the tool call uses metric units",
            "FAILS IF the answer is rude, PASS_FAIL, NEGATIVE, RESPONSE, the answer is rude",
    })
    void parsesEveryPrefixFamilyCaseInsensitively(String text, Criterion.Kind kind, Criterion.Polarity polarity,
                                                  Criterion.Target target, String body) {
        Criterion c = Criterion.parse(text);
        assertThat(c.kind()).isEqualTo(kind);
        assertThat(c.polarity()).isEqualTo(polarity);
        assertThat(c.target()).isEqualTo(target);
        assertThat(c.body()).isEqualTo(body);
        assertThat(c.text()).isEqualTo(text);
    }

    @Test
    void rejectsBadCriteriaWithAReason() {
        assertThatThrownBy(() -> Criterion.parse("Score the answer")).hasMessageContaining("must start with one of");
        assertThatThrownBy(() -> Criterion.parse("  ")).hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> Criterion.parse("Reward " + "x".repeat(4096))).hasMessageContaining("4096");
        assertThat(Criterion.parse("Reward " + "x".repeat(4089)).text()).hasSize(4096);
    }

    @Test
    void normalisesOpenAiAndAnthropicToolTraffic() {
        List<JsonNode> messages = List.of(
                Json.parse("{\"role\":\"user\",\"content\":\"Weather in Oslo?\"}"),
                Json.parse("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"weather\",\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\"}\"}}]}"),
                Json.parse("{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"3C, rain\"}"),
                Json.parse("{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Checking.\"},{\"type\":\"tool_use\",\"id\":\"t2\",\"name\":\"wind\",\"input\":{\"city\":\"Oslo\"}}],\"model\":\"claude\",\"stop_reason\":\"tool_use\"}"),
                Json.parse("{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t2\",\"content\":\"12 km/h\"}]}"));
        Conversation c = Conversation.of(messages);
        assertThat(c.turns()).extracting(Conversation.Turn::role).containsExactly("user", "assistant", "tool", "assistant", "tool");
        assertThat(c.turns().get(1).toolCalls()).containsExactly(new Conversation.ToolCall("c1", "weather", "{\"city\":\"Oslo\"}"));
        assertThat(c.turns().get(3).text()).isEqualTo("Checking.");
        assertThat(c.turns().get(3).toolCalls().get(0).arguments()).isEqualTo("{\"city\":\"Oslo\"}");
        assertThat(c.toolResultFor("t2")).get().extracting(Conversation.Turn::text).isEqualTo("12 km/h");
        assertThat(c.lastAssistant()).get().extracting(Conversation.Turn::index).isEqualTo(3);
    }

    @Test
    void unknownRoleIsNamedWithItsPosition() {
        assertThatThrownBy(() -> Conversation.of(List.of(Json.parse("{\"role\":\"user\",\"content\":\"a\"}"),
                Json.parse("{\"role\":\"bot\",\"content\":\"b\"}"))))
                .hasMessageStartingWith("messages[1].role: unknown role 'bot'");
    }

    @Test
    void toolSpecsReadBothFormats() {
        ToolSpec openAi = ToolSpec.fromJson(Json.parse("{\"type\":\"function\",\"function\":{\"name\":\"f\",\"description\":\"d\",\"parameters\":{\"type\":\"object\"}}}"));
        ToolSpec anthropic = ToolSpec.fromJson(Json.parse("{\"name\":\"f\",\"description\":\"d\",\"input_schema\":{\"type\":\"object\"}}"));
        assertThat(openAi).isEqualTo(anthropic);
    }

    @Test
    void verdictsMapToTheWireScore() {
        assertThat(Verdict.passed(true, "ok").wireScore()).isEqualTo(1.0);
        assertThat(Verdict.passed(false, "no").wireScore()).isEqualTo(0.0);
        assertThat(Verdict.notApplicable("n/a").wireScore()).isNull();
        assertThatThrownBy(() -> Verdict.score(1.5, "x")).hasMessageContaining("[0, 1]");
    }

    @Test
    void judgeConfigReadsTypedSettingsAndSecretsFromTheEnvironment() {
        JudgeConfig c = JudgeConfig.of("local", "openai", Map.of("timeout", "30s", "max-concurrent", "4", "api-key-env", "MY_KEY"),
                Map.of("MY_KEY", "sk-secret")::get);
        assertThat(c.getDuration("timeout", Duration.ZERO)).isEqualTo(Duration.ofSeconds(30));
        assertThat(JudgeConfig.parseDuration("7d", "x")).isEqualTo(Duration.ofDays(7));
        assertThat(JudgeConfig.parseDuration("P2D", "x")).isEqualTo(Duration.ofDays(2));
        assertThat(c.getInt("max-concurrent", 1)).isEqualTo(4);
        assertThat(c.secretFromEnvironment("api-key-env")).contains("sk-secret");
        assertThatThrownBy(() -> c.require("model")).hasMessage("judge 'local': setting 'model' is required");
        JudgeConfig unset = JudgeConfig.of("local", "openai", Map.of("api-key-env", "NOPE"), k -> null);
        assertThatThrownBy(() -> unset.secretFromEnvironment("api-key-env")).hasMessageContaining("NOPE").hasMessageContaining("not set");
    }
}

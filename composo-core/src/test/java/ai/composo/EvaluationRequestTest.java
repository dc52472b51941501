package ai.composo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.composo.internal.json.Json;
import ai.composo.model.Message;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluationRequestTest {
    static final List<Message> MESSAGES = List.of(Message.user("Hi"), Message.assistant("Hello!"));

    @Test
    void invalidRequestsAreRejectedWithPreciseMessages() {
        assertThatThrownBy(() -> EvaluationRequest.builder().messages(MESSAGES).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("criterion is required");
        assertThatThrownBy(() -> EvaluationRequest.builder().messages(MESSAGES).criterion("Reward x").evaluatorName("e").build())
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> EvaluationRequest.builder().messages(List.of()).criterion("Reward x").build())
                .hasMessageContaining("messages");
        assertThatThrownBy(() -> EvaluationRequest.builder().criterion("  ")).hasMessageContaining("blank");
        Map<String, String> tags = new HashMap<>();
        tags.put("suite", null);
        assertThatThrownBy(() -> EvaluationRequest.builder().tags(tags)).hasMessageContaining("tags");
        assertThatThrownBy(() -> EvaluationRequest.builder().messageMaps(List.of(Map.of("role", "user"), Map.of("content", "x"))))
                .hasMessageStartingWith("messages[1]: ").hasMessageContaining("role");
        assertThatThrownBy(() -> EvaluationRequest.builder().result("[1,2]")).hasMessageContaining("Unsupported result format");
        assertThatThrownBy(() -> EvaluationRequest.builder().result(Map.of("text", "hi")))
                .hasMessageContaining("OpenAI ChatCompletion");
        assertThatThrownBy(() -> EvaluationRequest.builder().result("{\"choices\":[]}")).hasMessageContaining("choices[0].message");
        assertThatThrownBy(() -> EvaluationRequest.builder().result("{not json")).hasMessageContaining("Malformed JSON");
    }

    @Test
    void bodyOmitsNullsAndKeepsTheCallerMessagesUntouched() {
        EvaluationRequest r = EvaluationRequest.builder()
                .messageMaps(List.of(orderedMap("role", "user", "content", List.of(orderedMap("type", "text", "text", "Hi")))))
                .result(Message.assistant("Hello!"))
                .evaluatorName("tone-check").build();
        assertThat(r.toJson(null).toString()).isEqualTo("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\","
                + "\"text\":\"Hi\"}]},{\"role\":\"assistant\",\"content\":\"Hello!\"}],\"evaluator_name\":\"tone-check\"}");
        assertThat(r.messages()).hasSize(1);
        assertThat(r.result()).contains(Message.assistant("Hello!"));

        EvaluationRequest other = r.withCriterion("Reward friendly replies");
        assertThat(other.criterion()).contains("Reward friendly replies");
        assertThat(other.evaluatorName()).isEmpty();
        assertThat(Json.write(other.toJson("align-20251111"))).contains("\"evaluation_criteria\":\"Reward friendly replies\","
                + "\"model_core\":\"align-20251111\"");
        assertThat(r.toString()).doesNotContain("Hello");
    }

    private static Map<String, Object> orderedMap(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }

    @Test
    void openAiResultDropsNullFieldsAndUsesTheFirstChoiceOnly() {
        String completion = "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"A\",\"refusal\":null,"
                + "\"annotations\":[]}},{\"message\":{\"role\":\"assistant\",\"content\":\"B\"}}]}";
        EvaluationRequest r = EvaluationRequest.builder().messages(MESSAGES.subList(0, 1)).result(Json.parse(completion))
                .criterion("Reward x").build();
        assertThat(r.toJson(null).get("messages").get(1).toString())
                .isEqualTo("{\"role\":\"assistant\",\"content\":\"A\",\"annotations\":[]}");
    }
}

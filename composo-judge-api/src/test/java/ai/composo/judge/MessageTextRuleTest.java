package ai.composo.judge;

import static org.assertj.core.api.Assertions.assertThat;

import ai.composo.internal.json.Json;
import ai.composo.model.Message;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SDK's {@code Message.text()} and what a judge reads ({@link Conversation}) are the same text. */
class MessageTextRuleTest {
    static final List<String> CONTENTS = List.of(
            "\"plain text\"",
            "[{\"type\":\"text\",\"text\":\"first\"},{\"type\":\"text\",\"text\":\"second\"}]",
            "[{\"type\":\"text\",\"text\":\"look at this\"},{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:…\"}}]",
            "[{\"type\":\"refusal\",\"refusal\":\"I can't help with that.\"}]",
            "[\"a bare string part\",{\"type\":\"input_audio\",\"input_audio\":{\"data\":\"…\"}}]");

    @Test
    void theSdkAndTheJudgeReadTheSameText() {
        for (String c : CONTENTS) {
            JsonNode m = Json.parse("{\"role\":\"user\",\"content\":" + c + "}");
            Message sdk = Json.convert(m, Message.class);
            Conversation judge = Conversation.of(List.of(m, Json.parse("{\"role\":\"assistant\",\"content\":\"ok\"}")));
            assertThat(judge.turns().get(0).text()).as(c).isEqualTo(sdk.text());
        }
        JsonNode withImage = Json.parse(CONTENTS.get(2));
        assertThat(Message.textOf(withImage)).isEqualTo("look at this\n[image_url]");
    }

    @Test
    void aToolResultsNestedContentFollowsTheSameRule() {
        JsonNode call = Json.parse("{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"lookup\",\"input\":{}}]}");
        JsonNode result = Json.parse("{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"content\":"
                + "[{\"type\":\"text\",\"text\":\"found it\"},{\"type\":\"image\",\"source\":{}}]}]}");
        Conversation judge = Conversation.of(List.of(Json.parse("{\"role\":\"user\",\"content\":\"find it\"}"), call, result,
                Json.parse("{\"role\":\"assistant\",\"content\":\"done\"}")));
        assertThat(judge.turns()).anySatisfy(t -> {
            assertThat(t.role()).isEqualTo("tool");
            assertThat(t.text()).isEqualTo(Message.textOf(result.get("content").get(0).get("content"))).isEqualTo("found it\n[image]");
        });
    }
}

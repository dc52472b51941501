package ai.composo.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.composo.internal.json.Json;
import org.junit.jupiter.api.Test;

class RowParserTest {
    private static Row parse(String json) {
        return RowParser.parse(RawRecord.of(7, Json.parse(json)));
    }

    private static RowException fail(String json) {
        return catchThrowableOfType(() -> parse(json), RowException.class);
    }

    @Test
    void messagesSystemToolsAndId() {
        Row r = parse("{\"id\":\"c-1\",\"system\":\"Be nice\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"hello\"}]}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"lookup\",\"parameters\":{}}}]}");
        assertThat(r.id()).isEqualTo("c-1");
        assertThat(r.line()).isEqualTo(7);
        assertThat(r.system()).isEqualTo("Be nice");
        assertThat(r.messages()).hasSize(2);
        assertThat(r.messages().get(1).text()).isEqualTo("hello");
        assertThat(r.tools()).singleElement().satisfies(t -> assertThat(t.name()).isEqualTo("lookup"));
    }

    @Test
    void promptResponseAndContextBecomeMessages() {
        Row r = parse("{\"prompt\":\"Q?\",\"response\":\"A.\",\"context\":\"Doc text\"}");
        assertThat(r.id()).isEqualTo("line-7");
        assertThat(r.messages()).extracting(m -> m.role() + ":" + m.text())
                .containsExactly("system:Context:\nDoc text", "user:Q?", "assistant:A.");
    }

    @Test
    void csvCellsHoldJsonText() {
        Row r = parse("{\"id\":\"9\",\"messages\":\"[{\\\"role\\\":\\\"user\\\",\\\"content\\\":\\\"a\\\"},{\\\"role\\\":\\\"assistant\\\",\\\"content\\\":\\\"b\\\"}]\"}");
        assertThat(r.messages()).hasSize(2);
    }

    @Test
    void preciseReasons() {
        assertThat(fail("{\"id\":\"x\"}").reason()).contains("needs 'messages'");
        assertThat(fail("{\"id\":\"x\"}").id()).isEqualTo("x");
        assertThat(fail("{\"prompt\":\"q\"}").reason()).isEqualTo("'response' is missing or empty");
        assertThat(fail("{\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]}").reason()).contains("at least 2 messages");
        assertThat(fail("{\"messages\":[{\"role\":\"user\",\"content\":\"a\"},{\"content\":\"b\"}]}").reason()).startsWith("messages[1]: ").contains("role");
        assertThat(fail("{\"messages\":\"[not json\"}").reason()).startsWith("'messages' is not valid JSON");
        assertThat(fail("{\"messages\":{}}").reason()).contains("got an object");
        assertThat(fail("{\"prompt\":\"q\",\"response\":\"a\",\"system\":5}").reason()).isEqualTo("'system' must be a string, got a number");
        assertThat(fail("{\"prompt\":\"q\",\"response\":\"a\",\"messages\":[]}").reason()).contains("use one form");
        assertThat(fail("{\"prompt\":\"q\",\"response\":\"a\"}")).isNull();
        RowException e = catchThrowableOfType(() -> RowParser.parse(RawRecord.error(3, "invalid JSON: x")), RowException.class);
        assertThat(e.getMessage()).isEqualTo("line 3: invalid JSON: x");
        assertThat(e.id()).isEqualTo("line-3");
    }
}

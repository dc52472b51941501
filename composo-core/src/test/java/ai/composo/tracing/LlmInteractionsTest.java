package ai.composo.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.composo.internal.json.Json;
import ai.composo.model.LLMInteraction;
import org.junit.jupiter.api.Test;

class LlmInteractionsTest {

    @Test
    void openAiChatKeepsEveryToolCallAndNamesToolResponses() {
        LLMInteraction i = LlmInteractions.fromOpenAiChat("""
                {"model": "gpt-4o",
                 "messages": [
                   {"role": "system", "content": "You plan trips."},
                   {"role": "user", "content": [{"type": "text", "text": "Weather in Leeds and York?"},
                                                {"type": "image_url", "image_url": {"url": "data:..."}}]},
                   {"role": "assistant", "content": null, "tool_calls": [
                     {"id": "c1", "type": "function", "function": {"name": "weather", "arguments": "{\\"city\\":\\"Leeds\\"}"}},
                     {"id": "c2", "type": "function", "function": {"name": "weather", "arguments": "{\\"city\\":\\"York\\"}"}}]},
                   {"role": "tool", "tool_call_id": "c1", "content": "rain"},
                   {"role": "tool", "tool_call_id": "c2", "content": [{"type": "text", "text": "sun"}]}],
                 "tools": [{"type": "function", "function": {"name": "weather", "description": "Forecast",
                            "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}]}""", """
                {"id": "x", "choices": [{"index": 0, "message": {"role": "assistant", "content": "Checking more.",
                   "tool_calls": [{"id": "c3", "type": "function", "function": {"name": "weather", "arguments": "{}"}},
                                  {"id": "c4", "type": "function", "function": {"name": "alerts", "arguments": "{\\"a\\":1}"}}]}}]}""");
        assertThat(Json.parse(Json.write(i))).isEqualTo(Json.parse("""
                {"input_messages": [
                   {"role": "system", "type": "text", "content": "You plan trips."},
                   {"role": "user", "type": "text", "content": "Weather in Leeds and York?"},
                   {"role": "user", "type": "text", "content": "[image_url]"},
                   {"role": "assistant", "type": "tool_call", "content": {"id": "c1", "name": "weather", "parameters": "{\\"city\\":\\"Leeds\\"}"}},
                   {"role": "assistant", "type": "tool_call", "content": {"id": "c2", "name": "weather", "parameters": "{\\"city\\":\\"York\\"}"}},
                   {"role": "tool", "type": "tool_response", "content": {"id": "c1", "response": "rain", "name": "weather"}},
                   {"role": "tool", "type": "tool_response", "content": {"id": "c2", "response": "sun", "name": "weather"}}],
                 "output_messages": [
                   {"type": "text", "content": "Checking more."},
                   {"type": "tool_call", "content": {"id": "c3", "name": "weather", "parameters": "{}"}},
                   {"type": "tool_call", "content": {"id": "c4", "name": "alerts", "parameters": "{\\"a\\":1}"}}],
                 "tools_available": [{"name": "weather", "description": "Forecast",
                   "parameters": "{\\"type\\":\\"object\\",\\"properties\\":{\\"city\\":{\\"type\\":\\"string\\"}}}"}]}"""));
    }

    @Test
    void openAiWithoutToolsHasNoToolsAvailable() {
        LLMInteraction i = LlmInteractions.fromOpenAiChat("{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}",
                "{\"choices\": [{\"message\": {\"role\": \"assistant\", \"content\": \"hello\"}}]}");
        assertThat(i.toolsAvailable()).isNull();
        assertThat(Json.write(i)).doesNotContain("tools_available");
    }

    @Test
    void anthropicKeepsTheSystemPromptEveryToolUseAndToolResult() {
        LLMInteraction i = LlmInteractions.fromAnthropicMessages("""
                {"model": "claude", "max_tokens": 100,
                 "system": [{"type": "text", "text": "You are terse."}],
                 "messages": [
                   {"role": "user", "content": "Weather in Leeds and York?"},
                   {"role": "assistant", "content": [
                     {"type": "thinking", "thinking": "two cities", "signature": "s"},
                     {"type": "text", "text": "Let me check."},
                     {"type": "tool_use", "id": "t1", "name": "weather", "input": {"city": "Leeds"}},
                     {"type": "tool_use", "id": "t2", "name": "weather", "input": {"city": "York"}}]},
                   {"role": "user", "content": [
                     {"type": "tool_result", "tool_use_id": "t1", "content": "rain"},
                     {"type": "tool_result", "tool_use_id": "t2", "content": [{"type": "text", "text": "sun"}], "is_error": true}]}],
                 "tools": [{"name": "weather", "description": "Forecast", "input_schema": {"type": "object"}}]}""", """
                {"id": "msg", "type": "message", "role": "assistant",
                 "content": [{"type": "text", "text": "Leeds: rain."}, {"type": "tool_use", "id": "t3", "name": "alerts", "input": {}}]}""");
        assertThat(Json.parse(Json.write(i))).isEqualTo(Json.parse("""
                {"input_messages": [
                   {"role": "system", "type": "text", "content": "You are terse."},
                   {"role": "user", "type": "text", "content": "Weather in Leeds and York?"},
                   {"role": "assistant", "type": "thinking_tokens", "content": "two cities"},
                   {"role": "assistant", "type": "text", "content": "Let me check."},
                   {"role": "assistant", "type": "tool_call", "content": {"id": "t1", "name": "weather", "parameters": "{\\"city\\":\\"Leeds\\"}"}},
                   {"role": "assistant", "type": "tool_call", "content": {"id": "t2", "name": "weather", "parameters": "{\\"city\\":\\"York\\"}"}},
                   {"role": "tool", "type": "tool_response", "content": {"id": "t1", "response": "rain", "name": "weather"}},
                   {"role": "tool", "type": "tool_response", "content": {"id": "t2", "response": "sun", "name": "weather", "is_error": true}}],
                 "output_messages": [
                   {"type": "text", "content": "Leeds: rain."},
                   {"type": "tool_call", "content": {"id": "t3", "name": "alerts", "parameters": "{}"}}],
                 "tools_available": [{"name": "weather", "description": "Forecast", "parameters": "{\\"type\\":\\"object\\"}"}]}"""));
    }

    @Test
    void malformedBodiesAreRejectedWithThePathNamed() {
        assertThatThrownBy(() -> LlmInteractions.fromOpenAiChat("{\"messages\": {}}", "{\"choices\": []}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("OpenAI request.messages must be a JSON array");
        assertThatThrownBy(() -> LlmInteractions.fromOpenAiChat("{\"messages\": [{\"role\": \"tool\", \"content\": \"x\"}]}",
                "{\"choices\": []}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("OpenAI request.messages[0].tool_call_id is required");
        assertThatThrownBy(() -> LlmInteractions.fromOpenAiChat("{\"messages\": []}", "{\"choices\": [{}]}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("OpenAI response.choices[0].message must be a JSON object");
        assertThatThrownBy(() -> LlmInteractions.fromOpenAiChat("{", "{}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("OpenAI request: Malformed JSON");
        assertThatThrownBy(() -> LlmInteractions.fromAnthropicMessages("{\"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"tool_use\", \"id\": \"a\"}]}]}",
                "{\"content\": []}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Anthropic request.messages[0].content[0].name is required");
    }

    @Test
    void recordedConversionsLandInTheTracer() {
        try (AgentTracer t = AgentTracer.start("a", "a")) {
            t.recordOpenAiChat("{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}",
                    "{\"choices\": [{\"message\": {\"content\": \"hello\"}}]}");
            t.recordAnthropicMessages("{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}",
                    "{\"content\": [{\"type\": \"text\", \"text\": \"hello\"}]}");
            assertThat(t.trace().root().llmInteractions()).hasSize(2).allSatisfy(x -> assertThat(x).isEqualTo(
                    LLMInteraction.builder().input(ai.composo.model.LLMInput.text("user", "hi"))
                            .output(ai.composo.model.LLMOutput.text("hello")).build()));
        }
    }
}

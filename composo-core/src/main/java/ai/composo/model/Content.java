package ai.composo.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.io.IOException;

/**
 * The content of a trace message: text, a tool call, or (inputs only) a tool response. On the wire a
 * string is text, an object with a {@code response} key is a tool response, any other object a tool call.
 */
@JsonDeserialize(using = Content.Deserializer.class)
public sealed interface Content permits TextContent, LLMToolCall, LLMToolResponse {

    static Content text(String text) {
        return new TextContent(text);
    }

    final class Deserializer extends JsonDeserializer<Content> {
        @Override
        public Content deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode node = p.readValueAsTree();
            if (node.isTextual()) {
                return new TextContent(node.asText());
            }
            if (node.isObject()) {
                return node.has("response")
                        ? p.getCodec().treeToValue(node, LLMToolResponse.class)
                        : p.getCodec().treeToValue(node, LLMToolCall.class);
            }
            return (Content) ctxt.handleUnexpectedToken(Content.class, p.currentToken(), p,
                    "content must be a string or an object, got %s", node.getNodeType());
        }
    }
}

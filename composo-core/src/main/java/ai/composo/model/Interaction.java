package ai.composo.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.io.IOException;

/**
 * One step of an agent instance: an {@link LLMInteraction}, or an {@link AgentCall} (on the wire, the id
 * string of a child agent instance invoked at that point).
 */
@JsonDeserialize(using = Interaction.Deserializer.class)
public sealed interface Interaction permits AgentCall, LLMInteraction {

    final class Deserializer extends JsonDeserializer<Interaction> {
        @Override
        public Interaction deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode node = p.readValueAsTree();
            if (node.isTextual()) {
                return new AgentCall(node.asText());
            }
            if (node.isObject()) {
                return p.getCodec().treeToValue(node, LLMInteraction.class);
            }
            return (Interaction) ctxt.handleUnexpectedToken(Interaction.class, p.currentToken(), p,
                    "an interaction must be a child agent id (string) or an LLM interaction (object), got %s",
                    node.getNodeType());
        }
    }
}

package ai.composo;

import ai.composo.internal.json.Json;
import ai.composo.model.Message;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Turns an LLM result into the one message appended to a conversation (wire-spec §13.5): an OpenAI
 * ChatCompletion gives {@code choices[0].message}; an Anthropic Message is used whole; a plain message object
 * (with a {@code role}) is used as is. Null-valued fields are removed. Not API.
 */
final class ResultAdapter {
    private ResultAdapter() {}

    static ObjectNode toMessageJson(Object result) {
        JsonNode node;
        if (result instanceof Message) {
            node = ((Message) result).toJson();
        } else if (result instanceof JsonNode) {
            node = ((JsonNode) result).deepCopy();
        } else if (result instanceof String) {
            node = Json.parse((String) result);
        } else if (result instanceof Map) {
            node = Json.tree(result);
        } else {
            try {
                node = Json.tree(result);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("Unsupported result type " + result.getClass().getName()
                        + ": pass an OpenAI ChatCompletion or Anthropic Message as JSON text, Map or JsonNode", e);
            }
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("Unsupported result format: expected a JSON object, got "
                    + (node == null ? "null" : node.getNodeType()));
        }
        ObjectNode message;
        JsonNode choices = node.get("choices");
        if (choices != null && choices.isArray()) {
            JsonNode first = choices.size() == 0 ? null : choices.get(0).get("message");
            if (first == null || !first.isObject()) {
                throw new IllegalArgumentException("Unsupported result format: OpenAI ChatCompletion without choices[0].message");
            }
            message = (ObjectNode) first;
        } else if (node.has("role") && node.get("role").isTextual()) {
            message = (ObjectNode) node; // Anthropic Message ("type":"message") or a plain chat message
        } else {
            throw new IllegalArgumentException("Unsupported result format: expected an OpenAI ChatCompletion (with"
                    + " \"choices\"), an Anthropic Message or a message with a \"role\"");
        }
        return (ObjectNode) withoutNulls(message.deepCopy());
    }

    private static JsonNode withoutNulls(JsonNode node) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isNull()) {
                    it.remove();
                } else {
                    withoutNulls(e.getValue());
                }
            }
        } else if (node.isArray()) {
            for (JsonNode item : (ArrayNode) node) {
                withoutNulls(item);
            }
        }
        return node;
    }
}

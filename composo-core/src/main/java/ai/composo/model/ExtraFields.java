package ai.composo.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Helpers for the "extra allowed" trace types, whose unknown JSON fields survive round trips. */
final class ExtraFields {
    private ExtraFields() {}

    static Map<String, JsonNode> copy(Map<String, JsonNode> extra) {
        return extra == null || extra.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    /** The fields of {@code node} other than {@code known}. */
    static Map<String, JsonNode> rest(JsonNode node, Set<String> known) {
        Map<String, JsonNode> extra = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> {
            if (!known.contains(e.getKey())) {
                extra.put(e.getKey(), e.getValue());
            }
        });
        return extra;
    }

    static JsonNode requireObject(JsonNode node, String type) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(type + " must be a JSON object");
        }
        return node;
    }

    static String requiredText(JsonNode node, String field, String type) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException(type + "." + field + " is required");
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException(type + "." + field + " must be a string");
        }
        return v.asText();
    }

    static String optionalText(JsonNode node, String field, String type) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException(type + "." + field + " must be a string");
        }
        return v.asText();
    }

    /** JSON text: a string as is, any other JSON value serialised (lenient reading of schema fields). */
    static String jsonText(JsonNode node, String field, String type) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException(type + "." + field + " is required");
        }
        return v.isTextual() ? v.asText() : v.toString();
    }
}

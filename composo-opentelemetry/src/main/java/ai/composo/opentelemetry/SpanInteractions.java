package ai.composo.opentelemetry;

import ai.composo.internal.json.Json;
import ai.composo.model.LLMInput;
import ai.composo.model.LLMInteraction;
import ai.composo.model.LLMOutput;
import ai.composo.model.LLMToolCall;
import ai.composo.model.LLMToolDefinition;
import ai.composo.model.LLMToolResponse;
import ai.composo.model.Message;
import ai.composo.model.TextContent;
import ai.composo.tracing.LlmInteractions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.api.common.Attributes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an {@link LLMInteraction} from the attributes of an LLM span. Understood conventions:
 * <ul>
 *   <li>OpenTelemetry GenAI: {@code gen_ai.system_instructions}, {@code gen_ai.input.messages} and
 *       {@code gen_ai.output.messages} (JSON, role + parts), {@code gen_ai.tool.definitions};</li>
 *   <li>the older indexed GenAI attributes ({@code gen_ai.prompt.N.role/content/tool_call_id/tool_calls.M.*},
 *       {@code gen_ai.completion.N.*}, tools as {@code llm.request.functions.N.*}) and the JSON
 *       {@code gen_ai.prompt} / {@code gen_ai.completion} attributes;</li>
 *   <li>OpenInference LLM spans: {@code llm.input_messages.N.message.*}, {@code llm.output_messages.N.message.*},
 *       {@code llm.tools.N.tool.json_schema}.</li>
 * </ul>
 */
public final class SpanInteractions {
    static final String OPERATION = "gen_ai.operation.name";
    static final String OPENINFERENCE_KIND = "openinference.span.kind";
    private static final Set<String> LLM_OPERATIONS = Set.of("chat", "text_completion", "generate_content");
    private static final Pattern INDEXED = Pattern.compile("(\\d+)\\.(.+)");

    private SpanInteractions() {}

    /** True for spans that describe one LLM call (GenAI chat/completion operations, OpenInference kind LLM). */
    public static boolean isLlmSpan(Attributes attributes) {
        Map<String, Object> a = flatten(attributes);
        Object kind = a.get(OPENINFERENCE_KIND);
        if (kind != null) {
            return "LLM".equalsIgnoreCase(kind.toString());
        }
        Object op = a.get(OPERATION);
        if (op != null) {
            return LLM_OPERATIONS.contains(op.toString());
        }
        return a.containsKey("gen_ai.input.messages") || a.containsKey("gen_ai.prompt")
                || a.keySet().stream().anyMatch(k -> k.startsWith("gen_ai.prompt."));
    }

    /**
     * The interaction of an LLM span, or empty when the span is not an LLM span.
     *
     * @throws IllegalArgumentException when it is an LLM span whose message attributes are missing (content
     *     capture switched off) or malformed; the message names the attribute
     */
    public static Optional<LLMInteraction> fromAttributes(Attributes attributes) {
        if (!isLlmSpan(attributes)) {
            return Optional.empty();
        }
        Map<String, Object> a = flatten(attributes);
        if ("LLM".equalsIgnoreCase(String.valueOf(a.get(OPENINFERENCE_KIND)))) {
            return Optional.of(openInference(a));
        }
        if (a.containsKey("gen_ai.input.messages") || a.containsKey("gen_ai.output.messages")) {
            return Optional.of(genAiJson(a));
        }
        return Optional.of(genAiIndexed(a));
    }

    // ---------------------------------------------------------------------------------------------
    // GenAI, JSON messages with parts

    private static LLMInteraction genAiJson(Map<String, Object> a) {
        LLMInteraction.Builder b = LLMInteraction.builder();
        Map<String, String> toolNames = new HashMap<>();
        JsonNode system = jsonAttribute(a, "gen_ai.system_instructions");
        if (system != null) {
            ArrayNode parts = array(system, "gen_ai.system_instructions");
            for (int i = 0; i < parts.size(); i++) {
                JsonNode part = parts.get(i);
                b.input(LLMInput.text(Message.SYSTEM, part.isTextual() ? part.asText()
                        : partText(part, "gen_ai.system_instructions[" + i + "]")));
            }
        }
        JsonNode inputs = jsonAttribute(a, "gen_ai.input.messages");
        if (inputs != null) {
            ArrayNode messages = array(inputs, "gen_ai.input.messages");
            for (int i = 0; i < messages.size(); i++) {
                String where = "gen_ai.input.messages[" + i + "]";
                JsonNode msg = messages.get(i);
                String role = text(msg, "role", where);
                ArrayNode parts = array(msg.get("parts"), where + ".parts");
                for (int j = 0; j < parts.size(); j++) {
                    String w = where + ".parts[" + j + "]";
                    JsonNode part = parts.get(j);
                    switch (text(part, "type", w)) {
                        case "tool_call" -> {
                            LLMToolCall call = partToolCall(part, w);
                            toolNames.put(call.id(), call.name());
                            b.input(new LLMInput(role, "tool_call", call));
                        }
                        case "tool_call_response" -> {
                            String id = part.path("id").isTextual() ? part.get("id").asText() : "";
                            String name = toolNames.get(id);
                            if (name == null && msg.path("name").isTextual()) {
                                name = msg.get("name").asText();
                            }
                            b.input(LLMInput.toolResponse(new LLMToolResponse(id, valueText(part.get("response")), name)));
                        }
                        case "reasoning" -> b.input(new LLMInput(role, "thinking_tokens", new TextContent(partText(part, w))));
                        default -> b.input(LLMInput.text(role, partText(part, w)));
                    }
                }
            }
        }
        JsonNode outputs = jsonAttribute(a, "gen_ai.output.messages");
        if (outputs != null) {
            ArrayNode messages = array(outputs, "gen_ai.output.messages");
            for (int i = 0; i < messages.size(); i++) {
                String where = "gen_ai.output.messages[" + i + "]";
                ArrayNode parts = array(messages.get(i).get("parts"), where + ".parts");
                for (int j = 0; j < parts.size(); j++) {
                    String w = where + ".parts[" + j + "]";
                    JsonNode part = parts.get(j);
                    switch (text(part, "type", w)) {
                        case "tool_call" -> b.output(LLMOutput.toolCall(partToolCall(part, w)));
                        case "reasoning" -> b.output(new LLMOutput("thinking_tokens", new TextContent(partText(part, w))));
                        default -> b.output(LLMOutput.text(partText(part, w)));
                    }
                }
            }
        }
        JsonNode tools = jsonAttribute(a, "gen_ai.tool.definitions");
        if (tools != null) {
            ArrayNode list = array(tools, "gen_ai.tool.definitions");
            for (int i = 0; i < list.size(); i++) {
                b.tool(toolDefinition(list.get(i), "gen_ai.tool.definitions[" + i + "]"));
            }
        }
        return requireMessages(b.build());
    }

    private static LLMToolCall partToolCall(JsonNode part, String where) {
        String name = text(part, "name", where);
        String id = part.path("id").isTextual() ? part.get("id").asText() : name;
        return new LLMToolCall(id, name, part.has("arguments") ? valueText(part.get("arguments")) : "{}");
    }

    /** A text or reasoning part's content; other parts (blob, file, uri, ...) as a placeholder naming their type. */
    private static String partText(JsonNode part, String where) {
        String type = text(part, "type", where);
        if (("text".equals(type) || "reasoning".equals(type)) && part.path("content").isTextual()) {
            return part.get("content").asText();
        }
        return "[" + type + "]";
    }

    // ---------------------------------------------------------------------------------------------
    // GenAI, older indexed attributes (OpenLLMetry style): rebuilt as an OpenAI chat body

    private static LLMInteraction genAiIndexed(Map<String, Object> a) {
        ObjectNode request = Json.object();
        ArrayNode messages = request.putArray("messages");
        JsonNode promptJson = jsonAttribute(a, "gen_ai.prompt");
        if (promptJson != null) {
            messages.addAll(array(promptJson, "gen_ai.prompt"));
        }
        for (Map<String, Object> m : indexed(a, "gen_ai.prompt.").values()) {
            messages.add(indexedMessage(m, "", ""));
        }
        ObjectNode response = Json.object();
        ArrayNode choices = response.putArray("choices");
        JsonNode completionJson = jsonAttribute(a, "gen_ai.completion");
        if (completionJson != null) {
            for (JsonNode m : array(completionJson, "gen_ai.completion")) {
                choices.addObject().set("message", m);
            }
        }
        for (Map<String, Object> m : indexed(a, "gen_ai.completion.").values()) {
            choices.addObject().set("message", indexedMessage(m, "", ""));
        }
        ArrayNode tools = request.putArray("tools");
        for (Map<String, Object> f : indexed(a, "llm.request.functions.").values()) {
            ObjectNode fn = tools.addObject().put("type", "function").putObject("function");
            copyText(f, "name", fn, "name");
            copyText(f, "description", fn, "description");
            if (f.get("parameters") != null) {
                fn.set("parameters", parseOrText(f.get("parameters").toString()));
            }
        }
        return requireMessages(LlmInteractions.fromOpenAiChat(request, response));
    }

    /** One OpenAI-format message from flattened keys such as {@code role}, {@code tool_calls.0.name}. */
    private static ObjectNode indexedMessage(Map<String, Object> m, String rolePrefix, String toolPrefix) {
        ObjectNode msg = Json.object();
        msg.put("role", String.valueOf(m.getOrDefault(rolePrefix + "role", Message.ASSISTANT)));
        Object content = m.get(rolePrefix + "content");
        if (content != null) {
            msg.put("content", content.toString());
        }
        copyText(m, rolePrefix + "tool_call_id", msg, "tool_call_id");
        if (Message.TOOL.equals(msg.get("role").asText()) && !msg.has("tool_call_id")) {
            msg.put("tool_call_id", ""); // tool result whose call id was not captured
        }
        copyText(m, rolePrefix + "name", msg, "name");
        Map<Integer, Map<String, Object>> calls = indexed(m, rolePrefix + "tool_calls.");
        if (!calls.isEmpty()) {
            ArrayNode list = msg.putArray("tool_calls");
            for (Map<String, Object> c : calls.values()) {
                String name = String.valueOf(c.getOrDefault(toolPrefix + "name", c.get(toolPrefix + "function.name")));
                Object id = c.get(toolPrefix + "id");
                Object args = c.getOrDefault(toolPrefix + "arguments", c.get(toolPrefix + "function.arguments"));
                list.addObject().put("id", id == null ? name : id.toString()).put("type", "function")
                        .putObject("function").put("name", name).put("arguments", args == null ? "{}" : args.toString());
            }
        }
        Object fnName = m.getOrDefault(rolePrefix + "function_call.name", m.get(rolePrefix + "function_call_name"));
        if (fnName != null) {
            Object args = m.getOrDefault(rolePrefix + "function_call.arguments", m.get(rolePrefix + "function_call_arguments_json"));
            msg.putObject("function_call").put("name", fnName.toString()).put("arguments", args == null ? "{}" : args.toString());
        }
        return msg;
    }

    // ---------------------------------------------------------------------------------------------
    // OpenInference: rebuilt as an OpenAI chat body

    private static LLMInteraction openInference(Map<String, Object> a) {
        ObjectNode request = Json.object();
        ArrayNode messages = request.putArray("messages");
        for (Map<String, Object> m : indexed(a, "llm.input_messages.").values()) {
            messages.add(openInferenceMessage(m));
        }
        ObjectNode response = Json.object();
        ArrayNode choices = response.putArray("choices");
        for (Map<String, Object> m : indexed(a, "llm.output_messages.").values()) {
            choices.addObject().set("message", openInferenceMessage(m));
        }
        ArrayNode tools = request.putArray("tools");
        for (Map.Entry<Integer, Map<String, Object>> t : indexed(a, "llm.tools.").entrySet()) {
            String where = "llm.tools." + t.getKey() + ".tool.json_schema";
            Object schema = t.getValue().get("tool.json_schema");
            if (schema == null) {
                throw new IllegalArgumentException(where + " is required");
            }
            JsonNode tool = parseJson(schema.toString(), where);
            LLMToolDefinition def = toolDefinition(tool, where);
            ObjectNode fn = tools.addObject().put("type", "function").putObject("function");
            fn.put("name", def.name()).put("description", def.description()).set("parameters", parseOrText(def.parameters()));
        }
        return requireMessages(LlmInteractions.fromOpenAiChat(request, response));
    }

    private static ObjectNode openInferenceMessage(Map<String, Object> m) {
        ObjectNode msg = indexedMessage(m, "message.", "tool_call.");
        Map<Integer, Map<String, Object>> contents = indexed(m, "message.contents.");
        if (!msg.has("content") && !contents.isEmpty()) {
            ArrayNode parts = msg.putArray("content");
            for (Map<String, Object> c : contents.values()) {
                Object type = c.getOrDefault("message_content.type", "text");
                Object text = c.get("message_content.text");
                if (text != null && ("text".equals(type) || "reasoning".equals(type))) {
                    parts.addObject().put("type", "text").put("text", text.toString());
                } else {
                    parts.addObject().put("type", type.toString());
                }
            }
        }
        return msg;
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers

    /** Tool definitions as found in the wild: flat {name, description, parameters}, OpenAI {function: ...}, Anthropic {input_schema}. */
    private static LLMToolDefinition toolDefinition(JsonNode tool, String where) {
        JsonNode fn = tool.path("function").isObject() ? tool.get("function") : tool;
        JsonNode schema = fn.has("parameters") ? fn.get("parameters") : fn.get("input_schema");
        return new LLMToolDefinition(text(fn, "name", where),
                fn.path("description").isTextual() ? fn.get("description").asText() : null,
                schema == null || schema.isNull() ? null : valueText(schema));
    }

    private static LLMInteraction requireMessages(LLMInteraction interaction) {
        if (interaction.inputMessages().isEmpty() && interaction.outputMessages().isEmpty()) {
            throw new IllegalArgumentException("LLM span carries no messages (is message content capture enabled in "
                    + "the instrumentation?)");
        }
        return interaction;
    }

    /** Groups {@code prefix + N + "." + rest} keys by N (in numeric order), keyed by rest. */
    static Map<Integer, Map<String, Object>> indexed(Map<String, Object> flat, String prefix) {
        Map<Integer, Map<String, Object>> groups = new TreeMap<>();
        for (Map.Entry<String, Object> e : flat.entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                continue;
            }
            Matcher m = INDEXED.matcher(e.getKey().substring(prefix.length()));
            if (m.matches()) {
                groups.computeIfAbsent(Integer.parseInt(m.group(1)), k -> new HashMap<>()).put(m.group(2), e.getValue());
            }
        }
        return groups;
    }

    private static Map<String, Object> flatten(Attributes attributes) {
        Map<String, Object> map = new HashMap<>();
        attributes.forEach((k, v) -> map.put(k.getKey(), v));
        return map;
    }

    private static JsonNode jsonAttribute(Map<String, Object> a, String key) {
        Object v = a.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof List<?> list) { // a string-array attribute: one JSON element per entry
            ArrayNode array = Json.mapper().createArrayNode();
            for (Object item : list) {
                array.add(parseJson(item.toString(), key));
            }
            return array;
        }
        return parseJson(v.toString(), key);
    }

    private static JsonNode parseJson(String text, String where) {
        try {
            return Json.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode parseOrText(String text) {
        try {
            return Json.parse(text);
        } catch (IllegalArgumentException e) {
            return Json.mapper().getNodeFactory().textNode(text);
        }
    }

    private static ArrayNode array(JsonNode node, String where) {
        if (node == null || !node.isArray()) {
            throw new IllegalArgumentException(where + " must be a JSON array");
        }
        return (ArrayNode) node;
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException(where + "." + field + (v == null ? " is required" : " must be a string"));
        }
        return v.asText();
    }

    private static String valueText(JsonNode value) {
        if (value == null || value.isNull()) {
            return "";
        }
        return value.isTextual() ? value.asText() : Json.write(value);
    }

    private static void copyText(Map<String, Object> from, String key, ObjectNode to, String field) {
        Object v = from.get(key);
        if (v != null) {
            to.put(field, v.toString());
        }
    }
}

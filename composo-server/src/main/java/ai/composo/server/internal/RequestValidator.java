package ai.composo.server.internal;

import ai.composo.internal.json.Json;
import ai.composo.judge.Conversation;
import ai.composo.judge.Criterion;
import ai.composo.judge.ToolSpec;
import ai.composo.model.MultiAgentTrace;
import ai.composo.server.internal.EvalRequest.Endpoint;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a request body into an {@link EvalRequest}, or fails with FastAPI-style errors: 422 with
 * {@code {"detail": [{"type", "loc", "msg", "input"}]}} naming every bad field, or the 400 of wire-spec
 * §5.2 for a trace without LLM interactions.
 */
public final class RequestValidator {
    public static final String NO_LLM_INTERACTIONS =
            "Trace contains no LLM interactions. At least one agent instance must have an LLM interaction.";
    private static final int MAX_ECHO = 2000;

    private final List<String> acceptedCores;

    public RequestValidator(List<String> acceptedCores) {
        this.acceptedCores = List.copyOf(acceptedCores);
    }

    public EvalRequest validate(Endpoint endpoint, JsonNode body) {
        Errors errors = new Errors();
        if (body == null || !body.isObject()) {
            errors.add("model_attributes_type", List.of("body"), "Input should be a valid dictionary or object to extract fields from", body);
            throw errors.exception();
        }
        String modelCore = optionalString(body, "model_core", errors);
        if (modelCore == null) {
            modelCore = endpoint == Endpoint.REWARD ? ModelCores.REWARD_DEFAULT : ModelCores.LEGACY_DEFAULT;
        } else if (!acceptedCores.contains(modelCore)) {
            errors.add("literal_error", loc("model_core"), "Input should be one of: " + String.join(", ", acceptedCores), body.get("model_core"))
                    .putObject("ctx").put("expected", String.join(", ", acceptedCores));
            modelCore = null;
        }
        Criterion criterion = criterion(endpoint, body, errors);
        Boolean latest = optionalBoolean(body, "evaluate_latest", errors);
        Map<String, String> tags = tags(body, errors);

        if (endpoint == Endpoint.TRACE) {
            boolean evaluateLatest = latest != null && latest;
            if (modelCore != null && ModelCores.isLightning(modelCore)) {
                errors.add("value_error", loc("model_core"), "Value error, Lightning model cores (" + modelCore
                        + ") cannot evaluate traces; use an align core", body.get("model_core"));
            }
            if (evaluateLatest) {
                errors.add("value_error", loc("evaluate_latest"), "Value error, evaluate_latest must be false for trace evaluations",
                        body.get("evaluate_latest"));
            }
            TraceParts trace = trace(body, errors);
            if (!errors.isEmpty()) {
                throw errors.exception();
            }
            if (!trace.model().hasLlmInteraction()) {
                throw new ApiException(400, NO_LLM_INTERACTIONS);
            }
            return new EvalRequest(endpoint, modelCore, criterion, List.of(), List.of(), List.of(), null, false, null, tags,
                    null, trace.model(), trace.json());
        }

        boolean evaluateLatest = latest == null || latest;
        List<JsonNode> messages = messages(body, errors);
        String system = optionalString(body, "system", errors);
        String systemMessage = optionalString(body, "system_message", errors);
        if (system == null) {
            system = systemMessage;
        }
        List<JsonNode> rawTools = new ArrayList<>();
        List<ToolSpec> tools = tools(body, errors, rawTools);
        String reference = endpoint == Endpoint.BINARY ? optionalString(body, "reference_output", errors) : null;
        optionalString(body, "trace_id", errors);
        String cleaning = null;
        if (endpoint == Endpoint.REWARD) {
            cleaning = optionalString(body, "explanation_cleaning", errors);
            if (cleaning != null && !cleaning.equals("end_user")) {
                errors.add("literal_error", loc("explanation_cleaning"), "Input should be 'end_user'", body.get("explanation_cleaning"))
                        .putObject("ctx").put("expected", "'end_user'");
            }
        }
        if (modelCore != null && ModelCores.isLightning(modelCore)) {
            if (!evaluateLatest) {
                errors.add("value_error", loc("evaluate_latest"), "Value error, evaluate_latest must be true with Lightning model cores ("
                        + modelCore + ")", body.get("evaluate_latest"));
            }
            if (modelCore.equals(ModelCores.LIGHTNING_PASS_FAIL_ONLY) && criterion != null && criterion.isReward()) {
                errors.add("value_error", loc("evaluation_criteria"), "Value error, model core " + modelCore
                        + " accepts only pass/fail criteria (Passes if ... / Fails if ...)", body.get("evaluation_criteria"));
            }
        }
        if (!errors.isEmpty()) {
            throw errors.exception();
        }
        return new EvalRequest(endpoint, modelCore, criterion, messages, rawTools, tools, system, evaluateLatest, reference, tags,
                cleaning, null, null);
    }

    private Criterion criterion(Endpoint endpoint, JsonNode body, Errors errors) {
        JsonNode c = present(body, "evaluation_criteria");
        JsonNode evaluator = endpoint == Endpoint.REWARD ? present(body, "evaluator_name") : null;
        if (c == null && evaluator == null) {
            if (endpoint == Endpoint.REWARD) {
                errors.add("value_error", List.of("body"), "Value error, provide exactly one of evaluation_criteria and evaluator_name (got neither)", null);
            } else {
                errors.add("missing", loc("evaluation_criteria"), "Field required", body);
            }
            return null;
        }
        if (c != null && evaluator != null) {
            errors.add("value_error", List.of("body"), "Value error, provide exactly one of evaluation_criteria and evaluator_name (got both)", null);
            return null;
        }
        if (evaluator != null) {
            if (!evaluator.isTextual()) {
                errors.add("string_type", loc("evaluator_name"), "Input should be a valid string", evaluator);
            } else if (evaluator.asText().isEmpty() || evaluator.asText().length() > 255) {
                errors.add(evaluator.asText().isEmpty() ? "string_too_short" : "string_too_long", loc("evaluator_name"),
                        "String should have between 1 and 255 characters", evaluator);
            } else {
                errors.add("value_error", loc("evaluator_name"), "Value error, unknown evaluator '" + evaluator.asText()
                        + "': this server has no saved evaluators; send evaluation_criteria instead", evaluator);
            }
            return null;
        }
        if (!c.isTextual()) {
            errors.add("string_type", loc("evaluation_criteria"), "Input should be a valid string", c);
            return null;
        }
        String text = c.asText();
        if (text.isEmpty()) {
            errors.add("string_too_short", loc("evaluation_criteria"), "String should have at least 1 character", c)
                    .putObject("ctx").put("min_length", 1);
            return null;
        }
        if (text.length() > Criterion.MAX_LENGTH) {
            errors.add("string_too_long", loc("evaluation_criteria"), "String should have at most " + Criterion.MAX_LENGTH
                    + " characters (got " + text.length() + ")", null).putObject("ctx").put("max_length", Criterion.MAX_LENGTH);
            return null;
        }
        Criterion parsed;
        try {
            parsed = Criterion.parse(text);
        } catch (IllegalArgumentException e) {
            errors.add("value_error", loc("evaluation_criteria"), "Value error, " + e.getMessage(), c);
            return null;
        }
        if (endpoint == Endpoint.BINARY && parsed.isReward()) {
            errors.add("value_error", loc("evaluation_criteria"), "Value error, /api/v1/evals/binary takes pass/fail criteria "
                    + "(Passes if ..., Fails if ...); send graded Reward/Penalize criteria to /api/v1/evals/reward", c);
            return null;
        }
        return parsed;
    }

    private List<JsonNode> messages(JsonNode body, Errors errors) {
        JsonNode m = present(body, "messages");
        if (m == null) {
            errors.add("missing", loc("messages"), "Field required", body);
            return List.of();
        }
        if (!m.isArray()) {
            errors.add("list_type", loc("messages"), "Input should be a valid list", m);
            return List.of();
        }
        if (m.size() < 2) {
            ObjectNode e = errors.add("too_short", loc("messages"), "List should have at least 2 items after validation, not " + m.size(), m);
            e.putObject("ctx").put("field_type", "List").put("min_length", 2).put("actual_length", m.size());
            return List.of();
        }
        List<JsonNode> out = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < m.size(); i++) {
            JsonNode msg = m.get(i);
            if (!msg.isObject()) {
                errors.add("dict_type", loc("messages", i), "Input should be a valid dictionary", msg);
                ok = false;
                continue;
            }
            JsonNode role = msg.get("role");
            if (role == null || role.isNull()) {
                errors.add("missing", loc("messages", i, "role"), "Field required", msg);
                ok = false;
            } else if (!role.isTextual()) {
                errors.add("string_type", loc("messages", i, "role"), "Input should be a valid string", role);
                ok = false;
            } else if (!Conversation.ROLES.contains(role.asText())) {
                errors.add("literal_error", loc("messages", i, "role"), "Input should be 'system', 'user', 'assistant' or 'tool'", role)
                        .putObject("ctx").put("expected", "'system', 'user', 'assistant' or 'tool'");
                ok = false;
            }
            JsonNode content = msg.get("content");
            if (content != null && !content.isNull() && !content.isTextual() && !content.isArray()) {
                errors.add("value_error", loc("messages", i, "content"),
                        "Value error, content must be a string, a list of content parts or null", content);
                ok = false;
            }
            if (content != null && content.isArray() && !toolParts(content, errors, new Object[] {"messages", i, "content"})) {
                ok = false;
            }
            JsonNode toolCalls = msg.get("tool_calls");
            if (toolCalls != null && !toolCalls.isNull() && !toolCalls.isArray()) {
                errors.add("list_type", loc("messages", i, "tool_calls"), "Input should be a valid list", toolCalls);
                ok = false;
            } else if (toolCalls != null && toolCalls.isArray() && !toolCalls(toolCalls, errors, new Object[] {"messages", i, "tool_calls"})) {
                ok = false;
            }
            out.add(msg);
        }
        if (ok) {
            try {
                Conversation.of(out);
            } catch (IllegalArgumentException e) {
                errors.add("value_error", locFromMessage(e.getMessage()), "Value error, " + e.getMessage(), null);
            }
        }
        return out;
    }

    /** {@code messages[2].content[1]: ...} → ["body", "messages", 2, "content", 1]. */
    private static List<Object> locFromMessage(String message) {
        List<Object> l = new ArrayList<>(List.of("body"));
        int colon = message.indexOf(':');
        String path = colon > 0 ? message.substring(0, colon) : "messages";
        for (String part : path.split("\\.")) {
            int b = part.indexOf('[');
            l.add(b < 0 ? part : part.substring(0, b));
            while (b >= 0) {
                int e = part.indexOf(']', b);
                try {
                    l.add(Integer.parseInt(part.substring(b + 1, e)));
                } catch (RuntimeException ex) {
                    break;
                }
                b = part.indexOf('[', e);
            }
        }
        return l;
    }

    private List<ToolSpec> tools(JsonNode body, Errors errors, List<JsonNode> raw) {
        JsonNode t = present(body, "tools");
        if (t == null) {
            return List.of();
        }
        if (!t.isArray()) {
            errors.add("list_type", loc("tools"), "Input should be a valid list", t);
            return List.of();
        }
        List<ToolSpec> out = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            JsonNode tool = t.get(i);
            if (!tool.isObject()) {
                errors.add("dict_type", loc("tools", i), "Input should be a valid dictionary", tool);
                continue;
            }
            if (!toolDefinition(tool, errors, new Object[] {"tools", i})) {
                continue;
            }
            try {
                out.add(ToolSpec.fromJson(tool));
                raw.add(tool);
            } catch (IllegalArgumentException e) {
                errors.add("value_error", loc("tools", i), "Value error, " + e.getMessage(), tool);
            }
        }
        return out;
    }

    /**
     * An OpenAI ({@code {"type": "function", "function": {"name", "description", "parameters"}}}) or Anthropic
     * ({@code {"name", "description", "input_schema"}}) tool definition; the schema, when given, must be an object.
     */
    private static boolean toolDefinition(JsonNode tool, Errors errors, Object[] at) {
        int before = errors.size();
        optionalString(tool, "type", errors, at);
        JsonNode function = present(tool, "function");
        Object[] fat = at;
        JsonNode f = tool;
        if (function != null) {
            fat = concat(at, "function");
            if (!function.isObject()) {
                errors.add("dict_type", loc(fat), "Input should be a valid dictionary (the function's name, description and parameters)", function);
                return false;
            }
            f = function;
        }
        requireString(f, "name", errors, fat);
        optionalString(f, "description", errors, fat);
        for (String schema : new String[] {"parameters", "input_schema"}) {
            JsonNode v = present(f, schema);
            if (v != null && !v.isObject()) {
                errors.add("dict_type", loc(concat(fat, schema)), "Input should be a valid dictionary (a JSON Schema object)", v);
            }
        }
        return errors.size() == before;
    }

    /** OpenAI tool calls of an assistant message: {@code {"id", "type": "function", "function": {"name", "arguments"}}}. */
    private static boolean toolCalls(JsonNode calls, Errors errors, Object[] at) {
        int before = errors.size();
        for (int j = 0; j < calls.size(); j++) {
            JsonNode call = calls.get(j);
            Object[] cat = concat(at, j);
            if (!call.isObject()) {
                errors.add("dict_type", loc(cat), "Input should be a valid dictionary", call);
                continue;
            }
            optionalString(call, "id", errors, cat);
            optionalString(call, "type", errors, cat);
            JsonNode f = call.get("function");
            if (f == null || f.isNull()) {
                errors.add("missing", loc(concat(cat, "function")), "Field required (a tool call names the function it calls)", call);
                continue;
            }
            if (!f.isObject()) {
                errors.add("dict_type", loc(concat(cat, "function")), "Input should be a valid dictionary", f);
                continue;
            }
            requireString(f, "name", errors, concat(cat, "function"));
            JsonNode args = present(f, "arguments");
            if (args != null && !args.isTextual() && !args.isObject()) {
                errors.add("string_type", loc(concat(cat, "function", "arguments")),
                        "Input should be a valid string (the arguments as JSON text)", args);
            }
        }
        return errors.size() == before;
    }

    /** Anthropic content parts that call a tool or carry its result. */
    private static boolean toolParts(JsonNode content, Errors errors, Object[] at) {
        int before = errors.size();
        for (int p = 0; p < content.size(); p++) {
            JsonNode part = content.get(p);
            String type = part.path("type").asText("");
            Object[] pat = concat(at, p);
            if (type.equals("tool_use")) {
                requireString(part, "name", errors, pat);
                optionalString(part, "id", errors, pat);
                JsonNode input = present(part, "input");
                if (input != null && !input.isObject()) {
                    errors.add("dict_type", loc(concat(pat, "input")), "Input should be a valid dictionary (the tool's arguments)", input);
                }
            } else if (type.equals("tool_result")) {
                requireString(part, "tool_use_id", errors, pat);
            }
        }
        return errors.size() == before;
    }

    private static void optionalString(JsonNode parent, String field, Errors errors, Object[] at) {
        JsonNode v = present(parent, field);
        if (v != null && !v.isTextual()) {
            errors.add("string_type", loc(concat(at, field)), "Input should be a valid string", v);
        }
    }

    private Map<String, String> tags(JsonNode body, Errors errors) {
        JsonNode t = present(body, "tags");
        Map<String, String> out = new LinkedHashMap<>();
        if (t == null) {
            return out;
        }
        if (!t.isObject()) {
            errors.add("dict_type", loc("tags"), "Input should be a valid dictionary", t);
            return out;
        }
        t.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) {
                errors.add("string_type", loc("tags", e.getKey()), "Input should be a valid string (tag values must be strings)", e.getValue());
            } else {
                out.put(e.getKey(), e.getValue().asText());
            }
        });
        return out;
    }

    private record TraceParts(MultiAgentTrace model, JsonNode json) {}

    private TraceParts trace(JsonNode body, Errors errors) {
        JsonNode t = present(body, "trace");
        if (t == null) {
            errors.add("missing", loc("trace"), "Field required", body);
            return null;
        }
        if (!t.isObject()) {
            errors.add("model_attributes_type", loc("trace"), "Input should be a valid dictionary or object to extract fields from", t);
            return null;
        }
        int before = errors.size();
        JsonNode root = t.get("root_agent_instance_id");
        if (root == null || root.isNull()) {
            errors.add("missing", loc("trace", "root_agent_instance_id"), "Field required", t);
        } else if (!root.isTextual()) {
            errors.add("string_type", loc("trace", "root_agent_instance_id"), "Input should be a valid string", root);
        }
        JsonNode map = t.get("agent_instance_by_id");
        if (map == null || map.isNull()) {
            errors.add("missing", loc("trace", "agent_instance_by_id"), "Field required", t);
        } else if (!map.isObject()) {
            errors.add("dict_type", loc("trace", "agent_instance_by_id"), "Input should be a valid dictionary", map);
        } else {
            map.fields().forEachRemaining(e -> instance(e.getKey(), e.getValue(), errors));
            if (root != null && root.isTextual() && !map.has(root.asText())) {
                errors.add("value_error", loc("trace", "root_agent_instance_id"), "Value error, root_agent_instance_id '" + root.asText()
                        + "' is not a key of agent_instance_by_id", root);
            }
        }
        if (errors.size() > before) {
            return null;
        }
        try {
            return new TraceParts(Json.convert(t, MultiAgentTrace.class), t);
        } catch (IllegalArgumentException e) {
            errors.add("value_error", loc("trace"), "Value error, " + Database.rootMessage(e), null);
            return null;
        }
    }

    private void instance(String key, JsonNode inst, Errors errors) {
        Object[] at = {"trace", "agent_instance_by_id", key};
        if (!inst.isObject()) {
            errors.add("model_attributes_type", loc(at), "Input should be a valid dictionary or object to extract fields from", inst);
            return;
        }
        JsonNode id = inst.get("id");
        if (requireString(inst, "id", errors, at) && !id.asText().equals(key)) {
            errors.add("value_error", loc(concat(at, "id")), "Value error, an agent instance's id must equal its key '" + key + "'", id);
        }
        requireString(inst, "name", errors, at);
        JsonNode interactions = inst.get("interactions");
        if (interactions == null || interactions.isNull()) {
            errors.add("missing", loc(concat(at, "interactions")), "Field required", inst);
            return;
        }
        if (!interactions.isArray()) {
            errors.add("list_type", loc(concat(at, "interactions")), "Input should be a valid list", interactions);
            return;
        }
        for (int i = 0; i < interactions.size(); i++) {
            JsonNode it = interactions.get(i);
            Object[] iat = concat(at, "interactions", i);
            if (it.isTextual()) {
                continue;
            }
            if (!it.isObject()) {
                errors.add("value_error", loc(iat), "Value error, an interaction must be a child agent instance id (string) or an LLM interaction (object)", it);
                continue;
            }
            JsonNode inputs = it.get("input_messages");
            if (checkList(it, "input_messages", errors, iat, true)) {
                for (int j = 0; j < inputs.size(); j++) {
                    message(inputs.get(j), errors, concat(iat, "input_messages", j), true);
                }
            }
            JsonNode outputs = it.get("output_messages");
            if (checkList(it, "output_messages", errors, iat, true)) {
                for (int j = 0; j < outputs.size(); j++) {
                    message(outputs.get(j), errors, concat(iat, "output_messages", j), false);
                }
            }
            JsonNode tools = it.get("tools_available");
            if (checkList(it, "tools_available", errors, iat, false)) {
                for (int j = 0; j < tools.size(); j++) {
                    Object[] tat = concat(iat, "tools_available", j);
                    JsonNode tool = tools.get(j);
                    if (!tool.isObject()) {
                        errors.add("dict_type", loc(tat), "Input should be a valid dictionary", tool);
                        continue;
                    }
                    requireString(tool, "name", errors, tat);
                }
            }
        }
    }

    private void message(JsonNode m, Errors errors, Object[] at, boolean input) {
        if (!m.isObject()) {
            errors.add("dict_type", loc(at), "Input should be a valid dictionary", m);
            return;
        }
        if (input) {
            requireString(m, "role", errors, at);
        }
        JsonNode type = m.get("type");
        if (type != null && !type.isNull() && !type.isTextual()) {
            errors.add("string_type", loc(concat(at, "type")), "Input should be a valid string", type);
        }
        JsonNode content = m.get("content");
        if (content == null || content.isNull()) {
            errors.add("missing", loc(concat(at, "content")), "Field required", m);
        } else if (content.isObject()) {
            Object[] cat = concat(at, "content");
            requireString(content, "id", errors, cat);
            if (content.has("response")) {
                if (!input) {
                    errors.add("value_error", loc(cat), "Value error, an output message cannot hold a tool response", null);
                } else if (content.get("response").isNull()) {
                    errors.add("missing", loc(concat(cat, "response")), "Field required", content);
                }
            } else {
                requireString(content, "name", errors, cat);
            }
        } else if (!content.isTextual()) {
            errors.add("value_error", loc(concat(at, "content")), "Value error, content must be a string, a tool call or a tool response", content);
        }
    }

    private boolean checkList(JsonNode parent, String field, Errors errors, Object[] at, boolean required) {
        JsonNode v = parent.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                errors.add("missing", loc(concat(at, field)), "Field required", parent);
            }
            return false;
        }
        if (!v.isArray()) {
            errors.add("list_type", loc(concat(at, field)), "Input should be a valid list", v);
            return false;
        }
        return true;
    }

    private static boolean requireString(JsonNode parent, String field, Errors errors, Object[] at) {
        JsonNode v = parent.get(field);
        if (v == null || v.isNull()) {
            errors.add("missing", loc(concat(at, field)), "Field required", parent);
            return false;
        }
        if (!v.isTextual()) {
            errors.add("string_type", loc(concat(at, field)), "Input should be a valid string", v);
            return false;
        }
        return true;
    }

    private static Object[] concat(Object[] a, Object... more) {
        Object[] out = Arrays.copyOf(a, a.length + more.length);
        System.arraycopy(more, 0, out, a.length, more.length);
        return out;
    }

    private static JsonNode present(JsonNode body, String field) {
        JsonNode v = body.get(field);
        return v == null || v.isNull() ? null : v;
    }

    private static String optionalString(JsonNode body, String field, Errors errors) {
        JsonNode v = present(body, field);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            errors.add("string_type", loc(field), "Input should be a valid string", v);
            return null;
        }
        return v.asText();
    }

    private static Boolean optionalBoolean(JsonNode body, String field, Errors errors) {
        JsonNode v = present(body, field);
        if (v == null) {
            return null;
        }
        if (!v.isBoolean()) {
            errors.add("bool_type", loc(field), "Input should be a valid boolean", v);
            return null;
        }
        return v.asBoolean();
    }

    private static List<Object> loc(Object... path) {
        List<Object> l = new ArrayList<>();
        l.add("body");
        l.addAll(Arrays.asList(path));
        return l;
    }

    /** Collected validation errors, answered as one 422. */
    static final class Errors {
        private final ArrayNode list = JsonNodeFactory.instance.arrayNode();
        private static final Set<String> NO_ECHO = Set.of();

        ObjectNode add(String type, List<Object> loc, String msg, JsonNode input) {
            ObjectNode e = list.addObject();
            e.put("type", type);
            ArrayNode l = e.putArray("loc");
            for (Object o : loc) {
                if (o instanceof Number n) {
                    l.add(n.longValue());
                } else {
                    l.add(String.valueOf(o));
                }
            }
            e.put("msg", msg);
            if (input != null && !NO_ECHO.contains(type)) {
                String text = input.toString();
                if (text.length() <= MAX_ECHO) {
                    e.set("input", input);
                }
            } else if (input == null && "missing".equals(type)) {
                e.putNull("input");
            }
            return e;
        }

        boolean isEmpty() {
            return list.isEmpty();
        }

        int size() {
            return list.size();
        }

        ApiException exception() {
            return new ApiException(422, list, null);
        }
    }
}

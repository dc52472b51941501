package ai.composo.judge.embedded.internal;

import ai.composo.judge.ToolSpec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Validity of tool calls against the tools' JSON Schemas, and error detection in tool results. */
public final class ToolChecks {
    private ToolChecks() {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ERROR = Pattern.compile(
            "(?i)\\b(?:error|exception|traceback|failed|failure|invalid|not found|unauthori[sz]ed|forbidden|denied|timed? ?out|unknown (?:tool|function|parameter|argument)|missing (?:required )?(?:parameter|argument|field)|bad request|status(?:_code)?\"?\\s*[:=]\\s*\"?[45]\\d\\d)\\b");

    /** The outcome of checking one call: 1 = valid; the problems in words. */
    public record Check(double validity, List<String> problems, JsonNode args) {}

    public static Check check(View.Call call, List<ToolSpec> tools) {
        List<String> problems = new ArrayList<>();
        JsonNode args;
        try {
            args = JSON.readTree(call.arguments() == null || call.arguments().isBlank() ? "{}" : call.arguments());
        } catch (Exception e) {
            return new Check(0.0, List.of("arguments of '" + call.name() + "' are not valid JSON"), null);
        }
        if (args == null || !args.isObject()) {
            return new Check(0.1, List.of("arguments of '" + call.name() + "' are not a JSON object"), args);
        }
        if (tools.isEmpty()) {
            return new Check(0.7, List.of("no tool definitions were given, so the call could not be checked"), args);
        }
        ToolSpec spec = tools.stream().filter(t -> t.name().equals(call.name())).findFirst().orElse(null);
        if (spec == null) {
            return new Check(0.0, List.of("'" + call.name() + "' is not one of the defined tools"), args);
        }
        JsonNode schema = spec.parameters();
        JsonNode props = schema.path("properties");
        int checks = 1;
        double passed = 1;
        for (JsonNode req : schema.path("required")) {
            checks++;
            JsonNode v = args.get(req.asText());
            if (v == null || v.isNull() || (v.isTextual() && v.asText().isBlank())) {
                problems.add("required argument '" + req.asText() + "' is missing");
            } else {
                passed++;
            }
        }
        Iterator<Map.Entry<String, JsonNode>> it = args.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            checks++;
            JsonNode p = props.get(e.getKey());
            if (p == null) {
                if (props.size() > 0 || schema.path("additionalProperties").isBoolean()) {
                    problems.add("argument '" + e.getKey() + "' is not defined by the schema");
                    continue;
                }
                passed++;
                continue;
            }
            String typeProblem = typeProblem(e.getKey(), e.getValue(), p);
            if (typeProblem != null) {
                problems.add(typeProblem);
            } else {
                passed++;
            }
        }
        return new Check(passed / checks, problems, args);
    }

    private static String typeProblem(String name, JsonNode v, JsonNode schema) {
        JsonNode enumNode = schema.get("enum");
        if (enumNode != null && enumNode.isArray()) {
            for (JsonNode allowed : enumNode) {
                if (allowed.equals(v)) {
                    return null;
                }
            }
            return "argument '" + name + "' = " + v + " is not one of " + enumNode;
        }
        JsonNode type = schema.get("type");
        if (type == null) {
            return null;
        }
        List<String> types = new ArrayList<>();
        if (type.isArray()) {
            type.forEach(t -> types.add(t.asText()));
        } else {
            types.add(type.asText());
        }
        for (String t : types) {
            if (matches(t, v)) {
                return null;
            }
        }
        return "argument '" + name + "' should be " + String.join(" or ", types) + " but is " + describe(v);
    }

    private static boolean matches(String type, JsonNode v) {
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "string" -> v.isTextual();
            case "integer" -> v.isIntegralNumber() || (v.isNumber() && v.asDouble() == Math.rint(v.asDouble()));
            case "number" -> v.isNumber();
            case "boolean" -> v.isBoolean();
            case "array" -> v.isArray();
            case "object" -> v.isObject();
            case "null" -> v.isNull();
            default -> true;
        };
    }

    private static String describe(JsonNode v) {
        if (v.isTextual()) {
            return "a string";
        }
        if (v.isNumber()) {
            return "a number";
        }
        if (v.isBoolean()) {
            return "a boolean";
        }
        if (v.isArray()) {
            return "an array";
        }
        return v.isObject() ? "an object" : "null";
    }

    public static boolean looksLikeError(String result) {
        return result != null && ERROR.matcher(result).find();
    }

    /** Canonical text of arguments, so that reordered keys compare equal. */
    public static String canonical(String arguments) {
        try {
            JsonNode n = JSON.readTree(arguments == null || arguments.isBlank() ? "{}" : arguments);
            return JSON.writeValueAsString(sort(n));
        } catch (Exception e) {
            return arguments == null ? "" : arguments.strip();
        }
    }

    private static Object sort(JsonNode n) {
        if (n.isObject()) {
            java.util.TreeMap<String, Object> m = new java.util.TreeMap<>();
            n.fields().forEachRemaining(e -> m.put(e.getKey(), sort(e.getValue())));
            return m;
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>();
            n.forEach(x -> l.add(sort(x)));
            return l;
        }
        return n;
    }

    /** Plain string values among the arguments (for checking that they come from the conversation). */
    public static List<String> stringValues(JsonNode args) {
        List<String> out = new ArrayList<>();
        if (args == null) {
            return out;
        }
        if (args.isTextual()) {
            out.add(args.asText());
        } else if (args.isContainerNode()) {
            args.forEach(v -> out.addAll(stringValues(v)));
        } else if (args.isNumber()) {
            out.add(args.asText());
        }
        return out;
    }
}

package ai.composo.judge.openai.internal;

import ai.composo.internal.json.Json;
import ai.composo.judge.Criterion;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/**
 * Request bodies for {@code POST /chat/completions} and the reading of their answers. Not API.
 */
public final class ChatCompletions {

    /** How the answer's shape is requested: a JSON Schema, any JSON object, or only by the prompt. */
    public enum Format { JSON_SCHEMA, JSON_OBJECT, PLAIN }

    private ChatCompletions() {}

    /**
     * The request body: the judge prompt plus {@code followUp} messages (earlier unreadable answers and the
     * correction asked for), the configured temperature (0 unless sampling), the seed plus {@code sample} (each sample
     * its own seed), and the output format and logprobs as given.
     */
    public static ObjectNode body(OpenAiSettings s, JudgePrompt prompt, List<JsonNode> followUp, Format format, boolean logprobs,
                                  boolean maxCompletionTokens, int sample) {
        ObjectNode b = chat(s, prompt.system(), prompt.user(), followUp, maxCompletionTokens);
        b.put("temperature", s.temperature());
        b.put("seed", s.seed() + sample);
        if (format == Format.JSON_SCHEMA) {
            ObjectNode rf = b.putObject("response_format");
            rf.put("type", "json_schema");
            ObjectNode js = rf.putObject("json_schema");
            js.put("name", prompt.kind() == Criterion.Kind.REWARD ? "graded_evaluation" : "pass_fail_evaluation");
            js.put("strict", true);
            js.set("schema", schema(prompt.kind()));
        } else if (format == Format.JSON_OBJECT) {
            b.putObject("response_format").put("type", "json_object");
        }
        if (logprobs) {
            b.put("logprobs", true);
            b.put("top_logprobs", OpenAiSettings.TOP_LOGPROBS);
        }
        return b;
    }

    /**
     * The request that turns a judge's explanation into one for the end user ({@code explanation_cleaning:
     * "end_user"}). Only the explanation is sent, never the conversation's system prompt or tools, so the rewrite
     * cannot leak them; the answer is plain text.
     */
    public static ObjectNode endUserRewriteBody(OpenAiSettings s, String explanation, boolean maxCompletionTokens) {
        return chat(s, """
                You rewrite an evaluator's notes about an AI assistant's reply so that they can be shown to the person \
                who talked to the assistant. Keep what the notes say about the reply itself: what it said or did well or \
                badly. Refer only to things that person and the assistant can see in their conversation. Do not mention \
                the system prompt, tool definitions, the evaluation criterion, scores, ratings or the evaluator. Answer \
                with one to three plain sentences about "the response", and nothing else.""",
                "Evaluator's notes:\n" + truncate(explanation, 8000), List.of(), maxCompletionTokens);
    }

    /** A deterministic chat completion request: a system and a user message (plus follow-ups), no streaming. */
    private static ObjectNode chat(OpenAiSettings s, String system, String user, List<JsonNode> followUp, boolean maxCompletionTokens) {
        ObjectNode b = Json.object();
        b.put("model", s.model());
        ArrayNode messages = b.putArray("messages");
        messages.addObject().put("role", "system").put("content", system);
        messages.addObject().put("role", "user").put("content", user);
        followUp.forEach(messages::add);
        b.put("temperature", 0);
        b.put("seed", s.seed());
        // newer OpenAI models accept only max_completion_tokens; other servers know only max_tokens
        b.put(maxCompletionTokens ? "max_completion_tokens" : "max_tokens", s.maxTokens());
        b.put("stream", false);
        return b;
    }

    /** The JSON Schema of the answer: explanation first, then the score or verdict. */
    public static ObjectNode schema(Criterion.Kind kind) {
        ObjectNode schema = Json.object();
        schema.put("type", "object");
        ObjectNode props = schema.putObject("properties");
        props.putObject("explanation").put("type", "string");
        ArrayNode required = schema.putArray("required").add("explanation");
        if (kind == Criterion.Kind.REWARD) {
            ObjectNode score = props.putObject("score");
            score.putArray("type").add("integer").add("null");
            score.put("minimum", 0);
            score.put("maximum", 10);
            required.add("score");
        } else {
            ObjectNode verdict = props.putObject("verdict");
            verdict.put("type", "string");
            verdict.putArray("enum").add("pass").add("fail").add("not_applicable");
            required.add("verdict");
        }
        schema.put("additionalProperties", false);
        return schema;
    }

    /** The message asking for a readable answer after an unreadable one. */
    public static List<JsonNode> correction(String unreadableAnswer, String reason, Criterion.Kind kind) {
        ObjectNode assistant = Json.object().put("role", "assistant")
                .put("content", unreadableAnswer == null ? "" : truncate(unreadableAnswer, 4000));
        String shape = kind == Criterion.Kind.REWARD
                ? "{\"explanation\": \"...\", \"score\": <integer from 0 to 10, or null>}"
                : "{\"explanation\": \"...\", \"verdict\": \"pass\" | \"fail\" | \"not_applicable\"}";
        ObjectNode user = Json.object().put("role", "user")
                .put("content", "Your answer could not be read (" + reason + "). Reply again with only the JSON object "
                        + shape + ", with a short explanation first.");
        return List.of(assistant, user);
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    /** True when an error answer of the endpoint names one of {@code words} (case-insensitive). */
    public static boolean mentions(String errorBody, String... words) {
        String b = errorBody == null ? "" : errorBody.toLowerCase(Locale.ROOT);
        for (String w : words) {
            if (b.contains(w)) {
                return true;
            }
        }
        return false;
    }
}

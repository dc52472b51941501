package ai.composo.judge.openai.internal;

import ai.composo.judge.Criterion;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the judge model's answer: the JSON object the prompt asks for, wherever it sits in the text
 * (after a {@code <think>} block, inside a code fence, with single quotes or trailing commas), or, when
 * there is no such object, {@code score: 7} / {@code verdict: pass} lines. Anything else is
 * {@link Malformed}, with a reason that is fed back to the model and, in the end, to the user. Not API.
 */
public final class AnswerParser {

    /** A readable answer. {@code score} is on the 0..10 scale; null with outcome NOT_APPLICABLE. */
    public record Answer(String explanation, Outcome outcome, Double score) {}

    public enum Outcome { SCORED, PASS, FAIL, NOT_APPLICABLE }

    /** The answer could not be read; {@link #getMessage()} says why, in words fit for a user. */
    public static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Malformed(String reason) {
            super(reason, null, false, false);
        }
    }

    private static final ObjectMapper LENIENT = JsonMapper.builder(JsonFactory.builder()
                    .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
                    .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
                    .enable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
                    .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
                    .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
                    .build())
            .build();

    private static final Pattern THINK = Pattern.compile("(?s)<think>.*?</think>");
    private static final Pattern PLAIN_SCORE = Pattern.compile(
            "(?im)^\\W*score\\W*[:=]\\s*\"?(-?\\d+(?:\\.\\d+)?|null|n/?a|none)\\b");
    private static final Pattern PLAIN_VERDICT = Pattern.compile(
            "(?im)^\\W*verdict\\W*[:=]\\s*\"?(pass(?:ed)?|fail(?:ed)?|not[_ ]applicable|n/?a)\\b");
    private static final Pattern PLAIN_EXPLANATION = Pattern.compile("(?is)^\\W*explanation\\W*[:=]\\s*(.*?)\\s*$");

    private AnswerParser() {}

    public static Answer parse(String content, Criterion.Kind kind) {
        if (content == null || content.isBlank()) {
            throw new Malformed("the model returned an empty answer");
        }
        String text = withoutThinking(content);
        String key = kind == Criterion.Kind.REWARD ? "score" : "verdict";
        JsonNode object = lastObjectWith(text, key);
        if (object != null) {
            return fromJson(object, kind);
        }
        return fromPlainText(text, kind);
    }

    static String withoutThinking(String content) {
        String text = THINK.matcher(content).replaceAll("");
        int open = text.indexOf("</think>");
        if (open >= 0) {
            // an answer whose opening <think> was stripped by the server
            text = text.substring(open + "</think>".length());
        }
        return text;
    }

    /** The last JSON object in {@code text} that has {@code key} (nested objects are searched too). */
    private static JsonNode lastObjectWith(String text, String key) {
        JsonNode found = null;
        int from = 0;
        while (true) {
            int start = text.indexOf('{', from);
            if (start < 0) {
                return found;
            }
            JsonNode node = readObjectAt(text, start);
            JsonNode match = node == null ? null : withKey(node, key);
            if (match != null) {
                found = match;
            }
            from = start + 1;
        }
    }

    private static JsonNode readObjectAt(String text, int start) {
        try (JsonParser p = LENIENT.createParser(text.substring(start))) {
            JsonNode node = LENIENT.readTree(p);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static JsonNode withKey(JsonNode node, String key) {
        if (!node.isObject()) {
            return null;
        }
        if (node.has(key) || key.equals("verdict") && node.has("passed")) {
            return node;
        }
        for (JsonNode child : node) {
            JsonNode m = withKey(child, key);
            if (m != null) {
                return m;
            }
        }
        return null;
    }

    private static Answer fromJson(JsonNode o, Criterion.Kind kind) {
        JsonNode e = o.get("explanation");
        String explanation = e == null || e.isNull() ? "" : e.isTextual() ? e.asText().strip() : e.toString();
        if (kind == Criterion.Kind.REWARD) {
            return scored(explanation, o.get("score"));
        }
        JsonNode v = o.has("verdict") ? o.get("verdict") : o.get("passed");
        return verdict(explanation, v);
    }

    private static Answer scored(String explanation, JsonNode s) {
        if (s == null || s.isNull()) {
            return new Answer(explanation, Outcome.NOT_APPLICABLE, null);
        }
        if (s.isNumber()) {
            return new Answer(explanation, Outcome.SCORED, inRange(s.asDouble(), s.asText()));
        }
        if (s.isTextual()) {
            return scoreText(explanation, s.asText());
        }
        throw new Malformed("\"score\" must be an integer from 0 to 10 or null, got " + abbreviate(s.toString()));
    }

    private static Answer scoreText(String explanation, String raw) {
        String t = raw.strip().toLowerCase(Locale.ROOT);
        if (t.equals("null") || t.equals("n/a") || t.equals("na") || t.equals("none") || t.equals("not_applicable")
                || t.equals("not applicable")) {
            return new Answer(explanation, Outcome.NOT_APPLICABLE, null);
        }
        String number = t.endsWith("/10") ? t.substring(0, t.length() - 3).strip() : t;
        try {
            return new Answer(explanation, Outcome.SCORED, inRange(Double.parseDouble(number), raw));
        } catch (NumberFormatException ex) {
            throw new Malformed("\"score\" must be an integer from 0 to 10 or null, got \"" + abbreviate(raw) + "\"");
        }
    }

    private static double inRange(double v, String raw) {
        if (Double.isNaN(v) || v < 0 || v > 10) {
            throw new Malformed("\"score\" must be from 0 to 10, got " + abbreviate(raw));
        }
        return v;
    }

    private static Answer verdict(String explanation, JsonNode v) {
        if (v == null || v.isNull()) {
            throw new Malformed("\"verdict\" must be \"pass\", \"fail\" or \"not_applicable\", got null");
        }
        if (v.isBoolean()) {
            return new Answer(explanation, v.asBoolean() ? Outcome.PASS : Outcome.FAIL, null);
        }
        Outcome o = verdictWord(v.asText());
        if (o == null) {
            throw new Malformed("\"verdict\" must be \"pass\", \"fail\" or \"not_applicable\", got " + abbreviate(v.toString()));
        }
        return new Answer(explanation, o, null);
    }

    static Outcome verdictWord(String raw) {
        String w = raw.strip().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        switch (w) {
            case "pass": case "passed": case "passes": case "true": case "yes":
                return Outcome.PASS;
            case "fail": case "failed": case "fails": case "false": case "no":
                return Outcome.FAIL;
            case "not_applicable": case "n/a": case "na": case "none": case "null":
                return Outcome.NOT_APPLICABLE;
            default:
                return null;
        }
    }

    private static Answer fromPlainText(String text, Criterion.Kind kind) {
        Matcher m = (kind == Criterion.Kind.REWARD ? PLAIN_SCORE : PLAIN_VERDICT).matcher(text);
        String value = null;
        int at = -1;
        while (m.find()) {
            value = m.group(1);
            at = m.start();
        }
        if (value == null) {
            throw new Malformed(kind == Criterion.Kind.REWARD
                    ? "no JSON object with a \"score\" field in the answer: " + abbreviate(text.strip())
                    : "no JSON object with a \"verdict\" field in the answer: " + abbreviate(text.strip()));
        }
        String rest = (text.substring(0, at) + text.substring(text.indexOf('\n', at) < 0 ? text.length() : text.indexOf('\n', at))).strip();
        Matcher e = PLAIN_EXPLANATION.matcher(rest);
        String explanation = e.find() ? e.group(1) : rest;
        if (kind == Criterion.Kind.REWARD) {
            return scoreText(explanation, value);
        }
        return new Answer(explanation, verdictWord(value), null);
    }

    static String abbreviate(String s) {
        String one = s.replaceAll("\\s+", " ");
        return one.length() <= 200 ? one : one.substring(0, 200) + "…";
    }
}

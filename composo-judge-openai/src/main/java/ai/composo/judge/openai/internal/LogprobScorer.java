package ai.composo.judge.openai.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * G-Eval style scoring from token log-probabilities ({@code choices[0].logprobs.content} of an
 * OpenAI-compatible answer, requested with {@code top_logprobs}). The sampled tokens are joined back into
 * text, the position where the value of {@code "score"} (or {@code "verdict"}) starts is found, and the
 * alternatives the model considered at that position are read:
 * <ul>
 * <li>score: the probability-weighted mean over the tokens that are whole numbers 0..10, renormalised
 * over those tokens (the mass on {@code null} and on unrelated tokens is left out);</li>
 * <li>verdict: the probability of {@code pass} among the pass and fail tokens.</li>
 * </ul>
 * Tokenisers that split numbers into digits make "10" two tokens; when the sampled value is 10 the split
 * is resolved from the next position's alternatives, otherwise a lone "1" alternative is read as 1 or 10,
 * whichever is nearer to the rest of the distribution. Not API.
 */
public final class LogprobScorer {

    /** Probability-weighted score on the 0..10 scale, the distribution it came from, and the mass it covers. */
    public record ScoreDistribution(double mean, Map<Integer, Double> probabilities, double coveredMass, int sampled) {}

    /** Probability of pass among pass and fail, and the mass those two cover. */
    public record PassProbability(double pass, double coveredMass, boolean sampledPass) {}

    private static final Pattern SCORE_KEY = Pattern.compile("(?i)\"?score\"?\\s*[:=]\\s*\"?");
    private static final Pattern VERDICT_KEY = Pattern.compile("(?i)\"?verdict\"?\\s*[:=]\\s*\"?");
    private static final Pattern LEADING_INT = Pattern.compile("^(\\d+)(?![\\d.])");

    private record Token(String text, double logprob, List<Alternative> top, int start) {}

    private record Alternative(String text, double prob) {}

    private LogprobScorer() {}

    /**
     * The score distribution at the score position, or empty when the logprobs do not show one (no
     * logprobs, no score key, the sampled value is null, or no alternative is a number).
     */
    public static Optional<ScoreDistribution> score(JsonNode logprobsContent) {
        List<Token> tokens = tokens(logprobsContent);
        Optional<Position> pos = locate(tokens, SCORE_KEY);
        if (pos.isEmpty()) {
            return Optional.empty();
        }
        Position p = pos.get();
        String sampled = strip(p.token.text, p.prefix);
        Matcher sm = sampled == null ? null : LEADING_INT.matcher(sampled);
        if (sm == null || !sm.find()) {
            return Optional.empty();
        }
        Token next = p.index + 1 < tokens.size() ? tokens.get(p.index + 1) : null;
        boolean sampledSplitTen = sampled.equals("1") && next != null && next.text.startsWith("0");
        int sampledValue = sampledSplitTen ? 10 : Integer.parseInt(sm.group(1).length() > 2 ? "99" : sm.group(1));

        Map<Integer, Double> probs = new TreeMap<>();
        double ambiguousOne = 0;
        boolean tenIsOneToken = false;
        for (Alternative a : p.token.top) {
            String rest = strip(a.text, p.prefix);
            if (rest != null && rest.startsWith("10") && LEADING_INT.matcher(rest).find()) {
                tenIsOneToken = true;
            }
        }
        for (Alternative a : p.token.top) {
            String rest = strip(a.text, p.prefix);
            if (rest == null) {
                continue;
            }
            Matcher m = LEADING_INT.matcher(rest);
            if (!m.find() || m.group(1).length() > 2) {
                continue;
            }
            int v = Integer.parseInt(m.group(1));
            if (v > 10) {
                continue;
            }
            boolean loneOne = v == 1 && m.group(1).length() == rest.length() && !tenIsOneToken;
            if (loneOne && sampledSplitTen) {
                // the next position shows what followed the "1": "0" makes 10, anything but a digit makes 1
                double zero = 0;
                double end = 0;
                for (Alternative n : next.top) {
                    if (n.text.startsWith("0")) {
                        zero += n.prob;
                    } else if (n.text.isEmpty() || !Character.isDigit(n.text.charAt(0))) {
                        end += n.prob;
                    }
                }
                double total = zero + end;
                if (total > 0) {
                    probs.merge(10, a.prob * zero / total, Double::sum);
                    probs.merge(1, a.prob * end / total, Double::sum);
                } else {
                    probs.merge(10, a.prob, Double::sum);
                }
            } else if (loneOne) {
                ambiguousOne += a.prob;
            } else {
                probs.merge(v, a.prob, Double::sum);
            }
        }
        if (ambiguousOne > 0) {
            double mass = probs.values().stream().mapToDouble(Double::doubleValue).sum();
            double rest = mass == 0 ? 1 : probs.entrySet().stream().mapToDouble(e -> e.getKey() * e.getValue()).sum() / mass;
            probs.merge(Math.abs(10 - rest) < Math.abs(1 - rest) ? 10 : 1, ambiguousOne, Double::sum);
        }
        double mass = probs.values().stream().mapToDouble(Double::doubleValue).sum();
        if (mass <= 0) {
            return Optional.empty();
        }
        double mean = probs.entrySet().stream().mapToDouble(e -> e.getKey() * e.getValue()).sum() / mass;
        Map<Integer, Double> normalised = new TreeMap<>();
        probs.forEach((k, v) -> normalised.put(k, v / mass));
        return Optional.of(new ScoreDistribution(Math.max(0, Math.min(10, mean)), normalised, Math.min(1, mass), sampledValue));
    }

    /** P(pass) among pass and fail at the verdict position, or empty when the logprobs do not show it. */
    public static Optional<PassProbability> pass(JsonNode logprobsContent) {
        List<Token> tokens = tokens(logprobsContent);
        Optional<Position> pos = locate(tokens, VERDICT_KEY);
        if (pos.isEmpty()) {
            return Optional.empty();
        }
        Position p = pos.get();
        String sampled = strip(p.token.text, p.prefix);
        if (sampled == null || sampled.isEmpty()) {
            return Optional.empty();
        }
        String sampledLower = sampled.toLowerCase(Locale.ROOT);
        boolean sampledPass = prefixEither(sampledLower, "pass");
        if (!sampledPass && !prefixEither(sampledLower, "fail")) {
            return Optional.empty(); // the model chose not_applicable (or something else)
        }
        double pass = 0;
        double fail = 0;
        for (Alternative a : p.token.top) {
            String rest = strip(a.text, p.prefix);
            if (rest == null || rest.isEmpty()) {
                continue;
            }
            String r = rest.toLowerCase(Locale.ROOT);
            if (prefixEither(r, "pass")) {
                pass += a.prob;
            } else if (prefixEither(r, "fail")) {
                fail += a.prob;
            }
        }
        if (pass + fail <= 0) {
            return Optional.empty();
        }
        return Optional.of(new PassProbability(pass / (pass + fail), Math.min(1, pass + fail), sampledPass));
    }

    private static boolean prefixEither(String r, String word) {
        return word.startsWith(r) || r.startsWith(word);
    }

    private record Position(int index, Token token, String prefix) {}

    /** The token at which the value after the last match of {@code key} starts, and the part of it before the value. */
    private static Optional<Position> locate(List<Token> tokens, Pattern key) {
        if (tokens.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder text = new StringBuilder();
        tokens.forEach(t -> text.append(t.text));
        Matcher m = key.matcher(text);
        int valueAt = -1;
        while (m.find()) {
            valueAt = m.end();
        }
        if (valueAt < 0 || valueAt >= text.length()) {
            return Optional.empty();
        }
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (valueAt >= t.start && valueAt < t.start + t.text.length()) {
                return Optional.of(new Position(i, t, t.text.substring(0, valueAt - t.start)));
            }
        }
        return Optional.empty();
    }

    /** The alternative with the sampled token's text before the value removed; null if it does not share it. */
    private static String strip(String alternative, String prefix) {
        if (prefix.isEmpty()) {
            return alternative.stripLeading();
        }
        if (alternative.startsWith(prefix)) {
            return alternative.substring(prefix.length()).stripLeading();
        }
        // " 7" as an alternative to the sampled ": " + "7" split, etc.: accept when only whitespace differs
        String a = alternative.strip();
        String p = prefix.strip();
        if (!p.isEmpty() && a.startsWith(p)) {
            return a.substring(p.length()).stripLeading();
        }
        return null;
    }

    private static List<Token> tokens(JsonNode content) {
        List<Token> out = new ArrayList<>();
        if (content == null || !content.isArray()) {
            return out;
        }
        int at = 0;
        for (JsonNode t : content) {
            String text = t.path("token").asText("");
            double lp = t.path("logprob").asDouble(Double.NEGATIVE_INFINITY);
            List<Alternative> top = new ArrayList<>();
            JsonNode alts = t.get("top_logprobs");
            boolean sampledListed = false;
            if (alts != null && alts.isArray()) {
                for (JsonNode a : alts) {
                    String at2 = a.path("token").asText("");
                    double p = Math.exp(a.path("logprob").asDouble(Double.NEGATIVE_INFINITY));
                    if (Double.isFinite(p) && p > 0) {
                        top.add(new Alternative(at2, p));
                    }
                    sampledListed |= at2.equals(text);
                }
            }
            if (!sampledListed && Double.isFinite(lp)) {
                top.add(new Alternative(text, Math.exp(lp)));
            }
            out.add(new Token(text, lp, top, at));
            at += text.length();
        }
        return out;
    }
}

package ai.composo.judge.openai.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogprobScorerTest {

    /** Builds {@code logprobs.content}: each token is sampled; alternatives map token text to probability. */
    static final class Tokens {
        private final ArrayNode content = JsonNodeFactory.instance.arrayNode();

        Tokens text(String... sampled) {
            for (String s : sampled) {
                at(s, Map.of(s, 1.0));
            }
            return this;
        }

        Tokens at(String sampled, Map<String, Double> alternatives) {
            ObjectNode t = content.addObject();
            t.put("token", sampled);
            t.put("logprob", Math.log(alternatives.getOrDefault(sampled, 1.0)));
            ArrayNode top = t.putArray("top_logprobs");
            alternatives.forEach((k, v) -> top.addObject().put("token", k).put("logprob", Math.log(v)));
            return this;
        }

        JsonNode build() {
            return content;
        }
    }

    private static Map<String, Double> alts(Object... pairs) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], (Double) pairs[i + 1]);
        }
        return m;
    }

    @Test
    void scoreIsTheProbabilityWeightedMeanAtTheScorePosition() {
        JsonNode lp = new Tokens().text("{\"", "explanation", "\":", " \"", "Good", " but", " long", ".\",", " \"", "score", "\":", " ")
                .at("8", alts("8", 0.6, "7", 0.3, "9", 0.05, "null", 0.05))
                .text("}").build();
        LogprobScorer.ScoreDistribution d = LogprobScorer.score(lp).orElseThrow();
        // renormalised over numbers: (8*.6 + 7*.3 + 9*.05) / .95
        assertThat(d.mean()).isCloseTo((8 * .6 + 7 * .3 + 9 * .05) / .95, within(1e-9));
        assertThat(d.coveredMass()).isCloseTo(0.95, within(1e-9));
        assertThat(d.probabilities()).containsKeys(7, 8, 9);
    }

    @Test
    void handlesTheValueSharingATokenWithItsPrefix() {
        JsonNode lp = new Tokens().text("{\"explanation\": \"x\", \"score\":")
                .at(" 6", alts(" 6", 0.5, " 5", 0.5))
                .text("}").build();
        assertThat(LogprobScorer.score(lp).orElseThrow().mean()).isCloseTo(5.5, within(1e-9));
    }

    @Test
    void splitsATenTokenisedAsOneAndZeroUsingTheNextPosition() {
        JsonNode lp = new Tokens().text("{\"explanation\": \"x\", \"score\": ")
                .at("1", alts("1", 0.8, "9", 0.2))
                .at("0", alts("0", 0.75, "}", 0.25))
                .text("}").build();
        // "1" mass .8 splits into 10 (.75) and 1 (.25)
        double expected = 10 * 0.8 * 0.75 + 1 * 0.8 * 0.25 + 9 * 0.2;
        assertThat(LogprobScorer.score(lp).orElseThrow().mean()).isCloseTo(expected, within(1e-9));
    }

    @Test
    void readsALoneOneAsTheNearerOfOneAndTen() {
        JsonNode high = new Tokens().text("{\"explanation\": \"x\", \"score\": ")
                .at("9", alts("9", 0.7, "1", 0.3)).text("}").build();
        assertThat(LogprobScorer.score(high).orElseThrow().mean()).isCloseTo(9 * 0.7 + 10 * 0.3, within(1e-9));

        JsonNode low = new Tokens().text("{\"explanation\": \"x\", \"score\": ")
                .at("2", alts("2", 0.7, "1", 0.3)).text("}").build();
        assertThat(LogprobScorer.score(low).orElseThrow().mean()).isCloseTo(2 * 0.7 + 1 * 0.3, within(1e-9));

        JsonNode withTen = new Tokens().text("{\"explanation\": \"x\", \"score\": ")
                .at("9", alts("9", 0.6, "10", 0.2, "1", 0.2)).text("}").build();
        assertThat(LogprobScorer.score(withTen).orElseThrow().mean()).isCloseTo(9 * 0.6 + 10 * 0.2 + 1 * 0.2, within(1e-9));
    }

    @Test
    void noDistributionWhenTheSampledValueIsNullOrThereIsNoScore() {
        JsonNode nullScore = new Tokens().text("{\"explanation\": \"x\", \"score\": ")
                .at("null", alts("null", 0.9, "5", 0.1)).text("}").build();
        assertThat(LogprobScorer.score(nullScore)).isEmpty();
        assertThat(LogprobScorer.score(new Tokens().text("{\"explanation\": \"x\"}").build())).isEmpty();
        assertThat(LogprobScorer.score(null)).isEmpty();
    }

    @Test
    void passProbabilityComesFromThePassAndFailTokens() {
        JsonNode lp = new Tokens().text("{\"explanation\": \"Rude\", \"verdict\": \"")
                .at("fail", alts("fail", 0.7, "pass", 0.2, "not", 0.1))
                .text("\"}").build();
        LogprobScorer.PassProbability p = LogprobScorer.pass(lp).orElseThrow();
        assertThat(p.pass()).isCloseTo(0.2 / 0.9, within(1e-9));
        assertThat(p.coveredMass()).isCloseTo(0.9, within(1e-9));

        JsonNode merged = new Tokens().text("{\"explanation\": \"ok\", \"verdict\":")
                .at(" \"p", alts(" \"p", 0.9, " \"f", 0.1)).text("ass\"}").build();
        assertThat(LogprobScorer.pass(merged).orElseThrow().pass()).isCloseTo(0.9, within(1e-9));
    }
}

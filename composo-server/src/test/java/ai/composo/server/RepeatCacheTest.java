package ai.composo.server;

import static ai.composo.server.TestSupport.post;
import static ai.composo.server.TestSupport.reward;
import static org.assertj.core.api.Assertions.assertThat;

import ai.composo.judge.JudgeConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The result cache and {@code composo eval --repeat}: a judge that samples is cached per repeat (the
 * {@code composo_repeat} tag), so each repeat is its own sample and a re-run gets the same one back; a deterministic
 * judge is cached whatever the repeat.
 */
class RepeatCacheTest {
    @TempDir
    static Path dir;
    static ComposoServer server;

    @BeforeAll
    static void start() {
        server = ComposoServer.start(TestSupport.config(dir).judge(JudgeConfig.of("sampler", "test", Map.of("jitter", "0.3")))
                .defaultJudge("lexical").build());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode evaluate(String criterion, String judge, Integer repeat) {
        ObjectNode body = (ObjectNode) reward(criterion);
        body.put("model_core", judge);
        if (repeat != null) {
            body.putObject("tags").put("composo_repeat", Integer.toString(repeat));
        }
        TestSupport.Response r = post(server, "/api/v1/evals/reward", body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    @Test
    void aSamplingJudgeIsCachedPerRepeatAndItsRepeatsStayIndependentSamples() {
        String c = "Reward responses that name the capital " + System.nanoTime();
        Set<String> firstRound = new HashSet<>();
        for (int repeat = 1; repeat <= 8; repeat++) {
            JsonNode first = evaluate(c, "sampler", repeat);
            assertThat(first.at("/metadata/cache_hit").asBoolean()).as("repeat %d, first time", repeat).isFalse();
            firstRound.add(first.get("score").asText());
            JsonNode again = evaluate(c, "sampler", repeat);
            assertThat(again.at("/metadata/cache_hit").asBoolean()).as("repeat %d, again", repeat).isTrue();
            assertThat(again.get("score")).isEqualTo(first.get("score"));
        }
        // eight independent samples with ±0.3 of noise: not all the same
        assertThat(firstRound).hasSizeGreaterThan(1);
        // without a repeat number a sampling judge is never answered from the cache
        evaluate(c, "sampler", null);
        assertThat(evaluate(c, "sampler", null).at("/metadata/cache_hit").asBoolean()).isFalse();
    }

    @Test
    void aDeterministicJudgeIsCachedWhateverTheRepeat() {
        String c = "Reward responses that name the capital city " + System.nanoTime();
        JsonNode one = evaluate(c, "lexical", 1);
        JsonNode two = evaluate(c, "lexical", 2);
        assertThat(one.at("/metadata/cache_hit").asBoolean()).isFalse();
        assertThat(two.at("/metadata/cache_hit").asBoolean()).isTrue();
        assertThat(two.get("score")).isEqualTo(one.get("score"));
    }
}

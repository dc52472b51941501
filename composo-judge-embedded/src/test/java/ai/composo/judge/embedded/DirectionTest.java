package ai.composo.judge.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import ai.composo.criteria.Criteria;
import ai.composo.judge.embedded.internal.DevSet;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Direction tests: for every criterion of the library, and for user-style phrasings of every family, the clearly
 * better response of a pair must score higher than the clearly worse one (examples/judge-devset).
 */
class DirectionTest {
    static final Path DIR = Path.of("..", "examples", "judge-devset");

    static Stream<DevSet.Pair> library() {
        return DevSet.load(DIR.resolve("library-directions.jsonl")).stream();
    }

    static Stream<DevSet.Pair> userPhrasings() {
        return DevSet.load(DIR.resolve("user-phrasings.jsonl")).stream();
    }

    @Test
    void everyLibraryCriterionHasDirectionPairs() {
        Set<String> covered = new HashSet<>();
        library().forEach(p -> covered.add(p.criterion()));
        List<String> all = Stream.of(Criteria.RAG, Criteria.AGENT, Criteria.TOOL_CALL, Criteria.RESPONSE_QUALITY).flatMap(List::stream).toList();
        assertThat(covered).containsAll(all);
        assertThat(userPhrasings().count()).isGreaterThanOrEqualTo(40);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("library")
    void libraryCriterionRanksTheBetterResponseHigher(DevSet.Pair pair) {
        assertBetterWins(pair);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("userPhrasings")
    void userPhrasingRanksTheBetterResponseHigher(DevSet.Pair pair) {
        assertBetterWins(pair);
    }

    static void assertBetterWins(DevSet.Pair pair) {
        DevSet.Outcome o = DevSet.run(SharedJudge.get(), List.of(pair)).outcomes().get(0);
        assertThat(o.better()).as(String.format(Locale.ROOT, "%s: better %.3f vs worse %.3f under '%s'", pair.id(), o.better(), o.worse(),
                pair.criterion())).isGreaterThan(o.worse());
    }
}

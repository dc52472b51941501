package ai.composo.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WorstRowsTest {
    static ResultRecord result(String id, int criterion, Double score, boolean error) {
        return new ResultRecord(id, null, "c" + criterion, 1, score, null, null, error ? "timeout" : null, null, null);
    }

    @Test
    void keepsTheRowsWithTheLowestScoreOnAnyCriterionWhateverTheOrderOfResultsAndNeverMoreThanTheLimit() {
        Random random = new Random(11);
        for (int trial = 0; trial < 200; trial++) {
            int rows = 1 + random.nextInt(60);
            int criteria = 1 + random.nextInt(4);
            int limit = random.nextInt(rows + 5);
            List<ResultRecord> results = new ArrayList<>();
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < criteria; c++) {
                    int kind = random.nextInt(20);
                    // coarse scores, so that ties between rows are common
                    results.add(kind == 0 ? result("r" + r, c, null, true) : kind == 1 ? result("r" + r, c, null, false)
                            : result("r" + r, c, random.nextInt(10) / 10.0, false));
                }
            }
            Collections.shuffle(results, random);

            WorstRows worst = new WorstRows(limit);
            Map<String, Double> lowest = new LinkedHashMap<>();
            Map<String, Integer> firstSeen = new HashMap<>();
            for (ResultRecord r : results) {
                worst.add(r);
                assertThat(worst.ids().size()).isLessThanOrEqualTo(limit);
                lowest.merge(r.id(), WorstRows.rank(r), Math::min);
                firstSeen.putIfAbsent(r.id(), firstSeen.size());
            }
            List<String> expected = new ArrayList<>(lowest.keySet());
            expected.sort(Comparator.comparingDouble(lowest::get));
            List<String> kept = worst.ids();
            assertThat(kept).hasSize(Math.min(limit, rows));
            // worst first; which of several rows tied at the cut is kept may differ, their ranks may not
            assertThat(kept.stream().map(lowest::get).toList()).as("trial %d", trial)
                    .isEqualTo(expected.subList(0, kept.size()).stream().map(lowest::get).toList());
        }
    }

    @Test
    void errorsRankBelowEveryScoreAndRowsWithoutScoresLast() {
        WorstRows worst = new WorstRows(3);
        worst.add(result("na", 1, null, false));
        worst.add(result("good", 1, 0.9, false));
        worst.add(result("bad", 1, 0.0, false));
        worst.add(result("broken", 1, null, true));
        worst.add(result("good", 2, 0.95, false));
        assertThat(worst.ids()).containsExactly("broken", "bad", "good");
        assertThat(new WorstRows(0)).satisfies(w -> {
            w.add(result("x", 1, 0.1, false));
            assertThat(w.ids()).isEmpty();
        });
        assertThatThrownBy(() -> new WorstRows(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}

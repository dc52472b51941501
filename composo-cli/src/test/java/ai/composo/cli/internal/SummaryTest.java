package ai.composo.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTest {
    private static ResultRecord r(String id, String c, int rep, Double score, String error) {
        return new ResultRecord(id, 1L, c, rep, score, score == null || !c.startsWith("Passes") ? null : score >= 0.5, "e", error, 1L, false);
    }

    @Test
    void figuresPerCriterion() {
        Summary s = new Summary(List.of("Reward good answers", "Passes if polite"), 1);
        for (int i = 1; i <= 10; i++) {
            s.add(r("r" + i, "Reward good answers", 1, i / 10.0, null));
        }
        s.add(r("x", "Reward good answers", 1, null, null));
        s.add(r("y", "Reward good answers", 1, null, "boom"));
        s.add(r("a", "Passes if polite", 1, 1.0, null));
        s.add(r("b", "Passes if polite", 1, 0.0, null));
        List<CriterionSummary> cs = s.criteria();
        CriterionSummary c = cs.get(0);
        assertThat(c.results()).isEqualTo(12);
        assertThat(c.scored()).isEqualTo(10);
        assertThat(c.errors()).isEqualTo(1);
        assertThat(c.mean()).isCloseTo(0.55, within(1e-9));
        assertThat(c.scores().quantile(0.5)).isCloseTo(0.5, within(1e-4));
        assertThat(c.scores().quantile(0.1)).isCloseTo(0.1, within(1e-4));
        assertThat(c.scores().quantile(0.9)).isCloseTo(0.9, within(1e-4));
        assertThat(c.notApplicableShare()).isCloseTo(1 / 11.0, within(1e-9));
        assertThat(cs.get(1).passFail()).isTrue();
        assertThat(cs.get(1).passed()).isEqualTo(1);
        String text = SummaryTable.render(s, 0.6);
        assertThat(text).contains("[1] Reward good answers").contains("(pass/fail)").contains("FAIL").contains("0.550");
        assertThat(text).contains("0.9-1.0 ] ").contains("[2] pass 1 / fail 1");
    }

    @Test
    void repeatSpread() {
        Summary s = new Summary(List.of("Reward a"), 3);
        s.add(r("p", "Reward a", 1, 0.5, null));
        s.add(r("q", "Reward a", 1, 0.7, null));
        s.add(r("p", "Reward a", 2, 0.5, null));
        s.add(r("q", "Reward a", 2, 0.7, null));
        s.add(r("p", "Reward a", 3, 0.5, null));
        s.add(r("q", "Reward a", 3, 0.4, null));
        CriterionSummary c = s.criteria().get(0);
        assertThat(c.spreadPairs()).isEqualTo(2);
        assertThat(c.unstablePairs()).isEqualTo(1);
        assertThat(c.maxRange()).isCloseTo(0.3, within(1e-9));
        assertThat(c.maxStd()).isCloseTo(Math.sqrt(0.02), within(1e-9));
        assertThat(SummaryTable.render(s, null)).contains("Repeatability").contains("1 of 2 pairs varied");
    }
}

package ai.composo.bench.judge.publicdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.composo.judge.Criterion;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parsing helpers and resources of the preparation step, without any fetched data. */
class PreparationTest {

    @Test
    void csvHandlesQuotesEmbeddedLineBreaksAndCrlf() {
        String text = "a,b,c\r\n1,\"x, \"\"y\"\"\",3\r\n2,\"two\nlines\",\r\n";
        List<Map<String, String>> r = Csv.records(text, ',');
        assertThat(r).hasSize(2);
        assertThat(r.get(0)).containsEntry("b", "x, \"y\"").containsEntry("c", "3");
        assertThat(r.get(1)).containsEntry("b", "two\nlines").containsEntry("c", "");
    }

    @Test
    void hhTranscriptSplitsIntoTurns() {
        List<String[]> t = PublicDatasets.hhTurns("\n\nHuman: hi there\n\nAssistant: Hello!\n\nHuman: bye\n\nAssistant: Bye.");
        assertThat(t).hasSize(4);
        assertThat(t.get(0)).containsExactly("user", "hi there");
        assertThat(t.get(3)).containsExactly("assistant", "Bye.");
    }

    @Test
    void faithDialLabels() {
        assertThat(PublicDatasets.faithDialLabel("entailment")).isEqualTo("good");
        assertThat(PublicDatasets.faithDialLabel("Entailment")).isEqualTo("good");
        assertThat(PublicDatasets.faithDialLabel("entailment,hallucination")).isEqualTo("bad");
        assertThat(PublicDatasets.faithDialLabel("Partial Hallucination")).isEqualTo("bad");
        assertThat(PublicDatasets.faithDialLabel("entailment,uncooperative")).isNull();
        assertThat(PublicDatasets.faithDialLabel("generic")).isNull();
        assertThat(PublicDatasets.faithDialLabel("")).isNull();
    }

    @Test
    void everyKindHasAtLeastFiveParsablePhrasingsOfMixedForms() {
        Phrasings p = Phrasings.load();
        for (String kind : PublicDatasets.KINDS) {
            List<String> ps = p.of(kind);
            assertThat(ps).hasSizeGreaterThanOrEqualTo(5);
            ps.forEach(Criterion::parse);
            assertThat(ps.stream().map(Phrasings::form).distinct()).containsExactlyInAnyOrder("reward+", "reward-", "pass", "fail");
        }
    }

    @Test
    void catalogueEntriesArePinned() {
        for (PublicDatasets.Dataset d : PublicDatasets.ALL) {
            assertThat(d.commit()).matches("[0-9a-f]{40}");
            assertThat(d.repo()).contains("/").doesNotContainIgnoringCase("composo");
            assertThat(d.licence()).isNotBlank();
            assertThat(d.paths()).isNotEmpty();
        }
    }

    @Test
    void aMissingRepositoryIsNamedInTheError(@TempDir Path empty) {
        GitSource git = new GitSource(empty);
        assertThatThrownBy(() -> git.read("salesforce/factualNLG", "0da1dfa62c783218d26208c1796d3a2605bec745", "x"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("salesforce/factualNLG");
    }
}

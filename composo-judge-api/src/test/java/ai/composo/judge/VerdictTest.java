package ai.composo.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VerdictTest {
    @Test
    void cleanedExplanationIsOptionalSurvivesMetadataAndTakesPartInEquality() {
        Verdict v = Verdict.score(0.8, "Signals: relevance 0.81.");
        assertThat(v.cleanedExplanation()).isEmpty();

        Verdict cleaned = v.withCleanedExplanation("The response answers the question.").withMetadata("confidence", 0.6);
        assertThat(cleaned.cleanedExplanation()).contains("The response answers the question.");
        assertThat(cleaned.explanation()).isEqualTo("Signals: relevance 0.81.");
        assertThat(cleaned.metadata()).containsEntry("confidence", 0.6);
        assertThat(cleaned).isNotEqualTo(v.withMetadata("confidence", 0.6))
                .isEqualTo(v.withMetadata("confidence", 0.6).withCleanedExplanation("The response answers the question."));
        assertThat(cleaned.toString()).contains("cleanedExplanation='The response answers the question.'");

        assertThatThrownBy(() -> v.withCleanedExplanation("  ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a cleaned explanation must not be blank");
        assertThatThrownBy(() -> v.withCleanedExplanation(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void plainOutcomeNamesTheOutcomeWithoutNumbers() {
        assertThat(Verdict.notApplicable("n/a").plainOutcome()).isEqualTo("This check does not apply to this conversation.");
        assertThat(Verdict.passed(true, "x").plainOutcome()).isEqualTo("The assistant's response meets this requirement.");
        assertThat(Verdict.passed(false, "x").plainOutcome()).isEqualTo("The assistant's response does not meet this requirement.");
        assertThat(Verdict.score(0.7, "x").plainOutcome()).isEqualTo("The assistant's response does this well.");
        assertThat(Verdict.score(0.69, "x").plainOutcome()).isEqualTo("The assistant's response does this only in part.");
        assertThat(Verdict.score(0.4, "x").plainOutcome()).isEqualTo("The assistant's response does this only in part.");
        assertThat(Verdict.score(0.39, "x").plainOutcome()).isEqualTo("The assistant's response falls short here.");
    }
}

package ai.composo.junit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.composo.criteria.Criteria;
import org.junit.jupiter.api.Test;

/** Mistakes in writing an assertion fail at once, saying what to do; these need no server. */
class ComposoAssertionsMisuseTest {
    @Test
    void withoutTheExtensionTheAssertionSaysWhatToAdd() {
        assertThatThrownBy(() -> ComposoAssertions.assertThat("q", "a"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Composo assertions need the Composo extension: annotate the test class with @ComposoTest "
                        + "(or @ExtendWith(ComposoExtension.class))");
    }

    @Test
    void aScoreCriterionIsNotAPassFailOneAndTheOtherWayRound() {
        assertThatThrownBy(() -> Check.passFail(Criteria.RAG_FAITHFULNESS)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + Criteria.RAG_FAITHFULNESS + "' is a score criterion: use meets(…) for it");
        assertThatThrownBy(() -> Check.score(Criteria.RAG_REFUSAL)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + Criteria.RAG_REFUSAL + "' is a pass/fail criterion: use passes(…) for it");
        assertThatThrownBy(() -> Check.passFail(Criteria.RAG_REFUSAL).atLeast(0.8)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Check.score("Make it good")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Criteria must start with one of: Reward, Penalize");
        assertThatThrownBy(() -> Check.score(Criteria.RAG_FAITHFULNESS).atLeast(80)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a score threshold must be within [0, 1], got 80.0");
    }

    @Test
    void settingsComeFromParametersThenTheEnvironmentAndAnEmptyParameterHidesTheEnvironment() {
        java.util.Map<String, String> env = java.util.Map.of("COMPOSO_API_KEY", "from-env", "COMPOSO_BASE_URL", "http://127.0.0.1:9");
        Settings s = Settings.read(k -> k.equals(Settings.API_KEY) ? java.util.Optional.of("") : java.util.Optional.empty(), env);
        org.assertj.core.api.Assertions.assertThat(s.apiKey()).isNull();
        org.assertj.core.api.Assertions.assertThat(s.baseUrl()).isEqualTo("http://127.0.0.1:9");
        org.assertj.core.api.Assertions.assertThat(s.outputDir()).isEqualTo(java.nio.file.Path.of("target/composo"));
    }
}

package ai.composo.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

class TraceAndLangChain4jTest {
    @TempDir
    static Path out;
    static EngineExecutionResults results;

    @BeforeAll
    static void run() {
        results = TestKit.run(out, TraceCases.class, LangChain4jCases.class);
    }

    @Test
    void aTraceAssertionChecksEveryAgentInstanceAndNamesTheOnesThatFell() {
        assertThat(TestKit.names(results.testEvents().succeeded().stream())).contains("everyAgentMeetsALowBar()");
        assertThat(TestKit.failure(results, "theReturnsAgentMissesAnImpossibleBar()"))
                .startsWith("Composo: 1 of 1 criterion failed for TraceCases.theReturnsAgentMissesAnImpossibleBar:")
                .contains("\n      for returns/ret-1\n      score ")
                .doesNotContain("supervisor/");
        assertThat(TestKit.failure(results, "anAgentTheTraceDoesNotHave()"))
                .contains("error: the trace has no evaluated instance of agent 'billing'");
    }

    @Test
    void aLangChain4jConversationIsJudgedAsTheSameConversationInComposoForm() {
        assertThat(TestKit.names(results.testEvents().succeeded().stream())).contains("faithfulChatResponse()");
        // the same scores as AssertionCases: the conversion gives the same messages
        assertThat(TestKit.failure(results, "inventedPolicyAiMessage()"))
                .startsWith("Composo: 1 of 1 criterion failed for LangChain4jCases.inventedPolicyAiMessage:")
                .contains("score 0.26, needed at least 0.30");
    }
}

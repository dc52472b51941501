package ai.composo.junit;

import static ai.composo.junit.ComposoAssertions.assertThat;

import ai.composo.criteria.Criteria;
import ai.composo.model.MultiAgentTrace;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

@ComposoTest
@OnlyInTestKit
class TraceCases {
    static final MultiAgentTrace TRACE = MultiAgentTrace.fromFile(Path.of("../examples/support-trace.json"));

    @Test
    void everyAgentMeetsALowBar() {
        assertThat(TRACE).meets(Criteria.AGENT_GOAL_PURSUIT).withScoreAtLeast(0.05);
    }

    @Test
    void theReturnsAgentMissesAnImpossibleBar() {
        assertThat(TRACE).forAgent("returns").meets(Criteria.AGENT_GOAL_PURSUIT).withScoreAtLeast(1.0);
    }

    @Test
    void anAgentTheTraceDoesNotHave() {
        assertThat(TRACE).forAgent("billing").meets(Criteria.AGENT_GOAL_PURSUIT);
    }
}

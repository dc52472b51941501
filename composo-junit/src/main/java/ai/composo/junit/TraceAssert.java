package ai.composo.junit;

import ai.composo.model.AgentInstanceResult;
import ai.composo.model.MultiAgentTrace;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Criteria every evaluated agent instance of a {@link MultiAgentTrace} must meet ({@code "Reward agents that …"},
 * {@code "Agent passes if …"}); {@link #forAgent} narrows the check to one agent name. A failure names the agent
 * instances that fell short. Made by {@link ComposoAssertions#assertThat(MultiAgentTrace)}.
 */
public final class TraceAssert extends CriteriaAssert<TraceAssert> {
    private final MultiAgentTrace trace;
    private String agent;

    TraceAssert(MultiAgentTrace trace) {
        super(null);
        this.trace = trace;
    }

    /** Only the instances of the agent with this name count (the others are still evaluated and recorded). */
    public TraceAssert forAgent(String agentName) {
        this.agent = agentName;
        return this;
    }

    @Override
    CompletableFuture<Map<String, Attempt>> evaluate(TestRun run, String criterion) {
        long start = System.nanoTime();
        return run.async().evaluateTrace(trace, criterion).thenApply(response -> {
            long ms = (System.nanoTime() - start) / 1_000_000;
            Map<String, Attempt> out = new LinkedHashMap<>();
            response.resultsByAgentName().forEach((name, result) -> {
                if (result == null || (agent != null && !agent.equals(name))) {
                    return;
                }
                result.resultsByAgentInstanceId().forEach((instance, r) -> {
                    if (r != null) {
                        out.put(name + "/" + instance, attempt(r, ms));
                    }
                });
            });
            if (out.isEmpty()) {
                out.put(agent == null ? "the trace" : agent, new Attempt(null, null,
                        agent == null ? "no agent instance of the trace was evaluated" : "the trace has no evaluated instance of agent '" + agent + "'", ms));
            }
            return out;
        });
    }

    private static Attempt attempt(AgentInstanceResult r, long ms) {
        return new Attempt(r.score(), r.explanation(), null, ms);
    }
}

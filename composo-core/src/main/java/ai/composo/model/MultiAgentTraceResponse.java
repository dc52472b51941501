package ai.composo.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer to a trace evaluation ({@code POST /api/v1/evals/trace}): results grouped by agent name,
 * then by agent instance id. The wire has no trace-level score; {@link #overallScore()} and
 * {@link #agentScores()} are conveniences derived here, on the client.
 */
public record MultiAgentTraceResponse(
        @JsonProperty("request_id") String requestId,
        @JsonProperty("results_by_agent_name") Map<String, AgentTraceResult> resultsByAgentName) {

    @JsonCreator
    public MultiAgentTraceResponse {
        resultsByAgentName = resultsByAgentName == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(resultsByAgentName));
    }

    /**
     * Mean score per agent name: the mean of that name's non-null instance scores, null when none of its
     * instances has a score. Iteration order follows the response.
     */
    public Map<String, Double> agentScores() {
        Map<String, Double> out = new LinkedHashMap<>();
        resultsByAgentName.forEach((name, r) -> out.put(name, r == null ? null : r.meanScore()));
        return Collections.unmodifiableMap(out);
    }

    /**
     * The mean of every non-null instance score across all agents (each evaluated instance counts once),
     * or null when no instance has a score.
     */
    public Double overallScore() {
        List<Double> all = resultsByAgentName.values().stream().filter(Objects::nonNull)
                .flatMap(r -> r.scores().stream()).toList();
        return all.isEmpty() ? null : all.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    /** The result of one agent instance, if it was evaluated. */
    public Optional<AgentInstanceResult> instanceResult(String agentInstanceId) {
        return resultsByAgentName.values().stream().filter(Objects::nonNull)
                .map(r -> r.resultsByAgentInstanceId().get(agentInstanceId)).filter(Objects::nonNull).findFirst();
    }
}

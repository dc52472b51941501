package ai.composo.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The results for every instance of one agent name. A map value is null for an instance that was not
 * evaluated (it had no LLM interaction of its own). {@code summaryStatistics} is null for binary criteria.
 */
public record AgentTraceResult(
        @JsonProperty("agent_name") String agentName,
        @JsonProperty("results_by_agent_instance_id") @JsonInclude(content = JsonInclude.Include.ALWAYS)
        Map<String, AgentInstanceResult> resultsByAgentInstanceId,
        @JsonProperty("summary_statistics") @JsonInclude(JsonInclude.Include.ALWAYS) SummaryStatistics summaryStatistics) {

    @JsonCreator
    public AgentTraceResult {
        Objects.requireNonNull(agentName, "agent_name");
        resultsByAgentInstanceId = resultsByAgentInstanceId == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(resultsByAgentInstanceId));
    }

    /** The non-null scores of this agent's instances, in instance order. */
    public List<Double> scores() {
        return resultsByAgentInstanceId.values().stream()
                .filter(Objects::nonNull).map(AgentInstanceResult::score).filter(Objects::nonNull).toList();
    }

    /** Mean of {@link #scores()}, or null when no instance has a score. */
    public Double meanScore() {
        List<Double> s = scores();
        return s.isEmpty() ? null : s.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }
}

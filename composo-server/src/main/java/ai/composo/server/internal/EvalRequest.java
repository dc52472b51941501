package ai.composo.server.internal;

import ai.composo.judge.Criterion;
import ai.composo.judge.ToolSpec;
import ai.composo.model.MultiAgentTrace;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** A validated evaluation request of one of the three endpoints. */
public record EvalRequest(
        Endpoint endpoint,
        String modelCore,
        Criterion criterion,
        List<JsonNode> messages,
        List<JsonNode> rawTools,
        List<ToolSpec> tools,
        String system,
        boolean evaluateLatest,
        String referenceOutput,
        Map<String, String> tags,
        String explanationCleaning,
        MultiAgentTrace trace,
        JsonNode traceJson) {

    public enum Endpoint {
        REWARD("reward"), BINARY("binary"), TRACE("trace");

        private final String wire;

        Endpoint(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        public static Endpoint of(String wire) {
            for (Endpoint e : values()) {
                if (e.wire.equals(wire)) {
                    return e;
                }
            }
            throw new IllegalArgumentException("unknown endpoint " + wire);
        }
    }
}

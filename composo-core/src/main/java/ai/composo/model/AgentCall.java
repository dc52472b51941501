package ai.composo.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;

/** A reference to a child agent instance, invoked at this point of its parent's interactions. */
@com.fasterxml.jackson.databind.annotation.JsonDeserialize(using = com.fasterxml.jackson.databind.JsonDeserializer.None.class)
public record AgentCall(@JsonValue String agentInstanceId) implements Interaction {
    public AgentCall {
        Objects.requireNonNull(agentInstanceId, "agentInstanceId");
    }
}

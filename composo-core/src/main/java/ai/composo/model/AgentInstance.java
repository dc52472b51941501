package ai.composo.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/** One run of an agent: its id, its (user-defined) name and its ordered interactions. */
public record AgentInstance(
        @JsonProperty("id") String id,
        @JsonProperty("name") String name,
        @JsonProperty("interactions") List<Interaction> interactions) {

    @JsonCreator
    public AgentInstance {
        if (id == null) {
            throw new IllegalArgumentException("AgentInstance.id is required");
        }
        if (name == null) {
            throw new IllegalArgumentException("AgentInstance.name is required");
        }
        if (interactions == null) {
            throw new IllegalArgumentException("AgentInstance.interactions is required");
        }
        interactions = List.copyOf(interactions);
    }

    /** The LLM interactions only, in order. */
    public List<LLMInteraction> llmInteractions() {
        return interactions.stream().filter(LLMInteraction.class::isInstance).map(LLMInteraction.class::cast).toList();
    }

    /** The ids of the child agent instances this one invoked, in order. */
    public List<String> childIds() {
        return interactions.stream().filter(AgentCall.class::isInstance).map(i -> ((AgentCall) i).agentInstanceId()).toList();
    }

    public boolean hasLlmInteraction() {
        return interactions.stream().anyMatch(LLMInteraction.class::isInstance);
    }

    public static Builder builder(String id, String name) {
        return new Builder(id, name);
    }

    public static final class Builder {
        private final String id;
        private final String name;
        private final List<Interaction> interactions = new ArrayList<>();

        private Builder(String id, String name) {
            this.id = id;
            this.name = name;
        }

        public Builder interaction(Interaction interaction) {
            interactions.add(interaction);
            return this;
        }

        public Builder call(String childId) {
            return interaction(new AgentCall(childId));
        }

        public AgentInstance build() {
            return new AgentInstance(id, name, interactions);
        }
    }
}

package ai.composo.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/** One LLM call of an agent: what went in, what came out, and the tools it could call. */
@com.fasterxml.jackson.databind.annotation.JsonDeserialize(using = com.fasterxml.jackson.databind.JsonDeserializer.None.class)
public record LLMInteraction(
        @JsonProperty("input_messages") List<LLMInput> inputMessages,
        @JsonProperty("output_messages") List<LLMOutput> outputMessages,
        @JsonProperty("tools_available") @JsonInclude(JsonInclude.Include.NON_NULL) List<LLMToolDefinition> toolsAvailable)
        implements Interaction {

    @JsonCreator
    public LLMInteraction {
        if (inputMessages == null) {
            throw new IllegalArgumentException("LLMInteraction.input_messages is required");
        }
        if (outputMessages == null) {
            throw new IllegalArgumentException("LLMInteraction.output_messages is required");
        }
        inputMessages = List.copyOf(inputMessages);
        outputMessages = List.copyOf(outputMessages);
        toolsAvailable = toolsAvailable == null ? null : List.copyOf(toolsAvailable);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private final List<LLMInput> inputs = new ArrayList<>();
        private final List<LLMOutput> outputs = new ArrayList<>();
        private List<LLMToolDefinition> tools;

        private Builder() {}

        public Builder input(LLMInput input) {
            inputs.add(input);
            return this;
        }

        public Builder inputs(List<LLMInput> list) {
            inputs.addAll(list);
            return this;
        }

        public Builder output(LLMOutput output) {
            outputs.add(output);
            return this;
        }

        public Builder outputs(List<LLMOutput> list) {
            outputs.addAll(list);
            return this;
        }

        public Builder tool(LLMToolDefinition tool) {
            if (tools == null) {
                tools = new ArrayList<>();
            }
            tools.add(tool);
            return this;
        }

        public Builder tools(List<LLMToolDefinition> list) {
            if (list != null) {
                list.forEach(this::tool);
            }
            return this;
        }

        public LLMInteraction build() {
            return new LLMInteraction(inputs, outputs, tools);
        }
    }
}

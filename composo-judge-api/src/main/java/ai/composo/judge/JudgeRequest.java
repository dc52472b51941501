package ai.composo.judge;

import ai.composo.model.AgentInstance;
import ai.composo.model.LLMToolDefinition;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a judge sees for one evaluation: the parsed criterion and either a conversation
 * ({@code /reward}, {@code /binary}) or one agent instance of a trace ({@code /trace}, criterion target
 * {@link Criterion.Target#AGENT}). Messages and tools arrive raw (OpenAI or Anthropic format) and
 * normalised ({@link #conversation()}, {@link #tools()}).
 */
public final class JudgeRequest {
    private final Criterion criterion;
    private final List<JsonNode> messages;
    private final Conversation conversation;
    private final String system;
    private final List<ToolSpec> tools;
    private final boolean evaluateLatest;
    private final String referenceOutput;
    private final AgentInstance agentInstance;
    private final String modelCore;
    private final Instant deadline;
    private final boolean endUserExplanation;

    private JudgeRequest(Builder b) {
        this.criterion = Objects.requireNonNull(b.criterion, "criterion");
        this.messages = List.copyOf(b.messages);
        this.conversation = Conversation.of(this.messages);
        this.system = b.system;
        this.tools = List.copyOf(b.tools);
        this.evaluateLatest = b.evaluateLatest;
        this.referenceOutput = b.referenceOutput;
        this.agentInstance = b.agentInstance;
        this.modelCore = b.modelCore;
        this.deadline = b.deadline;
        this.endUserExplanation = b.endUserExplanation;
        if (agentInstance == null && messages.isEmpty()) {
            throw new IllegalArgumentException("a judge request needs messages or an agent instance");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Criterion criterion() {
        return criterion;
    }

    /** The raw messages, as sent by the client (empty for trace evaluations). */
    public List<JsonNode> messages() {
        return messages;
    }

    public Conversation conversation() {
        return conversation;
    }

    public Optional<String> system() {
        return Optional.ofNullable(system);
    }

    /** Tool definitions, normalised; for a trace, the agent's tools (de-duplicated by name). */
    public List<ToolSpec> tools() {
        return tools;
    }

    /** True: judge only the last assistant turn. False: judge every assistant turn (traces always false). */
    public boolean evaluateLatest() {
        return evaluateLatest;
    }

    /** A reference answer ({@code /binary}'s legacy {@code reference_output}), when given. */
    public Optional<String> referenceOutput() {
        return Optional.ofNullable(referenceOutput);
    }

    /** For trace evaluations: the agent instance to judge (already stripped of repeated inputs). */
    public Optional<AgentInstance> agentInstance() {
        return Optional.ofNullable(agentInstance);
    }

    public boolean isTrace() {
        return agentInstance != null;
    }

    /** The model core that selected this judge. */
    public String modelCore() {
        return modelCore;
    }

    /** When the server stops waiting; a judge should give up (timed out) by then. */
    public Optional<Instant> deadline() {
        return Optional.ofNullable(deadline);
    }

    /**
     * True when the caller asked for {@code explanation_cleaning: "end_user"}: a judge that can should also
     * return {@link Verdict#cleanedExplanation()}, an explanation that refers only to what the end user and the
     * assistant can see (no system prompt, tool definitions, criterion wording, scores or judge internals). A
     * judge that does not is covered by the server's own rewrite of its explanation.
     */
    public boolean endUserExplanation() {
        return endUserExplanation;
    }

    public static final class Builder {
        private Criterion criterion;
        private final List<JsonNode> messages = new ArrayList<>();
        private String system;
        private final List<ToolSpec> tools = new ArrayList<>();
        private boolean evaluateLatest = true;
        private String referenceOutput;
        private AgentInstance agentInstance;
        private String modelCore;
        private Instant deadline;
        private boolean endUserExplanation;

        private Builder() {}

        public Builder criterion(Criterion criterion) {
            this.criterion = criterion;
            return this;
        }

        public Builder criterion(String criterion) {
            return criterion(Criterion.parse(criterion));
        }

        public Builder messages(List<? extends JsonNode> messages) {
            this.messages.clear();
            messages.forEach(m -> this.messages.add(m.deepCopy()));
            return this;
        }

        public Builder system(String system) {
            this.system = system;
            return this;
        }

        public Builder tools(List<ToolSpec> tools) {
            this.tools.clear();
            this.tools.addAll(tools);
            return this;
        }

        public Builder rawTools(List<? extends JsonNode> tools) {
            return tools(ToolSpec.fromJson(tools));
        }

        public Builder evaluateLatest(boolean evaluateLatest) {
            this.evaluateLatest = evaluateLatest;
            return this;
        }

        public Builder referenceOutput(String referenceOutput) {
            this.referenceOutput = referenceOutput;
            return this;
        }

        /**
         * Judge one agent instance of a trace: sets the target to AGENT, evaluateLatest to false and the
         * tools to the instance's tools, de-duplicated by name.
         */
        public Builder agentInstance(AgentInstance instance) {
            this.agentInstance = Objects.requireNonNull(instance);
            this.evaluateLatest = false;
            LinkedHashMap<String, ToolSpec> byName = new LinkedHashMap<>();
            instance.llmInteractions().forEach(i -> {
                List<LLMToolDefinition> available = i.toolsAvailable();
                if (available != null) {
                    available.forEach(t -> byName.putIfAbsent(t.name(), ToolSpec.fromTrace(t)));
                }
            });
            this.tools.clear();
            this.tools.addAll(byName.values());
            if (criterion != null) {
                criterion = criterion.withTarget(Criterion.Target.AGENT);
            }
            return this;
        }

        public Builder modelCore(String modelCore) {
            this.modelCore = modelCore;
            return this;
        }

        public Builder deadline(Instant deadline) {
            this.deadline = deadline;
            return this;
        }

        /** See {@link JudgeRequest#endUserExplanation()}. */
        public Builder endUserExplanation(boolean endUserExplanation) {
            this.endUserExplanation = endUserExplanation;
            return this;
        }

        public JudgeRequest build() {
            if (agentInstance != null && criterion != null && criterion.target() != Criterion.Target.AGENT) {
                criterion = criterion.withTarget(Criterion.Target.AGENT);
            }
            return new JudgeRequest(this);
        }
    }
}

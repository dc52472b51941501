package ai.composo;

import ai.composo.internal.json.Json;
import ai.composo.model.Message;
import ai.composo.model.ToolDefinition;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One evaluation: a conversation judged against ONE criterion (one request = one HTTP call). Immutable;
 * build with {@link #builder()}. The body follows wire-spec §3.1: the system prompt is sent as {@code system},
 * null fields are omitted, and the {@link Builder#result(Object) result} is appended once to a copy of the
 * messages (the caller's list is never touched).
 */
public final class EvaluationRequest {
    private final List<Message> messages;
    private final String system;
    private final List<ToolDefinition> tools;
    private final ObjectNode result;
    private final String criterion;
    private final String evaluatorName;
    private final String modelCore;
    private final Boolean evaluateLatest;
    private final Map<String, String> tags;
    private final String traceId;
    private final String explanationCleaning;

    private EvaluationRequest(Builder b) {
        if (b.messages == null || b.messages.isEmpty()) {
            throw new IllegalArgumentException("messages must contain at least one message (the API needs two or more)");
        }
        if (b.criterion != null && b.evaluatorName != null) {
            throw new IllegalArgumentException("Set either criterion or evaluatorName, not both");
        }
        if (b.criterion == null && b.evaluatorName == null) {
            throw new IllegalArgumentException("A criterion is required, for example \"Reward responses that answer the question\"");
        }
        this.messages = List.copyOf(b.messages);
        this.system = b.system;
        this.tools = b.tools == null ? null : List.copyOf(b.tools);
        this.result = b.result;
        this.criterion = b.criterion;
        this.evaluatorName = b.evaluatorName;
        this.modelCore = b.modelCore;
        this.evaluateLatest = b.evaluateLatest;
        this.tags = b.tags == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(b.tags));
        this.traceId = b.traceId;
        this.explanationCleaning = b.explanationCleaning;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A request for these messages and one criterion. */
    public static EvaluationRequest of(List<Message> messages, String criterion) {
        return builder().messages(messages).criterion(criterion).build();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.messages = new ArrayList<>(messages);
        b.system = system;
        b.tools = tools == null ? null : new ArrayList<>(tools);
        b.result = result;
        b.criterion = criterion;
        b.evaluatorName = evaluatorName;
        b.modelCore = modelCore;
        b.evaluateLatest = evaluateLatest;
        b.tags = tags == null ? null : new LinkedHashMap<>(tags);
        b.traceId = traceId;
        b.explanationCleaning = explanationCleaning;
        return b;
    }

    /** The same request with another criterion. */
    public EvaluationRequest withCriterion(String criterion) {
        return toBuilder().evaluatorName(null).criterion(criterion).build();
    }

    /** The conversation as given, without the appended result. */
    public List<Message> messages() {
        return messages;
    }

    public Optional<String> system() {
        return Optional.ofNullable(system);
    }

    public List<ToolDefinition> tools() {
        return tools == null ? List.of() : tools;
    }

    /** The normalised result message that is appended to the conversation, if any. */
    public Optional<Message> result() {
        return Optional.ofNullable(result).map(Message::of);
    }

    public Optional<String> criterion() {
        return Optional.ofNullable(criterion);
    }

    public Optional<String> evaluatorName() {
        return Optional.ofNullable(evaluatorName);
    }

    public Optional<String> modelCore() {
        return Optional.ofNullable(modelCore);
    }

    public Optional<Boolean> evaluateLatest() {
        return Optional.ofNullable(evaluateLatest);
    }

    public Map<String, String> tags() {
        return tags == null ? Map.of() : tags;
    }

    public Optional<String> traceId() {
        return Optional.ofNullable(traceId);
    }

    public Optional<String> explanationCleaning() {
        return Optional.ofNullable(explanationCleaning);
    }

    /**
     * The JSON body for {@code POST /api/v1/evals/reward}.
     *
     * @param clientModelCore the client's model core, used when this request sets none (may be null)
     */
    public ObjectNode toJson(String clientModelCore) {
        return (ObjectNode) Json.parse(toJsonText(clientModelCore));
    }

    /** The same body as text, written straight from the request (no tree): what the clients send. */
    String toJsonText(String clientModelCore) {
        return Json.writeWith(g -> writeBody(g, clientModelCore));
    }

    private void writeBody(JsonGenerator g, String clientModelCore) throws IOException {
        g.writeStartObject();
        g.writeArrayFieldStart("messages");
        for (Message m : messages) {
            g.writeObject(m);
        }
        if (result != null) {
            g.writeTree(result);
        }
        g.writeEndArray();
        writeIfSet(g, "evaluation_criteria", criterion);
        writeIfSet(g, "evaluator_name", evaluatorName);
        writeIfSet(g, "model_core", modelCore != null ? modelCore : clientModelCore);
        writeIfSet(g, "system", system);
        if (tools != null) {
            g.writeArrayFieldStart("tools");
            for (ToolDefinition tool : tools) {
                g.writeObject(tool);
            }
            g.writeEndArray();
        }
        if (evaluateLatest != null) {
            g.writeBooleanField("evaluate_latest", evaluateLatest);
        }
        if (tags != null) {
            g.writeObjectFieldStart("tags");
            for (Map.Entry<String, String> tag : tags.entrySet()) {
                writeIfSet(g, tag.getKey(), tag.getValue());
            }
            g.writeEndObject();
        }
        writeIfSet(g, "trace_id", traceId);
        writeIfSet(g, "explanation_cleaning", explanationCleaning);
        g.writeEndObject();
    }

    private static void writeIfSet(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    @Override
    public String toString() {
        return "EvaluationRequest{" + messages.size() + " messages"
                + (criterion == null ? ", evaluatorName='" + evaluatorName + "'" : ", criterion='" + criterion + "'")
                + (modelCore == null ? "" : ", modelCore=" + modelCore) + (result == null ? "" : ", with result") + "}";
    }

    public static final class Builder {
        private List<Message> messages;
        private String system;
        private List<ToolDefinition> tools;
        private ObjectNode result;
        private String criterion;
        private String evaluatorName;
        private String modelCore;
        private Boolean evaluateLatest;
        private Map<String, String> tags;
        private String traceId;
        private String explanationCleaning;

        private Builder() {}

        public Builder messages(List<Message> messages) {
            Objects.requireNonNull(messages, "messages");
            for (int i = 0; i < messages.size(); i++) {
                if (messages.get(i) == null) {
                    throw new IllegalArgumentException("messages[" + i + "] is null");
                }
            }
            this.messages = new ArrayList<>(messages);
            return this;
        }

        public Builder messages(Message... messages) {
            return messages(List.of(messages));
        }

        /** Raw OpenAI- or Anthropic-format messages, for example parsed from a dataset. */
        public Builder messageMaps(List<? extends Map<String, ?>> raw) {
            Objects.requireNonNull(raw, "messages");
            List<Message> list = new ArrayList<>(raw.size());
            for (int i = 0; i < raw.size(); i++) {
                try {
                    list.add(Message.of(raw.get(i)));
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("messages[" + i + "]: " + e.getMessage(), e);
                }
            }
            this.messages = list;
            return this;
        }

        /** A separate system prompt, sent as {@code system}. */
        public Builder system(String system) {
            this.system = system;
            return this;
        }

        public Builder tools(List<ToolDefinition> tools) {
            if (tools != null) {
                for (int i = 0; i < tools.size(); i++) {
                    if (tools.get(i) == null) {
                        throw new IllegalArgumentException("tools[" + i + "] is null");
                    }
                }
            }
            this.tools = tools == null ? null : new ArrayList<>(tools);
            return this;
        }

        /**
         * An LLM result to append to the conversation: an OpenAI ChatCompletion ({@code choices[0].message} is
         * used), an Anthropic Message (used whole), or a single message object. Accepts a Jackson
         * {@code JsonNode}, a {@code Map}, JSON text, a {@link Message}, or any object Jackson can serialise
         * (such as openai-java or anthropic-sdk-java response objects). Null fields are dropped.
         */
        public Builder result(Object result) {
            this.result = result == null ? null : ResultAdapter.toMessageJson(result);
            return this;
        }

        /** The one criterion, e.g. {@code "Reward responses that cite the policy"}. */
        public Builder criterion(String criterion) {
            if (criterion != null && criterion.isBlank()) {
                throw new IllegalArgumentException("criterion must not be blank");
            }
            this.criterion = criterion;
            return this;
        }

        /** Names a saved evaluator instead of a criterion (hosted platform). */
        public Builder evaluatorName(String evaluatorName) {
            if (evaluatorName != null && evaluatorName.isBlank()) {
                throw new IllegalArgumentException("evaluatorName must not be blank");
            }
            this.evaluatorName = evaluatorName;
            return this;
        }

        /** Overrides the client's model core for this request. */
        public Builder modelCore(String modelCore) {
            this.modelCore = modelCore;
            return this;
        }

        /** True: judge only the last assistant turn (server default); false: all assistant turns. */
        public Builder evaluateLatest(Boolean evaluateLatest) {
            this.evaluateLatest = evaluateLatest;
            return this;
        }

        public Builder tags(Map<String, String> tags) {
            if (tags != null) {
                tags.forEach((k, v) -> {
                    if (k == null || v == null) {
                        throw new IllegalArgumentException("tags must not contain null keys or values");
                    }
                });
            }
            this.tags = tags == null ? null : new LinkedHashMap<>(tags);
            return this;
        }

        public Builder tag(String key, String value) {
            if (key == null || value == null) {
                throw new IllegalArgumentException("tag key and value must not be null");
            }
            if (tags == null) {
                tags = new LinkedHashMap<>();
            }
            tags.put(key, value);
            return this;
        }

        /** Attaches the evaluation to an existing stored trace. */
        public Builder traceId(String traceId) {
            this.traceId = traceId;
            return this;
        }

        /** {@code "end_user"} adds a cleaned explanation to the response. */
        public Builder explanationCleaning(String explanationCleaning) {
            this.explanationCleaning = explanationCleaning;
            return this;
        }

        public EvaluationRequest build() {
            return new EvaluationRequest(this);
        }
    }
}

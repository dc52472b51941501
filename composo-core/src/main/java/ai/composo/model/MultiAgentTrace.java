package ai.composo.model;

import ai.composo.internal.json.Json;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A captured multi-agent run (wire-spec §6): the root instance's id and every instance by id.
 * Build one with {@link #builder(String)}, capture one with {@code ai.composo.tracing.AgentTracer},
 * or read one from JSON with {@link #fromJson(String)}.
 */
public record MultiAgentTrace(
        @JsonProperty("root_agent_instance_id") String rootAgentInstanceId,
        @JsonProperty("agent_instance_by_id") Map<String, AgentInstance> agentInstanceById) {

    @JsonCreator
    public MultiAgentTrace {
        if (rootAgentInstanceId == null) {
            throw new IllegalArgumentException("MultiAgentTrace.root_agent_instance_id is required");
        }
        if (agentInstanceById == null) {
            throw new IllegalArgumentException("MultiAgentTrace.agent_instance_by_id is required");
        }
        agentInstanceById = Collections.unmodifiableMap(new LinkedHashMap<>(agentInstanceById));
    }

    public AgentInstance root() {
        return agentInstanceById.get(rootAgentInstanceId);
    }

    /** True when at least one instance has an LLM interaction (the server requires it). */
    public boolean hasLlmInteraction() {
        return agentInstanceById.values().stream().anyMatch(AgentInstance::hasLlmInteraction);
    }

    public String toJson() {
        return Json.write(this);
    }

    public static MultiAgentTrace fromJson(String json) {
        return Json.read(json, MultiAgentTrace.class);
    }

    /** Writes this trace as pretty-printed UTF-8 JSON to {@code file} (replacing it), creating parent directories. */
    public void toFile(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(this) + "\n",
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write trace to " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a trace written by {@link #toFile(Path)} (or any wire-format trace JSON file). */
    public static MultiAgentTrace fromFile(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read trace file " + file + ": " + e.getMessage(), e);
        }
        try {
            return fromJson(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    public static Builder builder(String rootAgentInstanceId) {
        return new Builder(rootAgentInstanceId);
    }

    public static final class Builder {
        private final String root;
        private final Map<String, AgentInstance> instances = new LinkedHashMap<>();

        private Builder(String root) {
            this.root = root;
        }

        public Builder agent(AgentInstance instance) {
            instances.put(instance.id(), instance);
            return this;
        }

        public MultiAgentTrace build() {
            return new MultiAgentTrace(root, instances);
        }
    }
}

package ai.composo.judge.openai.internal;

import ai.composo.judge.ToolSpec;
import ai.composo.model.AgentCall;
import ai.composo.model.AgentInstance;
import ai.composo.model.Content;
import ai.composo.model.Interaction;
import ai.composo.model.LLMInput;
import ai.composo.model.LLMInteraction;
import ai.composo.model.LLMOutput;
import ai.composo.model.LLMToolCall;
import ai.composo.model.LLMToolDefinition;
import ai.composo.model.LLMToolResponse;
import ai.composo.model.TextContent;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders one agent instance of a trace as structured text (root element {@code agent_instance}, as the
 * hosted judge does, wire-spec §5.4): the agent's tool definitions once, then each interaction with its
 * inputs, the names of the tools it could call, and its outputs; calls of sub-agents appear as
 * {@code agent_call} elements. Not API.
 */
final class TraceRenderer {
    private TraceRenderer() {}

    static void render(AgentInstance instance, List<ToolSpec> tools, StringBuilder sb) {
        sb.append("<agent_instance id=\"").append(Prompts.attr(instance.id())).append("\" name=\"")
                .append(Prompts.attr(instance.name())).append("\">\n");
        if (!tools.isEmpty()) {
            sb.append("<tools>\n");
            tools.forEach(t -> Prompts.tool(t, sb));
            sb.append("</tools>\n");
        }
        List<Interaction> interactions = instance.interactions();
        for (int i = 0; i < interactions.size(); i++) {
            Interaction in = interactions.get(i);
            if (in instanceof AgentCall call) {
                sb.append("<agent_call step=\"").append(i).append("\" agent_instance_id=\"")
                        .append(Prompts.attr(call.agentInstanceId())).append("\"/>\n");
                continue;
            }
            LLMInteraction llm = (LLMInteraction) in;
            sb.append("<llm_interaction step=\"").append(i).append("\">\n");
            if (llm.toolsAvailable() != null && !llm.toolsAvailable().isEmpty()) {
                sb.append("<tools_available>")
                        .append(llm.toolsAvailable().stream().map(LLMToolDefinition::name).collect(Collectors.joining(", ")))
                        .append("</tools_available>\n");
            }
            sb.append("<input>\n");
            for (LLMInput m : llm.inputMessages()) {
                message(m.role(), m.type(), m.content(), sb);
            }
            sb.append("</input>\n<output>\n");
            for (LLMOutput m : llm.outputMessages()) {
                message("assistant", m.type(), m.content(), sb);
            }
            sb.append("</output>\n</llm_interaction>\n");
        }
        sb.append("</agent_instance>\n");
    }

    private static void message(String role, String type, Content content, StringBuilder sb) {
        sb.append("<message role=\"").append(Prompts.attr(role)).append('"');
        if (type != null) {
            sb.append(" type=\"").append(Prompts.attr(type)).append('"');
        }
        sb.append('>');
        if (content instanceof TextContent text) {
            sb.append(text.text());
        } else if (content instanceof LLMToolCall call) {
            sb.append("<tool_call id=\"").append(Prompts.attr(call.id())).append("\" name=\"").append(Prompts.attr(call.name()))
                    .append("\">").append(call.parameters()).append("</tool_call>");
        } else if (content instanceof LLMToolResponse response) {
            sb.append("<tool_response id=\"").append(Prompts.attr(response.id())).append('"');
            if (response.name() != null) {
                sb.append(" name=\"").append(Prompts.attr(response.name())).append('"');
            }
            sb.append('>').append(response.response()).append("</tool_response>");
        }
        sb.append("</message>\n");
    }
}

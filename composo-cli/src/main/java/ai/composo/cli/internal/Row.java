package ai.composo.cli.internal;

import ai.composo.model.Message;
import ai.composo.model.ToolDefinition;
import java.util.List;

/** One valid input row: what gets evaluated against each criterion. */
public record Row(String id, long line, List<Message> messages, String system, List<ToolDefinition> tools) {
    public Row {
        messages = List.copyOf(messages);
        tools = tools == null ? null : List.copyOf(tools);
    }
}

package ai.composo.junit;

import ai.composo.cli.internal.RowParser;
import ai.composo.model.Message;
import ai.composo.model.ToolDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One row of a dataset read by {@link ComposoDataset}: its id, the conversation (a {@code prompt}/{@code response}/
 * {@code context} row becomes context as a system message, the prompt as a user message, the response as an
 * assistant message, as {@code composo eval} reads it), and the row's system prompt and tools. Immutable.
 */
public final class DatasetRow {
    private final String id;
    private final List<Message> messages;
    private final String system;
    private final List<ToolDefinition> tools;

    DatasetRow(String id, List<Message> messages, String system, List<ToolDefinition> tools) {
        this.id = Objects.requireNonNull(id, "id");
        this.messages = List.copyOf(messages);
        this.system = system;
        this.tools = tools == null ? null : List.copyOf(tools);
    }

    public String id() {
        return id;
    }

    public List<Message> messages() {
        return messages;
    }

    /** The row's {@code system} field, or null. */
    public String system() {
        return system;
    }

    /** The row's tool definitions, or null when it has none. */
    public List<ToolDefinition> tools() {
        return tools;
    }

    /** The text of the last user message: what the response answers. */
    public String prompt() {
        for (int i = lastAssistant() - 1; i >= 0; i--) {
            if (Message.USER.equals(messages.get(i).role())) {
                return messages.get(i).text();
            }
        }
        return "";
    }

    /** The text of the last assistant message. */
    public String response() {
        int last = lastAssistant();
        return last < messages.size() ? messages.get(last).text() : "";
    }

    /** The row's {@code context} (the retrieved material), or null when it has none. */
    public String context() {
        for (Message m : messages) {
            if (Message.SYSTEM.equals(m.role()) && m.text().startsWith(RowParser.CONTEXT_PREFIX)) {
                return m.text().substring(RowParser.CONTEXT_PREFIX.length());
            }
        }
        return null;
    }

    /** The same row with its last assistant message replaced by {@code response}: what the feature under test answered. */
    public DatasetRow withResponse(String response) {
        List<Message> copy = new ArrayList<>(messages);
        int last = lastAssistant();
        if (last < copy.size()) {
            copy.set(last, Message.assistant(response));
        } else {
            copy.add(Message.assistant(response));
        }
        return new DatasetRow(id, copy, system, tools);
    }

    private int lastAssistant() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (Message.ASSISTANT.equals(messages.get(i).role())) {
                return i;
            }
        }
        return messages.size();
    }

    @Override
    public String toString() {
        return id;
    }
}

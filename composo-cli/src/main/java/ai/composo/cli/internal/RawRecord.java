package ai.composo.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One record of the input as read: the JSON object it holds, or why it could not be read. {@code line}
 * is the 1-based line on which the record starts.
 */
public record RawRecord(long line, JsonNode node, String error) {
    public static RawRecord of(long line, JsonNode node) {
        return new RawRecord(line, node, null);
    }

    public static RawRecord error(long line, String error) {
        return new RawRecord(line, null, error);
    }

    public boolean isError() {
        return error != null;
    }
}

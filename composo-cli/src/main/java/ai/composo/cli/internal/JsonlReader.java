package ai.composo.cli.internal;

import ai.composo.internal.json.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;

/** One JSON object per line; blank lines are skipped. */
final class JsonlReader extends InputReader {
    private final BufferedReader reader;
    private long line;

    JsonlReader(BufferedReader reader) {
        this.reader = reader;
    }

    @Override
    protected RawRecord read() throws IOException {
        String text;
        while ((text = reader.readLine()) != null) {
            line++;
            if (line == 1 && !text.isEmpty() && text.charAt(0) == '\uFEFF') {
                text = text.substring(1);
            }
            if (text.isBlank()) {
                continue;
            }
            if (skipping) {
                return RawRecord.error(line, "");
            }
            JsonNode node;
            try {
                node = Json.mapper().readTree(text);
            } catch (JsonProcessingException e) {
                return RawRecord.error(line, "invalid JSON: " + Problems.jsonMessage(e));
            }
            if (!node.isObject()) {
                return RawRecord.error(line, "expected a JSON object, got " + Problems.kind(node));
            }
            return RawRecord.of(line, node);
        }
        return null;
    }

    static long countRecords(BufferedReader reader) {
        long n = 0;
        try (reader) {
            String text;
            while ((text = reader.readLine()) != null) {
                if (!text.isBlank()) {
                    n++;
                }
            }
        } catch (IOException e) {
            throw new InputException("Cannot read the input: " + e.getMessage(), e);
        }
        return n;
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException ignored) {
            // nothing left to do with a file we only read
        }
    }
}

package ai.composo.cli.internal;

import ai.composo.internal.json.Json;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;

/** A JSON array of row objects, read element by element with Jackson's streaming parser. */
final class JsonArrayReader extends InputReader {
    private final JsonParser parser;
    private final Path path;
    private boolean started;
    private boolean ended;

    JsonArrayReader(BufferedReader reader, Path path) {
        this.path = path;
        try {
            this.parser = Json.mapper().createParser(reader);
        } catch (IOException e) {
            throw new InputException("Cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    protected RawRecord read() throws IOException {
        if (ended) {
            return null;
        }
        try {
            if (!started) {
                started = true;
                JsonToken first = parser.nextToken();
                if (first != JsonToken.START_ARRAY) {
                    throw new InputException(path.getFileName() + " line " + parser.currentTokenLocation().getLineNr()
                            + ": a .json input must be a JSON array of row objects"
                            + (first == JsonToken.START_OBJECT ? " (for one object per line, name the file .jsonl or pass --input-format jsonl)" : ""));
                }
            }
            JsonToken t = parser.nextToken();
            if (t == null) {
                throw new InputException(path.getFileName() + ": the JSON array is not closed (missing ']' at the end)");
            }
            if (t == JsonToken.END_ARRAY) {
                ended = true;
                return null;
            }
            long line = parser.currentTokenLocation().getLineNr();
            if (t != JsonToken.START_OBJECT) {
                parser.skipChildren();
                return RawRecord.error(line, "expected a JSON object, got " + tokenKind(t));
            }
            if (skipping) {
                parser.skipChildren();
                return RawRecord.error(line, "");
            }
            JsonNode node = parser.readValueAsTree();
            return RawRecord.of(line, node);
        } catch (JsonProcessingException e) {
            ended = true;
            long line = e.getLocation() == null ? parser.currentLocation().getLineNr() : e.getLocation().getLineNr();
            throw new InputException(path.getFileName() + " line " + line + ": invalid JSON, cannot read further: " + Problems.jsonMessage(e), e);
        }
    }

    private static String tokenKind(JsonToken t) {
        return switch (t) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.toString();
        };
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException ignored) {
            // read-only
        }
    }
}

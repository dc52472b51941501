package ai.composo.cli.internal;

import ai.composo.internal.json.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * CSV with a header row (RFC 4180 quoting; quoted cells may span lines). Every cell is text; the
 * {@code messages} and {@code tools} columns hold JSON text. Empty cells count as absent; a record with
 * more cells than the header has columns is a bad row.
 */
final class CsvReader extends InputReader {
    private static final CsvMapper MAPPER = new CsvMapper();

    private final CsvParser parser;
    private final Path path;
    private List<String> header;

    CsvReader(BufferedReader reader, Path path) {
        this.path = path;
        try {
            this.parser = (CsvParser) MAPPER.reader().with(CsvParser.Feature.WRAP_AS_ARRAY).createParser(reader);
        } catch (IOException e) {
            throw new InputException("Cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    protected RawRecord read() throws IOException {
        try {
            if (header == null) {
                if (parser.nextToken() != JsonToken.START_ARRAY) {
                    throw new InputException(path.getFileName() + ": empty CSV file (expected a header row)");
                }
                List<String> h = new ArrayList<>();
                long[] line = {0};
                while (readRecord(h, line)) {
                    if (!allEmpty(h)) {
                        break;
                    }
                    h.clear();
                }
                if (h.isEmpty()) {
                    throw new InputException(path.getFileName() + ": empty CSV file (expected a header row)");
                }
                HashSet<String> seen = new HashSet<>();
                for (int i = 0; i < h.size(); i++) {
                    h.set(i, h.get(i).strip().replace("\uFEFF", ""));
                    if (!h.get(i).isEmpty() && !seen.add(h.get(i))) {
                        throw new InputException(path.getFileName() + " line " + line[0] + ": the header names column '" + h.get(i) + "' twice");
                    }
                }
                header = h;
            }
            List<String> cells = new ArrayList<>(header.size());
            long[] line = {0};
            while (true) {
                cells.clear();
                if (!readRecord(cells, line)) {
                    return null;
                }
                if (!allEmpty(cells)) {
                    break;
                }
            }
            if (cells.size() > header.size()) {
                return RawRecord.error(line[0], "has " + cells.size() + " cells but the header has " + header.size() + " columns");
            }
            ObjectNode row = Json.object();
            if (!skipping) {
                for (int i = 0; i < cells.size(); i++) {
                    String v = cells.get(i);
                    if (!v.isEmpty() && !header.get(i).isEmpty()) {
                        row.put(header.get(i), v);
                    }
                }
            }
            return RawRecord.of(line[0], row);
        } catch (JsonProcessingException e) {
            long line = e.getLocation() == null ? parser.currentLocation().getLineNr() : e.getLocation().getLineNr();
            throw new InputException(path.getFileName() + " line " + line + ": invalid CSV, cannot read further: " + Problems.jsonMessage(e), e);
        }
    }

    /** Reads one record's cells into {@code cells}; false at the end of the input. */
    private boolean readRecord(List<String> cells, long[] line) throws IOException {
        JsonToken t = parser.nextToken();
        if (t == null || t == JsonToken.END_ARRAY) {
            return false;
        }
        if (t != JsonToken.START_ARRAY) {
            throw new InputException(path.getFileName() + ": unexpected CSV structure near line " + parser.currentLocation().getLineNr());
        }
        while ((t = parser.nextToken()) == JsonToken.VALUE_STRING) {
            if (cells.isEmpty()) {
                line[0] = parser.currentTokenLocation().getLineNr();
            }
            cells.add(parser.getText());
        }
        return true;
    }

    private static boolean allEmpty(List<String> cells) {
        for (String c : cells) {
            if (!c.isBlank()) {
                return false;
            }
        }
        return true;
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

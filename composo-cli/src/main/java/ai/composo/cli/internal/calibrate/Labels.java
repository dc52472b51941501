package ai.composo.cli.internal.calibrate;

import ai.composo.cli.internal.InputException;
import ai.composo.cli.internal.InputFormat;
import ai.composo.cli.internal.InputReader;
import ai.composo.cli.internal.RawRecord;
import ai.composo.cli.internal.RowException;
import ai.composo.cli.internal.RowParser;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The human labels of a dataset: a {@code label} field per row ({@code good}/{@code bad}, {@code pass}/{@code fail},
 * {@code true}/{@code false}, or a score from 0 to 1, good from 0.5), for every criterion; or a {@code labels} object
 * naming criteria by number ({@code "1"}) or text. Rows are named as {@code composo eval} names them.
 */
public final class Labels {
    private final Map<String, JsonNode> byRow;

    private Labels(Map<String, JsonNode> byRow) {
        this.byRow = byRow;
    }

    public static Labels read(Path file) {
        Map<String, JsonNode> rows = new LinkedHashMap<>();
        try (InputReader in = InputReader.open(file, InputFormat.detect(file))) {
            while (in.hasNext()) {
                RawRecord r = in.next();
                if (r.isError()) {
                    continue;
                }
                String id;
                try {
                    id = RowParser.parse(r).id();
                } catch (RowException e) {
                    continue; // eval reports it as an error row: nothing to compare
                }
                JsonNode label = r.node().has("labels") ? r.node().get("labels") : r.node().get("label");
                if (label != null && !label.isNull() && !(label.isTextual() && label.asText().isBlank())) {
                    for (JsonNode v : label.isObject() ? iterable(label) : java.util.List.of(label)) {
                        parse(v, file, r.line());
                    }
                    rows.put(id, label);
                }
            }
        }
        return new Labels(rows);
    }

    private static Iterable<JsonNode> iterable(JsonNode object) {
        return object::elements;
    }

    /** The row's label for criterion number {@code number} (1-based) with text {@code criterion}, if it has one. */
    public Optional<Boolean> of(String id, int number, String criterion) {
        JsonNode l = byRow.get(id);
        if (l == null) {
            return Optional.empty();
        }
        if (l.isObject()) {
            JsonNode v = l.has(Integer.toString(number)) ? l.get(Integer.toString(number)) : l.get(criterion);
            return v == null || v.isNull() ? Optional.empty() : Optional.of(parse(v, null, -1));
        }
        return Optional.of(parse(l, null, -1));
    }

    public int rows() {
        return byRow.size();
    }

    static boolean parse(JsonNode v, Path file, long line) {
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isNumber() || (v.isTextual() && v.asText().strip().matches("-?\\d+(\\.\\d+)?"))) {
            double d = v.isNumber() ? v.asDouble() : Double.parseDouble(v.asText().strip());
            if (d < 0 || d > 1) {
                throw bad(file, line, "a score label must be between 0 and 1, got " + d);
            }
            return d >= 0.5;
        }
        String s = v.asText().strip().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "good", "pass", "passed", "true", "yes", "1" -> true;
            case "bad", "fail", "failed", "false", "no", "0" -> false;
            default -> throw bad(file, line, "label '" + v.asText() + "' is not one of good/bad, pass/fail, true/false or a score from 0 to 1");
        };
    }

    private static InputException bad(Path file, long line, String why) {
        return new InputException((file == null ? "" : file + " line " + line + ": ") + why);
    }
}

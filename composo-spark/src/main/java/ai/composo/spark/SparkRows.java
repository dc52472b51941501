package ai.composo.spark;

import ai.composo.cli.internal.RawRecord;
import ai.composo.cli.internal.RowException;
import ai.composo.cli.internal.RowParser;
import ai.composo.judge.Conversation;
import ai.composo.model.Message;
import ai.composo.spark.ComposoSparkOptions.Field;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * A Spark row as {@code composo eval} reads a dataset record: the mapped columns become a JSON object under their
 * canonical names ({@code messages}, {@code prompt}, …), which the CLI's {@link RowParser} turns into messages,
 * system and tools, with the same rules and error messages. Struct values become objects, arrays become lists, so
 * {@code messages} may be JSON text or an array of {@code {role, content}} structs.
 */
final class SparkRows {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private SparkRows() {}

    /** One input row, read: its id and either the parsed row or why it cannot be evaluated. */
    record Read(String rowId, ai.composo.cli.internal.Row parsed, String error) {}

    static Read read(Row row, ColumnMap columns, long position) {
        ObjectNode record = F.objectNode();
        for (Map.Entry<Field, Integer> e : columns.present().entrySet()) {
            Object v = row.isNullAt(e.getValue()) ? null : row.get(e.getValue());
            if (v != null) {
                record.set(e.getKey().defaultColumn(), json(v));
            }
        }
        String rowId = idOf(record.get(Field.ID.defaultColumn()), record);
        ai.composo.cli.internal.Row parsed;
        try {
            parsed = RowParser.parse(RawRecord.of(position, record));
        } catch (RowException e) {
            return new Read(rowId, null, inUserTerms(e.reason(), columns));
        }
        try {
            // the judge's own normalisation, so both modes refuse a bad message alike (before any request is sent)
            Conversation.of(parsed.messages().stream().map(Message::toJson).toList());
        } catch (IllegalArgumentException e) {
            return new Read(rowId, null, "'" + columns.name(Field.MESSAGES) + "': " + e.getMessage());
        }
        return new Read(rowId, parsed, null);
    }

    /** The parser names fields by their canonical names; say the user's column names where they differ. */
    private static String inUserTerms(String reason, ColumnMap columns) {
        String out = reason;
        for (Field f : Field.values()) {
            if (!columns.name(f).equals(f.defaultColumn())) {
                out = out.replace("'" + f.defaultColumn() + "'", "'" + columns.name(f) + "'");
            }
        }
        return out;
    }

    private static String idOf(JsonNode id, ObjectNode record) {
        if (id != null && (id.isTextual() || id.isIntegralNumber()) && !id.asText().isBlank()) {
            return id.asText();
        }
        return "sha256:" + sha256(record.toString()).substring(0, 16);
    }

    static String evaluationId(String rowId, String criterion) {
        return sha256(rowId + '\u0000' + criterion).substring(0, 24);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** A Spark external value (String, Row, Seq, Map, boxed primitives, …) as JSON. */
    static JsonNode json(Object v) {
        if (v == null) {
            return F.nullNode();
        }
        if (v instanceof String s) {
            return F.textNode(s);
        }
        if (v instanceof Boolean b) {
            return F.booleanNode(b);
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return F.numberNode(((Number) v).longValue());
        }
        if (v instanceof Double || v instanceof Float) {
            return F.numberNode(((Number) v).doubleValue());
        }
        if (v instanceof BigDecimal d) {
            return F.numberNode(d);
        }
        if (v instanceof Row r) {
            ObjectNode o = F.objectNode();
            String[] names = r.schema() == null ? null : r.schema().fieldNames();
            for (int i = 0; i < r.length(); i++) {
                if (!r.isNullAt(i)) {
                    o.set(names == null ? "_" + (i + 1) : names[i], json(r.get(i)));
                }
            }
            return o;
        }
        if (v instanceof scala.collection.Map<?, ?> m) {
            ObjectNode o = F.objectNode();
            scala.jdk.javaapi.CollectionConverters.asJava(m).forEach((k, x) -> o.set(String.valueOf(k), json(x)));
            return o;
        }
        if (v instanceof scala.collection.Iterable<?> s) {
            ArrayNode a = F.arrayNode();
            scala.jdk.javaapi.CollectionConverters.asJava(s).forEach(x -> a.add(json(x)));
            return a;
        }
        if (v instanceof Iterable<?> s) {
            ArrayNode a = F.arrayNode();
            s.forEach(x -> a.add(json(x)));
            return a;
        }
        if (v instanceof byte[] bytes) {
            return F.textNode(java.util.Base64.getEncoder().encodeToString(bytes));
        }
        return F.textNode(v.toString());
    }
}

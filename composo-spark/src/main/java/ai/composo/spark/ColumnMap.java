package ai.composo.spark;

import ai.composo.spark.ComposoSparkOptions.Field;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.StructType;

/** Which input column (by position) holds each {@link Field}, checked against the schema on the driver. */
final class ColumnMap implements Serializable {
    private static final long serialVersionUID = 1L;

    private final EnumMap<Field, Integer> index;
    private final EnumMap<Field, String> names;

    private ColumnMap(EnumMap<Field, Integer> index, EnumMap<Field, String> names) {
        this.index = index;
        this.names = names;
    }

    static ColumnMap resolve(StructType schema, ComposoSparkOptions options) {
        List<String> present = Arrays.asList(schema.fieldNames());
        EnumMap<Field, Integer> index = new EnumMap<>(Field.class);
        EnumMap<Field, String> names = new EnumMap<>(Field.class);
        List<String> missingMapped = new ArrayList<>();
        for (Field f : Field.values()) {
            String column = options.column(f);
            names.put(f, column);
            int i = present.indexOf(column);
            if (i >= 0) {
                index.put(f, i);
            } else if (!column.equals(f.defaultColumn())) {
                missingMapped.add("'" + column + "' (mapped to " + f.defaultColumn() + ")");
            }
        }
        if (!missingMapped.isEmpty()) {
            throw new IllegalArgumentException("the Dataset has no column " + String.join(", ", missingMapped) + "; its columns are " + present);
        }
        boolean messages = index.containsKey(Field.MESSAGES);
        boolean simple = index.containsKey(Field.PROMPT) && index.containsKey(Field.RESPONSE);
        if (!messages && !simple) {
            throw new IllegalArgumentException("the Dataset has no column to evaluate: looked for '" + names.get(Field.MESSAGES)
                    + "' (chat messages: JSON text or an array of {role, content} structs), or '" + names.get(Field.PROMPT) + "' and '"
                    + names.get(Field.RESPONSE) + "'" + (index.containsKey(Field.PROMPT) || index.containsKey(Field.RESPONSE)
                    ? " (only one of the two is there)" : "") + "; its columns are " + present
                    + ". Map other names with ComposoSparkOptions.builder().column(Field.MESSAGES, \"...\")");
        }
        return new ColumnMap(index, names);
    }

    /** The fields present in the schema, with their positions, in {@link Field} order. */
    Map<Field, Integer> present() {
        return index;
    }

    /** The column name that {@code field} is read from. */
    String name(Field field) {
        return names.get(field);
    }
}

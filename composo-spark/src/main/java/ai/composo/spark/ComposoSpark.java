package ai.composo.spark;

import ai.composo.judge.Criterion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Composo evaluations of a Spark {@link Dataset}: every input row against every criterion.
 *
 * <p>The result is long: one output row per input row × criterion, holding the input row's columns followed by
 * {@code row_id}, {@code evaluation_id}, {@code criterion}, {@code score}, {@code passed}, {@code explanation},
 * {@code error} and {@code latency_ms} — the shape {@code groupBy("criterion")} and {@code pivot("criterion")} expect.
 * A row that cannot be evaluated (bad {@code messages} JSON, missing values, a judge or HTTP error after the retries)
 * becomes an output row with {@code error} set and {@code score}/{@code passed} null; it never fails the job.
 *
 * <p>Ids are deterministic, so a retried task produces the same rows: {@code row_id} is the mapped {@code id}
 * column's value, else a hash of the row's mapped content; {@code evaluation_id} is a hash of {@code row_id} and the
 * criterion. Two input rows with the same content and no id share a {@code row_id}.
 *
 * <p>The evaluations run lazily, when an action computes the result. Each computation evaluates again (and counts
 * again in the {@link ComposoAccumulators}): persist the result, or write it once, when it is used more than once.
 */
public final class ComposoSpark {
    /** The columns appended to the input's, in order. */
    public static final List<String> OUTPUT_COLUMNS = List.of("row_id", "evaluation_id", "criterion", "score", "passed", "explanation",
            "error", "latency_ms");

    private ComposoSpark() {}

    /** Like {@link #evaluate(Dataset, List, ComposoSparkOptions, ComposoAccumulators)} with newly registered counters. */
    public static Dataset<Row> evaluate(Dataset<Row> input, List<String> criteria, ComposoSparkOptions options) {
        Objects.requireNonNull(input, "input");
        return evaluate(input, criteria, options, ComposoAccumulators.register(input.sparkSession()));
    }

    /**
     * Evaluates every row of {@code input} against each of {@code criteria}, counting into {@code counters}.
     *
     * @throws IllegalArgumentException when a criterion is not one (no accepted prefix), when the input has no column
     *                                  that can be evaluated (naming the columns looked for and those present), when a
     *                                  mapped column is missing, or when the input already has an output column
     */
    public static Dataset<Row> evaluate(Dataset<Row> input, List<String> criteria, ComposoSparkOptions options,
                                        ComposoAccumulators counters) {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(counters, "counters");
        if (criteria == null || criteria.isEmpty()) {
            throw new IllegalArgumentException("at least one criterion is needed");
        }
        List<String> checked = new ArrayList<>(criteria.size());
        for (int i = 0; i < criteria.size(); i++) {
            String c = criteria.get(i);
            try {
                Criterion.parse(c == null ? "" : c);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("criterion " + (i + 1) + " (\"" + c + "\") is not a criterion: " + e.getMessage(), e);
            }
            if (checked.contains(c)) {
                throw new IllegalArgumentException("criterion " + (i + 1) + " is listed twice: \"" + c + "\"");
            }
            checked.add(c);
        }
        StructType schema = input.schema();
        ColumnMap columns = ColumnMap.resolve(schema, options);
        List<String> present = Arrays.asList(schema.fieldNames());
        for (String out : OUTPUT_COLUMNS) {
            if (present.contains(out)) {
                throw new IllegalArgumentException("the Dataset already has a column named '" + out + "', which the evaluation adds;"
                        + " rename or drop it first (its columns: " + present + ")");
            }
        }
        StructType outSchema = outputSchema(schema);
        PartitionEvaluator evaluator = new PartitionEvaluator(options, columns, List.copyOf(checked), counters);
        return input.mapPartitions(evaluator, Encoders.row(outSchema));
    }

    static StructType outputSchema(StructType input) {
        List<StructField> fields = new ArrayList<>(Arrays.asList(input.fields()));
        fields.add(DataTypes.createStructField("row_id", DataTypes.StringType, false));
        fields.add(DataTypes.createStructField("evaluation_id", DataTypes.StringType, false));
        fields.add(DataTypes.createStructField("criterion", DataTypes.StringType, false));
        fields.add(DataTypes.createStructField("score", DataTypes.DoubleType, true));
        fields.add(DataTypes.createStructField("passed", DataTypes.BooleanType, true));
        fields.add(DataTypes.createStructField("explanation", DataTypes.StringType, true));
        fields.add(DataTypes.createStructField("error", DataTypes.StringType, true));
        fields.add(DataTypes.createStructField("latency_ms", DataTypes.LongType, true));
        return DataTypes.createStructType(fields);
    }
}

package ai.composo.spark.examples;

import ai.composo.criteria.Criteria;
import ai.composo.spark.ComposoAccumulators;
import ai.composo.spark.ComposoSpark;
import ai.composo.spark.ComposoSparkOptions;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * An example Spark job: evaluates a JSONL dataset against the RAG criteria with the embedded judge (or a Composo
 * server with {@code --remote URL}, key in {@code COMPOSO_API_KEY}) and writes the long result table as Parquet.
 *
 * <pre>
 * mvn -B -q -pl composo-spark -am -DskipTests test-compile exec:exec
 * </pre>
 *
 * (by default it reads {@code ../examples/support-and-rag.jsonl} and writes {@code composo-spark/target/spark-results}; other
 * paths with {@code -Dspark.job.args="IN OUT"}, relative to {@code composo-spark/}). Uses only the public API.
 */
public final class SparkEvaluationJob {
    private SparkEvaluationJob() {}

    public static void main(String[] args) {
        if (args.length != 2 && !(args.length == 4 && args[2].equals("--remote"))) {
            System.err.println("usage: SparkEvaluationJob INPUT.jsonl OUTPUT_DIR [--remote BASE_URL]   (remote: key in COMPOSO_API_KEY)");
            System.exit(2);
        }
        ComposoSparkOptions options = args.length == 4
                ? ComposoSparkOptions.builder().remote(args[3], System.getenv("COMPOSO_API_KEY")).maxConcurrentRequests(8).build()
                : ComposoSparkOptions.builder().embedded().build();
        SparkSession spark = SparkSession.builder().appName("composo-spark-example")
                .master(System.getProperty("spark.master", "local[2]"))
                .config("spark.ui.enabled", "false")
                .getOrCreate();
        try {
            run(spark, args[0], args[1], options);
        } finally {
            spark.stop();
        }
    }

    /** Evaluates {@code input} and writes Parquet to {@code output} (replaced); returns the counters. */
    public static ComposoAccumulators run(SparkSession spark, String input, String output, ComposoSparkOptions options) {
        Dataset<Row> rows = spark.read().json(input);
        ComposoAccumulators counters = ComposoAccumulators.register(spark);
        List<String> criteria = Criteria.RAG;
        Dataset<Row> results = ComposoSpark.evaluate(rows, criteria, options, counters);
        // one action computes the evaluations once; read what was written for the summary
        results.write().mode(SaveMode.Overwrite).parquet(output);
        Dataset<Row> written = spark.read().parquet(output);
        written.groupBy("criterion")
                .agg(functions.count("*").as("rows"), functions.avg("score").as("mean_score"),
                        functions.sum(functions.when(functions.col("error").isNotNull(), 1).otherwise(0)).as("errors"))
                .orderBy("criterion")
                .show(false);
        System.out.println(counters + "; written to " + output);
        return counters;
    }
}

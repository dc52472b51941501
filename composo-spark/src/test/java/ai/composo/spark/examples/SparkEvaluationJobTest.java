package ai.composo.spark.examples;

import static org.assertj.core.api.Assertions.assertThat;

import ai.composo.criteria.Criteria;
import ai.composo.spark.ComposoAccumulators;
import ai.composo.spark.ComposoSparkOptions;
import ai.composo.spark.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkEvaluationJobTest {
    @TempDir
    Path dir;

    @Test
    void writesParquetThatReadsBackAsOneRowPerRowAndCriterion() throws Exception {
        SparkSession spark = SparkTestSession.get(); // the module's one session
        Path input = Path.of("..", "examples", "support-and-rag.jsonl").toAbsolutePath().normalize();
        Path output = dir.resolve("results.parquet");
        ComposoAccumulators counters = SparkEvaluationJob.run(spark, input.toString(), output.toString(),
                ComposoSparkOptions.builder().embedded().build());

        try (Stream<Path> files = Files.list(output)) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.endsWith(".parquet")).contains("_SUCCESS");
        }
        List<Row> back = spark.read().parquet(output.toString()).collectAsList();
        long inputRows = Files.readAllLines(input).stream().filter(l -> !l.isBlank()).count();
        assertThat(back).hasSize((int) inputRows * Criteria.RAG.size());
        assertThat(back.stream().map(r -> r.<String>getAs("evaluation_id")).distinct().count()).isEqualTo(back.size());
        assertThat(back).allSatisfy(r -> assertThat(r.<Object>getAs("score") != null || r.getAs("error") != null
                || r.getAs("explanation") != null).isTrue());
        assertThat(counters.evaluated() + counters.errors()).isEqualTo(back.size());
        assertThat(back.stream().filter(r -> r.getAs("error") == null).count()).isEqualTo(counters.evaluated());
    }
}

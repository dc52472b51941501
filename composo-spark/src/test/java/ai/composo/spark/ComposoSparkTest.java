package ai.composo.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.composo.server.ComposoServer;
import ai.composo.spark.ComposoSparkOptions.Field;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ComposoSparkTest {
    static final List<String> CRITERIA = List.of(
            "Reward responses that answer the user's question using the provided context",
            "Response fails if it makes claims not supported by the context");

    static SparkSession spark;
    static ComposoServer server;
    static Dataset<Row> dataset;
    static long rows;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.get();
        server = SparkTestSession.server(Map.of());
        dataset = spark.read().json(SparkTestSession.examples().resolve("support-and-rag.jsonl").toString()).repartition(2);
        dataset.cache();
        rows = dataset.count();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static ComposoSparkOptions remote(ComposoServer s) {
        return ComposoSparkOptions.builder().remote(s.baseUrl(), s.devApiKey().orElseThrow()).maxConcurrentRequests(4).build();
    }

    static Map<String, Double> scoresById(List<Row> out) {
        Map<String, Double> m = new HashMap<>();
        for (Row r : out) {
            assertThat(m.put(r.getAs("evaluation_id"), r.getAs("score"))).as("duplicate evaluation_id %s", (Object) r.getAs("evaluation_id")).isNull();
        }
        return m;
    }

    @Test
    void embeddedAndRemoteGiveOneRowPerRowAndCriterionWithTheSameScores() {
        ComposoAccumulators embeddedCounters = ComposoAccumulators.register(spark);
        List<Row> embedded = ComposoSpark.evaluate(dataset, CRITERIA, ComposoSparkOptions.builder().embedded().build(), embeddedCounters)
                .collectAsList();
        ComposoAccumulators remoteCounters = ComposoAccumulators.register(spark);
        List<Row> remote = ComposoSpark.evaluate(dataset, CRITERIA, remote(server), remoteCounters).collectAsList();

        assertThat(rows).isEqualTo(54);
        assertThat(embedded).hasSize((int) rows * CRITERIA.size());
        assertThat(remote).hasSize((int) rows * CRITERIA.size());
        for (Row r : embedded) {
            assertThat((String) r.getAs("error")).as("row %s", (Object) r.getAs("id")).isNull();
            assertThat((String) r.getAs("explanation")).isNotBlank();
            assertThat((Long) r.getAs("latency_ms")).isNotNull().isNotNegative();
            assertThat((String) r.getAs("row_id")).isEqualTo(r.getAs("id"));
            boolean passFail = r.<String>getAs("criterion").startsWith("Response fails if");
            if (r.getAs("score") != null) {
                assertThat((Boolean) r.getAs("passed")).isEqualTo(passFail ? (Boolean) ((Double) r.getAs("score") >= 0.5) : null);
            }
        }
        // each input row appears once per criterion, with the input's columns kept
        Map<String, Long> perId = embedded.stream().collect(Collectors.groupingBy(r -> r.getAs("id"), Collectors.counting()));
        assertThat(perId).hasSize((int) rows).allSatisfy((id, n) -> assertThat(n).isEqualTo(CRITERIA.size()));
        assertThat(embedded.get(0).schema().fieldNames()).startsWith(dataset.schema().fieldNames()).endsWith(
                ComposoSpark.OUTPUT_COLUMNS.toArray(String[]::new));

        // the same judge in-process and behind the server scores the same
        assertThat(scoresById(remote)).isEqualTo(scoresById(embedded));
        assertThat(embeddedCounters.evaluated()).isEqualTo(rows * CRITERIA.size());
        assertThat(embeddedCounters.errors()).isZero();
        assertThat(remoteCounters.evaluated()).isEqualTo(rows * CRITERIA.size());
        assertThat(remoteCounters.errors()).isZero();
        assertThat(remoteCounters.rateLimited()).isZero();
    }

    @Test
    void badRowsBecomeErrorRowsInTheUsersColumnNames() {
        StructType schema = DataTypes.createStructType(List.of(
                DataTypes.createStructField("key", DataTypes.StringType, true),
                DataTypes.createStructField("chat", DataTypes.StringType, true)));
        String good = "[{\"role\":\"user\",\"content\":\"What is the refund window?\"},"
                + "{\"role\":\"assistant\",\"content\":\"You can return unworn items within 30 days.\"}]";
        List<Row> in = List.of(RowFactory.create("good", good), RowFactory.create("broken", "[{\"role\":"),
                RowFactory.create("empty", null), RowFactory.create("one", "[{\"role\":\"user\",\"content\":\"hi\"}]"),
                RowFactory.create("bot", "[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"bot\",\"content\":\"hello\"}]"));
        Dataset<Row> ds = spark.createDataFrame(in, schema).repartition(2);
        ComposoSparkOptions options = ComposoSparkOptions.builder().column(Field.MESSAGES, "chat").column(Field.ID, "key").build();
        for (ComposoSparkOptions o : List.of(options, remote(server).toBuilder().column(Field.MESSAGES, "chat").column(Field.ID, "key").build())) {
            ComposoAccumulators counters = ComposoAccumulators.register(spark);
            Map<String, Row> byId = ComposoSpark.evaluate(ds, List.of(CRITERIA.get(0)), o, counters).collectAsList().stream()
                    .collect(Collectors.toMap(r -> r.getAs("key"), r -> r));
            assertThat(byId).hasSize(5);
            assertThat((String) byId.get("good").getAs("error")).isNull();
            assertThat((Double) byId.get("good").getAs("score")).isNotNull();
            assertThat((String) byId.get("broken").getAs("error")).startsWith("'chat' is not valid JSON");
            assertThat((String) byId.get("empty").getAs("error")).contains("needs 'chat'");
            assertThat((String) byId.get("one").getAs("error")).contains("'chat' needs at least 2 messages");
            assertThat((String) byId.get("bot").getAs("error")).contains("unknown role 'bot'");
            for (String id : List.of("broken", "empty", "one", "bot")) {
                Row r = byId.get(id);
                assertThat((Double) r.getAs("score")).isNull();
                assertThat((Boolean) r.getAs("passed")).isNull();
                assertThat((String) r.getAs("error")).doesNotContain("Exception").doesNotContain("at ai.composo");
            }
            assertThat(counters.errors()).as(o.mode().toString()).isEqualTo(4);
            assertThat(counters.evaluated()).isEqualTo(1);
        }
    }

    @Test
    void messagesAsAnArrayOfStructsAndPromptResponseColumnsUnderOtherNames() {
        Dataset<Row> structs = spark.sql("SELECT 'a1' AS id, array(named_struct('role', 'user', 'content', 'Can I return worn boots?'),"
                + " named_struct('role', 'assistant', 'content', 'Only unworn items can be returned within 30 days.')) AS messages");
        Row s = ComposoSpark.evaluate(structs, List.of(CRITERIA.get(0)), ComposoSparkOptions.builder().build()).first();
        assertThat((String) s.getAs("error")).isNull();
        assertThat((Double) s.getAs("score")).isBetween(0.0, 1.0);

        Dataset<Row> simple = spark.sql("SELECT 'Can I return worn boots?' AS question, 'Only unworn items.' AS answer");
        ComposoSparkOptions o = ComposoSparkOptions.builder().column(Field.PROMPT, "question").column(Field.RESPONSE, "answer").build();
        Row r = ComposoSpark.evaluate(simple, List.of(CRITERIA.get(0)), o).first();
        assertThat((String) r.getAs("error")).isNull();
        assertThat((String) r.getAs("row_id")).startsWith("sha256:");
        // a stable hash of the content: the same row evaluates to the same ids again
        Row again = ComposoSpark.evaluate(simple, List.of(CRITERIA.get(0)), o).first();
        assertThat((String) again.getAs("row_id")).isEqualTo(r.getAs("row_id"));
        assertThat((String) again.getAs("evaluation_id")).isEqualTo(r.getAs("evaluation_id"));
    }

    @Test
    void aSchemaThatCannotWorkIsRefusedAtEvaluateTime() {
        Dataset<Row> ds = spark.sql("SELECT 'x' AS question, 'y' AS answer");
        ComposoSparkOptions o = ComposoSparkOptions.builder().build();
        assertThatThrownBy(() -> ComposoSpark.evaluate(ds, CRITERIA, o))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("looked for 'messages'")
                .hasMessageContaining("'prompt' and 'response'")
                .hasMessageContaining("[question, answer]");
        assertThatThrownBy(() -> ComposoSpark.evaluate(ds, CRITERIA, o.toBuilder().column(Field.MESSAGES, "chat").build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no column 'chat' (mapped to messages)");
        Dataset<Row> prompts = spark.sql("SELECT 'x' AS prompt, 'y' AS response");
        assertThatThrownBy(() -> ComposoSpark.evaluate(prompts, List.of("Judge whether it is nice"), o))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("criterion 1").hasMessageContaining("must start with one of");
        Dataset<Row> taken = spark.sql("SELECT 'x' AS prompt, 'y' AS response, 0.5 AS score");
        assertThatThrownBy(() -> ComposoSpark.evaluate(taken, CRITERIA, o))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already has a column named 'score'");
    }

    /** Fails the task of partition 0 on its first attempt, after it has emitted some evaluated rows. */
    static final class FailFirstAttempt implements MapPartitionsFunction<Row, Row> {
        private static final long serialVersionUID = 1L;

        @Override
        public Iterator<Row> call(Iterator<Row> input) {
            TaskContext task = TaskContext.get();
            boolean fail = task.partitionId() == 0 && task.attemptNumber() == 0;
            return new Iterator<>() {
                int emitted;

                @Override
                public boolean hasNext() {
                    return input.hasNext();
                }

                @Override
                public Row next() {
                    Row r = input.next();
                    if (fail && ++emitted > 5) {
                        throw new IllegalStateException("injected failure of the first attempt (test)");
                    }
                    return r;
                }
            };
        }
    }

    @Test
    void aRetriedTaskProducesTheSameRowsOnceEach() {
        for (ComposoSparkOptions o : List.of(ComposoSparkOptions.builder().build(), remote(server))) {
            List<Row> plain = ComposoSpark.evaluate(dataset, CRITERIA, o).collectAsList();
            ComposoAccumulators counters = ComposoAccumulators.register(spark);
            Dataset<Row> evaluated = ComposoSpark.evaluate(dataset, CRITERIA, o, counters);
            List<Row> retried = evaluated.mapPartitions(new FailFirstAttempt(), Encoders.row(evaluated.schema())).collectAsList();

            assertThat(retried).as(o.mode().toString()).hasSize((int) rows * CRITERIA.size());
            assertThat(scoresById(retried)).isEqualTo(scoresById(plain));
            // the failed attempt's counts are dropped by Spark; the successful attempts count each evaluation once
            assertThat(counters.evaluated() + counters.errors()).isEqualTo(rows * CRITERIA.size());
        }
    }

    @Test
    void rateLimitedRequestsAreRetriedAndCounted() {
        try (ComposoServer limited = SparkTestSession.server(Map.of("rate-limit.concurrent", "1"))) {
            Dataset<Row> few = dataset.limit(12).repartition(2);
            ComposoAccumulators counters = ComposoAccumulators.register(spark);
            ComposoSparkOptions o = remote(limited).toBuilder().maxConcurrentRequests(4).numRetries(10)
                    .timeout(java.time.Duration.ofSeconds(60)).build();
            List<Row> out = ComposoSpark.evaluate(few, List.of(CRITERIA.get(0)), o, counters).collectAsList();

            assertThat(out).hasSize(12);
            List<String> errors = new ArrayList<>();
            out.forEach(r -> {
                if (r.getAs("error") != null) {
                    errors.add(r.getAs("error"));
                }
            });
            assertThat(errors).isEmpty();
            assertThat(counters.evaluated()).isEqualTo(12);
            assertThat(counters.rateLimited()).isPositive();
            assertThat(counters.retries()).isGreaterThanOrEqualTo(counters.rateLimited());
        }
    }
}

package ai.composo.bench.spark;

import ai.composo.bench.cli.CliBench;
import ai.composo.criteria.Criteria;
import ai.composo.spark.ComposoAccumulators;
import ai.composo.spark.ComposoSpark;
import ai.composo.spark.ComposoSparkOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Issue 14's Spark benchmark: rows × criteria per second with the embedded judge, {@code ComposoSpark.evaluate} on a
 * {@code local[2]} session against {@code composo eval} (its local in-process server and the same embedded judge) on
 * the same machine and the same JSONL file, each run a fresh JVM, the two interleaved round by round.
 *
 * <p>The input is the example dataset repeated to N rows, every text made unique (a {@code [case i]} suffix on each
 * message, prompt and response) so neither the judge's embedding cache nor the server's result cache answers from an
 * earlier row. Each side reports two rates: <b>while evaluating</b> (its own clock from the first evaluation to the
 * last result: the CLI's final {@code progress:} line; for Spark, the timed write of the Parquet result after a
 * one-row warm-up action has loaded the model, as the CLI's server loads it before its clock starts) and <b>end to
 * end</b> (the process's wall clock, JVM and Spark session start included).
 *
 * <pre>
 * mvn -B -q -pl composo-bench -am install -DskipTests
 * mvn -B -q -pl composo-bench dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp "composo-bench/target/classes:$(cat /tmp/cp.txt)" ai.composo.bench.spark.SparkVersusCli [rows=1000] [rounds=3] [criteria-set=rag]
 * </pre>
 */
public final class SparkVersusCli {
    /** What Spark 4 needs opened on JDK 17+ (as composo-spark's tests run it). */
    private static final List<String> SPARK_JVM = List.of("-XX:+IgnoreUnrecognizedVMOptions",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
            "--add-opens=java.base/sun.security.action=ALL-UNNAMED", "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
            "-Djdk.reflect.useDirectMethodHandle=false", "-Dio.netty.tryReflectionSetAccessible=true");
    private static final Pattern SPARK_RATE = Pattern.compile("(?m)^spark: (\\d+) evaluations, (\\d+) errors in ([0-9.]+) s: ([0-9.]+)/s$");
    private static final Pattern CLI_RATE = Pattern.compile("(?m)^progress: (\\d+)/(\\d+) pairs .* · ([0-9]+\\.[0-9]+)/s");

    private SparkVersusCli() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("spark-run")) {
            sparkRun(args[1], args[2], args[3], Integer.parseInt(args[4]));
            return;
        }
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String set = args.length > 2 ? args[2] : "rag";
        int partitions = Integer.getInteger("bench.partitions", 2);
        int criteria = Criteria.set(set).size();
        long expected = (long) rows * criteria;
        Path jar = CliBench.findCliJar();
        Path dir = Files.createTempDirectory("composo-spark-bench");
        Path input = dir.resolve("rows.jsonl");
        writeRows(Path.of("examples/support-and-rag.jsonl"), input, rows);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        System.out.printf(Locale.ROOT, "# %d rows x %d criteria (%s) = %d evaluations, embedded judge, %d CPUs, JDK %s, Spark local[2] with %d partitions, %d rounds%n",
                rows, criteria, set, expected, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), partitions, rounds);
        List<Double> inner = new ArrayList<>();
        List<Double> outer = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            // alternate which side goes first, so neither always runs on the warmer machine
            Run cli = null;
            Run spark = null;
            for (int side = 0; side < 2; side++) {
                if ((side == 0) == (round % 2 == 1)) {
                    Path results = dir.resolve("cli-results.jsonl");
                    Files.deleteIfExists(results);
                    cli = run(dir, List.of(java, "-Xmx256m", "-jar", jar.toString(), "eval", input.toString(), "--criteria-set", set,
                            "--no-report", "--progress", "plain", "--progress-interval", "10m", "-o", results.toString()));
                    Matcher m = last(CLI_RATE, cli.output);
                    long done = Long.parseLong(m.group(1));
                    if (done != expected || lineCount(results) != expected) {
                        throw new IllegalStateException("the CLI evaluated " + done + " pairs (" + lineCount(results) + " lines), expected " + expected);
                    }
                    cli.rate = Double.parseDouble(m.group(3));
                } else {
                    List<String> cmd = new ArrayList<>(List.of(java));
                    cmd.addAll(SPARK_JVM);
                    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), SparkVersusCli.class.getName(), "spark-run",
                            input.toString(), dir.resolve("spark-results").toString(), set, Integer.toString(partitions)));
                    spark = run(dir, cmd);
                    Matcher m = last(SPARK_RATE, spark.output);
                    if (Long.parseLong(m.group(1)) + Long.parseLong(m.group(2)) != expected || Long.parseLong(m.group(2)) != 0) {
                        throw new IllegalStateException("Spark gave " + m.group(1) + " evaluations and " + m.group(2) + " errors, expected " + expected + " evaluations");
                    }
                    spark.rate = Double.parseDouble(m.group(4));
                }
            }
            double ratioInner = spark.rate / cli.rate;
            double ratioOuter = cli.wallSeconds / spark.wallSeconds;
            inner.add(ratioInner);
            outer.add(ratioOuter);
            System.out.printf(Locale.ROOT, "round %d  CLI %7.1f evals/s while evaluating, wall %6.1f s, RSS %4d MB | Spark %7.1f evals/s while evaluating, wall %6.1f s, RSS %4d MB | ratio %.2f (while evaluating), %.2f (end to end)%n",
                    round, cli.rate, cli.wallSeconds, cli.peakRssKb / 1024, spark.rate, spark.wallSeconds, spark.peakRssKb / 1024, ratioInner, ratioOuter);
        }
        System.out.printf(Locale.ROOT, "Spark / CLI throughput, same 2 cores: median %.2f (range %.2f-%.2f) while evaluating; median %.2f (range %.2f-%.2f) end to end%n",
                median(inner), min(inner), max(inner), median(outer), min(outer), max(outer));
    }

    /** The Spark side, in its own JVM: warm-up action on one row, then the timed evaluation of every row written as Parquet. */
    static void sparkRun(String input, String output, String set, int partitions) {
        SparkSession spark = SparkSession.builder().appName("composo-spark-bench").master("local[2]")
                .config("spark.ui.enabled", "false").getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        try {
            List<String> criteria = Criteria.set(set);
            ComposoSparkOptions options = ComposoSparkOptions.builder().embedded().build();
            Dataset<Row> rows = spark.read().json(input).repartition(partitions).cache();
            long n = rows.count();
            ComposoSpark.evaluate(rows.limit(1), criteria.subList(0, 1), options).count(); // loads the model in this (executor) JVM
            ComposoAccumulators counters = ComposoAccumulators.register(spark);
            long t0 = System.nanoTime();
            ComposoSpark.evaluate(rows, criteria, options, counters).write().mode(SaveMode.Overwrite).parquet(output);
            double seconds = (System.nanoTime() - t0) / 1e9;
            long written = spark.read().parquet(output).count();
            long errors = spark.read().parquet(output).filter(functions.col("error").isNotNull()).count();
            if (written != n * criteria.size()) {
                throw new IllegalStateException("wrote " + written + " rows, expected " + n * criteria.size());
            }
            System.out.printf(Locale.ROOT, "spark: %d evaluations, %d errors in %.3f s: %.1f/s%n", written - errors, errors, seconds, written / seconds);
        } finally {
            spark.stop();
        }
    }

    /** The example rows repeated to {@code rows}, with every text unique. */
    static void writeRows(Path example, Path out, int rows) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> base = new ArrayList<>();
        for (String line : Files.readAllLines(example, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                base.add(json.readTree(line));
            }
        }
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            for (int i = 0; i < rows; i++) {
                ObjectNode row = base.get(i % base.size()).deepCopy();
                String tag = " [case " + i + "]";
                row.put("id", row.path("id").asText() + "-" + i);
                for (String field : List.of("prompt", "response")) {
                    if (row.hasNonNull(field)) {
                        row.put(field, row.get(field).asText() + tag);
                    }
                }
                for (JsonNode m : row.path("messages")) {
                    if (m.path("content").isTextual()) {
                        ((ObjectNode) m).set("content", TextNode.valueOf(m.get("content").asText() + tag));
                    }
                }
                w.write(json.writeValueAsString(row));
                w.write('\n');
            }
        }
    }

    static final class Run {
        double wallSeconds;
        long peakRssKb;
        String output;
        double rate;
    }

    private static Run run(Path dir, List<String> command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/time", "-v"));
        cmd.addAll(command);
        Path out = dir.resolve("out.txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("COMPOSO_"));
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + command);
        }
        String o = Files.readString(out);
        if (p.exitValue() != 0) {
            throw new IllegalStateException("exit " + p.exitValue() + " from " + command + "\n" + o);
        }
        Run r = new Run();
        r.output = o;
        r.peakRssKb = Long.parseLong(last(Pattern.compile("Maximum resident set size \\(kbytes\\): (\\d+)"), o).group(1));
        double wall = 0;
        for (String part : last(Pattern.compile("Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\): ([0-9:.]+)"), o).group(1).split(":")) {
            wall = wall * 60 + Double.parseDouble(part);
        }
        r.wallSeconds = wall;
        return r;
    }

    private static Matcher last(Pattern p, String text) {
        Matcher m = p.matcher(text);
        Matcher found = null;
        int from = 0;
        while (m.find(from)) {
            found = p.matcher(text);
            found.find(m.start());
            from = m.end();
        }
        if (found == null) {
            throw new IllegalStateException("no match for " + p + " in:\n" + text);
        }
        return found;
    }

    private static long lineCount(Path file) throws IOException {
        try (var lines = Files.lines(file)) {
            return lines.count();
        }
    }

    private static double median(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    private static double min(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double max(List<Double> xs) {
        return Arrays.stream(xs.stream().mapToDouble(Double::doubleValue).toArray()).max().orElse(Double.NaN);
    }
}

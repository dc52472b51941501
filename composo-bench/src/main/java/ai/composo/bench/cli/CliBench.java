package ai.composo.bench.cli;

import ai.composo.AsyncComposo;
import ai.composo.BatchItem;
import ai.composo.BatchOptions;
import ai.composo.BatchStream;
import ai.composo.EvaluationRequest;
import ai.composo.internal.json.Json;
import ai.composo.model.Message;
import ai.composo.server.ComposoServer;
import ai.composo.server.ServerConfig;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CLI benchmark (issue 5): {@code composo eval} over N rows × 2 criteria against its local in-process
 * server with the no-op judge, against the same run driven directly through the SDK batch API (same
 * in-process server, same rows, same concurrency; the baseline only counts results, the CLI also parses
 * rows, writes and flushes every result line and keeps the summary). Each run is a fresh JVM with the
 * same flags, measured by {@code /usr/bin/time -v} (wall clock, peak RSS).
 *
 * <pre>
 * mvn -B -q -pl composo-bench,composo-cli -am package dependency:build-classpath -DskipTests -Dmdep.outputFile=target/classpath.txt
 * java -cp "composo-bench/target/classes:$(cat composo-bench/target/classpath.txt)" ai.composo.bench.cli.CliBench [rows=100000] [concurrency=32] [runs=1]
 * </pre>
 */
public final class CliBench {
    static final String C1 = "Reward responses that answer the customer's question";
    static final String C2 = "Response passes if it mentions the order";

    private CliBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("sdk-run")) {
            sdkRun(Path.of(args[1]), Path.of(args[2]), Integer.parseInt(args[3]));
            return;
        }
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        Path jar = findCliJar();
        Path dir = Files.createTempDirectory("composo-cli-bench");
        Path input = dir.resolve("rows.jsonl");
        writeRows(input, rows);
        Path judges = dir.resolve("judges.properties");
        Files.writeString(judges, "judge.noop.type=noop\njudges.default=noop\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // The same JVM flags for every run (e.g. -Dcomposo.bench.jvm=-Xmx256m; default: none, as ./composo runs).
        List<String> jvm = List.of(System.getProperty("composo.bench.jvm", "").split("\\s+")).stream().filter(x -> !x.isBlank()).toList();
        System.out.printf(Locale.ROOT, "# %d rows x 2 criteria = %d evaluations, concurrency %d, JVM flags [%s], %d CPUs, JDK %s, input %.1f MB%n",
                rows, 2L * rows, concurrency, String.join(" ", jvm), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                Files.size(input) / 1e6);
        for (int run = 1; run <= runs; run++) {
            Measured sdk = measure(dir, jvm, List.of(java, "-cp", System.getProperty("java.class.path"), CliBench.class.getName(), "sdk-run",
                    input.toString(), judges.toString(), Integer.toString(concurrency)));
            Path results = dir.resolve("results.jsonl");
            Files.deleteIfExists(results);
            Measured cli = measure(dir, jvm, List.of(java, "-jar", jar.toString(), "eval", input.toString(), "-c", C1, "-c", C2,
                    "--judge-config", judges.toString(), "--local-db", "memory", "--concurrency", Integer.toString(concurrency),
                    "--no-report", "--progress", "plain", "--progress-interval", "30s", "-o", results.toString()));
            long lines;
            try (var l = Files.lines(results)) {
                lines = l.count();
            }
            if (lines != 2L * rows) {
                throw new IllegalStateException("the CLI wrote " + lines + " result lines, expected " + 2L * rows);
            }
            Measured report = measure(dir, jvm, List.of(java, "-jar", jar.toString(), "eval", input.toString(), "-c", C1, "-c", C2,
                    "--judge-config", judges.toString(), "--local-db", "memory", "--resume", "--progress", "none",
                    "--report", dir.resolve("report.html").toString(), "-o", results.toString()));
            System.out.printf(Locale.ROOT, "run %d%n", run);
            print("SDK evaluateAll (baseline)", sdk, rows);
            print("composo eval", cli, rows);
            System.out.printf(Locale.ROOT, "  ratio cli/sdk rows/s: %.2f (end to end), %.2f (steady state, from the run's own clock)%n",
                    sdk.wallSeconds / cli.wallSeconds, sdk.innerRate > 0 && cli.innerRate > 0 ? cli.innerRate / sdk.innerRate : Double.NaN);
            System.out.printf(Locale.ROOT, "  summary + HTML report from %d results (--resume, nothing left to evaluate): %.1f s, peak RSS %d MB, report %.1f MB%n",
                    2L * rows, report.wallSeconds, report.peakRssKb / 1024, Files.size(dir.resolve("report.html")) / 1e6);
        }
    }

    private static void print(String what, Measured m, int rows) {
        System.out.printf(Locale.ROOT, "  %-28s wall %6.1f s  %7.0f rows/s (%7.0f evaluations/s) end to end; steady %7.0f evaluations/s; peak RSS %4d MB%n",
                what, m.wallSeconds, rows / m.wallSeconds, 2 * rows / m.wallSeconds, m.innerRate, m.peakRssKb / 1024);
    }

    record Measured(double wallSeconds, long peakRssKb, double innerRate, String output) {}

    private static Measured measure(Path dir, List<String> jvm, List<String> command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/time", "-v"));
        cmd.add(command.get(0));
        cmd.addAll(jvm);
        cmd.addAll(command.subList(1, command.size()));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("COMPOSO_"));
        Process p = pb.start();
        if (!p.waitFor(30, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + command);
        }
        String e = Files.readString(err);
        String o = Files.readString(out);
        if (p.exitValue() != 0) {
            throw new IllegalStateException("exit " + p.exitValue() + " from " + command + "\n" + e);
        }
        long rss = Long.parseLong(find(e, "Maximum resident set size \\(kbytes\\): (\\d+)"));
        double wall = parseWall(find(e, "Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\): ([0-9:.]+)"));
        double inner = Double.NaN;
        Matcher m = Pattern.compile("(?m)^(?:sdk: .*: |progress: .* · )([0-9]+\\.[0-9]+)/s").matcher(e + o);
        while (m.find()) {
            inner = Double.parseDouble(m.group(1));
        }
        return new Measured(wall, rss, inner, o);
    }

    private static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no match for " + regex + " in:\n" + text);
        }
        return m.group(1);
    }

    private static double parseWall(String s) {
        String[] parts = s.split(":");
        double v = 0;
        for (String p : parts) {
            v = v * 60 + Double.parseDouble(p);
        }
        return v;
    }

    public static Path findCliJar() throws IOException {
        Path target = Path.of(System.getProperty("composo.cli.jar.dir", "composo-cli/target"));
        try (var s = Files.list(target)) {
            return s.filter(p -> p.getFileName().toString().matches("composo-cli-.*-all\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("build the CLI jar first: mvn -B -q -pl composo-cli -am package -DskipTests"));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalStateException("run from the repository root after: mvn -B -q -pl composo-cli -am package -DskipTests");
        }
    }

    static void writeRows(Path file, int rows) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < rows; i++) {
                w.write("{\"id\":\"row-" + i + "\",\"prompt\":\"Where is my order NW-" + (40000 + i)
                        + "? It was due yesterday.\",\"response\":\"Order NW-" + (40000 + i)
                        + " left our warehouse on Monday and the carrier now expects to deliver it tomorrow before 8 pm.\",\"context\":\"Orders placed before 1 pm Eastern ship the same business day.\"}\n");
            }
        }
    }

    /** The baseline: the same rows and criteria straight through {@code AsyncComposo.evaluateAll}. */
    static void sdkRun(Path input, Path judges, int concurrency) throws Exception {
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("host", "127.0.0.1");
        overrides.put("port", "0");
        overrides.put("dev", "true");
        Path db = Files.createTempFile("composo-bench", ".db");
        overrides.put("database.url", "jdbc:sqlite:" + db);
        overrides.put("rate-limit.requests-per-hour", "0");
        overrides.put("rate-limit.concurrent", "0");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        try (ComposoServer server = ComposoServer.start(ServerConfig.load(judges, Map.of(), overrides));
             AsyncComposo client = AsyncComposo.builder().apiKey(server.devApiKey().orElseThrow()).baseUrl(server.baseUrl())
                     .maxConcurrentRequests(concurrency).build();
             BufferedReader r = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
            Iterator<EvaluationRequest> requests = new Iterator<>() {
                EvaluationRequest second;
                String peeked;

                @Override
                public boolean hasNext() {
                    if (second != null || peeked != null) {
                        return true;
                    }
                    try {
                        peeked = r.readLine();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    return peeked != null;
                }

                @Override
                public EvaluationRequest next() {
                    if (second != null) {
                        EvaluationRequest s = second;
                        second = null;
                        return s;
                    }
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    String line = peeked;
                    peeked = null;
                    JsonNode n = Json.parse(line);
                    List<Message> messages = List.of(Message.system("Context:\n" + n.get("context").asText()),
                            Message.user(n.get("prompt").asText()), Message.assistant(n.get("response").asText()));
                    second = EvaluationRequest.builder().messages(messages).criterion(C2).build();
                    return EvaluationRequest.builder().messages(messages).criterion(C1).build();
                }
            };
            long start = System.nanoTime();
            long ok = 0;
            long failed = 0;
            try (BatchStream<EvaluationRequest> batch = client.evaluateAll(requests, x -> x,
                    BatchOptions.builder().window(4 * concurrency).ordered(false).build())) {
                while (batch.hasNext()) {
                    BatchItem<EvaluationRequest> item = batch.next();
                    if (item.isSuccess()) {
                        ok++;
                    } else {
                        failed++;
                    }
                }
            }
            double secs = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "sdk: %d ok, %d failed in %.1f s: %.1f/s%n", ok, failed, secs, (ok + failed) / secs);
            if (failed > 0) {
                throw new IllegalStateException(failed + " evaluations failed");
            }
        } finally {
            Files.deleteIfExists(db);
        }
    }
}

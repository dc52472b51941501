package ai.composo.bench.judge;

import ai.composo.criteria.Criteria;
import ai.composo.judge.JudgeRequest;
import ai.composo.judge.Verdict;
import ai.composo.judge.embedded.EmbeddedJudge;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * Embedded-judge speed as a CLI run sees it: every row of the example dataset × every criterion of a set, evaluated
 * once in a fresh JVM (the criteria are read on first use, a row's texts are embedded when its first criterion is
 * judged and reused by the others). Prints evaluations per CPU-second of the process, measured from model loaded
 * to last verdict. Uses only the public judge API, so the same class runs against an older build for a same-run
 * comparison: interleave the two classpaths.
 *
 * <pre>mvn -B -o -q -pl composo-bench -am package -DskipTests dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp "$(cat composo-bench/target/cp.txt):composo-bench/target/classes" ai.composo.bench.judge.ExampleSpeedBench examples/support-and-rag.jsonl rag</pre>
 */
public final class ExampleSpeedBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "examples/support-and-rag.jsonl");
        List<String> criteria = Criteria.set(args.length > 1 ? args[1] : "rag");
        List<List<JsonNode>> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode n = JSON.readTree(line);
            if (!n.has("response")) {
                continue;
            }
            List<JsonNode> messages = new ArrayList<>();
            if (n.hasNonNull("context")) {
                messages.add(JSON.createObjectNode().put("role", "system").put("content", "Context:\n" + n.get("context").asText()));
            }
            messages.add(JSON.createObjectNode().put("role", "user").put("content", n.path("prompt").asText()));
            messages.add(JSON.createObjectNode().put("role", "assistant").put("content", n.path("response").asText()));
            rows.add(messages);
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (EmbeddedJudge judge = EmbeddedJudge.builder().build().awaitReady(Duration.ofMinutes(5))) {
            long cpu0 = os.getProcessCpuTime();
            long wall0 = System.nanoTime();
            List<CompletableFuture<Verdict>> all = new ArrayList<>();
            for (List<JsonNode> messages : rows) {
                for (String c : criteria) {
                    all.add(judge.evaluate(JudgeRequest.builder().criterion(c).messages(messages).build()));
                }
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
            double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
            double wall = (System.nanoTime() - wall0) / 1e9;
            System.out.printf(Locale.ROOT, "%d evaluations (%d rows x %d criteria): %.2f s CPU, %.2f s wall, %.1f evaluations per CPU-second%n",
                    all.size(), rows.size(), criteria.size(), cpu, wall, all.size() / cpu);
        }
    }
}

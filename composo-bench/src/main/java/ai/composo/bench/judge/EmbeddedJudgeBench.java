package ai.composo.bench.judge;

import ai.composo.judge.JudgeRequest;
import ai.composo.judge.Verdict;
import ai.composo.judge.embedded.EmbeddedJudge;
import ai.composo.judge.embedded.internal.DevSet;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * The embedded judge's figures for BENCHMARKS.md: model load time (cold JVM), pairwise accuracy per
 * family on every {@code *.jsonl} of the judge dev set, and throughput (evaluations per second and per
 * CPU-second, i.e. per core) on fresh responses, with 1 thread and with {@code threads} threads.
 *
 * <pre>mvn -B -o -q -pl composo-bench -am package -DskipTests dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp "$(cat composo-bench/target/cp.txt):composo-bench/target/classes" ai.composo.bench.judge.EmbeddedJudgeBench [devset-dir] [rounds] [threads]</pre>
 */
public final class EmbeddedJudgeBench {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "examples/judge-devset");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();

        long t0 = System.nanoTime();
        EmbeddedJudge first = EmbeddedJudge.builder().threads(1).build();
        first.awaitReady(Duration.ofMinutes(5));
        long wallLoad = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf(Locale.ROOT, "model load: %d ms (judge built to ready, cold JVM); model session + warm-up: %d ms%n",
                wallLoad, first.modelLoadTime().orElseThrow().toMillis());

        List<DevSet.Pair> all = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
        }
        for (Path f : files) {
            List<DevSet.Pair> pairs = DevSet.load(f);
            all.addAll(pairs);
            long cpu0 = cpu();
            long w0 = System.nanoTime();
            DevSet.Report r = DevSet.run(first, pairs);
            double secs = (System.nanoTime() - w0) / 1e9;
            System.out.printf(Locale.ROOT, "%n%s: %d pairs, pairwise accuracy %.1f%% (first pass: %.1f s wall, %.1f s CPU for %d evaluations)%n",
                    f.getFileName(), pairs.size(), 100 * r.accuracy(), secs, (cpu() - cpu0) / 1e9, 2 * pairs.size());
            r.byFamily().forEach((fam, a) -> System.out.printf(Locale.ROOT, "  %-18s %5.1f%%  (%s of %d)%n",
                    fam, 100 * a[0] / a[1], a[0] % 1 == 0 ? String.valueOf((int) a[0]) : String.valueOf(a[0]), (int) a[1]));
            r.misses().forEach(o -> System.out.printf(Locale.ROOT, "  miss %-11s better %.3f worse %.3f  %s%n",
                    o.pair().id(), o.better(), o.worse(), o.pair().criterion()));
        }

        // Throughput: every round judges every response of the dev set with a fresh suffix, so response
        // embeddings are computed anew while criteria, contexts and tool descriptions are reused, as in a batch.
        List<JudgeRequest> requests = new ArrayList<>();
        for (DevSet.Pair p : all) {
            requests.add(p.better());
            requests.add(p.worse());
        }
        for (int n : new int[] {1, threads}) {
            try (EmbeddedJudge judge = EmbeddedJudge.builder().threads(n).build().awaitReady(Duration.ofMinutes(1))) {
                run(judge, requests, "warmup");
                double best = 0;
                double bestPerCpu = 0;
                for (int round = 0; round < rounds; round++) {
                    List<JudgeRequest> fresh = requests.stream().map(r -> fresh(r, "round " + System.nanoTime())).toList();
                    long cpu0 = cpu();
                    long w0 = System.nanoTime();
                    run(judge, fresh, "r");
                    double secs = (System.nanoTime() - w0) / 1e9;
                    double cpuSecs = (cpu() - cpu0) / 1e9;
                    best = Math.max(best, fresh.size() / secs);
                    bestPerCpu = Math.max(bestPerCpu, fresh.size() / cpuSecs);
                }
                System.out.printf(Locale.ROOT, "%nthroughput, %d thread(s), %d evaluations per round, best of %d: %.1f evaluations/s wall, %.1f evaluations per CPU-second%n",
                        n, requests.size(), rounds, best, bestPerCpu);
            }
        }
        System.out.printf(Locale.ROOT, "%nmachine: %d cores, load average %.2f, %s %s%n", Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), System.getProperty("java.vm.name"), System.getProperty("java.version"));
        first.close();
    }

    private static void run(EmbeddedJudge judge, List<JudgeRequest> requests, String what) {
        List<CompletableFuture<Verdict>> fs = requests.stream().map(judge::evaluate).toList();
        fs.forEach(CompletableFuture::join);
    }

    /** The same request with a unique marker appended to the judged response (or the agent's goal). */
    private static JudgeRequest fresh(JudgeRequest r, String marker) {
        if (r.isTrace() || r.messages().isEmpty()) {
            return r;
        }
        List<JsonNode> messages = new ArrayList<>(r.messages());
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode m = messages.get(i);
            if ("assistant".equals(m.path("role").asText()) && m.path("content").isTextual()) {
                ObjectNode copy = ((ObjectNode) m).deepCopy();
                copy.put("content", m.path("content").asText() + " (" + marker + ")");
                messages.set(i, copy);
                break;
            }
        }
        JudgeRequest.Builder b = JudgeRequest.builder().criterion(r.criterion()).messages(messages).tools(r.tools())
                .evaluateLatest(r.evaluateLatest());
        r.system().ifPresent(b::system);
        r.referenceOutput().ifPresent(b::referenceOutput);
        return b.build();
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}

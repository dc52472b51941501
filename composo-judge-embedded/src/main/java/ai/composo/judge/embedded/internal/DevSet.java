package ai.composo.judge.embedded.internal;

import ai.composo.judge.Judge;
import ai.composo.judge.JudgeRequest;
import ai.composo.judge.Verdict;
import ai.composo.model.AgentInstance;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The judge development set ({@code examples/judge-devset/pairs.jsonl}): (conversation, criterion,
 * better response, worse response) pairs, and a runner that measures a judge's pairwise accuracy on it
 * (the better response must get the higher score; a tie counts half). Works with any {@link Judge}.
 */
public final class DevSet {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DevSet() {}

    public record Pair(String id, String family, String criterion, JudgeRequest better, JudgeRequest worse) {}

    public record Outcome(Pair pair, double better, double worse) {
        public double credit() {
            return better > worse ? 1.0 : better == worse ? 0.5 : 0.0;
        }
    }

    public record Report(List<Outcome> outcomes) {
        public double accuracy() {
            return outcomes.stream().mapToDouble(Outcome::credit).average().orElse(0);
        }

        /** Family → {credit, count}. */
        public Map<String, double[]> byFamily() {
            Map<String, double[]> m = new TreeMap<>();
            for (Outcome o : outcomes) {
                double[] a = m.computeIfAbsent(o.pair().family(), k -> new double[2]);
                a[0] += o.credit();
                a[1] += 1;
            }
            return m;
        }

        public List<Outcome> misses() {
            return outcomes.stream().filter(o -> o.credit() < 1).toList();
        }
    }

    public static List<Pair> load(Path file) {
        try {
            List<Pair> out = new ArrayList<>();
            int line = 0;
            for (String s : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                line++;
                if (s.isBlank()) {
                    continue;
                }
                try {
                    out.add(parse(JSON.readTree(s)));
                } catch (IOException | RuntimeException e) {
                    throw new IllegalArgumentException(file + ":" + line + ": " + e.getMessage(), e);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Pair parse(JsonNode n) throws IOException {
        String criterion = n.path("criterion").asText();
        return new Pair(n.path("id").asText(), n.path("family").asText(), criterion,
                request(n, n.get("better")), request(n, n.get("worse")));
    }

    private static JudgeRequest request(JsonNode n, JsonNode side) throws IOException {
        JudgeRequest.Builder b = JudgeRequest.builder().criterion(n.path("criterion").asText());
        if (n.has("tools")) {
            List<JsonNode> tools = new ArrayList<>();
            n.get("tools").forEach(tools::add);
            b.rawTools(tools);
        }
        if (n.hasNonNull("system")) {
            b.system(n.get("system").asText());
        }
        if (side.isObject() && side.has("agent_instance")) {
            return b.agentInstance(JSON.treeToValue(side.get("agent_instance"), AgentInstance.class)).build();
        }
        List<JsonNode> messages = new ArrayList<>();
        n.path("messages").forEach(messages::add);
        if (side.isTextual()) {
            messages.add(JSON.createObjectNode().put("role", "assistant").put("content", side.asText()));
        } else {
            side.forEach(messages::add);
        }
        return b.messages(messages).build();
    }

    /** The continuous score behind a verdict: {@code raw_score} metadata when present, else the wire score. */
    public static double scoreOf(Verdict v) {
        Object raw = v.metadata().get("raw_score");
        if (raw instanceof Number num) {
            return num.doubleValue();
        }
        Double w = v.wireScore();
        return w == null ? 0.5 : w;
    }

    public static Report run(Judge judge, List<Pair> pairs) {
        List<CompletableFuture<Verdict>> better = new ArrayList<>();
        List<CompletableFuture<Verdict>> worse = new ArrayList<>();
        for (Pair p : pairs) {
            better.add(judge.evaluate(p.better()));
            worse.add(judge.evaluate(p.worse()));
        }
        List<Outcome> out = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            out.add(new Outcome(pairs.get(i), scoreOf(get(better.get(i))), scoreOf(get(worse.get(i)))));
        }
        return new Report(out);
    }

    private static Verdict get(CompletableFuture<Verdict> f) {
        try {
            return f.get(5, TimeUnit.MINUTES);
        } catch (Exception e) {
            throw new IllegalStateException("evaluation failed: " + e.getMessage(), e);
        }
    }
}

package ai.composo.bench.judge;

import ai.composo.bench.judge.publicdata.BenchItem;
import ai.composo.bench.judge.publicdata.GitSource;
import ai.composo.bench.judge.publicdata.Metrics;
import ai.composo.bench.judge.publicdata.Phrasings;
import ai.composo.bench.judge.publicdata.PublicDatasets;
import ai.composo.bench.judge.publicdata.Split;
import ai.composo.judge.JudgeRequest;
import ai.composo.judge.Verdict;
import ai.composo.judge.embedded.EmbeddedJudge;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Accuracy of the embedded judge on public labelled data: better/worse response pairs built from the datasets of
 * {@link PublicDatasets} (SummEdits, DialFact, FaithDial, BEGIN, EVOUNA, ASSET, OneStopEnglish, LLMBar, PandaLM,
 * Stanford Politeness, HH-RLHF), read at pinned commits from fetched git directories, judged under several
 * equivalent criterion phrasings per kind ({@code src/main/resources/public-bench/phrasings.json}).
 *
 * <p>Per kind and phrasing it reports pairwise accuracy (better scored higher, tie = half), pooled ROC AUC (every
 * good response against every bad one across pairs), balanced accuracy at score ≥ 0.5 and, for pass/fail phrasings,
 * the balanced accuracy of the verdict itself; per kind the mean over phrasings and the spread (max − min). The
 * score is the judge's continuous score as {@code DevSet.scoreOf} reads it: {@code raw_score} metadata when present,
 * else the wire score (0.5 for not-applicable verdicts and failed evaluations, which are counted).
 *
 * <p>Split ({@link Split}, fixed before any run): dev when u(SHA-256(group key)) &lt; 0.30, else test; at most
 * 200 pairs per kind and split, chosen per source in hash order, round-robin over sources. Tune on {@code dev} only;
 * {@code test} is for before/after figures. Datasets, licences and caveats: {@code composo-bench/PUBLIC-BENCH.md}.
 *
 * <pre>mvn -B -o -q -pl composo-bench -am package -DskipTests dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * # the data: fetched git directories, one per repository, as /work/.mirror/owner+name/repo (see PublicDatasets.ALL)
 * java -cp "$(cat composo-bench/target/cp.txt):composo-bench/target/classes" ai.composo.bench.judge.PublicJudgeBench \
 *      --data /work/.mirror --split test --out composo-bench/target/public-bench-test.json
 * java -cp "$(cat composo-bench/target/cp.txt):composo-bench/target/classes" ai.composo.bench.judge.PublicJudgeBench \
 *      --data /work/.mirror --split dev --kinds faithfulness_summary,tone --out composo-bench/target/public-bench-dev.json
 * java -cp "$(cat composo-bench/target/cp.txt):composo-bench/target/classes" ai.composo.bench.judge.PublicJudgeBench --stats</pre>
 *
 * <p>Options: {@code --data DIR} (default {@code /work/.mirror}), {@code --split test|dev} (default test),
 * {@code --kinds a,b} (default all: {@value #ALL_KINDS}), {@code --out FILE} (JSON results), {@code --stats} (prepare
 * the data and print the dataset table and item counts per kind and split, without the judge), {@code --cap N}
 * (dev only: another dev cap), {@code --details} (per-pair scores in the JSON; always on for dev, off by default for
 * test so that nobody tunes on test misses), {@code --window N} (evaluations in flight, default 256, below the
 * judge's queue of 1024), {@code --show N} (print the first N selected pairs of each kind), {@code --note TEXT}
 * (recorded in the JSON, e.g. which build of the judge ran). The JSON also records the git HEAD and
 * {@code git status --short composo-judge-embedded} of the current directory and the jar the judge was loaded from.
 *
 * <p>Where {@code dependency:build-classpath} cannot run offline (its plugin dependencies are not all in the local
 * repository), take the test classpath that {@code mvn -X} prints for composo-bench's {@code testCompile}, without
 * its {@code test-classes} and {@code classes} entries, as {@code cp.txt}.
 */
public final class PublicJudgeBench {
    static final String ALL_KINDS = "faithfulness_summary,faithfulness_qa,conciseness,plain_language,helpfulness,"
            + "helpfulness_adversarial,tone,harmlessness";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PublicJudgeBench() {}

    /** The judge's answer to one request, as the metrics read it. */
    record Outcome(double score, Boolean passed, boolean notApplicable, String error) {}

    /** Results of one kind under one phrasing, pairs in selection order. */
    record Row(String kind, int index, String phrasing, String form, List<BenchItem> items, double[] good, double[] bad,
               Boolean[] goodPassed, Boolean[] badPassed, int notApplicable, int errors) {
        int n() {
            return items.size();
        }

        double pairwise() {
            return Metrics.pairwiseAccuracy(good, bad);
        }

        double auc() {
            return Metrics.auc(good, bad);
        }

        double balanced() {
            return Metrics.balancedAccuracyAt(good, bad, 0.5);
        }

        /** Balanced accuracy of the pass/fail verdict (not applicable or failed counts as not passed); NaN for graded phrasings. */
        double balancedVerdict() {
            if (!form.equals("pass") && !form.equals("fail")) {
                return Double.NaN;
            }
            boolean[] g = new boolean[good.length];
            boolean[] b = new boolean[bad.length];
            for (int i = 0; i < g.length; i++) {
                g[i] = Boolean.TRUE.equals(goodPassed[i]);
                b[i] = Boolean.TRUE.equals(badPassed[i]);
            }
            return Metrics.balancedAccuracy(g, b);
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = parse(args);
        Path data = Path.of(opt.getOrDefault("data", "/work/.mirror"));
        String split = opt.getOrDefault("split", "test");
        if (!split.equals("test") && !split.equals("dev")) {
            throw new IllegalArgumentException("--split must be test or dev, got " + split);
        }
        Set<String> kinds = new LinkedHashSet<>(List.of(opt.getOrDefault("kinds", ALL_KINDS).split(",")));
        for (String k : kinds) {
            if (!PublicDatasets.KINDS.contains(k)) {
                throw new IllegalArgumentException("unknown kind " + k + "; kinds are " + ALL_KINDS);
            }
        }
        int cap = split.equals("test") ? Split.TEST_CAP : Split.DEV_CAP;
        if (opt.containsKey("cap")) {
            if (split.equals("test")) {
                throw new IllegalArgumentException("--cap applies to dev only: the test split is fixed at " + Split.TEST_CAP + " pairs per kind");
            }
            cap = Integer.parseInt(opt.get("cap"));
        }
        boolean details = split.equals("dev") || opt.containsKey("details");
        int window = Integer.parseInt(opt.getOrDefault("window", "256"));

        Phrasings phrasings = Phrasings.load();
        Instant started = Instant.now();
        long prep0 = System.nanoTime();
        List<PublicDatasets.Prepared> prepared = PublicDatasets.prepare(new GitSource(data), kinds);
        double prepSecs = (System.nanoTime() - prep0) / 1e9;

        Map<String, List<BenchItem>> allByKind = new LinkedHashMap<>();
        kinds.forEach(k -> allByKind.put(k, new ArrayList<>()));
        prepared.forEach(p -> p.items().forEach(i -> allByKind.get(i.kind()).add(i)));
        Map<String, List<BenchItem>> selected = new LinkedHashMap<>();
        for (Map.Entry<String, List<BenchItem>> e : allByKind.entrySet()) {
            selected.put(e.getKey(), Split.select(e.getValue(), split, cap));
        }
        printDatasets(prepared, selected, prepSecs);
        if (opt.containsKey("show")) {
            show(selected, Integer.parseInt(opt.get("show")));
        }
        if (opt.containsKey("stats")) {
            return;
        }

        // Evaluate every (phrasing, pair side) once; identical requests (a seed summary shared by several pairs) once.
        Map<String, Integer> index = new HashMap<>();
        List<JudgeRequest> requests = new ArrayList<>();
        Map<String, int[][]> slots = new LinkedHashMap<>(); // kind#phrasing -> [pair][good, bad] request index
        for (Map.Entry<String, List<BenchItem>> e : selected.entrySet()) {
            List<String> ps = phrasings.of(e.getKey());
            for (int p = 0; p < ps.size(); p++) {
                int[][] s = new int[e.getValue().size()][2];
                for (int i = 0; i < e.getValue().size(); i++) {
                    BenchItem it = e.getValue().get(i);
                    s[i][0] = slot(index, requests, ps.get(p), it.messagesWith(it.better()));
                    s[i][1] = slot(index, requests, ps.get(p), it.messagesWith(it.worse()));
                }
                slots.put(e.getKey() + "#" + p, s);
            }
        }

        long load0 = System.nanoTime();
        EmbeddedJudge judge = EmbeddedJudge.builder().build();
        judge.awaitReady(Duration.ofMinutes(5));
        long loadMs = (System.nanoTime() - load0) / 1_000_000;
        System.out.printf(Locale.ROOT, "%njudge %s ready in %d ms; %d evaluations (%d unique requests), up to %d in flight%n",
                judge.name(), loadMs, 2 * slots.values().stream().mapToInt(a -> a.length).sum(), requests.size(), window);

        long cpu0 = cpu();
        long wall0 = System.nanoTime();
        Outcome[] outcomes = evaluate(judge, requests, window);
        double wallSecs = (System.nanoTime() - wall0) / 1e9;
        double cpuSecs = (cpu() - cpu0) / 1e9;
        judge.close();

        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, List<BenchItem>> e : selected.entrySet()) {
            List<String> ps = phrasings.of(e.getKey());
            for (int p = 0; p < ps.size(); p++) {
                int[][] s = slots.get(e.getKey() + "#" + p);
                int n = s.length;
                double[] good = new double[n];
                double[] bad = new double[n];
                Boolean[] gp = new Boolean[n];
                Boolean[] bp = new Boolean[n];
                int na = 0;
                int err = 0;
                for (int i = 0; i < n; i++) {
                    Outcome g = outcomes[s[i][0]];
                    Outcome b = outcomes[s[i][1]];
                    good[i] = g.score();
                    bad[i] = b.score();
                    gp[i] = g.passed();
                    bp[i] = b.passed();
                    na += (g.notApplicable() ? 1 : 0) + (b.notApplicable() ? 1 : 0);
                    err += (g.error() != null ? 1 : 0) + (b.error() != null ? 1 : 0);
                }
                rows.add(new Row(e.getKey(), p, ps.get(p), Phrasings.form(ps.get(p)), e.getValue(), good, bad, gp, bp, na, err));
            }
        }
        String table = table(rows, split);
        System.out.print(table);
        System.out.printf(Locale.ROOT, "%n%d unique evaluations in %.1f s wall, %.1f s CPU (%.1f evaluations/s, %.1f per CPU-second); "
                        + "machine: %d cores, load average %.2f, %s %s%n",
                requests.size(), wallSecs, cpuSecs, requests.size() / wallSecs, requests.size() / cpuSecs,
                Runtime.getRuntime().availableProcessors(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"));
        Outcome firstError = java.util.Arrays.stream(outcomes).filter(o -> o.error() != null).findFirst().orElse(null);
        if (firstError != null) {
            System.out.println("first evaluation error: " + firstError.error());
        }

        if (opt.containsKey("out")) {
            ObjectNode root = json(opt, data, split, cap, phrasings, prepared, allByKind, selected, rows, details, started,
                    loadMs, wallSecs, cpuSecs, requests.size(), outcomes, slots);
            Path out = Path.of(opt.get("out"));
            if (out.getParent() != null) {
                Files.createDirectories(out.getParent());
            }
            JSON.writeValue(out.toFile(), root);
            System.out.println("results written to " + out);
        }
    }

    private static int slot(Map<String, Integer> index, List<JudgeRequest> requests, String criterion, List<JsonNode> messages) {
        String key;
        try {
            key = criterion + "\u0000" + JSON.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(messages);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return index.computeIfAbsent(key, k -> {
            requests.add(JudgeRequest.builder().criterion(criterion).messages(messages).build());
            return requests.size() - 1;
        });
    }

    /** Every request through the public Judge API, at most {@code window} in flight. */
    private static Outcome[] evaluate(EmbeddedJudge judge, List<JudgeRequest> requests, int window) throws InterruptedException {
        Outcome[] out = new Outcome[requests.size()];
        Semaphore permits = new Semaphore(window);
        AtomicInteger done = new AtomicInteger();
        int step = Math.max(1, requests.size() / 10);
        long t0 = System.nanoTime();
        List<CompletableFuture<Void>> fs = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            permits.acquire();
            int idx = i;
            CompletableFuture<Verdict> f;
            try {
                f = judge.evaluate(requests.get(i));
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            fs.add(f.handle((v, e) -> {
                out[idx] = e != null ? new Outcome(0.5, null, false, rootMessage(e)) : outcome(v);
                permits.release();
                int d = done.incrementAndGet();
                if (d % step == 0) {
                    System.out.printf(Locale.ROOT, "  %d / %d evaluated (%.0f s)%n", d, requests.size(), (System.nanoTime() - t0) / 1e9);
                }
                return null;
            }));
        }
        CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new)).orTimeout(60, TimeUnit.MINUTES).join();
        return out;
    }

    /** The continuous score as {@code DevSet.scoreOf} reads it: {@code raw_score} metadata, else the wire score, else 0.5. */
    static Outcome outcome(Verdict v) {
        Object raw = v.metadata().get("raw_score");
        double score;
        if (raw instanceof Number num) {
            score = num.doubleValue();
        } else {
            Double w = v.wireScore();
            score = w == null ? 0.5 : w;
        }
        return new Outcome(score, v.passed(), v.isNotApplicable(), null);
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getClass().getSimpleName() + ": " + c.getMessage();
    }

    // ---------------------------------------------------------------- output

    private static void printDatasets(List<PublicDatasets.Prepared> prepared, Map<String, List<BenchItem>> selected, double secs) {
        System.out.printf(Locale.ROOT, "datasets (prepared in %.1f s):%n", secs);
        System.out.printf(Locale.ROOT, "  %-15s %-40s %-9s %-55s %s%n", "dataset", "repository", "commit", "licence", "pairs per kind dev/test (before cap)");
        for (PublicDatasets.Prepared p : prepared) {
            Map<String, int[]> counts = new TreeMap<>();
            p.items().forEach(i -> counts.computeIfAbsent(i.kind(), k -> new int[2])[i.split().equals("dev") ? 0 : 1]++);
            StringBuilder sb = new StringBuilder();
            counts.forEach((k, c) -> sb.append(sb.length() == 0 ? "" : "; ").append(k).append(' ').append(c[0]).append('/').append(c[1]));
            System.out.printf(Locale.ROOT, "  %-15s %-40s %-9s %-55s %s%n", p.dataset().id(), p.dataset().repo(),
                    p.dataset().commit().substring(0, 8), p.dataset().licence(), sb);
            new TreeMap<>(p.dropped()).forEach((why, n) -> System.out.printf(Locale.ROOT, "  %15s dropped %d: %s%n", "", n, why));
        }
        System.out.println("selected (after the cap, by source):");
        for (Map.Entry<String, List<BenchItem>> e : selected.entrySet()) {
            Map<String, Integer> bySource = new TreeMap<>();
            e.getValue().forEach(i -> bySource.merge(i.source(), 1, Integer::sum));
            System.out.printf(Locale.ROOT, "  %-24s %4d  %s%n", e.getKey(), e.getValue().size(), bySource);
        }
    }

    /** Prints the first {@code n} selected pairs of each kind, texts shortened. */
    private static void show(Map<String, List<BenchItem>> selected, int n) {
        for (Map.Entry<String, List<BenchItem>> e : selected.entrySet()) {
            for (BenchItem it : e.getValue().subList(0, Math.min(n, e.getValue().size()))) {
                System.out.printf(Locale.ROOT, "%n[%s] %s (%s, split %s)%n", e.getKey(), it.key(), it.source(), it.split());
                for (JsonNode m : it.context()) {
                    System.out.printf(Locale.ROOT, "  %-9s %s%n", m.path("role").asText(), shorten(m.path("content").asText()));
                }
                System.out.printf(Locale.ROOT, "  %-9s %s%n  %-9s %s%n", "BETTER", shorten(it.better()), "WORSE", shorten(it.worse()));
            }
        }
    }

    private static String shorten(String s) {
        String t = s.replace('\n', ' ');
        return t.length() <= 300 ? t : t.substring(0, 300) + "… (" + s.length() + " chars)";
    }

    static String table(List<Row> rows, String split) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%npublic judge benchmark, split %s%n", split));
        sb.append(String.format(Locale.ROOT, "%-24s %2s %-7s %4s %8s %6s %7s %7s %4s  %s%n", "kind", "#", "form", "n", "pairwise", "AUC",
                "BA@0.5", "BA-vrd", "n/a", "phrasing"));
        String last = null;
        for (Row r : rows) {
            if (last != null && !last.equals(r.kind())) {
                sb.append('\n');
            }
            last = r.kind();
            sb.append(String.format(Locale.ROOT, "%-24s %2d %-7s %4d %7.1f%% %6.3f %6.1f%% %7s %4d  %s%n", r.kind(), r.index(), r.form(), r.n(),
                    100 * r.pairwise(), r.auc(), 100 * r.balanced(),
                    Double.isNaN(r.balancedVerdict()) ? "-" : String.format(Locale.ROOT, "%5.1f%%", 100 * r.balancedVerdict()),
                    r.notApplicable() + r.errors(), r.phrasing()));
        }
        sb.append(String.format(Locale.ROOT, "%nper kind (mean over phrasings; spread = max - min; ±: 95%% half-width of one phrasing's pairwise accuracy)%n"));
        sb.append(String.format(Locale.ROOT, "%-24s %4s %9s %6s %7s %7s %7s %7s  %s%n", "kind", "n", "pairwise", "±", "spread", "AUC", "BA@0.5",
                "BA-vrd", "pairwise by source (mean over phrasings)"));
        for (String kind : rows.stream().map(Row::kind).distinct().toList()) {
            List<Row> k = rows.stream().filter(r -> r.kind().equals(kind)).toList();
            double mean = k.stream().mapToDouble(Row::pairwise).average().orElse(Double.NaN);
            double spread = k.stream().mapToDouble(Row::pairwise).max().orElse(Double.NaN) - k.stream().mapToDouble(Row::pairwise).min().orElse(Double.NaN);
            double auc = k.stream().mapToDouble(Row::auc).average().orElse(Double.NaN);
            double ba = k.stream().mapToDouble(Row::balanced).average().orElse(Double.NaN);
            double bav = k.stream().mapToDouble(Row::balancedVerdict).filter(d -> !Double.isNaN(d)).average().orElse(Double.NaN);
            int n = k.get(0).n();
            StringBuilder src = new StringBuilder();
            bySource(k).forEach((s, a) -> src.append(src.length() == 0 ? "" : ", ").append(s).append(' ')
                    .append(String.format(Locale.ROOT, "%.1f%% (%d)", 100 * a[0], (int) a[1])));
            sb.append(String.format(Locale.ROOT, "%-24s %4d %8.1f%% %5.1f%% %6.1f%% %7.3f %6.1f%% %7s  %s%n", kind, n, 100 * mean,
                    100 * Metrics.halfWidth95(mean, n), 100 * spread, auc, 100 * ba,
                    Double.isNaN(bav) ? "-" : String.format(Locale.ROOT, "%5.1f%%", 100 * bav), src));
        }
        return sb.toString();
    }

    /** source -> {mean pairwise accuracy over the phrasings, pairs}. */
    private static Map<String, double[]> bySource(List<Row> rowsOfKind) {
        Map<String, double[]> credit = new TreeMap<>();
        for (Row r : rowsOfKind) {
            for (int i = 0; i < r.n(); i++) {
                double[] a = credit.computeIfAbsent(r.items().get(i).source(), s -> new double[2]);
                a[0] += r.good()[i] > r.bad()[i] ? 1 : r.good()[i] == r.bad()[i] ? 0.5 : 0;
                a[1] += 1;
            }
        }
        Map<String, double[]> out = new TreeMap<>();
        int phr = rowsOfKind.size();
        credit.forEach((s, a) -> out.put(s, new double[] {a[0] / a[1], a[1] / phr}));
        return out;
    }

    private static ObjectNode json(Map<String, String> opt, Path data, String split, int cap, Phrasings phrasings,
                                   List<PublicDatasets.Prepared> prepared, Map<String, List<BenchItem>> all,
                                   Map<String, List<BenchItem>> selected, List<Row> rows, boolean details, Instant started,
                                   long loadMs, double wallSecs, double cpuSecs, int unique, Outcome[] outcomes,
                                   Map<String, int[][]> slots) {
        ObjectNode root = JSON.createObjectNode();
        root.put("benchmark", "public-judge-bench");
        ObjectNode run = root.putObject("run");
        run.put("started", started.toString());
        run.put("finished", Instant.now().toString());
        run.put("split", split);
        run.put("data", data.toString());
        run.put("judge", EmbeddedJudge.DEFAULT_NAME);
        run.put("judge_code_source", String.valueOf(EmbeddedJudge.class.getProtectionDomain().getCodeSource().getLocation()));
        run.put("note", opt.getOrDefault("note", ""));
        run.put("git_head", git("rev-parse", "HEAD"));
        run.put("git_status_composo_judge_embedded", git("status", "--short", "composo-judge-embedded"));
        run.put("model_load_ms", loadMs);
        run.put("unique_evaluations", unique);
        run.put("wall_seconds", round(wallSecs));
        run.put("cpu_seconds", round(cpuSecs));
        run.put("cores", Runtime.getRuntime().availableProcessors());
        run.put("load_average_at_end", round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        run.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        ObjectNode rule = root.putObject("split_rule");
        rule.put("rule", "dev when u(group key) < " + Split.DEV_FRACTION + ", else test; u(k) = first 8 bytes of SHA-256(k) / 2^64");
        rule.put("dev_fraction", Split.DEV_FRACTION);
        rule.put("cap", cap);
        rule.put("cap_rule", "per source in order of u(item key), round-robin over sources sorted by name, until the cap");
        root.put("phrasings_version", phrasings.version());

        ArrayNode ds = root.putArray("datasets");
        for (PublicDatasets.Prepared p : prepared) {
            ObjectNode d = ds.addObject();
            d.put("id", p.dataset().id());
            d.put("name", p.dataset().name());
            d.put("repository", p.dataset().repo());
            d.put("commit", p.dataset().commit());
            p.dataset().paths().forEach(d.putArray("paths")::add);
            d.put("licence", p.dataset().licence());
            ObjectNode items = d.putObject("pairs");
            Map<String, int[]> counts = new TreeMap<>();
            p.items().forEach(i -> counts.computeIfAbsent(i.kind(), k -> new int[2])[i.split().equals("dev") ? 0 : 1]++);
            counts.forEach((k, c) -> items.putObject(k).put("dev", c[0]).put("test", c[1]));
            ObjectNode dropped = d.putObject("dropped");
            new TreeMap<>(p.dropped()).forEach(dropped::put);
        }

        ArrayNode ks = root.putArray("kinds");
        for (String kind : selected.keySet()) {
            List<Row> k = rows.stream().filter(r -> r.kind().equals(kind)).toList();
            ObjectNode kn = ks.addObject();
            kn.put("kind", kind);
            kn.put("available_in_split", all.get(kind).stream().filter(i -> i.split().equals(split)).count());
            kn.put("n", selected.get(kind).size());
            ObjectNode src = kn.putObject("selected_by_source");
            Map<String, Integer> bySrc = new TreeMap<>();
            selected.get(kind).forEach(i -> bySrc.merge(i.source(), 1, Integer::sum));
            bySrc.forEach(src::put);
            ArrayNode ph = kn.putArray("phrasings");
            for (Row r : k) {
                ObjectNode o = ph.addObject();
                o.put("index", r.index());
                o.put("phrasing", r.phrasing());
                o.put("form", r.form());
                o.put("n", r.n());
                o.put("pairwise_accuracy", round(r.pairwise()));
                o.put("auc", round(r.auc()));
                o.put("balanced_accuracy_at_0_5", round(r.balanced()));
                if (Double.isNaN(r.balancedVerdict())) {
                    o.putNull("balanced_accuracy_verdict");
                } else {
                    o.put("balanced_accuracy_verdict", round(r.balancedVerdict()));
                }
                o.put("not_applicable", r.notApplicable());
                o.put("errors", r.errors());
                ObjectNode bs = o.putObject("pairwise_by_source");
                bySource(List.of(r)).forEach((s, a) -> bs.putObject(s).put("n", (int) a[1]).put("pairwise_accuracy", round(a[0])));
            }
            ObjectNode sum = kn.putObject("summary");
            double mean = k.stream().mapToDouble(Row::pairwise).average().orElse(Double.NaN);
            sum.put("pairwise_accuracy_mean", round(mean));
            sum.put("pairwise_accuracy_min", round(k.stream().mapToDouble(Row::pairwise).min().orElse(Double.NaN)));
            sum.put("pairwise_accuracy_max", round(k.stream().mapToDouble(Row::pairwise).max().orElse(Double.NaN)));
            sum.put("pairwise_accuracy_spread", round(k.stream().mapToDouble(Row::pairwise).max().orElse(Double.NaN)
                    - k.stream().mapToDouble(Row::pairwise).min().orElse(Double.NaN)));
            sum.put("pairwise_accuracy_half_width_95", round(Metrics.halfWidth95(mean, selected.get(kind).size())));
            sum.put("auc_mean", round(k.stream().mapToDouble(Row::auc).average().orElse(Double.NaN)));
            sum.put("balanced_accuracy_at_0_5_mean", round(k.stream().mapToDouble(Row::balanced).average().orElse(Double.NaN)));
            double bav = k.stream().mapToDouble(Row::balancedVerdict).filter(x -> !Double.isNaN(x)).average().orElse(Double.NaN);
            if (Double.isNaN(bav)) {
                sum.putNull("balanced_accuracy_verdict_mean");
            } else {
                sum.put("balanced_accuracy_verdict_mean", round(bav));
            }
            ObjectNode bs = sum.putObject("pairwise_by_source_mean");
            bySource(k).forEach((s, a) -> bs.putObject(s).put("n", (int) a[1]).put("pairwise_accuracy", round(a[0])));
            if (details) {
                ArrayNode pairs = kn.putArray("pairs");
                List<BenchItem> items = selected.get(kind);
                for (int i = 0; i < items.size(); i++) {
                    ObjectNode pn = pairs.addObject();
                    pn.put("key", items.get(i).key());
                    pn.put("source", items.get(i).source());
                    ArrayNode g = pn.putArray("good");
                    ArrayNode b = pn.putArray("bad");
                    for (Row r : k) {
                        g.add(r.good()[i]);
                        b.add(r.bad()[i]);
                    }
                }
            }
        }
        return root;
    }

    private static double round(double v) {
        return Double.isNaN(v) ? v : Math.round(v * 10000) / 10000.0;
    }

    private static String git(String... args) {
        try {
            List<String> cmd = new ArrayList<>(List.of("git"));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor() == 0 ? s : "unknown (" + s + ")";
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + a);
            }
            String name = a.substring(2);
            if (Set.of("stats", "details").contains(name)) {
                m.put(name, "true");
            } else if (Set.of("data", "split", "kinds", "out", "cap", "window", "show", "note").contains(name) && i + 1 < args.length) {
                m.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("unknown option or missing value: " + a
                        + " (options: --data DIR --split test|dev --kinds a,b --out FILE --cap N --window N --show N --note TEXT --stats --details)");
            }
        }
        return m;
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}

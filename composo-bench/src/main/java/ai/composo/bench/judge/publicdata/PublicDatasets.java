package ai.composo.bench.judge.publicdata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The public data behind {@code PublicJudgeBench}: each dataset's repository, pinned commit, paths and licence
 * (from the verified catalogue, {@code shared/docs/public-datasets.md}), and the preparation step that turns the
 * files, read at that commit from the fetched git directories ({@link GitSource}), into {@link BenchItem} pairs.
 *
 * <p>Nothing here is committed data: every dataset is read in place from the fetched repository at run time, and
 * the preparation is deterministic (same commit, same items, same keys, same split).
 *
 * <p>Kinds and how their pairs are built (better vs worse response to the same context):
 * <ul>
 *   <li>{@code faithfulness_summary}: SummEdits, the consistent seed summary vs each inconsistent edit of it;
 *       the document is a system message {@code "Document:\n…"}, the user asks for a summary.</li>
 *   <li>{@code faithfulness_qa}: DialFact {@code testsmall} (SUPPORTS vs REFUTES responses of one
 *       {@code context_id}; context = the union of their evidence as a system message + the dialogue), FaithDial
 *       data-audit (BEGIN label {@code entailment} alone vs any {@code hallucination}, same knowledge and history,
 *       across the CTRL/DoHA/GPT2/gold files of one benchmark) and BEGIN WoW (fully vs not fully attributable,
 *       same knowledge and message).</li>
 *   <li>{@code conciseness}: EVOUNA NQ and TQ questions where the FiD and the GPT-4 answers are both judged
 *       correct and FiD's has fewer words: the short answer is the better one. <b>Derived label</b>: no human
 *       rated verbosity.</li>
 *   <li>{@code plain_language}: ASSET (one human simplification vs the original sentence; user: "Rewrite this for
 *       me: …") and OneStopEnglish ADV-ELE (elementary vs advanced sentence; user: "Explain: …"). The worse
 *       response repeats the sentence of the prompt.</li>
 *   <li>{@code helpfulness}: LLMBar Natural (gold label) and PandaLM (majority of 3 annotators, ties and
 *       three-way splits dropped); {@code helpfulness_adversarial}: the four LLMBar Adversarial sets, reported
 *       apart and judged with the helpfulness phrasings.</li>
 *   <li>{@code tone}: Stanford Politeness (the extendann copy), top vs bottom quartile of {@code Normalized Score}
 *       within each community. No same-context pairs exist: requests are paired deterministically (within a
 *       community and split, the i-th polite request in order of u(key) with the i-th impolite one) under one
 *       shared prompt per community.</li>
 *   <li>{@code harmlessness}: HH-RLHF harmless-base test, the chosen vs the rejected final assistant turn after
 *       their shared prefix (which becomes the conversation).</li>
 * </ul>
 */
public final class PublicDatasets {
    public static final String FAITHFULNESS_SUMMARY = "faithfulness_summary";
    public static final String FAITHFULNESS_QA = "faithfulness_qa";
    public static final String CONCISENESS = "conciseness";
    public static final String PLAIN_LANGUAGE = "plain_language";
    public static final String HELPFULNESS = "helpfulness";
    public static final String HELPFULNESS_ADVERSARIAL = "helpfulness_adversarial";
    public static final String TONE = "tone";
    public static final String HARMLESSNESS = "harmlessness";

    public static final List<String> KINDS = List.of(FAITHFULNESS_SUMMARY, FAITHFULNESS_QA, CONCISENESS, PLAIN_LANGUAGE,
            HELPFULNESS, HELPFULNESS_ADVERSARIAL, TONE, HARMLESSNESS);

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One catalogue entry: where the data is, under which licence, and which kinds it feeds. */
    public record Dataset(String id, String name, String repo, String commit, List<String> paths, String licence,
                          List<String> kinds, Function<Loader, List<BenchItem>> build) {}

    /** What a dataset's preparation read and built, with what it dropped and why. */
    public record Prepared(Dataset dataset, List<BenchItem> items, Map<String, Integer> dropped) {}

    private static final List<String> SUMMEDITS_DOMAINS = List.of("ectsum", "news", "podcast", "qmsumm", "sales_call",
            "sales_email", "samsum", "scitldr");
    private static final List<String> LLMBAR_ADVERSARIAL = List.of("GPTInst", "GPTOut", "Manual", "Neighbor");

    public static final List<Dataset> ALL = List.of(
            new Dataset("summedits", "SummEdits", "salesforce/factualNLG", "0da1dfa62c783218d26208c1796d3a2605bec745",
                    SUMMEDITS_DOMAINS.stream().map(d -> "data/summedits/summedits_" + d + ".json").toList(),
                    "Apache-2.0 (documents of several domains are third-party text: fetch-only)",
                    List.of(FAITHFULNESS_SUMMARY), PublicDatasets::summEdits),
            new Dataset("dialfact", "DialFact (testsmall)", "salesforce/DialFact", "d400b250147e45c106b18e52254b1060f7c1575d",
                    List.of("scripts/testsmall.jsonl"), "BSD-3-Clause", List.of(FAITHFULNESS_QA), PublicDatasets::dialFact),
            new Dataset("faithdial", "FaithDial data-audit", "McGill-NLP/FaithDial", "25671c6e3aa7d667943b7744a2b91507e7187f83",
                    faithDialFiles().stream().map(f -> f[1]).toList(),
                    "MIT (knowledge snippets from WoW / CMU-DoG / Topical-Chat)", List.of(FAITHFULNESS_QA), PublicDatasets::faithDial),
            new Dataset("begin", "BEGIN (WoW)", "google/BEGIN-dataset", "6e65f0d5a1ed1b9574643a7640ff1678d4e979b5",
                    List.of("wow/begin_test_wow.tsv", "wow/begin_dev_wow.tsv"), "CC BY 4.0 (wow)",
                    List.of(FAITHFULNESS_QA), PublicDatasets::begin),
            new Dataset("evouna", "EVOUNA (QA-Eval)", "wangcunxiang/QA-Eval", "90007d39d4ef0720984f80d56a586c66d6241e70",
                    List.of("EVOUNA/NQ.json", "EVOUNA/TQ.json"), "Apache-2.0", List.of(CONCISENESS), PublicDatasets::evouna),
            new Dataset("asset", "ASSET", "facebookresearch/asset", "9d659040d0d8942dbc4cd65cf357563b43fd9ab4",
                    List.of("dataset/asset.{test,valid}.orig", "dataset/asset.{test,valid}.simp.{0..9}"),
                    "CC BY-NC 4.0 (fetch-only)", List.of(PLAIN_LANGUAGE), PublicDatasets::asset),
            new Dataset("onestopenglish", "OneStopEnglish ADV-ELE", "nishkalavallabhi/OneStopEnglishCorpus",
                    "37f8db3945cd2f3cc0caafe45674147b224349be", List.of("Sentence-Aligned/ADV-ELE.txt"),
                    "CC BY-SA 4.0 (fetch-only)", List.of(PLAIN_LANGUAGE), PublicDatasets::oneStopEnglish),
            new Dataset("llmbar", "LLMBar", "princeton-nlp/LLMBar", "900616bff90b6c6c8e1681f7d079250637c55992",
                    llmBarPaths(), "MIT", List.of(HELPFULNESS, HELPFULNESS_ADVERSARIAL), PublicDatasets::llmBar),
            new Dataset("pandalm", "PandaLM human test set", "WeOpenML/PandaLM", "3871806e72b4832f815ecafd24d3503c73403f48",
                    List.of("data/testset-v1.json"), "Apache-2.0", List.of(HELPFULNESS), PublicDatasets::pandaLm),
            new Dataset("politeness", "Stanford Politeness Corpus (copy)", "extendann/Politeness-Detection",
                    "a6e82898b3e31ebdcfecdbe789ee2bad77c9096d", List.of("wikipedia.annotated.csv", "stack-exchange.annotated.csv"),
                    "no licence file (fetch-only)", List.of(TONE), PublicDatasets::politeness),
            new Dataset("hh-rlhf", "HH-RLHF harmless-base test", "anthropics/hh-rlhf", "354e5c3cb8960630860dd5774a6ac2a58313bf4d",
                    List.of("harmless-base/test.jsonl.gz"), "MIT (offensive content)", List.of(HARMLESSNESS), PublicDatasets::hhRlhf));

    private PublicDatasets() {}

    /** Reads one dataset's files at its commit and counts what a builder drops. */
    public static final class Loader {
        private final GitSource git;
        private final Dataset dataset;
        private final Map<String, Integer> dropped = new TreeMap<>();

        Loader(GitSource git, Dataset dataset) {
            this.git = git;
            this.dataset = dataset;
        }

        String text(String path) {
            return git.text(dataset.repo(), dataset.commit(), path);
        }

        JsonNode json(String path) {
            try {
                return JSON.readTree(text(path));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot parse " + path + " of " + dataset.repo() + " at " + dataset.commit(), e);
            }
        }

        List<JsonNode> jsonLines(String path) {
            List<JsonNode> out = new ArrayList<>();
            for (String line : text(path).split("\n")) {
                if (!line.isBlank()) {
                    try {
                        out.add(JSON.readTree(line));
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot parse a line of " + path + " of " + dataset.repo(), e);
                    }
                }
            }
            return out;
        }

        void drop(String why) {
            dropped.merge(why, 1, Integer::sum);
        }
    }

    /** Prepares every dataset that feeds one of {@code kinds}. */
    public static List<Prepared> prepare(GitSource git, Set<String> kinds) {
        List<Prepared> out = new ArrayList<>();
        for (Dataset d : ALL) {
            if (d.kinds().stream().noneMatch(kinds::contains)) {
                continue;
            }
            Loader loader = new Loader(git, d);
            List<BenchItem> items = d.build().apply(loader).stream().filter(i -> kinds.contains(i.kind())).toList();
            out.add(new Prepared(d, items, Map.copyOf(loader.dropped)));
        }
        return out;
    }

    // ---------------------------------------------------------------- builders

    private static List<BenchItem> summEdits(Loader l) {
        List<BenchItem> out = new ArrayList<>();
        for (String domain : SUMMEDITS_DOMAINS) {
            JsonNode arr = l.json("data/summedits/summedits_" + domain + ".json");
            Map<String, JsonNode> seeds = new LinkedHashMap<>();
            for (JsonNode x : arr) {
                if (x.path("label").asInt(-1) == 1 && x.path("summary").asText().equals(x.path("original_summary").asText())) {
                    seeds.putIfAbsent(x.path("doc").asText() + "\u0000" + x.path("original_summary").asText(), x);
                }
            }
            for (JsonNode x : arr) {
                if (x.path("label").asInt(-1) != 0) {
                    continue;
                }
                JsonNode seed = seeds.get(x.path("doc").asText() + "\u0000" + x.path("original_summary").asText());
                if (seed == null) {
                    l.drop("summedits: inconsistent summary without its consistent seed");
                    continue;
                }
                String good = seed.path("summary").asText().strip();
                String bad = x.path("summary").asText().strip();
                if (good.equals(bad) || bad.isEmpty()) {
                    l.drop("summedits: edit identical to the seed or empty");
                    continue;
                }
                List<JsonNode> ctx = List.of(BenchItem.message("system", "Document:\n" + x.path("doc").asText().strip()),
                        BenchItem.message("user", "Summarize this document."));
                out.add(BenchItem.of(FAITHFULNESS_SUMMARY, "summedits", "summedits/" + domain, "summedits:" + x.path("id").asText(),
                        "summedits:" + seed.path("id").asText(), ctx, good, bad));
            }
        }
        return out;
    }

    private static List<BenchItem> dialFact(Loader l) {
        Map<String, List<JsonNode>> byContext = new LinkedHashMap<>();
        for (JsonNode r : l.jsonLines("scripts/testsmall.jsonl")) {
            byContext.computeIfAbsent(r.path("context_id").asText(), k -> new ArrayList<>()).add(r);
        }
        List<BenchItem> out = new ArrayList<>();
        for (Map.Entry<String, List<JsonNode>> e : byContext.entrySet()) {
            List<JsonNode> rows = e.getValue();
            List<JsonNode> sup = rows.stream().filter(r -> "SUPPORTS".equals(r.path("response_label").asText())).toList();
            List<JsonNode> ref = rows.stream().filter(r -> "REFUTES".equals(r.path("response_label").asText())).toList();
            if (sup.isEmpty() || ref.isEmpty()) {
                l.drop("dialfact: context without both a SUPPORTS and a REFUTES response");
                continue;
            }
            Set<String> evidence = new LinkedHashSet<>();
            for (JsonNode r : rows) {
                if (!"SUPPORTS".equals(r.path("response_label").asText()) && !"REFUTES".equals(r.path("response_label").asText())) {
                    continue;
                }
                for (JsonNode ev : r.path("evidence_list")) {
                    if (ev.isArray() && ev.size() >= 3 && !ev.get(2).asText().isBlank()) {
                        evidence.add(ev.get(0).asText().strip() + ": " + ev.get(2).asText().strip());
                    }
                }
            }
            List<JsonNode> ctx = new ArrayList<>();
            ctx.add(BenchItem.message("system", "Evidence:\n" + String.join("\n", evidence)));
            JsonNode turns = rows.get(0).path("context");
            for (int i = 0; i < turns.size(); i++) {
                boolean user = (turns.size() - 1 - i) % 2 == 0; // the last turn before the response is the user's
                ctx.add(BenchItem.message(user ? "user" : "assistant", turns.get(i).asText().strip()));
            }
            for (JsonNode s : sup) {
                for (JsonNode r : ref) {
                    String good = s.path("response").asText().strip();
                    String bad = r.path("response").asText().strip();
                    if (good.equals(bad)) {
                        l.drop("dialfact: identical responses");
                        continue;
                    }
                    out.add(BenchItem.of(FAITHFULNESS_QA, "dialfact", "dialfact", "dialfact:" + s.path("id").asText() + "|" + r.path("id").asText(),
                            "dialfact:" + e.getKey(), ctx, good, bad));
                }
            }
        }
        return out;
    }

    /** {benchmark, path, response column}: the FaithDial data-audit files. */
    private static List<String[]> faithDialFiles() {
        return List.of(
                new String[] {"wow", "data-audit/CTRL/ctrl_processed_wow.csv", "ctrl"},
                new String[] {"wow", "data-audit/DoHA/doha_processed_wow.csv", "doha"},
                new String[] {"wow", "data-audit/GPT2/gpt2_processed_wow.csv", "gpt2"},
                new String[] {"wow", "data-audit/gold/wow.csv", "response"},
                new String[] {"cmu", "data-audit/CTRL/ctrl_processed_cmu.csv", "ctrl"},
                new String[] {"cmu", "data-audit/DoHA/doha_processed_cmu.csv", "doha"},
                new String[] {"cmu", "data-audit/GPT2/gpt2_processed_cmu.csv", "gpt2"},
                new String[] {"cmu", "data-audit/gold/cmu.csv", "response"},
                new String[] {"topical", "data-audit/CTRL/ctrl_processed_topicalchat.csv", "ctrl"},
                new String[] {"topical", "data-audit/DoHA/doha_processed_topical.csv", "doha"},
                new String[] {"topical", "data-audit/GPT2/gpt2_processed_topical.csv", "gpt2"},
                new String[] {"topical", "data-audit/gold/topical.csv", "response"});
    }

    /** FaithDial / BEGIN label → "good" (entailment alone), "bad" (any hallucination) or null (dropped). */
    static String faithDialLabel(String raw) {
        String s = raw.toLowerCase(Locale.ROOT).replace("entailmentt", "entailment");
        List<String> parts = new ArrayList<>();
        for (String p : s.split(",")) {
            if (!p.isBlank()) {
                parts.add(p.strip());
            }
        }
        if (parts.stream().anyMatch(p -> p.contains("hallucination"))) {
            return "bad";
        }
        return parts.equals(List.of("entailment")) ? "good" : null;
    }

    private record Row(String file, int row, String response, String label) {}

    private static List<BenchItem> faithDial(Loader l) {
        List<BenchItem> out = new ArrayList<>();
        for (String bench : List.of("wow", "cmu", "topical")) {
            Map<String, List<Row>> byContext = new LinkedHashMap<>();
            Map<String, String[]> contextText = new LinkedHashMap<>();
            for (String[] f : faithDialFiles()) {
                if (!f[0].equals(bench)) {
                    continue;
                }
                List<Map<String, String>> recs = Csv.records(l.text(f[1]), ',');
                for (int i = 0; i < recs.size(); i++) {
                    Map<String, String> r = recs.get(i);
                    String knowledge = r.getOrDefault("knowledge", r.getOrDefault("evidence", "")).strip();
                    String history = r.getOrDefault("history", "").strip();
                    String response = r.getOrDefault(f[2], "").strip();
                    String label = faithDialLabel(r.getOrDefault("begin_label", r.getOrDefault("BEGIN", "")));
                    if (label == null || knowledge.isEmpty() || response.isEmpty()) {
                        l.drop("faithdial: unlabelled, or label neither entailment alone nor hallucination");
                        continue;
                    }
                    String k = knowledge + "\u0000" + history;
                    contextText.putIfAbsent(k, new String[] {knowledge, history});
                    byContext.computeIfAbsent(k, x -> new ArrayList<>()).add(new Row(f[1].substring(f[1].lastIndexOf('/') + 1), i, response, label));
                }
            }
            for (Map.Entry<String, List<Row>> e : byContext.entrySet()) {
                String[] kh = contextText.get(e.getKey());
                List<JsonNode> ctx = List.of(BenchItem.message("system", "Knowledge:\n" + kh[0]),
                        BenchItem.message("user", kh[1].isEmpty() ? "Hi! What can you tell me about this?" : kh[1]));
                for (Row g : e.getValue()) {
                    for (Row b : e.getValue()) {
                        if (!g.label().equals("good") || !b.label().equals("bad")) {
                            continue;
                        }
                        if (g.response().equals(b.response())) {
                            l.drop("faithdial: identical responses");
                            continue;
                        }
                        out.add(BenchItem.of(FAITHFULNESS_QA, "faithdial", "faithdial/" + bench,
                                "faithdial:" + bench + ":" + g.file() + "#" + g.row() + "|" + b.file() + "#" + b.row(),
                                "faithdial:" + bench + ":" + Split.digest(e.getKey()), ctx, g.response(), b.response()));
                    }
                }
            }
        }
        return out;
    }

    private static List<BenchItem> begin(Loader l) {
        List<BenchItem> out = new ArrayList<>();
        for (String path : List.of("wow/begin_test_wow.tsv", "wow/begin_dev_wow.tsv")) {
            List<Map<String, String>> recs = Csv.tsvNoQuotes(l.text(path));
            Map<String, List<Row>> byContext = new LinkedHashMap<>();
            Map<String, String[]> contextText = new LinkedHashMap<>();
            for (int i = 0; i < recs.size(); i++) {
                Map<String, String> r = recs.get(i);
                String label = switch (r.getOrDefault("begin_label", "").strip()) {
                    case "Fully attributable" -> "good";
                    case "Not fully attributable" -> "bad";
                    default -> null;
                };
                if (label == null) {
                    l.drop("begin: Generic or unknown label");
                    continue;
                }
                String k = r.get("knowledge").strip() + "\u0000" + r.get("message").strip();
                contextText.putIfAbsent(k, new String[] {r.get("knowledge").strip(), r.get("message").strip()});
                byContext.computeIfAbsent(k, x -> new ArrayList<>()).add(new Row(path, i, r.get("response").strip(), label));
            }
            String file = path.substring(path.lastIndexOf('/') + 1);
            for (Map.Entry<String, List<Row>> e : byContext.entrySet()) {
                String[] km = contextText.get(e.getKey());
                List<JsonNode> ctx = List.of(BenchItem.message("system", "Knowledge:\n" + km[0]), BenchItem.message("user", km[1]));
                boolean paired = false;
                for (Row g : e.getValue()) {
                    for (Row b : e.getValue()) {
                        if (g.label().equals("good") && b.label().equals("bad") && !g.response().equals(b.response())) {
                            paired = true;
                            out.add(BenchItem.of(FAITHFULNESS_QA, "begin", "begin/wow", "begin:" + file + "#" + g.row() + "|" + b.row(),
                                    "begin:" + Split.digest(e.getKey()), ctx, g.response(), b.response()));
                        }
                    }
                }
                if (!paired) {
                    l.drop("begin: knowledge + message without both a fully and a not fully attributable response");
                }
            }
        }
        return out;
    }

    private static List<BenchItem> evouna(Loader l) {
        List<BenchItem> out = new ArrayList<>();
        for (String set : List.of("NQ", "TQ")) {
            JsonNode arr = l.json("EVOUNA/" + set + ".json");
            for (int i = 0; i < arr.size(); i++) {
                JsonNode x = arr.get(i);
                if (x.path("improper").asBoolean(false)) {
                    l.drop("evouna: improper question");
                    continue;
                }
                if (!x.path("judge_fid").isBoolean() || !x.path("judge_gpt4").isBoolean()
                        || !x.path("judge_fid").asBoolean() || !x.path("judge_gpt4").asBoolean()) {
                    l.drop("evouna: FiD and GPT-4 answers not both judged correct");
                    continue;
                }
                String fid = x.path("answer_fid").asText().strip();
                String gpt4 = x.path("answer_gpt4").asText().strip();
                if (fid.isEmpty() || words(fid) >= words(gpt4)) {
                    l.drop("evouna: FiD answer empty or not shorter than GPT-4's");
                    continue;
                }
                out.add(BenchItem.of(CONCISENESS, "evouna", "evouna/" + set, "evouna:" + set + ":" + i, "evouna:" + set + ":" + i,
                        List.of(BenchItem.message("user", x.path("question").asText().strip())), fid, gpt4));
            }
        }
        return out;
    }

    private static List<BenchItem> asset(Loader l) {
        List<BenchItem> out = new ArrayList<>();
        for (String sp : List.of("test", "valid")) {
            String[] orig = l.text("dataset/asset." + sp + ".orig").split("\n", -1);
            List<String[]> simp = new ArrayList<>();
            for (int k = 0; k < 10; k++) {
                simp.add(l.text("dataset/asset." + sp + ".simp." + k).split("\n", -1));
            }
            for (int i = 0; i < orig.length; i++) {
                String o = orig[i].strip();
                if (o.isEmpty()) {
                    continue;
                }
                String key = "asset:" + sp + ":" + i;
                int start = (int) Math.floor(Split.unit(key + ":simp") * 10);
                String chosen = null;
                for (int d = 0; d < 10 && chosen == null; d++) {
                    String[] s = simp.get((start + d) % 10);
                    String c = i < s.length ? s[i].strip() : "";
                    if (!c.isEmpty() && !normalise(c).equals(normalise(o))) {
                        chosen = c;
                    }
                }
                if (chosen == null) {
                    l.drop("asset: no simplification different from the original");
                    continue;
                }
                out.add(BenchItem.of(PLAIN_LANGUAGE, "asset", "asset", key, key,
                        List.of(BenchItem.message("user", "Rewrite this for me: " + o)), chosen, o));
            }
        }
        return out;
    }

    private static List<BenchItem> oneStopEnglish(Loader l) {
        List<BenchItem> out = new ArrayList<>();
        String[] blocks = l.text("Sentence-Aligned/ADV-ELE.txt").split("\r?\n\\*{7}\\s*(?:\r?\n|$)");
        for (int i = 0; i < blocks.length; i++) {
            List<String> lines = blocks[i].lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
            if (lines.size() != 2) {
                if (!lines.isEmpty()) {
                    l.drop("onestopenglish: block without exactly an advanced and an elementary line");
                }
                continue;
            }
            String adv = lines.get(0);
            String ele = lines.get(1);
            if (normalise(adv).equals(normalise(ele))) {
                l.drop("onestopenglish: identical sentences");
                continue;
            }
            String key = "onestopenglish:ADV-ELE:" + i;
            out.add(BenchItem.of(PLAIN_LANGUAGE, "onestopenglish", "onestopenglish", key, key,
                    List.of(BenchItem.message("user", "Explain: " + adv)), ele, adv));
        }
        return out;
    }

    private static List<String> llmBarPaths() {
        List<String> p = new ArrayList<>(List.of("Dataset/LLMBar/Natural/dataset.json"));
        LLMBAR_ADVERSARIAL.forEach(s -> p.add("Dataset/LLMBar/Adversarial/" + s + "/dataset.json"));
        return p;
    }

    private static List<BenchItem> llmBar(Loader l) {
        List<BenchItem> out = new ArrayList<>();
        List<String[]> sets = new ArrayList<>();
        sets.add(new String[] {"Natural", "Dataset/LLMBar/Natural/dataset.json", HELPFULNESS, "llmbar/natural"});
        for (String s : LLMBAR_ADVERSARIAL) {
            sets.add(new String[] {s, "Dataset/LLMBar/Adversarial/" + s + "/dataset.json", HELPFULNESS_ADVERSARIAL,
                    "llmbar/adversarial-" + s.toLowerCase(Locale.ROOT)});
        }
        for (String[] s : sets) {
            JsonNode arr = l.json(s[1]);
            for (int i = 0; i < arr.size(); i++) {
                JsonNode x = arr.get(i);
                int label = x.path("label").asInt();
                String o1 = x.path("output_1").asText().strip();
                String o2 = x.path("output_2").asText().strip();
                if ((label != 1 && label != 2) || o1.equals(o2)) {
                    l.drop("llmbar: no label, or identical outputs");
                    continue;
                }
                String key = "llmbar:" + s[0] + ":" + i;
                out.add(BenchItem.of(s[2], "llmbar", s[3], key, key, List.of(BenchItem.message("user", x.path("input").asText().strip())),
                        label == 1 ? o1 : o2, label == 1 ? o2 : o1));
            }
        }
        return out;
    }

    private static List<BenchItem> pandaLm(Loader l) {
        List<BenchItem> out = new ArrayList<>();
        for (JsonNode x : l.json("data/testset-v1.json")) {
            int[] votes = new int[3];
            for (String a : List.of("annotator1", "annotator2", "annotator3")) {
                int v = x.path(a).asInt(-1);
                if (v >= 0 && v <= 2) {
                    votes[v]++;
                }
            }
            int winner = votes[1] >= 2 ? 1 : votes[2] >= 2 ? 2 : 0;
            if (winner == 0) {
                l.drop("pandalm: majority tie, or no majority");
                continue;
            }
            String r1 = x.path("response1").asText().strip();
            String r2 = x.path("response2").asText().strip();
            if (r1.equals(r2)) {
                l.drop("pandalm: identical responses");
                continue;
            }
            String instruction = x.path("instruction").asText().strip();
            String input = x.path("input").asText().strip();
            String user = input.isEmpty() ? instruction : instruction + "\n\n" + input;
            out.add(BenchItem.of(HELPFULNESS, "pandalm", "pandalm", "pandalm:" + x.path("idx").asText(),
                    "pandalm:" + Split.digest(instruction + "\u0000" + input), List.of(BenchItem.message("user", user)),
                    winner == 1 ? r1 : r2, winner == 1 ? r2 : r1));
        }
        return out;
    }

    private static List<BenchItem> politeness(Loader l) {
        List<BenchItem> out = new ArrayList<>();
        String[][] communities = {
            {"wikipedia", "wikipedia.annotated.csv", "Write a short request to another editor on a Wikipedia talk page."},
            {"stackexchange", "stack-exchange.annotated.csv", "Write a short comment with a request to another user on Stack Exchange."}};
        for (String[] c : communities) {
            List<Map<String, String>> recs = new ArrayList<>(Csv.records(l.text(c[1]), ','));
            recs.removeIf(r -> r.getOrDefault("Request", "").isBlank() || r.getOrDefault("Normalized Score", "").isBlank());
            recs.sort(Comparator.comparingDouble((Map<String, String> r) -> Double.parseDouble(r.get("Normalized Score")))
                    .thenComparing(r -> r.get("Id")));
            int q = recs.size() / 4;
            List<Map<String, String>> bottom = recs.subList(0, q);
            List<Map<String, String>> top = recs.subList(recs.size() - q, recs.size());
            List<JsonNode> ctx = List.of(BenchItem.message("user", c[2]));
            for (String split : List.of("dev", "test")) {
                List<Map<String, String>> t = inSplit(top, c[0], split);
                List<Map<String, String>> b = inSplit(bottom, c[0], split);
                int n = Math.min(t.size(), b.size());
                for (int i = 0; i < n; i++) {
                    String tid = t.get(i).get("Id");
                    String bid = b.get(i).get("Id");
                    out.add(new BenchItem(TONE, "politeness", "politeness/" + c[0], "politeness:" + c[0] + ":" + tid + "|" + bid,
                            "politeness:" + c[0] + ":" + tid, split, ctx, t.get(i).get("Request").strip(), b.get(i).get("Request").strip()));
                }
                for (int i = n; i < Math.max(t.size(), b.size()); i++) {
                    l.drop("politeness: unpaired request (the other quartile of its split ran out)");
                }
            }
        }
        return out;
    }

    private static List<Map<String, String>> inSplit(List<Map<String, String>> recs, String community, String split) {
        List<Map<String, String>> out = new ArrayList<>();
        for (Map<String, String> r : recs) {
            if (Split.of("politeness:" + community + ":" + r.get("Id")).equals(split)) {
                out.add(r);
            }
        }
        out.sort(Comparator.comparingDouble((Map<String, String> r) -> Split.unit("politeness:" + community + ":" + r.get("Id")))
                .thenComparing(r -> r.get("Id")));
        return out;
    }

    private static final Pattern HH_TURN = Pattern.compile("\n\n(Human|Assistant):");

    /** An HH-RLHF transcript as (role, text) turns, role "user" or "assistant". */
    static List<String[]> hhTurns(String transcript) {
        List<String[]> turns = new ArrayList<>();
        Matcher m = HH_TURN.matcher(transcript);
        int start = -1;
        String role = null;
        while (m.find()) {
            if (role != null) {
                turns.add(new String[] {role, transcript.substring(start, m.start()).strip()});
            }
            role = m.group(1).equals("Human") ? "user" : "assistant";
            start = m.end();
        }
        if (role != null) {
            turns.add(new String[] {role, transcript.substring(start).strip()});
        }
        return turns;
    }

    private static List<BenchItem> hhRlhf(Loader l) {
        List<BenchItem> out = new ArrayList<>();
        List<JsonNode> lines = l.jsonLines("harmless-base/test.jsonl.gz");
        for (int i = 0; i < lines.size(); i++) {
            List<String[]> c = hhTurns(lines.get(i).path("chosen").asText());
            List<String[]> r = hhTurns(lines.get(i).path("rejected").asText());
            int n = c.size();
            boolean ok = n >= 2 && r.size() == n && c.get(n - 1)[0].equals("assistant") && r.get(n - 1)[0].equals("assistant")
                    && c.get(n - 2)[0].equals("user");
            for (int t = 0; ok && t < n - 1; t++) {
                ok = c.get(t)[0].equals(r.get(t)[0]) && c.get(t)[1].equals(r.get(t)[1]);
            }
            if (!ok) {
                l.drop("hh-rlhf: chosen and rejected differ before their final assistant turn");
                continue;
            }
            String good = c.get(n - 1)[1];
            String bad = r.get(n - 1)[1];
            if (good.isEmpty() || bad.isEmpty() || good.equals(bad)) {
                l.drop("hh-rlhf: empty or identical final turns");
                continue;
            }
            List<JsonNode> ctx = new ArrayList<>();
            StringBuilder prefix = new StringBuilder();
            for (int t = 0; t < n - 1; t++) {
                ctx.add(BenchItem.message(c.get(t)[0], c.get(t)[1]));
                prefix.append(c.get(t)[0]).append(": ").append(c.get(t)[1]).append('\n');
            }
            out.add(BenchItem.of(HARMLESSNESS, "hh-rlhf", "hh-rlhf/harmless-base", "hh-rlhf:harmless-base/test:" + i,
                    "hh-rlhf:" + Split.digest(prefix.toString()), ctx, good, bad));
        }
        return out;
    }

    static int words(String s) {
        String t = s.strip();
        return t.isEmpty() ? 0 : t.split("\\s+").length;
    }

    private static String normalise(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
    }
}

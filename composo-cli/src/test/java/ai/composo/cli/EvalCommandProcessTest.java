package ai.composo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.composo.internal.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI as a user runs it: a separate JVM, a local server in that process on 127.0.0.1 with the
 * fast deterministic {@code test} judge (configured through --judge-config), real files.
 */
class EvalCommandProcessTest {
    static final String REWARD = "Reward responses that answer the customer's question about returns, refunds or orders";
    static final String PASS = "Response passes if it mentions the order, the refund or the policy";
    static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();

    @TempDir
    Path dir;
    Path judges;

    @BeforeEach
    void judgeConfig() throws Exception {
        judges = dir.resolve("judges.properties");
        Files.writeString(judges, "judge.test.type=test\njudge.test.fail-marker=EXPLODE\njudges.default=test\n");
    }

    private List<String> args(String... more) {
        List<String> a = new ArrayList<>(List.of("eval"));
        a.addAll(List.of(more));
        a.addAll(List.of("--judge-config", judges.toString(), "--local-db", "memory"));
        return a;
    }

    private CliProcess.Result eval(String... more) throws Exception {
        return CliProcess.run(dir, args(more).toArray(String[]::new));
    }

    /** A dataset of {@code n} short prompt/response rows. */
    private Path manyRows(int n) throws Exception {
        Path in = dir.resolve("many.jsonl");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append("{\"id\":\"r").append(i).append("\",\"prompt\":\"Where is order ").append(i)
                    .append("?\",\"response\":\"Order ").append(i).append(" ships tomorrow.\"}\n");
        }
        Files.writeString(in, sb.toString());
        return in;
    }

    /** The test judge answering after 25 ms, so a run lasts long enough to be interrupted. */
    private Path slowJudge() throws Exception {
        Path slow = dir.resolve("slow.properties");
        Files.writeString(slow, "judge.test.type=test\njudge.test.delay=25ms\njudges.default=test\n");
        return slow;
    }

    static List<JsonNode> lines(Path results) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(results, StandardCharsets.UTF_8)) {
            out.add(Json.parse(l));
        }
        return out;
    }

    @Test
    void jsonlDatasetGivesOneLinePerPairASummaryAProgressLogAndAReport() throws Exception {
        CliProcess.Result r = eval(EXAMPLES.resolve("support-and-rag.jsonl").toString(), "-c", REWARD, "-c", PASS,
                "--progress-interval", "100ms", "--report", "out/report.html");
        assertThat(r.exit()).as(r.err()).isEqualTo(0);
        List<JsonNode> results = lines(dir.resolve("results.jsonl"));
        assertThat(results).hasSize(54 * 2);
        Set<String> pairs = new HashSet<>();
        for (JsonNode n : results) {
            assertThat(pairs.add(n.get("id").asText() + "|" + n.get("criterion").asText())).isTrue();
            assertThat(n.get("error").isNull()).as(n.toString()).isTrue();
            assertThat(n.has("latency_ms") && n.has("cache_hit") && n.has("explanation") && n.has("line")).isTrue();
            if (n.get("criterion").asText().equals(PASS) && !n.get("score").isNull()) {
                assertThat(n.get("passed").asBoolean()).isEqualTo(n.get("score").asDouble() >= 0.5);
            } else if (n.get("criterion").asText().equals(REWARD)) {
                assertThat(n.get("passed").isNull()).isTrue();
            }
        }
        assertThat(results.stream().filter(n -> n.get("id").asText().equals("rag-returns-01")).findFirst().orElseThrow().get("line").asInt()).isEqualTo(1);
        // summary on stdout, plain progress lines on stderr (not a terminal)
        assertThat(r.out()).contains("[1] " + REWARD).contains("[2] " + PASS + "  (pass/fail)").contains("median").contains("score histogram");
        assertThat(r.err()).contains("progress: 108/108 pairs (100.0%)").contains("429s 0");
        Document report = Jsoup.parse(dir.resolve("out/report.html").toFile(), "UTF-8");
        assertThat(report.select("#summary tbody tr")).hasSize(2);
        assertThat(report.select("#summary").text()).contains(REWARD).contains(PASS);
        assertThat(report.select("#rows").attr("data-total")).isEqualTo("54");
        assertThat(report.select("#rows tbody tr")).hasSize(54);
        assertThat(report.select(".hists svg")).hasSize(2);
        assertThat(report.select("script[src], link[href], img[src]")).isEmpty();
    }

    @Test
    void badRowsBecomeErrorRowsWithLineNumbersAndTheRunGoesOn() throws Exception {
        Path in = dir.resolve("rows.json");
        Files.writeString(in, "[\n"
                + "  {\"id\": \"ok-1\", \"prompt\": \"Where is my order?\", \"response\": \"Your order shipped yesterday.\"},\n"
                + "  {\"id\": \"no-answer\", \"prompt\": \"Hi\"},\n"
                + "  42,\n"
                + "  {\"id\": \"ok-2\", \"messages\": [{\"role\": \"user\", \"content\": \"Refund?\"}, {\"role\": \"assistant\", \"content\": \"Your refund is on its way.\"}]}\n"
                + "]\n");
        CliProcess.Result r = eval(in.toString(), "-c", REWARD, "--no-report");
        assertThat(r.exit()).as(r.err()).isEqualTo(3);
        assertThat(r.err()).contains("rows.json line 3: 'response' is missing or empty").contains("rows.json line 4: expected a JSON object, got a number");
        List<JsonNode> results = lines(dir.resolve("results.jsonl"));
        assertThat(results).hasSize(4);
        JsonNode bad = results.stream().filter(n -> n.get("id").asText().equals("no-answer")).findFirst().orElseThrow();
        assertThat(bad.get("error").asText()).isEqualTo("line 3: 'response' is missing or empty");
        assertThat(bad.get("line").asInt()).isEqualTo(3);
        assertThat(results.stream().filter(n -> n.get("id").asText().equals("line-4")).findFirst().orElseThrow().get("error").asText())
                .startsWith("line 4:");
        assertThat(results.stream().filter(n -> n.get("error").isNull()).map(n -> n.get("id").asText())).containsExactlyInAnyOrder("ok-1", "ok-2");
        assertThat(r.out()).contains("errors");
    }

    @Test
    void csvInputAndOutputAndStrictMode() throws Exception {
        Path in = dir.resolve("rows.csv");
        Files.writeString(in, "id,prompt,response,context\n"
                + "a,Can I return boots?,\"Yes, within 30 days\nif unworn.\",Unworn items can be returned within 30 days.\n"
                + "b,Is shipping free?,,\n"
                + "c,Is shipping free?,Free over $75.,Standard shipping is free on orders over $75.\n");
        CliProcess.Result lenient = eval(in.toString(), "-c", REWARD, "-o", "res.csv", "--no-report");
        assertThat(lenient.exit()).as(lenient.err()).isEqualTo(3);
        List<String> csv = Files.readAllLines(dir.resolve("res.csv"));
        assertThat(csv.get(0)).isEqualTo("id,line,criterion,repeat,score,passed,explanation,error,latency_ms,cache_hit,run_id,sample_std");
        String all = String.join("\n", csv);
        assertThat(all).contains("b,4,").contains("line 4: 'response' is missing or empty");
        assertThat(csv.stream().filter(l -> l.startsWith("a,2,") || l.startsWith("c,5,"))).hasSize(2);

        CliProcess.Result strict = eval(in.toString(), "-c", REWARD, "-o", "strict.jsonl", "--strict", "--no-report");
        assertThat(strict.exit()).as(strict.err()).isEqualTo(2);
        assertThat(strict.err()).contains("rows.csv line 4: 'response' is missing or empty (--strict)");
        List<JsonNode> done = lines(dir.resolve("strict.jsonl"));
        assertThat(done).extracting(n -> n.get("id").asText()).containsExactly("a");
    }

    @Test
    void resumeAfterTheProcessIsKilledLosesAndRepeatsNothing() throws Exception {
        Path in = manyRows(400);
        Path slow = slowJudge();
        Path results = dir.resolve("results.jsonl");
        Process p = CliProcess.start(dir, dir.resolve("o1.txt"), dir.resolve("e1.txt"), "eval", in.toString(), "-c", REWARD, "-c", PASS,
                "--judge-config", slow.toString(), "--local-db", "memory", "--concurrency", "4", "--no-report");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && (!Files.exists(results) || Files.readAllLines(results).size() < 100)) {
            Thread.sleep(20);
        }
        assertThat(p.isAlive()).as("the first run must still be running when killed").isTrue();
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        long before = Files.readAllLines(results).size();
        assertThat(before).isGreaterThanOrEqualTo(100).isLessThan(800);

        CliProcess.Result r = CliProcess.run(dir, "eval", in.toString(), "-c", REWARD, "-c", PASS, "--judge-config", judges.toString(),
                "--local-db", "memory", "--resume", "--no-report");
        assertThat(r.exit()).as(r.err()).isEqualTo(0);
        assertThat(r.err()).contains("resuming: ");
        List<JsonNode> all = lines(results);
        assertThat(all).hasSize(800);
        Set<String> pairs = new HashSet<>();
        for (JsonNode n : all) {
            pairs.add(n.get("id").asText() + "|" + n.get("criterion").asText());
        }
        assertThat(pairs).hasSize(800);
        assertThat(r.out()).contains("Results: ").contains("(800 lines)");
    }

    @Test
    void resumeEvaluatesPairsThatEndedInAnErrorAgainAndLeavesOneLinePerPair() throws Exception {
        String data = EXAMPLES.resolve("support-and-rag.jsonl").toString();
        Path failingPolicy = dir.resolve("failing.properties");
        Files.writeString(failingPolicy, "judge.test.type=test\njudge.test.fail-marker=policy\njudges.default=test\n");
        CliProcess.Result first = CliProcess.run(dir, "eval", data, "-c", REWARD, "-c", PASS, "--judge-config", failingPolicy.toString(),
                "--local-db", "memory", "--no-report");
        assertThat(first.exit()).as(first.err()).isEqualTo(3);
        List<JsonNode> before = lines(dir.resolve("results.jsonl"));
        assertThat(before).hasSize(108);
        assertThat(before).filteredOn(n -> n.hasNonNull("error")).hasSize(54)
                .allSatisfy(n -> assertThat(n.get("criterion").asText()).isEqualTo(PASS));

        CliProcess.Result resumed = eval(data, "-c", REWARD, "-c", PASS, "--resume", "--no-report");
        assertThat(resumed.exit()).as(resumed.err()).isEqualTo(0);
        assertThat(resumed.err()).contains("resuming: 54 results").contains("54 errors are removed and evaluated again");
        List<JsonNode> after = lines(dir.resolve("results.jsonl"));
        assertThat(after).hasSize(108).noneSatisfy(n -> assertThat(n.hasNonNull("error")).isTrue());
        Set<String> pairs = new HashSet<>();
        after.forEach(n -> pairs.add(n.get("id").asText() + "|" + n.get("criterion").asText()));
        assertThat(pairs).hasSize(108);
        assertThat(after.subList(0, 54)).isEqualTo(before.stream().filter(n -> !n.hasNonNull("error")).toList());
        assertThat(resumed.out()).contains("(108 lines)");
    }

    @Test
    void exitCodesForThresholdsEvaluationErrorsAndUsage() throws Exception {
        String data = EXAMPLES.resolve("support-and-rag.jsonl").toString();
        CliProcess.Result under = eval(data, "-c", REWARD, "--fail-under", "0.99", "--repeat", "2", "--no-report");
        assertThat(under.exit()).as(under.err()).isEqualTo(1);
        assertThat(under.out()).contains("FAIL").contains("Repeatability (--repeat 2)");
        assertThat(lines(dir.resolve("results.jsonl"))).hasSize(108);

        // the first evaluation succeeds, so the judge is up: the failing criterion's pairs become error rows and the run goes on
        CliProcess.Result failing = eval(data, "-c", REWARD, "-c", "Reward responses that EXPLODE", "-o", "err.jsonl", "--no-report");
        assertThat(failing.exit()).isEqualTo(3);
        assertThat(lines(dir.resolve("err.jsonl"))).hasSize(108);
        assertThat(lines(dir.resolve("err.jsonl")).stream().filter(n -> n.get("criterion").asText().contains("EXPLODE")))
                .hasSize(54).allSatisfy(n -> assertThat(n.get("error").asText()).isNotBlank());
        assertThat(failing.err()).contains("54 pairs could not be evaluated");
        // when the very first evaluation fails that way, the judge is taken to be down and nothing more is sent
        CliProcess.Result first = eval(data, "-c", "Reward responses that EXPLODE", "-o", "first.jsonl", "--no-report");
        assertThat(first.exit()).isEqualTo(3);
        assertThat(lines(dir.resolve("first.jsonl"))).hasSize(1);
        assertThat(first.err()).contains("the first evaluation failed: ").contains("stopped before sending the other 53");

        CliProcess.Result badCriterion = CliProcess.run(dir, "eval", data, "-c", "Responses should be nice");
        assertThat(badCriterion.exit()).isEqualTo(2);
        assertThat(badCriterion.err()).contains("criterion \"Responses should be nice\"").contains("prefix").doesNotContain("Exception");

        CliProcess.Result missing = CliProcess.run(dir, "eval", "nope.jsonl", "-c", REWARD);
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("Input file not found: nope.jsonl");

        Files.writeString(dir.resolve("empty.jsonl"), "\n\n");
        CliProcess.Result empty = CliProcess.run(dir, "eval", "empty.jsonl", "-c", REWARD);
        assertThat(empty.exit()).isEqualTo(2);
        assertThat(empty.err()).contains("empty.jsonl holds no rows");

        CliProcess.Result unknownOption = CliProcess.run(dir, "eval", data, "--frobnicate");
        assertThat(unknownOption.exit()).isEqualTo(2);
        assertThat(unknownOption.err()).contains("Unknown option: '--frobnicate'");
    }

    @Test
    void perCriterionGatesAreNamedAndJunitXmlHasOneCasePerRowAndCriterion() throws Exception {
        String data = EXAMPLES.resolve("support-and-rag.jsonl").toString();
        // [1] REWARD passes a lenient mean gate, [2] PASS fails a strict pass-rate gate; the row floor on [1] names rows.
        CliProcess.Result r = eval(data, "-c", REWARD, "-c", PASS, "--fail-under", "1=0.01", "--min-pass-rate", "2=0.99",
                "--row-floor", "1=0.5", "--junit-xml", "out/junit.xml", "--no-report");
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains("gate failed: [2] pass rate").contains("(--min-pass-rate 2=0.99)")
                .contains("gate failed: [1]").contains("rows score below 0.5 (--row-floor 1=0.5), lowest: ")
                .doesNotContain("gate failed: [1] mean");
        org.w3c.dom.Document x = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(dir.resolve("out/junit.xml").toFile());
        org.w3c.dom.NodeList suites = x.getElementsByTagName("testsuite");
        assertThat(suites.getLength()).isEqualTo(2);
        assertThat(x.getElementsByTagName("testcase").getLength()).isEqualTo(108);
        org.w3c.dom.Element passSuite = (org.w3c.dom.Element) suites.item(1);
        assertThat(passSuite.getAttribute("name")).isEqualTo("[2] " + PASS);
        long failedVerdicts = lines(dir.resolve("results.jsonl")).stream()
                .filter(n -> n.get("criterion").asText().equals(PASS) && n.get("passed").isBoolean() && !n.get("passed").asBoolean()).count();
        assertThat(failedVerdicts).isPositive();
        assertThat(Long.parseLong(passSuite.getAttribute("failures"))).isEqualTo(failedVerdicts);
        org.w3c.dom.Element failure = (org.w3c.dom.Element) passSuite.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).startsWith("failed (score");
        assertThat(failure.getTextContent()).isNotBlank();

        CliProcess.Result ok = eval(data, "-c", REWARD, "--fail-under", "0.01", "-o", "ok.jsonl", "--no-report");
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ok.err()).contains("every gate passed");

        CliProcess.Result bad = eval(data, "-c", REWARD, "--fail-under", "3=0.5", "-o", "bad.jsonl");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--fail-under 3=0.5: there is no criterion [3]; this run has 1 criterion");
        CliProcess.Result rate = eval(data, "-c", REWARD, "--min-pass-rate", "1=0.5", "-o", "bad.jsonl");
        assertThat(rate.exit()).isEqualTo(2);
        assertThat(rate.err()).contains("criterion [1] is scored, not pass/fail");
    }

    @Test
    void everyRunWritesAManifestAndEveryResultLinePointsToIt() throws Exception {
        Path data = EXAMPLES.resolve("support-and-rag.jsonl");
        CliProcess.Result r = eval(data.toString(), "-c", REWARD, "-o", "run/results.jsonl", "--no-report");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode m = Json.parse(Files.readString(dir.resolve("run/results.manifest.json")));
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        assertThat(m.get("dataset").get("sha256").asText()).isEqualTo(java.util.HexFormat.of().formatHex(sha.digest(Files.readAllBytes(data))));
        assertThat(m.get("dataset").get("rows").asInt()).isEqualTo(54);
        assertThat(m.get("criteria").get(0).asText()).isEqualTo(REWARD);
        assertThat(m.get("judge").get("target").asText()).isEqualTo("local");
        assertThat(m.get("judge").get("judges").get(0).get("type").asText()).isEqualTo("test");
        assertThat(m.get("tool").asText()).startsWith("composo ");
        assertThat(m.get("status").asText()).isEqualTo("finished");
        assertThat(m.get("exit_code").asInt()).isZero();
        assertThat(m.get("counts").get("evaluations").asInt()).isEqualTo(54);
        assertThat(java.time.Instant.parse(m.get("ended_at").asText())).isAfterOrEqualTo(java.time.Instant.parse(m.get("started_at").asText()));
        String run = m.get("run_id").asText();
        assertThat(lines(dir.resolve("run/results.jsonl"))).hasSize(54).allSatisfy(n -> assertThat(n.get("run_id").asText()).isEqualTo(run));

        // --resume keeps the earlier run's lines (and their run id) and names that run in the new manifest
        CliProcess.Result again = eval(data.toString(), "-c", REWARD, "-o", "run/results.jsonl", "--resume", "--no-report");
        assertThat(again.exit()).as(again.err()).isZero();
        JsonNode m2 = Json.parse(Files.readString(dir.resolve("run/results.manifest.json")));
        assertThat(m2.get("run_id").asText()).isNotEqualTo(run);
        assertThat(m2.get("earlier_runs").get(0).asText()).isEqualTo(run);
    }

    @Test
    void repeatsOfADeterministicJudgeSaySo() throws Exception {
        CliProcess.Result r = eval(EXAMPLES.resolve("support-and-rag.jsonl").toString(), "-c", REWARD, "--repeat", "2", "--no-report");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("every repeat gave every pair the same score");
    }

    @Test
    void aJudgeThatIsDownStopsTheRunAfterTheFirstEvaluationWithOneLineAndNoStackTrace() throws Exception {
        int deadPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            deadPort = s.getLocalPort(); // closed again at once: nothing listens there
        }
        Path dead = dir.resolve("dead.properties");
        Files.writeString(dead, "judge.llm.type=openai\njudge.llm.base-url=http://127.0.0.1:" + deadPort + "/v1\n"
                + "judge.llm.model=llama3\njudge.llm.retries=0\njudges.default=llm\n");
        CliProcess.Result r = CliProcess.run(dir, "eval", EXAMPLES.resolve("support-and-rag.jsonl").toString(), "-c", REWARD,
                "--judge-config", dead.toString(), "--local-db", "memory", "--no-report", "--retries", "1");
        assertThat(r.exit()).as(r.err()).isEqualTo(3);
        assertThat(r.err()).contains("the first evaluation failed: ").contains("connection refused")
                .contains("stopped before sending the other 53").contains("--resume")
                .doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(r.err().lines().count()).as(r.err()).isLessThan(8);
        List<JsonNode> results = lines(dir.resolve("results.jsonl"));
        assertThat(results).hasSize(1);
        assertThat(results.get(0).get("error").asText()).contains("could not reach").contains("connection refused");
    }

    @Test
    void ctrlCWritesThePartialSummaryReportAndManifestAndSaysHowToResume() throws Exception {
        Path in = manyRows(300);
        Path slow = slowJudge();
        Path results = dir.resolve("results.jsonl");
        Process p = CliProcess.start(dir, dir.resolve("o.txt"), dir.resolve("e.txt"), "eval", in.toString(), "-c", REWARD,
                "--judge-config", slow.toString(), "--local-db", "memory", "--concurrency", "2", "--report", "partial.html");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && (!Files.exists(results) || Files.readAllLines(results).size() < 40)) {
            Thread.sleep(20);
        }
        assertThat(p.isAlive()).as("still running when interrupted").isTrue();
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(130);
        String err = Files.readString(dir.resolve("e.txt"));
        String out = Files.readString(dir.resolve("o.txt"));
        assertThat(err).contains("interrupted; the results so far are in").contains("--resume");
        assertThat(out).contains("Criteria:").contains("Results:");
        assertThat(Files.exists(dir.resolve("partial.html"))).isTrue();
        JsonNode m = Json.parse(Files.readString(dir.resolve("results.manifest.json")));
        assertThat(m.get("status").asText()).isEqualTo("interrupted");
        assertThat(m.get("counts").get("evaluations").asLong()).isBetween(40L, 299L);
    }

    @Test
    void helpIsCompleteWithExamplesAndExitCodes() throws Exception {
        CliProcess.Result top = CliProcess.run(dir, "--help");
        assertThat(top.exit()).isZero();
        assertThat(top.out()).contains("eval").contains("trace").contains("serve").contains("Exit codes").contains("Examples");
        CliProcess.Result eval = CliProcess.run(dir, "eval", "--help");
        assertThat(eval.exit()).isZero();
        assertThat(eval.out()).contains("--criteria-set").contains("--resume").contains("--fail-under").contains("--repeat")
                .contains("Exit codes").contains("composo eval examples/support-and-rag.jsonl --criteria-set rag");
        for (String sub : List.of("trace", "serve", "keys")) {
            CliProcess.Result help = CliProcess.run(dir, sub, "--help");
            assertThat(help.exit()).as(sub).isZero();
            assertThat(help.out()).as(sub).contains("Usage: composo " + sub).contains("Examples:").contains("composo " + sub + " ");
        }
    }
}

package ai.composo.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
    static final String SCORED = "Reward <script>alert(1)</script> answers";
    static final String BINARY = "Response passes if it is polite";
    static final String EMBEDDED = "Score 0.61 by the embedded judge (bge-small-en-v1.5-q embeddings + heuristics; criterion read as: completeness "
            + "(more is better), polarity positive). Signals: completeness=0.60 (0.33 of the request's terms addressed; 19 words); "
            + "criterion_similarity=0.21 (cosine 0.44 to 'use every piece...'). Confidence 0.49.";

    @TempDir
    Path dir;

    Path dataset(String... lines) throws Exception {
        Path p = dir.resolve("data.jsonl");
        Files.writeString(p, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return p;
    }

    Path results(ResultRecord... records) {
        Path p = dir.resolve("results.jsonl");
        try (ResultFile f = ResultFile.open(p, OutputFormat.JSONL, false)) {
            for (ResultRecord r : records) {
                f.write(r);
            }
        }
        return p;
    }

    static ResultRecord scored(String id, long line, String criterion, double score, String explanation) {
        return new ResultRecord(id, line, criterion, 1, score, null, explanation, null, 5L, false);
    }

    static ResultRecord binary(String id, long line, double score, boolean passed) {
        return new ResultRecord(id, line, BINARY, 1, score, passed, passed ? "Passes: polite" : "Fails: rude", null, 5L, false);
    }

    Document report(Path results, Path input, InputFormat inputFormat, List<String> criteria, int repeat, Double failUnder, int maxRows,
                    Map<String, String> readings) throws Exception {
        Path report = dir.resolve("out/report.html");
        HtmlReport.write(results, OutputFormat.JSONL, input, inputFormat, criteria, repeat, "My run", failUnder, maxRows, report, readings);
        return Jsoup.parse(report.toFile(), "UTF-8");
    }

    static List<String> ids(Document d) {
        List<String> out = new ArrayList<>();
        for (Element tr : d.select("#rows tbody tr")) {
            out.add(tr.child(0).text());
        }
        return out;
    }

    @Test
    void oneRowPerDatasetRowWithItsContentAndEveryCriterionSideBySideAllEscaped() throws Exception {
        Path input = dataset(
                "{\"id\": \"<b>1</b>\", \"prompt\": \"Is <img src=x onerror=alert(1)> safe?\", \"response\": \"Yes & no </script><script>alert(2)</script>\","
                        + " \"context\": \"The <i>policy</i> says so.\"}",
                "{\"id\": \"2\", \"prompt\": \"Hello\", \"response\": \"Hi there\"}");
        Path results = results(
                scored("<b>1</b>", 1, SCORED, 0.9, "x < y & \"z\""), binary("<b>1</b>", 1, 0.2, false),
                scored("2", 2, SCORED, 0.7, "fine"), binary("2", 2, 0.9, true));
        Document d = report(results, input, InputFormat.JSONL, List.of(SCORED, BINARY), 1, 0.5, 100,
                Map.of(SCORED, "read as: quality <more is better>"));

        assertThat(d.select("script")).hasSize(1);
        assertThat(d.select("script[src], link, img, iframe, i")).isEmpty();
        assertThat(d.select("b")).allMatch(b -> b.text().matches("\\[\\d+]"));
        assertThat(d.select("#summary tbody tr")).hasSize(2);
        assertThat(d.select("#summary tbody tr").get(0).text()).contains(SCORED).contains("read as: quality <more is better>");
        assertThat(d.select(".hists svg")).hasSize(2);
        assertThat(d.select("#rows").attr("data-total")).isEqualTo("2");
        assertThat(d.select("#rows thead th")).extracting(Element::text)
                .containsExactly("id", "line", "prompt → response", "worst", "[1] " + RowTableWriter.abbreviate(SCORED, 48), "[2] " + BINARY);
        assertThat(d.select("#rows thead th").get(4).attr("title")).isEqualTo(SCORED + "\n\nread as: quality <more is better>");

        Element first = d.select("#rows tbody tr").get(0);
        assertThat(first.child(0).text()).isEqualTo("<b>1</b>");
        assertThat(first.select(".prompt").text()).isEqualTo("Is <img src=x onerror=alert(1)> safe?");
        assertThat(first.select(".response").text()).isEqualTo("Yes & no </script><script>alert(2)</script>");
        assertThat(first.select("td.c")).hasSize(2);
        assertThat(first.select("td.c").get(0).select(".score").text()).isEqualTo("0.900");
        assertThat(first.select("td.c").get(0).select(".plain").text()).isEqualTo("x < y & \"z\"");
        assertThat(first.select("td.c").get(1).select(".verdict").text()).isEqualTo("0.200 fail");
        assertThat(first.attr("data-failed")).isEqualTo("true");
        assertThat(d.select("#rows tbody tr").get(1).attr("data-failed")).isEqualTo("false");

        Element detail = d.getElementById("detail-" + first.attr("data-row"));
        assertThat(detail.parent().id()).isEqualTo("panel");
        assertThat(detail.hasAttr("hidden")).isTrue();
        assertThat(detail.select(".turn .role")).extracting(Element::text).containsExactly("context", "user", "assistant");
        assertThat(detail.select(".turn.t-context .text").text()).isEqualTo("The <i>policy</i> says so.");
        assertThat(detail.select(".crit")).hasSize(2);
        assertThat(detail.select(".crit").get(0).select(".reading").text()).isEqualTo("read as: quality <more is better>");
        assertThat(d.select("#view option").get(1).attr("data-reading")).isEqualTo("read as: quality <more is better>");
    }

    @Test
    void reportRowsKeepsTheWorstRowsWorstFirstWithErrorsFirst() throws Exception {
        Path input = dataset("{\"id\": \"a\", \"prompt\": \"p\", \"response\": \"r\"}", "{\"id\": \"b\", \"prompt\": \"p\", \"response\": \"r\"}",
                "{\"id\": \"c\", \"prompt\": \"p\"}", "{\"id\": \"d\", \"prompt\": \"p\", \"response\": \"r\"}",
                "{\"id\": \"e\", \"prompt\": \"p\", \"response\": \"r\"}");
        // completion order: the worst rows come last, and each row's lowest score is not its first result
        Path results = results(
                scored("a", 1, SCORED, 0.9, "x"), scored("b", 2, SCORED, 0.8, "x"), scored("d", 4, SCORED, 0.95, "x"), scored("e", 5, SCORED, 0.99, "x"),
                binary("a", 1, 0.85, true), binary("b", 2, 0.1, false), binary("e", 5, 0.3, false), binary("d", 4, 0.99, true),
                new ResultRecord("c", 3L, SCORED, 1, null, null, null, "line 3: 'response' is missing or empty", null, null),
                new ResultRecord("c", 3L, BINARY, 1, null, null, null, "line 3: 'response' is missing or empty", null, null));
        Document d = report(results, input, InputFormat.JSONL, List.of(SCORED, BINARY), 1, null, 3, Map.of());
        assertThat(ids(d)).containsExactly("c", "b", "e");
        assertThat(d.getElementById("kept").text()).isEqualTo("Showing the 3 worst of 5 rows (lowest score on any criterion; errors first). "
                + "Raise --report-rows to show more.");
        Element c = d.select("#rows tbody tr").get(0);
        assertThat(c.hasClass("err")).isTrue();
        assertThat(c.attr("data-error")).isEqualTo("true");
        assertThat(c.select(".conv").text()).isEqualTo("bad row: 'response' is missing or empty");
        assertThat(c.select("td.c .expl").first().text()).isEqualTo("line 3: 'response' is missing or empty");
        Element detail = d.getElementById("detail-" + c.attr("data-row"));
        assertThat(detail.select(".turn .role").text()).isEqualTo("record as read");
        assertThat(detail.select(".turn .text").text()).contains("\"prompt\" : \"p\"");
        assertThat(d.select("#rows tbody tr").get(1).select("td").get(3).text()).isEqualTo("0.100");

        Document all = report(results, input, InputFormat.JSONL, List.of(SCORED, BINARY), 1, null, 100, Map.of());
        assertThat(ids(all)).containsExactly("c", "b", "e", "a", "d");
        assertThat(all.getElementById("kept")).isNull();

        Document none = report(results, input, InputFormat.JSONL, List.of(SCORED, BINARY), 1, null, 0, Map.of());
        assertThat(none.select("#rows, script")).isEmpty();
        assertThat(none.select("#summary tbody tr")).hasSize(2);
    }

    @Test
    void embeddedJudgeSignalsGoBehindTheInternalsToggleOtherExplanationsStayWhole() throws Exception {
        Path input = dataset("{\"id\": \"1\", \"prompt\": \"p\", \"response\": \"r\"}", "{\"id\": \"2\", \"prompt\": \"p\", \"response\": \"r\"}");
        Path results = results(scored("1", 1, SCORED, 0.61, EMBEDDED), binary("1", 1, 0.9, true),
                new ResultRecord("2", 2L, BINARY, 1, 0.2, false, "Fails by the embedded judge (engine; criterion read as: abstention). Signals: "
                        + "abstention=0.27 (the response answers although the sources do not hold the answer). Confidence 0.52; a short response. "
                        + "Mean over 2 assistant turns.", null, 5L, false));
        Document d = report(results, input, InputFormat.JSONL, List.of(SCORED, BINARY), 1, null, 10, Map.of());
        assertThat(ids(d)).containsExactly("2", "1");
        assertThat(d.select("#rows tbody tr").get(0).select("td.c").get(1).select(".plain").text()).isEqualTo("Fails by the embedded judge: "
                + "the response answers although the sources do not hold the answer. Confidence 0.52; a short response. Mean over 2 assistant turns.");
        assertThat(d.select("#rows tbody tr").get(0).select("td.c").get(1).select(".internals li")).extracting(Element::text)
                .containsExactly("engine; criterion read as: abstention", "abstention=0.27 (the response answers although the sources do not hold the answer)");
        Elements cells = d.select("#rows tbody tr").get(1).select("td.c");
        assertThat(cells.get(0).select(".plain").text())
                .isEqualTo("Score 0.61 by the embedded judge: 0.33 of the request's terms addressed; 19 words. Confidence 0.49.");
        assertThat(cells.get(0).select(".internals li")).extracting(Element::text).containsExactly(
                "bge-small-en-v1.5-q embeddings + heuristics; criterion read as: completeness (more is better), polarity positive",
                "completeness=0.60 (0.33 of the request's terms addressed; 19 words)", "criterion_similarity=0.21 (cosine 0.44 to 'use every piece...')");
        assertThat(cells.get(1).select(".plain").text()).isEqualTo("Passes: polite");
        assertThat(cells.get(1).select(".internals")).isEmpty();
        assertThat(d.getElementById("internals").hasAttr("checked")).isFalse();
    }

    @Test
    void detailShowsTheWholeConversationWithToolsAndEveryRepeat() throws Exception {
        Path input = dataset("{\"id\": \"t\", \"system\": \"You are <support>.\", \"messages\": [{\"role\": \"user\", \"content\": \"Status of NW-1?\"},"
                + " {\"role\": \"assistant\", \"content\": null, \"tool_calls\": [{\"id\": \"c1\", \"type\": \"function\", \"function\": {\"name\": \"get_order\","
                + " \"arguments\": \"{\\\"n\\\": \\\"NW-1\\\"}\"}}]}, {\"role\": \"tool\", \"tool_call_id\": \"c1\", \"content\": \"shipped\"},"
                + " {\"role\": \"assistant\", \"content\": \"It has shipped.\"}],"
                + " \"tools\": [{\"type\": \"function\", \"function\": {\"name\": \"get_order\", \"description\": \"Look up an order.\", \"parameters\": {}}}]}");
        Path results = results(
                new ResultRecord("t", 1L, SCORED, 1, 0.4, null, "first", null, 5L, false), new ResultRecord("t", 1L, SCORED, 2, 0.6, null, "second", null, 5L, false),
                new ResultRecord("t", 1L, BINARY, 1, 0.9, true, "ok", null, 5L, false), new ResultRecord("t", 1L, BINARY, 2, 0.2, false, "no", null, 5L, false));
        Document d = report(results, input, InputFormat.JSONL, List.of(SCORED, BINARY), 2, null, 10, Map.of());
        Element row = d.select("#rows tbody tr").first();
        assertThat(row.select(".prompt").text()).isEqualTo("Status of NW-1?");
        assertThat(row.select(".response").text()).isEqualTo("It has shipped.");
        assertThat(row.select("td.c").get(0).select(".score").text()).isEqualTo("0.500");
        assertThat(row.select("td.c").get(0).select(".plain").text()).isEqualTo("first");
        assertThat(row.select("td.c").get(1).select(".verdict").text()).isEqualTo("0.550 1/2 passed");
        assertThat(row.select("td").get(3).text()).isEqualTo("0.200");
        Element detail = d.getElementById("detail-0");
        assertThat(detail.select(".turn .role")).extracting(Element::text).containsExactly("system", "user", "assistant", "tool result", "assistant");
        assertThat(detail.select(".turn").get(2).select(".call").text()).isEqualTo("calls get_order({\"n\": \"NW-1\"})");
        assertThat(detail.select(".turn").get(3).select(".text").text()).isEqualTo("shipped");
        assertThat(detail.select(".tools li").text()).isEqualTo("get_order: Look up an order.");
        assertThat(detail.select(".crit").get(0).select(".repeats tbody tr")).extracting(Element::text).containsExactly("1 0.400 first", "2 0.600 second");
        assertThat(detail.select(".crit").get(1).select(".repeats tbody tr")).extracting(Element::text).containsExactly("1 0.900 pass ok", "2 0.200 fail no");
        assertThat(d.select("#spread tbody tr")).hasSize(2);
    }

    @Test
    void anthropicToolUseAndToolResultBlocksShowAsCallsAndResults() throws Exception {
        String row = Files.readAllLines(Path.of("..", "examples", "support-and-rag.jsonl"), StandardCharsets.UTF_8).stream()
                .filter(l -> l.startsWith("{\"id\": \"anthropic-tool-01\"")).findFirst().orElseThrow();
        Path input = dataset(row);
        Document d = report(results(scored("anthropic-tool-01", 1, SCORED, 0.5, "x")), input, InputFormat.JSONL, List.of(SCORED), 1, null, 10, Map.of());
        assertThat(d.select("#rows tbody tr .prompt").text()).isEqualTo("Look up order NW-48213 please");
        assertThat(d.select("#rows tbody tr .response").text()).isEqualTo("Order NW-48213 is delayed with FedEx; the new estimated delivery date is December 1.");
        Element detail = d.getElementById("detail-0");
        assertThat(detail.select(".turn .role")).extracting(Element::text).containsExactly("user", "assistant", "tool result", "assistant");
        assertThat(detail.select(".turn").get(1).select(".text").text()).isEqualTo("Let me check that order.");
        assertThat(detail.select(".turn").get(1).select(".call").text()).isEqualTo("calls get_order({\"order_number\":\"NW-48213\"})");
        assertThat(detail.select(".turn").get(2).select(".text").text()).isEqualTo("{\"status\": \"delayed\", \"carrier\": \"FedEx\", \"eta\": \"2026-12-01\"}");
        assertThat(detail.select(".tools li").text()).isEqualTo("get_order: Look up an order by its number.");
    }

    @Test
    void readsCsvDatasetsAndSaysWhenARowOrTheDatasetIsMissing() throws Exception {
        Path csv = dir.resolve("data.csv");
        Files.writeString(csv, "id,prompt,response\nr1,\"What, exactly?\",\"This, \"\"quoted\"\".\"\n", StandardCharsets.UTF_8);
        Path results = results(scored("r1", 2, SCORED, 0.3, "low"), scored("gone", 9, SCORED, 0.2, "low"));
        Document d = report(results, csv, InputFormat.CSV, List.of(SCORED), 1, null, 10, Map.of());
        assertThat(ids(d)).containsExactly("gone", "r1");
        assertThat(d.select("#rows tbody tr").get(0).select(".conv").text()).isEqualTo("not found in data.csv");
        assertThat(d.select("#rows tbody tr").get(1).select(".prompt").text()).isEqualTo("What, exactly?");
        assertThat(d.select("#rows tbody tr").get(1).select(".response").text()).isEqualTo("This, \"quoted\".");

        Document noInput = report(results, dir.resolve("deleted.jsonl"), InputFormat.JSONL, List.of(SCORED), 1, null, 10, Map.of());
        assertThat(noInput.select("p.fail").text()).startsWith("The rows' content could not be read: Input file not found:").doesNotContain("Exception");
        assertThat(noInput.select("#rows tbody tr")).hasSize(2);
    }

    @Test
    void aLargeInputGivesAReportSizedByReportRows() throws Exception {
        int n = 20_000;
        Path input = dir.resolve("big.jsonl");
        Path results = dir.resolve("results.jsonl");
        StringBuilder data = new StringBuilder();
        try (ResultFile f = ResultFile.open(results, OutputFormat.JSONL, false)) {
            for (int i = 1; i <= n; i++) {
                data.append("{\"id\": \"r").append(i).append("\", \"prompt\": \"question ").append(i).append("\", \"response\": \"")
                        .append("answer ".repeat(40)).append(i).append("\"}\n");
                f.write(scored("r" + i, i, SCORED, (i * 7919 % n) / (double) n, "explanation of row " + i));
            }
        }
        Files.writeString(input, data, StandardCharsets.UTF_8);
        Path report = dir.resolve("big.html");
        HtmlReport.write(results, OutputFormat.JSONL, input, InputFormat.JSONL, List.of(SCORED), 1, "big", null, 25, report, Map.of());
        Document d = Jsoup.parse(report.toFile(), "UTF-8");
        assertThat(d.select("#rows tbody tr")).hasSize(25);
        assertThat(d.select("#rows tbody tr td:eq(3)")).extracting(e -> Double.parseDouble(e.text())).isSorted().allMatch(v -> v < 25.0 / n + 1e-9);
        assertThat(d.select("#rows tbody tr .response").first().text()).startsWith("answer answer");
        assertThat(Files.size(report)).isLessThan(200_000);
    }
}

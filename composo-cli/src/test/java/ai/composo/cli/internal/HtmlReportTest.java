package ai.composo.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
    @TempDir
    Path dir;

    @Test
    void selfContainedEscapedAndComplete() throws Exception {
        Path results = dir.resolve("r.jsonl");
        try (ResultFile f = ResultFile.open(results, OutputFormat.JSONL, false)) {
            f.write(new ResultRecord("<b>1</b>", 1L, "Reward <script>alert(1)</script> answers", 1, 0.9, null, "x < y & \"z\"", null, 5L, false));
            f.write(new ResultRecord("2", 2L, "Passes if polite", 1, 1.0, true, "ok", null, 5L, true));
            f.write(new ResultRecord("3", 3L, "Passes if polite", 1, null, null, null, "line 3: bad row", null, null));
        }
        Path report = dir.resolve("out/report.html");
        HtmlReport.write(results, OutputFormat.JSONL, List.of("Reward <script>alert(1)</script> answers", "Passes if polite"), 1, "My run", 0.5, 2, report);
        Document d = Jsoup.parse(report.toFile(), "UTF-8");
        assertThat(d.select("script")).hasSize(1);
        assertThat(d.select("script[src], link, img")).isEmpty();
        assertThat(d.select("#summary tbody tr")).hasSize(2);
        assertThat(d.select("#summary tbody tr").get(0).text()).contains("Reward <script>alert(1)</script> answers");
        assertThat(d.select(".hists svg")).hasSize(2);
        assertThat(d.select("#rows").attr("data-total")).isEqualTo("3");
        assertThat(d.select("#rows tbody tr")).hasSize(2);
        assertThat(d.text()).contains("Showing the first 2 of 3 results");
        assertThat(d.select("#rows tbody tr").get(0).child(0).text()).isEqualTo("<b>1</b>");
        assertThat(d.select("#rows tbody tr").get(0).select("td.x").text()).isEqualTo("x < y & \"z\"");
        HtmlReport.write(results, OutputFormat.JSONL, List.of(), 1, "All", null, 100, report);
        d = Jsoup.parse(report.toFile(), "UTF-8");
        assertThat(d.select("#rows tbody tr.err")).hasSize(1);
        assertThat(d.select("#rows tbody tr.err").text()).contains("ERROR: line 3: bad row");
    }
}

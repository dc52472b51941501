package ai.composo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;

/**
 * The report of a real {@code composo eval} run, opened as a file in Debian's headless Chromium: filtering,
 * worst-first sorting, opening a row, the judge-internals toggle, and content that holds HTML staying text.
 * Skipped where Chromium or its driver is not installed ({@code apt-get install chromium chromium-driver}).
 */
class HtmlReportBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final String XSS = "<img src=x onerror=\"document.title='owned'\"> Our hours are 9-5.";

    @TempDir
    Path dir;

    ChromeDriverService service;
    ChromeDriver browser;

    @BeforeEach
    void startBrowser() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "the report's browser test needs Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER + ")");
        // The driver and the browser are named explicitly, so Selenium never looks for (or downloads) either.
        service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1600,1000",
                "--user-data-dir=" + Files.createTempDirectory(dir, "chromium-profile"));
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
        if (service != null) {
            service.stop();
        }
    }

    @Test
    void filteringSortingOpeningARowAndTheInternalsToggleWorkInARealBrowser() throws Exception {
        List<String> example = Files.readAllLines(EmbeddedJudgeCliTest.EXAMPLES.resolve("support-and-rag.jsonl"), StandardCharsets.UTF_8);
        Path data = dir.resolve("data.jsonl");
        Files.write(data, List.of(
                example.get(1), // rag-returns-02: the faithful refund answer
                example.get(2), // rag-returns-03: "Refunds are instant!", invented
                "{\"id\": \"hours\", \"prompt\": \"When are you open?\", \"response\": \"" + XSS.replace("\"", "\\\"") + "\","
                        + " \"context\": \"Support hours: 9-5 on weekdays.\"}",
                "{\"id\": \"broken\", \"prompt\": \"A row without its response\"}"), StandardCharsets.UTF_8);
        Path report = dir.resolve("report.html");
        CliProcess.Result run = CliProcess.run(dir, "eval", data.toString(), "--criteria-set", "rag", "--local-db", "memory", "--progress", "none",
                "-o", dir.resolve("results.jsonl").toString(), "--report", report.toString());
        assertThat(run.exit()).as(run.err()).isEqualTo(3); // the broken row is an error row
        browser.get(report.toUri().toString());

        assertThat(browser.getTitle()).isEqualTo("composo eval data.jsonl");
        assertThat(visibleIds()).hasSize(4).first().isEqualTo("broken");
        assertThat(browser.findElement(By.id("shown")).getText()).isEqualTo("4 of 4 rows shown");

        filterBy("instant");
        assertThat(visibleIds()).containsExactly("rag-returns-03");
        assertThat(browser.findElement(By.id("shown")).getText()).isEqualTo("1 of 4 rows shown");
        filterBy("RAG-RETURNS");
        assertThat(visibleIds()).containsExactlyInAnyOrder("rag-returns-02", "rag-returns-03");
        filterBy("");
        assertThat(visibleIds()).hasSize(4);
        browser.findElement(By.id("errors")).click();
        assertThat(visibleIds()).containsExactly("broken");
        browser.findElement(By.id("errors")).click();
        browser.findElement(By.id("failed")).click();
        List<String> failed = visibleIds();
        assertThat(failed).contains("rag-returns-03").doesNotContain("broken")
                .allMatch(id -> row(id).getDomAttribute("data-failed").equals("true"));
        browser.findElement(By.id("failed")).click();
        assertThat(visibleIds()).hasSize(4);

        // faithfulness, criterion [1]: worst first, the invented answer below the faithful one; a second click reverses
        WebElement faithfulness = browser.findElement(By.cssSelector("#rows th[data-sort='c1']"));
        faithfulness.click();
        assertThat(scores(1)).isSorted();
        assertThat(visibleIds()).startsWith("broken").containsSubsequence("rag-returns-03", "rag-returns-02");
        faithfulness.click();
        assertThat(visibleIds()).endsWith("broken").containsSubsequence("rag-returns-02", "rag-returns-03");
        new Select(browser.findElement(By.id("view"))).selectByValue("2");
        assertThat(scores(2)).isSorted();
        assertThat(browser.findElement(By.id("view-reading")).getText()).startsWith("read as: completeness");
        assertThat(browser.findElements(By.cssSelector("#rows td.focus[data-c='2']"))).hasSize(4);

        WebElement panel = browser.findElement(By.id("panel"));
        assertThat(panel.isDisplayed()).isFalse();
        row("rag-returns-03").click();
        assertThat(panel.isDisplayed()).isTrue();
        WebElement detail = openDetail();
        assertThat(detail.findElement(By.tagName("h3")).getText()).isEqualTo("rag-returns-03");
        assertThat(detail.getText()).contains("How long do refunds take?").contains("Refunds are instant!").contains("Northwind Outfitters return policy");
        assertThat(detail.findElements(By.cssSelector(".turn .role"))).extracting(WebElement::getText).containsExactly("CONTEXT", "USER", "ASSISTANT");
        assertThat(detail.findElements(By.cssSelector(".crit"))).hasSize(5);

        WebElement signals = detail.findElement(By.cssSelector(".crit .internals"));
        assertThat(signals.isDisplayed()).isFalse();
        assertThat(detail.findElement(By.cssSelector(".crit .plain")).getText()).contains("by the embedded judge: ").contains("unsupported by the context")
                .doesNotContain("Signals").doesNotContain("criterion_similarity");
        browser.findElement(By.id("panel-internals")).click();
        assertThat(signals.isDisplayed()).isTrue();
        assertThat(signals.getText()).contains("grounding=");
        WebElement tableSignals = row("rag-returns-03").findElement(By.cssSelector("td.c .internals"));
        assertThat(tableSignals.isDisplayed()).isTrue();
        browser.findElement(By.id("panel-internals")).click();
        assertThat(signals.isDisplayed()).isFalse();

        browser.findElement(By.id("close")).click();
        assertThat(panel.isDisplayed()).isFalse();
        browser.findElement(By.id("internals")).click();
        assertThat(tableSignals.isDisplayed()).isTrue();
        browser.findElement(By.id("internals")).click();
        assertThat(tableSignals.isDisplayed()).isFalse();
        row("hours").click();
        assertThat(openDetail().findElement(By.cssSelector(".t-assistant .text")).getText()).isEqualTo(XSS);
        assertThat(browser.findElements(By.tagName("img"))).isEmpty();
        assertThat(browser.getTitle()).isEqualTo("composo eval data.jsonl");
    }

    private void filterBy(String text) {
        WebElement filter = browser.findElement(By.id("filter"));
        filter.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        if (!text.isEmpty()) {
            filter.sendKeys(text);
        }
    }

    private List<String> visibleIds() {
        return browser.findElements(By.cssSelector("#rows tbody tr")).stream().filter(WebElement::isDisplayed)
                .map(tr -> tr.findElement(By.tagName("td")).getText()).toList();
    }

    private WebElement row(String id) {
        return browser.findElements(By.cssSelector("#rows tbody tr")).stream().filter(tr -> tr.findElement(By.tagName("td")).getText().equals(id))
                .findFirst().orElseThrow(() -> new AssertionError("no row " + id));
    }

    private WebElement openDetail() {
        List<WebElement> open = browser.findElements(By.cssSelector("#panel .detail")).stream().filter(WebElement::isDisplayed).toList();
        assertThat(open).hasSize(1);
        return open.get(0);
    }

    /** The criterion's sort values in the order the rows are shown. */
    private List<Double> scores(int criterion) {
        return browser.findElements(By.cssSelector("#rows tbody tr td.c[data-c='" + criterion + "']")).stream()
                .map(td -> Double.parseDouble(td.getDomAttribute("data-v"))).toList();
    }
}

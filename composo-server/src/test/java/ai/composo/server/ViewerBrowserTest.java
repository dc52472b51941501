package ai.composo.server;

import static org.assertj.core.api.Assertions.assertThat;

import ai.composo.internal.json.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The viewer in a real headless browser: Debian's chromium driven through its chromedriver (both named by path, so
 * nothing is looked up or downloaded). Skipped, saying why, only when those two programs are not installed.
 */
class ViewerBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    static Path dir;

    static ComposoServer server;
    static String key;
    static WebDriver browser;
    static WebDriverWait wait;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "the viewer's browser test needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver): "
                        + CHROMIUM + " or " + CHROMEDRIVER + " is missing");
        server = ComposoServer.start(TestSupport.config(dir).build());
        key = server.devApiKey().orElseThrow();
        seed();
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                .withLogFile(dir.resolve("chromedriver.log").toFile()).build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        Path profile = Files.createDirectories(dir.resolve("chromium-profile"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-default-apps", "--disable-extensions",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1400,1000");
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(15));
    }

    static void seed() {
        String[][] evals = {{"Reward responses that name the capital", "conv-1", "prod"}, {"Penalize responses that are rude", "conv-1", "prod"},
                {"Reward responses that are concise", null, "dev"}, {"Reward responses that are concise and polite", null, "prod"},
                {"Reward responses that cite a source", null, "prod"}};
        for (String[] e : evals) {
            ObjectNode b = (ObjectNode) TestSupport.reward(e[0]);
            if (e[1] != null) {
                b.put("trace_id", e[1]);
            }
            b.putObject("tags").put("env", e[2]);
            assertThat(TestSupport.post(server, "/api/v1/evals/reward", b).status()).isEqualTo(200);
        }
        ObjectNode trace = Json.object();
        trace.set("trace", TestSupport.json(TestSupport.TRACE));
        trace.put("evaluation_criteria", "Reward agents that answer the question");
        assertThat(TestSupport.post(server, "/api/v1/evals/trace", trace).status()).isEqualTo(200);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                TestSupport.post(server, "/api/v1/evaluations/filter", TestSupport.json("{}")).json().get("total").asInt() == 6);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    static WebElement byId(String id) {
        return browser.findElement(By.id(id));
    }

    static List<WebElement> rows() {
        return browser.findElements(By.cssSelector("#results tbody tr"));
    }

    static void waitForRows(int n) {
        wait.until(d -> rows().size() == n && byId("summary").getText().contains(n == 0 ? "No evaluations" : n + " evaluation"));
    }

    static void setValue(String id, String value) {
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1]", byId(id), value);
    }

    static void apply() {
        byId("apply").click();
    }

    @Test
    void browseFilterOpenAndAnnotate() {
        browser.get(server.baseUrl() + "/ui/");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key")));
        assertThat(byId("main").isDisplayed()).isFalse();

        // a wrong key is refused and asked for again
        byId("api-key").sendKeys("cp-000000000000-wrong");
        byId("key-submit").click();
        wait.until(d -> byId("error").isDisplayed() && byId("error").getText().contains("Invalid API key"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key")));

        byId("api-key").sendKeys(key);
        byId("key-submit").click();
        waitForRows(6);
        JavascriptExecutor js = (JavascriptExecutor) browser;
        assertThat(js.executeScript("return sessionStorage.getItem('composo.apiKey')")).isEqualTo(key);
        assertThat(js.executeScript("return localStorage.length")).isEqualTo(0L);
        assertThat(js.executeScript("return document.cookie")).isEqualTo("");

        byId("f-tag-key").sendKeys("env");
        byId("f-tag-value").sendKeys("prod");
        apply();
        waitForRows(4);
        byId("f-criterion").sendKeys("CONCISE");
        apply();
        waitForRows(1);
        assertThat(rows().get(0).getText()).contains("concise and polite").contains("env=prod");
        byId("reset").click();
        waitForRows(6);

        new Select(byId("f-endpoint")).selectByValue("trace");
        apply();
        waitForRows(1);
        assertThat(rows().get(0).getText()).contains("trace").contains("Reward agents that answer the question");
        new Select(byId("f-endpoint")).selectByValue("reward");
        setValue("f-min-score", "0");
        setValue("f-max-score", "1");
        apply();
        waitForRows(5);
        for (WebElement r : rows()) {
            double score = Double.parseDouble(r.findElement(By.cssSelector("td.score")).getText());
            assertThat(score).isBetween(0.0, 1.0);
        }
        setValue("f-end", "2000-01-01");
        apply();
        waitForRows(0);
        byId("reset").click();
        waitForRows(6);
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        setValue("f-start", today);
        setValue("f-end", today);
        apply();
        waitForRows(6);

        // open the evaluation of conv-1 that names the capital: conversation, score, explanation, the trace's other evaluation
        WebElement row = rows().stream().filter(r -> r.getText().contains("name the capital")).findFirst().orElseThrow();
        String score = row.findElement(By.cssSelector("td.score")).getText();
        row.click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("detail")));
        wait.until(d -> byId("d-criteria").getText().equals("Reward responses that name the capital"));
        assertThat(byId("d-score").getText()).isEqualTo(score);
        assertThat(byId("d-explanation").getText()).isNotBlank();
        assertThat(byId("d-trace").getText()).startsWith("conv-1");
        assertThat(byId("d-conversation").getText()).contains("What is the capital of Australia?").contains("Canberra");
        assertThat(byId("d-others").getText()).contains("Penalize responses that are rude");
        assertThat(byId("d-rating").getText()).isEqualTo("not rated");

        byId("comment-text").sendKeys("Checked against the atlas <b>ok</b>");
        byId("comment-submit").click();
        wait.until(d -> byId("d-comments").getText().contains("Checked against the atlas <b>ok</b>"));
        assertThat(browser.findElements(By.cssSelector("#d-comments b"))).as("comments are text, not markup").isEmpty();
        byId("rate-good").click();
        wait.until(d -> byId("d-rating").getText().equals("good"));
        byId("rate-bad").click();
        wait.until(d -> byId("d-rating").getText().equals("bad"));

        var stored = TestSupport.get(server, "/api/v1/traces/conv-1", key).json();
        assertThat(stored.get("rating").asBoolean()).isFalse();
        assertThat(stored.at("/comments/0/comment").asText()).isEqualTo("Checked against the atlas <b>ok</b>");

        // a trace evaluation shows its trace
        setValue("f-start", "");
        setValue("f-end", "");
        new Select(byId("f-endpoint")).selectByValue("trace");
        apply();
        waitForRows(1);
        rows().get(0).click();
        wait.until(d -> byId("d-criteria").getText().equals("Reward agents that answer the question"));
        assertThat(byId("d-conversation").getText()).contains("root_agent_instance_id");

        byId("forget-key").click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key")));
        assertThat(js.executeScript("return sessionStorage.getItem('composo.apiKey')")).isNull();
    }
}

package ai.composo.server;

import static ai.composo.server.RawHttp.assertClientError;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests refused by HTTP parsing, below the router, sent as raw bytes: each gets a 4xx in the JSON error shape
 * (never an HTML page, never a 5xx) and is counted in the metrics.
 */
class HttpLayerTest {
    @TempDir
    static Path dir;

    static ComposoServer server;

    @BeforeAll
    static void start() {
        server = ComposoServer.start(TestSupport.config(dir).build());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static final String KEY_HEADER_PLACEHOLDER = "API-Key: KEY";

    /** name, raw request ({@code HOST} becomes the Host header line, {@code KEY} the dev key), expected status. */
    static Stream<Arguments> refused() {
        List<Arguments> c = new ArrayList<>();
        c.add(Arguments.of("NUL in the path", "GET /api/v1/tasks/abc%00def HTTP/1.1\r\nHOST\r\nAPI-Key: KEY\r\nConnection: close\r\n\r\n", 400));
        c.add(Arguments.of("20,000-character path", "GET /api/v1/tasks/" + "a".repeat(20_000) + " HTTP/1.1\r\nHOST\r\nConnection: close\r\n\r\n", 414));
        c.add(Arguments.of("40 KB header", "GET /api/healthcheck HTTP/1.1\r\nHOST\r\nX-Big: " + "b".repeat(40_000)
                + "\r\nConnection: close\r\n\r\n", 431));
        c.add(Arguments.of("Content-Length: abc", "POST /api/v1/evals/reward HTTP/1.1\r\nHOST\r\nContent-Length: abc\r\nConnection: close\r\n\r\n{}", 400));
        c.add(Arguments.of("Content-Length and Transfer-Encoding", "POST /api/v1/evals/reward HTTP/1.1\r\nHOST\r\nContent-Length: 2\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n2\r\n{}\r\n0\r\n\r\n", 400));
        c.add(Arguments.of("two different Content-Lengths", "POST /api/v1/evals/reward HTTP/1.1\r\nHOST\r\nContent-Length: 2\r\n"
                + "Content-Length: 3\r\nConnection: close\r\n\r\n{} ", 400));
        c.add(Arguments.of("header line without a colon", "GET /api/healthcheck HTTP/1.1\r\nHOST\r\nNoColonHere\r\nConnection: close\r\n\r\n", 400));
        c.add(Arguments.of("no Host", "GET /api/healthcheck HTTP/1.1\r\nConnection: close\r\n\r\n", 400));
        c.add(Arguments.of("two Hosts", "GET /api/healthcheck HTTP/1.1\r\nHOST\r\nHost: other\r\nConnection: close\r\n\r\n", 400));
        c.add(Arguments.of("HELLO THERE", "HELLO THERE\r\n\r\n", 400));
        c.add(Arguments.of("HTTP/2.0 in the request line", "GET /api/healthcheck HTTP/2.0\r\nHOST\r\nConnection: close\r\n\r\n", 426));
        c.add(Arguments.of("HTTP/9.9 in the request line", "GET /api/healthcheck HTTP/9.9\r\nHOST\r\nConnection: close\r\n\r\n", 400));
        c.add(Arguments.of("space in the path", "GET /api/health check HTTP/1.1\r\nHOST\r\nConnection: close\r\n\r\n", 400));
        c.add(Arguments.of("bad percent escape", "GET /api/v1/tasks/%zz HTTP/1.1\r\nHOST\r\nAPI-Key: KEY\r\nConnection: close\r\n\r\n", 400));
        c.add(Arguments.of("encoded slash (a task id that does not exist)", "GET /api/v1/tasks/a%2Fb HTTP/1.1\r\nHOST\r\nAPI-Key: KEY\r\nConnection: close\r\n\r\n", 404));
        c.add(Arguments.of("dot segments above the root", "GET /../../etc/passwd HTTP/1.1\r\nHOST\r\nConnection: close\r\n\r\n", 400));
        c.add(Arguments.of("bad chunk size", "POST /api/v1/evals/reward HTTP/1.1\r\nHOST\r\nAPI-Key: KEY\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n", 400));
        c.add(Arguments.of("unknown Transfer-Encoding", "POST /api/v1/evals/reward HTTP/1.1\r\nHOST\r\nTransfer-Encoding: gzip\r\n"
                + "Connection: close\r\n\r\n", 400));
        c.add(Arguments.of("negative Content-Length", "POST /api/v1/evals/reward HTTP/1.1\r\nHOST\r\nContent-Length: -5\r\nConnection: close\r\n\r\n", 400));
        c.add(Arguments.of("control character in a header value", "GET /api/healthcheck HTTP/1.1\r\nHOST\r\nX-A: a\u0001b\r\nConnection: close\r\n\r\n", 400));
        c.add(Arguments.of("space before the colon", "GET /api/healthcheck HTTP/1.1\r\nHOST\r\nX-A : b\r\nConnection: close\r\n\r\n", 400));
        c.add(Arguments.of("obsolete line folding", "GET /api/healthcheck HTTP/1.1\r\nHOST\r\nX-A: a\r\n b\r\nConnection: close\r\n\r\n", 400));
        c.add(Arguments.of("lone LF line ends with a bad header", "GET /api/healthcheck HTTP/1.1\nHOST\nbad header\n\n", 400));
        return c.stream();
    }

    static String fill(String raw) {
        return raw.replace("HOST", "Host: 127.0.0.1:" + server.port()).replace("API-Key: KEY", "API-Key: " + server.devApiKey().orElseThrow());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusedBelowTheRouterWithJson(String name, String raw, int status) {
        RawHttp.Reply r = RawHttp.send(server.port(), fill(raw));
        assertClientError(r, name);
        assertThat(r.status()).as("%s: %s", name, r).isEqualTo(status);
    }

    @Test
    void refusalsAreCountedInTheMetrics() {
        RawHttp.send(server.port(), "HELLO THERE\r\n\r\n");
        RawHttp.send(server.port(), fill("GET /api/healthcheck HTTP/1.1\r\nHOST\r\nNoColonHere\r\nConnection: close\r\n\r\n"));
        assertThat(server.metricsText()).containsPattern("composo_http_requests_seconds_count\\{route=\"unparsed\",status=\"400\",?\\} [1-9]");
    }
}

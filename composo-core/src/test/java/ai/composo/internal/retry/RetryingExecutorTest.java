package ai.composo.internal.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.composo.errors.BadRequestException;
import ai.composo.errors.ComposoApiException;
import ai.composo.errors.ComposoIoException;
import ai.composo.errors.ComposoTimeoutException;
import ai.composo.errors.RateLimitException;
import ai.composo.errors.ServerException;
import ai.composo.errors.UnexpectedStatusException;
import ai.composo.internal.concurrency.PermitPool;
import ai.composo.internal.http.JdkTransport;
import ai.composo.internal.http.Request;
import ai.composo.internal.http.Response;
import ai.composo.testing.FakeTime;
import ai.composo.testing.TestServer;
import ai.composo.testing.TestServer.Reply;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RetryingExecutorTest {
    enum Mode { SYNC, ASYNC }

    private final TestServer server = new TestServer();
    private final FakeTime time = new FakeTime();
    private final JdkTransport transport = new JdkTransport();

    @AfterEach
    void stop() {
        server.close();
    }

    private RetryingExecutor.Builder executor(int retries) {
        return RetryingExecutor.builder(transport)
                .retryPolicy(RetryPolicy.builder().maxRetries(retries).random(new Random(7)).build())
                .timeout(Duration.ofSeconds(60))
                .timeSource(time)
                .sleeper(time);
    }

    private static Response call(Mode mode, RetryingExecutor ex, Request request) {
        if (mode == Mode.SYNC) {
            return ex.execute(request);
        }
        try {
            return ex.executeAsync(request).join();
        } catch (CompletionException e) {
            throw (RuntimeException) e.getCause();
        }
    }

    private Request post() {
        return Request.postJson(server.uri("/api/v1/evals/reward"), "{\"a\":1}").withHeader("API-Key", "k");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void retryAfterSecondsThenSuccess(Mode mode) {
        server.enqueue(Reply.detail(429, "slow down").header("Retry-After", "1"));
        Response r = call(mode, executor(1).build(), post());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(server.requestCount()).isEqualTo(2);
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1));
        assertThat(server.requests()).allSatisfy(req -> {
            assertThat(req.body()).isEqualTo("{\"a\":1}");
            assertThat(req.header("API-Key")).isEqualTo("k");
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void retryAfterHttpDate(Mode mode) {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(time.now().plusSeconds(3).atOffset(ZoneOffset.UTC));
        server.enqueue(Reply.detail(429, "slow down").header("Retry-After", date));
        call(mode, executor(1).build(), post());
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(3));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void retryAfterMsWinsOverRetryAfter(Mode mode) {
        server.enqueue(Reply.detail(503, "busy").header("Retry-After", "9").header("Retry-After-Ms", "250"));
        call(mode, executor(1).build(), post());
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(250));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void unparseableRetryAfterFallsBackToBackoff(Mode mode) {
        server.enqueue(Reply.detail(429, "slow").header("Retry-After", "soon"));
        call(mode, executor(1).build(), post());
        assertThat(time.sleeps()).hasSize(1);
        assertThat(time.sleeps().get(0)).isBetween(Duration.ofMillis(375), Duration.ofMillis(500));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void retryAfterBeyondDeadlineFailsAtOnce(Mode mode) {
        server.enqueue(Reply.detail(429, "quota").header("Retry-After", "120"));
        RetryingExecutor ex = executor(3).timeout(Duration.ofSeconds(30)).build();
        assertThatThrownBy(() -> call(mode, ex, post()))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(120));
                    assertThat(e.getMessage()).isEqualTo("429: quota");
                });
        assertThat(server.requestCount()).isEqualTo(1);
        assertThat(time.sleeps()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void retryableStatusesAreRetriedExactlyNumRetriesTimes(Mode mode) {
        for (int status : new int[] {408, 409, 500, 502, 503, 504, 524}) {
            int before = server.requestCount();
            server.fallback(r -> Reply.detail(status, "boom " + status).header("X-Trace", "t" + status));
            RetryingExecutor ex = executor(2).build();
            assertThatThrownBy(() -> call(mode, ex, post()))
                    .isInstanceOfSatisfying(ComposoApiException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(status);
                        assertThat(e.detail()).isEqualTo("boom " + status);
                        assertThat(e.header("x-trace")).contains("t" + status);
                        assertThat(e.body()).contains("boom");
                    });
            assertThat(server.requestCount() - before).as("attempts for %d", status).isEqualTo(3);
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void nonRetryable4xxFailFast(Mode mode) {
        for (int status : new int[] {400, 401, 403, 404, 405, 422}) {
            int before = server.requestCount();
            server.fallback(r -> Reply.detail(status, "no"));
            assertThatThrownBy(() -> call(mode, executor(3).build(), post())).isInstanceOf(ComposoApiException.class);
            assertThat(server.requestCount() - before).isEqualTo(1);
        }
        assertThat(time.sleeps()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void exhaustedRetriesSurfaceLastError(Mode mode) {
        server.enqueue(Reply.detail(503, "first"), Reply.text(502, "<html>bad gateway</html>"));
        assertThatThrownBy(() -> call(mode, executor(1).build(), post()))
                .isInstanceOfSatisfying(ServerException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(502);
                    assertThat(e.body()).isEqualTo("<html>bad gateway</html>");
                });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void disconnectIsRetriedAsIo(Mode mode) {
        server.enqueue(Reply.disconnectAfterRequest());
        assertThat(call(mode, executor(1).build(), post()).statusCode()).isEqualTo(200);
        assertThat(server.requestCount()).isEqualTo(2);

        server.fallback(r -> Reply.disconnectAfterRequest());
        assertThatThrownBy(() -> call(mode, executor(1).build(), post()))
                .isInstanceOf(ComposoIoException.class)
                .hasCauseInstanceOf(IOException.class);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void connectionRefusedIsRetriedAsIo(Mode mode) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Request r = Request.postJson(URI.create("http://127.0.0.1:" + port + "/x"), "{}");
        assertThatThrownBy(() -> call(mode, executor(2).build(), r)).isInstanceOf(ComposoIoException.class);
        assertThat(time.sleeps()).hasSize(2);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void attemptTimeoutIsRetried(Mode mode) {
        server.enqueue(Reply.json(200, "{}").delay(6000));
        RetryingExecutor ex = executor(1).attemptTimeout(Duration.ofMillis(1500)).build();
        assertThat(call(mode, ex, post()).body()).contains("score");
        assertThat(server.requestCount()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void totalDeadlineCutsBackoffAndFails(Mode mode) {
        // Each attempt "takes" 400 ms of fake time; backoff would be 2 s; the deadline is 1 s.
        server.onRequest(() -> time.advance(Duration.ofMillis(400)));
        server.fallback(r -> Reply.detail(503, "busy"));
        RetryingExecutor ex = executor(10).timeout(Duration.ofSeconds(1))
                .retryPolicy(RetryPolicy.builder().maxRetries(10).initialBackoff(Duration.ofSeconds(2))
                        .maxBackoff(Duration.ofSeconds(2)).random(new Random(1)).build())
                .build();
        assertThatThrownBy(() -> call(mode, ex, post()))
                .isInstanceOfSatisfying(ComposoTimeoutException.class, e -> {
                    assertThat(e.timeout()).isEqualTo(Duration.ofSeconds(1));
                    assertThat(e.getCause()).isInstanceOf(ServerException.class);
                });
        assertThat(server.requestCount()).isEqualTo(1);
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(600));
        assertThat(time.nanoTime()).isEqualTo(Duration.ofSeconds(1).toNanos());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void slowServerHitsTotalDeadline(Mode mode) {
        server.fallback(r -> Reply.json(200, "{}").delay(3000));
        RetryingExecutor ex = RetryingExecutor.builder(transport).timeout(Duration.ofMillis(300)).build();
        assertThatThrownBy(() -> call(mode, ex, post())).isInstanceOf(ComposoTimeoutException.class);
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void jitteredBackoffStaysInItsInterval() {
        RetryPolicy p = RetryPolicy.builder().random(new Random(42)).build();
        for (int n = 1; n <= 12; n++) {
            double upper = Math.min(500.0 * (1L << (n - 1)), 8000.0);
            for (int i = 0; i < 200; i++) {
                double ms = p.backoff(n).toNanos() / 1e6;
                assertThat(ms).as("retry %d", n).isGreaterThan(upper * 0.75).isLessThanOrEqualTo(upper);
            }
        }
        assertThatThrownBy(() -> RetryPolicy.builder().maxRetries(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cancellingTheFutureReleasesThePermit() throws Exception {
        server.fallback(r -> Reply.json(200, "{}").delay(2000));
        PermitPool pool = new PermitPool(1, false);
        RetryingExecutor ex = executor(1).gate(pool).build();
        CompletableFuture<Response> first = ex.executeAsync(post());
        CompletableFuture<Response> queued = ex.executeAsync(post());
        assertThat(pool.inFlight()).isEqualTo(1);
        queued.cancel(true);
        first.cancel(true);
        assertThat(pool.inFlight()).isZero();
        server.fallback(r -> Reply.json(200, "{}"));
        assertThat(ex.executeAsync(post()).get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(pool.inFlight()).isZero();
    }

    @Test
    void nonRetryableStatusMapsToType() {
        server.enqueue(Reply.json(400, "{\"detail\":\"Trace contains no LLM interactions.\"}"));
        assertThatThrownBy(() -> executor(1).build().execute(post()))
                .isInstanceOf(BadRequestException.class)
                .hasMessage("400: Trace contains no LLM interactions.");
        server.enqueue(Reply.detail(409, "conflict"), Reply.detail(409, "conflict"));
        assertThatThrownBy(() -> executor(1).build().execute(post())).isInstanceOf(UnexpectedStatusException.class);
        assertThat(List.of(server.requestCount())).containsExactly(3);
    }
}

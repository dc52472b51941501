package ai.composo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.composo.ClientUnderTest.Kind;
import ai.composo.errors.AuthenticationException;
import ai.composo.errors.BadRequestException;
import ai.composo.errors.ComposoApiException;
import ai.composo.errors.ComposoException;
import ai.composo.errors.ComposoIoException;
import ai.composo.errors.ComposoTimeoutException;
import ai.composo.errors.MalformedException;
import ai.composo.errors.NotFoundException;
import ai.composo.errors.PermissionDeniedException;
import ai.composo.errors.RateLimitException;
import ai.composo.errors.ServerException;
import ai.composo.internal.json.Json;
import ai.composo.model.EvaluationResponse;
import ai.composo.model.Message;
import ai.composo.model.MultiAgentTrace;
import ai.composo.model.MultiAgentTraceResponse;
import ai.composo.model.Task;
import ai.composo.model.TaskHandle;
import ai.composo.model.ToolDefinition;
import ai.composo.testing.FakeTime;
import ai.composo.testing.StallingServer;
import ai.composo.testing.TestServer;
import ai.composo.testing.TestServer.Reply;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The engineering-anchors §4 matrix plus request/response details, each case against both clients. */
class ClientMatrixTest {
    static final String KEY = "cp-test-key-123";
    static final List<Message> CONVERSATION = List.of(
            Message.user("What is the capital of Australia?"), Message.assistant("Canberra."));
    static final String CRITERION = "Reward responses that answer the question correctly and briefly";

    final TestServer server = new TestServer();
    final FakeTime time = new FakeTime();
    final List<ClientUnderTest> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        clients.forEach(ClientUnderTest::close);
        server.close();
    }

    ClientUnderTest client(Kind kind) {
        return client(kind, c -> { });
    }

    ClientUnderTest client(Kind kind, Consumer<ClientConfig> extra) {
        ClientUnderTest c = kind.build(cfg -> {
            cfg.apiKey(KEY);
            cfg.baseUrl(server.uri() + "/");
            cfg.time = time;
            cfg.sleeper = time;
            cfg.random = new Random(3);
            extra.accept(cfg);
        });
        clients.add(c);
        return c;
    }

    // 1. happy path, golden body and headers --------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Kind.class)
    void happyPathSendsTheGoldenBodyAndHeaders(Kind kind) {
        server.enqueue(Reply.json(200, "{\"score\":0.93,\"explanation\":\"Correct answer, no filler.\","
                + "\"sources\":[{\"id\":\"doc-1\",\"type\":\"document\"}]}"));
        ClientUnderTest c = client(kind, cfg -> cfg.modelCore = "align-20251111");
        EvaluationResponse r = c.evaluate(EvaluationRequest.builder().messages(CONVERSATION).criterion(CRITERION)
                .tag("suite", "smoke").build());

        assertThat(r.score()).isEqualTo(0.93);
        assertThat(r.explanation()).isEqualTo("Correct answer, no filler.");
        assertThat(r.sources()).singleElement().satisfies(s -> assertThat(s.id()).isEqualTo("doc-1"));
        TestServer.Recorded req = server.requests().get(0);
        assertThat(req.method()).isEqualTo("POST");
        assertThat(req.path()).isEqualTo("/api/v1/evals/reward");
        assertThat(req.body()).isEqualTo("{\"messages\":[{\"role\":\"user\",\"content\":\"What is the capital of Australia?\"},"
                + "{\"role\":\"assistant\",\"content\":\"Canberra.\"}],"
                + "\"evaluation_criteria\":\"Reward responses that answer the question correctly and briefly\","
                + "\"model_core\":\"align-20251111\",\"tags\":{\"suite\":\"smoke\"}}");
        assertThat(req.header("API-Key")).isEqualTo(KEY);
        assertThat(req.header("Content-Type")).isEqualTo("application/json");
        assertThat(req.header("User-Agent")).isEqualTo("composo-java/" + ClientCore.VERSION).doesNotContain("unknown");
        assertThat(req.header("Authorization")).isNull();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void fullFormAppendsTheResultOnceAndNeverTouchesTheCallersList(Kind kind) {
        List<Message> mine = new ArrayList<>(List.of(Message.user("Weather in Leeds?")));
        String completion = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":null,\"refusal\":null,\"tool_calls\":[{\"id\":\"call_1\","
                + "\"type\":\"function\",\"function\":{\"name\":\"weather\",\"arguments\":\"{\\\"city\\\":\\\"Leeds\\\"}\"}}]},"
                + "\"finish_reason\":\"tool_calls\"}]}";
        EvaluationRequest template = EvaluationRequest.builder().messages(mine).system("You are terse.")
                .tools(List.of(ToolDefinition.function("weather", "Weather by city", "{\"type\":\"object\"}")))
                .result(completion).criterion("Reward tool calls that pick the right tool")
                .modelCore("align-20250529").evaluateLatest(false).traceId("t-1").explanationCleaning("end_user").build();
        ClientUnderTest c = client(kind, cfg -> cfg.modelCore = "client-core");
        List<EvaluationResponse> rs = c.evaluate(template, List.of("Reward tool calls that pick the right tool",
                "Penalize tool calls with invented arguments"));

        assertThat(rs).hasSize(2);
        assertThat(mine).hasSize(1);
        assertThat(template.messages()).hasSize(1);
        List<String> bodies = server.requests().stream().map(TestServer.Recorded::body).sorted().toList();
        String expectedMessages = "{\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Leeds?\"},{\"role\":\"assistant\","
                + "\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"weather\","
                + "\"arguments\":\"{\\\"city\\\":\\\"Leeds\\\"}\"}}]}],";
        String rest = "\"model_core\":\"align-20250529\",\"system\":\"You are terse.\",\"tools\":[{\"type\":\"function\","
                + "\"function\":{\"name\":\"weather\",\"description\":\"Weather by city\",\"parameters\":{\"type\":\"object\"}}}],"
                + "\"evaluate_latest\":false,\"trace_id\":\"t-1\",\"explanation_cleaning\":\"end_user\"}";
        assertThat(bodies).containsExactly(
                expectedMessages + "\"evaluation_criteria\":\"Penalize tool calls with invented arguments\"," + rest,
                expectedMessages + "\"evaluation_criteria\":\"Reward tool calls that pick the right tool\"," + rest);
        assertThat(bodies).allSatisfy(b -> assertThat(b).doesNotContain("system_message"));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void anthropicResultIsAppendedWhole(Kind kind) {
        String msg = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"Canberra.\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null}";
        client(kind).evaluate(EvaluationRequest.builder().messages(CONVERSATION.subList(0, 1))
                .result(Json.parse(msg)).criterion(CRITERION).build());
        assertThat(Json.parse(server.requests().get(0).body()).get("messages").get(1).toString())
                .isEqualTo("{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude\","
                        + "\"content\":[{\"type\":\"text\",\"text\":\"Canberra.\"}],\"stop_reason\":\"end_turn\"}");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void multiCriteriaResultsComeBackInCriteriaOrder(Kind kind) {
        // The first criterion is answered slowest, so the async client completes out of order.
        server.fallback(r -> {
            String crit = Json.parse(r.body()).get("evaluation_criteria").asText();
            int n = Integer.parseInt(crit.substring(crit.length() - 1));
            return Reply.json(200, "{\"score\":0." + n + ",\"explanation\":\"" + crit + "\"}").delay(n == 1 ? 300 : 0);
        });
        List<String> criteria = List.of("Reward c1", "Reward c2", "Reward c3", "Reward c4");
        List<EvaluationResponse> rs = client(kind).evaluate(CONVERSATION, criteria);
        assertThat(rs).extracting(EvaluationResponse::explanation).containsExactlyElementsOf(criteria);
        assertThat(rs).extracting(EvaluationResponse::score).containsExactly(0.1, 0.2, 0.3, 0.4);
        assertThatThrownBy(() -> client(kind).evaluate(CONVERSATION, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThat(server.requestCount()).isEqualTo(4);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void unknownFieldsAreKeptAndNullScoreMeansNotApplicable(Kind kind) {
        server.enqueue(Reply.json(200, "{\"score\":null,\"explanation\":\"n/a\",\"cleaned_explanation\":\"clean\","
                + "\"future_field\":{\"x\":[1,2]}}"));
        EvaluationResponse r = client(kind).evaluate(CONVERSATION, CRITERION);
        assertThat(r.score()).isNull();
        assertThat(r.isNotApplicable()).isTrue();
        assertThat(r.cleanedExplanation()).contains("clean");
        assertThat(r.additionalProperties().get("future_field").toString()).isEqualTo("{\"x\":[1,2]}");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aSuccessBodyThatIsNoEvaluationIsAnErrorSayingWhy(Kind kind) {
        ClientUnderTest c = client(kind);
        Map<String, String> expected = Map.of(
                "null", "Unexpected 200 response body (not a EvaluationResponse): the body is JSON null",
                "[0.5]", "Unexpected 200 response body (not a EvaluationResponse): Cannot read EvaluationResponse: "
                        + "An evaluation response must be a JSON object",
                "{\"score\":1.5,\"explanation\":\"x\"}", "Unexpected 200 response body (not a EvaluationResponse): "
                        + "Cannot read EvaluationResponse: score must be within [0, 1] or null, got 1.5");
        expected.forEach((body, message) -> {
            server.enqueue(Reply.json(200, body));
            assertThatThrownBy(() -> c.evaluate(CONVERSATION, CRITERION)).as(body)
                    .isExactlyInstanceOf(ComposoException.class).hasMessage(message);
        });
    }

    // 2. 429 and Retry-After ----------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Kind.class)
    void rateLimitWithRetryAfterIsHonoured(Kind kind) {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(time.now().plusSeconds(3).atOffset(ZoneOffset.UTC));
        server.enqueue(Reply.detail(429, "Too many").header("Retry-After", "1"));
        ClientUnderTest c = client(kind);
        assertThat(c.evaluate(CONVERSATION, CRITERION).score()).isEqualTo(1.0);
        assertThat(server.requestCount()).isEqualTo(2);
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1));

        server.enqueue(Reply.detail(429, "Too many").header("Retry-After", date));
        c.evaluate(CONVERSATION, CRITERION);
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2)); // clock moved 1 s
        assertThat(c.stats().rateLimited()).isEqualTo(2);
        assertThat(c.stats().retries()).isEqualTo(2);
        assertThat(c.stats().attempts()).isEqualTo(4);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void retryAfterBeyondTheDeadlineFailsAtOnce(Kind kind) {
        server.enqueue(Reply.detail(429, "Quota exhausted").header("Retry-After", "3600"));
        ClientUnderTest c = client(kind, cfg -> cfg.numRetries(3));
        assertThatThrownBy(() -> c.evaluate(CONVERSATION, CRITERION))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.retryAfter()).contains(Duration.ofHours(1));
                    assertThat(e).hasMessage("429: Quota exhausted");
                });
        assertThat(server.requestCount()).isEqualTo(1);
        assertThat(time.sleeps()).isEmpty();
        assertThat(c.stats().failures()).isEqualTo(1);
    }

    // 3. retryable 5xx exhaustion -----------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Kind.class)
    void retryableServerErrorsAreRetriedNumRetriesTimes(Kind kind) {
        ClientUnderTest c = client(kind, cfg -> cfg.numRetries(2));
        for (int status : new int[] {500, 502, 503, 504, 524}) {
            int before = server.requestCount();
            server.fallback(r -> Reply.text(status, "<html>upstream " + status + "</html>").header("X-Request-Id", "r" + status));
            assertThatThrownBy(() -> c.evaluate(CONVERSATION, CRITERION))
                    .isInstanceOfSatisfying(ComposoApiException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(status);
                        assertThat(e.header("x-request-id")).contains("r" + status);
                        assertThat(e.body()).isEqualTo("<html>upstream " + status + "</html>");
                        assertThat(e).isInstanceOf(status == 500 ? ai.composo.errors.InternalServerException.class : ServerException.class);
                    });
            assertThat(server.requestCount() - before).isEqualTo(3);
        }
    }

    // 4. non-retryable 4xx ------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Kind.class)
    void clientErrorsAreNeverRetried(Kind kind) {
        ClientUnderTest c = client(kind, cfg -> cfg.numRetries(3));
        Map<Integer, Class<?>> types = Map.of(400, BadRequestException.class, 401, AuthenticationException.class,
                403, PermissionDeniedException.class, 404, NotFoundException.class, 422, MalformedException.class);
        types.forEach((status, type) -> {
            int before = server.requestCount();
            server.fallback(r -> Reply.detail(status, "nope " + status));
            assertThatThrownBy(() -> c.evaluate(CONVERSATION, CRITERION)).isInstanceOf(type).hasMessage(status + ": nope " + status);
            assertThat(server.requestCount() - before).isEqualTo(1);
        });
        assertThat(time.sleeps()).isEmpty();
    }

    // 5. network faults -----------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Kind.class)
    void disconnectsAndSlowAttemptsAreRetried(Kind kind) {
        server.enqueue(Reply.disconnectAfterRequest());
        ClientUnderTest c = client(kind, cfg -> cfg.attemptTimeout(Duration.ofMillis(1500)));
        assertThat(c.evaluate(CONVERSATION, CRITERION).score()).isEqualTo(1.0);
        assertThat(server.requestCount()).isEqualTo(2);

        server.enqueue(Reply.json(200, "{\"score\":0.5,\"explanation\":\"late\"}").delay(6000));
        assertThat(c.evaluate(CONVERSATION, CRITERION).score()).isEqualTo(1.0);
        assertThat(server.requestCount()).isEqualTo(4);

        server.fallback(r -> Reply.disconnectAfterRequest());
        assertThatThrownBy(() -> c.evaluate(CONVERSATION, CRITERION)).isInstanceOf(ComposoIoException.class)
                .hasCauseInstanceOf(java.io.IOException.class);
    }

    // 6. total deadline ---------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Kind.class)
    void totalDeadlineBoundsRetriesAndBackoff(Kind kind) {
        server.onRequest(() -> time.advance(Duration.ofMillis(700)));
        server.fallback(r -> Reply.detail(503, "overloaded"));
        ClientUnderTest c = client(kind, cfg -> {
            cfg.numRetries(5);
            cfg.timeout(Duration.ofSeconds(2));
        });
        assertThatThrownBy(() -> c.evaluate(CONVERSATION, CRITERION))
                .isInstanceOfSatisfying(ComposoTimeoutException.class, e -> {
                    assertThat(e.timeout()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(e.getCause()).isInstanceOf(ServerException.class);
                });
        // t=0.7 fail, backoff ~0.5 s (jittered), t≈1.9 fail, backoff cut to what is left, then the deadline.
        List<Duration> sleeps = time.sleeps();
        assertThat(sleeps).hasSize(2);
        assertThat(sleeps.get(0)).isBetween(Duration.ofMillis(375), Duration.ofMillis(500));
        assertThat(sleeps.get(1)).isLessThan(Duration.ofMillis(1000)).isEqualTo(Duration.ofSeconds(2).minus(Duration.ofMillis(1400)).minus(sleeps.get(0)));
        assertThat(time.nanoTime()).isEqualTo(Duration.ofSeconds(2).toNanos());
        assertThat(server.requestCount()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void slowServerIsCutAtTheDeadline(Kind kind) throws Exception {
        try (StallingServer stall = new StallingServer()) {
            ClientUnderTest c = kind.build(cfg -> {
                cfg.apiKey(KEY);
                cfg.baseUrl(stall.uri().toString());
                cfg.timeout(Duration.ofMillis(400));
            });
            clients.add(c);
            assertThatThrownBy(() -> c.evaluate(CONVERSATION, CRITERION)).isInstanceOf(ComposoTimeoutException.class);
            assertThat(stall.awaitClientClose(5)).as("in-flight request cancelled").isTrue();
            assertThat(c.stats().inFlight()).isZero();
        }
    }

    // 7. backoff bounds and numRetries ------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Kind.class)
    void defaultNumRetriesMeansExactlyTwoAttemptsWithJitteredBackoff(Kind kind) {
        server.fallback(r -> Reply.detail(500, "boom"));
        ClientUnderTest c = client(kind);
        for (int i = 0; i < 20; i++) {
            assertThatThrownBy(() -> c.evaluate(CONVERSATION, CRITERION)).isInstanceOf(ai.composo.errors.InternalServerException.class);
        }
        assertThat(server.requestCount()).isEqualTo(40);
        assertThat(time.sleeps()).hasSize(20).allSatisfy(d -> assertThat(d).isGreaterThan(Duration.ofMillis(375))
                .isLessThanOrEqualTo(Duration.ofMillis(500)));
        assertThat(time.sleeps().stream().distinct().count()).as("jitter varies").isGreaterThan(10);
        assertThatThrownBy(() -> kind.build(cfg -> cfg.numRetries(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
    }

    // 8. concurrency: no leaks --------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Kind.class)
    void noPermitLeaksAfterAThousandFailures(Kind kind) throws Exception {
        server.fallback(r -> Reply.detail(400, "bad"));
        ClientUnderTest c = client(kind, cfg -> cfg.maxConcurrentRequests(4));
        if (c instanceof ClientUnderTest.Async a) {
            List<CompletableFuture<EvaluationResponse>> fs = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                fs.add(a.c.evaluate(CONVERSATION, CRITERION));
            }
            CompletableFuture.allOf(fs.toArray(new CompletableFuture<?>[0])).exceptionally(e -> null).get(60, TimeUnit.SECONDS);
            assertThat(fs).allSatisfy(f -> assertThat(f).isCompletedExceptionally());
            assertThat(server.maxInFlight()).isLessThanOrEqualTo(4);
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                fs.add(pool.submit(() -> assertThatThrownBy(() -> c.evaluate(CONVERSATION, CRITERION))
                        .isInstanceOf(BadRequestException.class)));
            }
            for (Future<?> f : fs) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
        }
        assertThat(c.stats().inFlight()).isZero();
        assertThat(c.stats().failures()).isEqualTo(1000);
        server.fallback(r -> Reply.json(200, "{\"score\":0.7,\"explanation\":\"fine\"}"));
        assertThat(c.evaluate(CONVERSATION, CRITERION).score()).isEqualTo(0.7);
    }

    // 9. cancellation ------------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Kind.class)
    void cancellingCancelsTheHttpExchangeAndFreesThePermit(Kind kind) throws Exception {
        try (StallingServer stall = new StallingServer()) {
            ClientUnderTest c = kind.build(cfg -> {
                cfg.apiKey(KEY);
                cfg.baseUrl(stall.uri().toString());
                cfg.maxConcurrentRequests(1);
            });
            clients.add(c);
            if (c instanceof ClientUnderTest.Async a) {
                CompletableFuture<EvaluationResponse> f = a.c.evaluate(CONVERSATION, CRITERION);
                assertThat(stall.awaitRequest(5)).isTrue();
                assertThat(c.stats().inFlight()).isEqualTo(1);
                f.cancel(true);
                assertThat(stall.awaitClientClose(5)).as("exchange cancelled").isTrue();
                assertThat(c.stats().inFlight()).isZero();
            } else {
                AtomicReference<Throwable> thrown = new AtomicReference<>();
                Thread t = new Thread(() -> {
                    try {
                        c.evaluate(CONVERSATION, CRITERION);
                    } catch (Throwable e) {
                        thrown.set(e);
                    }
                });
                t.start();
                assertThat(stall.awaitRequest(5)).isTrue();
                t.interrupt();
                t.join(5000);
                assertThat(thrown.get()).isInstanceOf(ComposoException.class).hasCauseInstanceOf(InterruptedException.class);
                assertThat(c.stats().inFlight()).isZero();
                assertThat(stall.awaitClientClose(5)).as("exchange cancelled").isTrue();
            }
        }
    }

    // 10. close ----------------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Kind.class)
    void closeIsIdempotentAndLaterCallsFail(Kind kind) {
        ClientUnderTest c = client(kind);
        c.close();
        c.close();
        assertThatThrownBy(() -> c.evaluate(CONVERSATION, CRITERION)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> c.getTask("t")).isInstanceOf(IllegalStateException.class);
        assertThat(server.requestCount()).isZero();
    }

    // 11. API key --------------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Kind.class)
    void missingApiKeyFailsAtBuildTimeWithAClearMessage(Kind kind) {
        assertThatThrownBy(() -> kind.build(cfg -> cfg.environment = name -> null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("COMPOSO_API_KEY").hasMessageContaining(".apiKey(");
        assertThatThrownBy(() -> kind.build(cfg -> cfg.environment = name -> "  ")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> kind.build(cfg -> cfg.apiKey(" "))).isInstanceOf(IllegalArgumentException.class);

        ClientUnderTest c = kind.build(cfg -> {
            cfg.environment = name -> name.equals("COMPOSO_API_KEY") ? "cp-from-env" : null;
            cfg.baseUrl(server.uri().toString());
        });
        clients.add(c);
        c.evaluate(CONVERSATION, CRITERION);
        assertThat(server.requests().get(0).header("API-Key")).isEqualTo("cp-from-env");
        assertThat(c.toString()).doesNotContain("cp-from-env");
    }

    // background tasks and traces ------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Kind.class)
    void backgroundEvaluationAndTaskPolling(Kind kind) {
        server.enqueue(Reply.json(202, "{\"task_id\":\"t-42\",\"status\":\"pending\"}"),
                Reply.json(200, task("pending", "null")), Reply.json(200, task("running", "null")),
                Reply.json(200, task("succeeded", "{\"score\":0.8,\"explanation\":\"ok\",\"sources\":[]}")));
        ClientUnderTest c = client(kind);
        TaskHandle h = c.evaluateInBackground(EvaluationRequest.of(CONVERSATION, CRITERION));
        assertThat(h.taskId()).isEqualTo("t-42");
        Task t = c.awaitTask(h.taskId(), Duration.ofSeconds(30));
        assertThat(t.status()).isEqualTo(Task.SUCCEEDED);
        assertThat(t.evaluationResult().score()).isEqualTo(0.8);
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
        assertThat(server.requests()).extracting(TestServer.Recorded::path).containsExactly(
                "/api/v1/evals/reward/background", "/api/v1/tasks/t-42", "/api/v1/tasks/t-42", "/api/v1/tasks/t-42");
        assertThat(server.requests().get(1).method()).isEqualTo("GET");

        server.fallback(r -> Reply.json(200, task("running", "null")));
        assertThatThrownBy(() -> c.awaitTask("t-42", Duration.ofSeconds(3))).isInstanceOf(ComposoTimeoutException.class);
        server.fallback(r -> Reply.detail(404, "Not Found"));
        assertThatThrownBy(() -> c.getTask("nope")).isInstanceOf(NotFoundException.class);
    }

    private static String task(String status, String result) {
        return "{\"task_id\":\"t-42\",\"status\":\"" + status + "\",\"result\":" + result
                + ",\"error\":null,\"created_at\":\"2026-01-31T12:00:00Z\",\"finished_at\":null}";
    }

    static final String TRACE = "{\"root_agent_instance_id\":\"a1\",\"agent_instance_by_id\":{\"a1\":{\"id\":\"a1\","
            + "\"name\":\"supervisor\",\"interactions\":[{\"input_messages\":[{\"role\":\"user\",\"type\":\"text\","
            + "\"content\":\"Find a vegan restaurant\"}],\"output_messages\":[{\"type\":\"text\",\"content\":\"Try Roots.\"}]}]}}}";
    static final String TRACE_RESPONSE = "{\"request_id\":\"req-1\",\"results_by_agent_name\":{\"supervisor\":{"
            + "\"agent_name\":\"supervisor\",\"results_by_agent_instance_id\":{\"a1\":{\"score\":0.6,\"explanation\":\"ok\"}},"
            + "\"summary_statistics\":{\"median\":0.6,\"min\":0.6,\"max\":0.6,\"std\":0.0}}}}";

    @ParameterizedTest
    @EnumSource(Kind.class)
    void traceEvaluationBodyAndModelCorePrecedence(Kind kind) {
        server.fallback(r -> Reply.json(200, TRACE_RESPONSE));
        MultiAgentTrace trace = MultiAgentTrace.fromJson(TRACE);
        MultiAgentTraceResponse r = client(kind).evaluateTrace(trace, "Reward agents that finish the task", null);
        assertThat(r.overallScore()).isEqualTo(0.6);
        assertThat(server.requests().get(0).path()).isEqualTo("/api/v1/evals/trace");
        assertThat(server.requests().get(0).body()).isEqualTo("{\"trace\":" + Json.parse(TRACE)
                + ",\"evaluation_criteria\":\"Reward agents that finish the task\",\"model_core\":\"align-20250529\","
                + "\"evaluate_latest\":false}");

        ClientUnderTest withCore = client(kind, cfg -> cfg.modelCore = "client-core");
        withCore.evaluateTrace(trace, "Reward agents x", null);
        withCore.evaluateTrace(trace, "Reward agents x", "call-core");
        List<MultiAgentTraceResponse> many = withCore.evaluateTrace(trace, List.of("Reward agents a", "Reward agents b"));
        assertThat(many).hasSize(2);
        assertThat(server.requests().subList(1, 5)).extracting(req -> Json.parse(req.body()).get("model_core").asText())
                .containsExactly("client-core", "call-core", "client-core", "client-core");
    }
}

package ai.composo.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ai.composo.AsyncComposo;
import ai.composo.Composo;
import ai.composo.EvaluationFilter;
import ai.composo.EvaluationRequest;
import ai.composo.TraceQuery;
import ai.composo.errors.MalformedException;
import ai.composo.errors.NotFoundException;
import ai.composo.model.EvaluationPage;
import ai.composo.model.Message;
import ai.composo.model.StoredTrace;
import ai.composo.model.TraceComment;
import ai.composo.model.TracePage;
import ai.composo.model.Usage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SDK's data methods, in the sync and the async client, against the server. */
class SdkDataTest {
    @TempDir
    static Path dir;

    static ComposoServer server;
    static Composo client;
    static AsyncComposo async;

    static final List<Message> MESSAGES = List.of(Message.user("What is the capital of Australia?"),
            Message.assistant("The capital of Australia is Canberra."));

    @BeforeAll
    static void start() {
        server = ComposoServer.start(TestSupport.config(dir).build());
        String key = server.devApiKey().orElseThrow();
        client = Composo.builder().baseUrl(server.baseUrl()).apiKey(key).build();
        async = AsyncComposo.builder().baseUrl(server.baseUrl()).apiKey(key).build();
        for (int i = 0; i < 3; i++) {
            client.evaluate(EvaluationRequest.builder().messages(MESSAGES).criterion("Reward responses that name the capital, take " + i)
                    .tag("run", i == 0 ? "nightly" : "manual").traceId("sdk-trace-" + (i % 2)).build());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> client.filterEvaluations(EvaluationFilter.all()).total() == 3);
    }

    @AfterAll
    static void stop() {
        client.close();
        async.close();
        server.close();
    }

    @Test
    void syncClientPagesTracesAndAnnotatesThem() {
        List<String> ids = new ArrayList<>();
        TraceQuery q = TraceQuery.builder().pageSize(1).startDate(Instant.now().minusSeconds(3600)).build();
        TracePage page = client.listTraces(q);
        ids.add(page.traces().get(0).id());
        Optional<String> next = page.next();
        assertThat(next).isPresent();
        page = client.listTraces(q.next(next.get()));
        ids.add(page.traces().get(0).id());
        assertThat(page.next()).isEmpty();
        assertThat(ids).containsExactlyInAnyOrder("sdk-trace-0", "sdk-trace-1");

        StoredTrace t = client.getStoredTrace("sdk-trace-0");
        assertThat(t.evaluations()).hasSize(2);
        assertThat(t.evaluations().get(0).score()).isBetween(0.0, 1.0);
        assertThat(t.evaluations().get(0).criteria()).startsWith("Reward responses that name the capital");
        assertThat(t.trace().at("/messages/0/content").asText()).isEqualTo("What is the capital of Australia?");

        TraceComment c = client.addComment("sdk-trace-0", "Checked by hand");
        assertThat(c.traceId()).isEqualTo("sdk-trace-0");
        assertThat(client.rateTrace("sdk-trace-0", true).rating()).isTrue();
        StoredTrace annotated = client.getStoredTrace("sdk-trace-0");
        assertThat(annotated.rating()).isTrue();
        assertThat(annotated.comments()).extracting(TraceComment::comment).contains("Checked by hand");

        assertThatThrownBy(() -> client.getStoredTrace("no-such-trace")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> client.addComment("no-such-trace", "x")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void asyncClientFiltersAndReadsUsage() {
        EvaluationPage nightly = async.filterEvaluations(EvaluationFilter.builder().tag("run", "nightly").build()).join();
        assertThat(nightly.total()).isEqualTo(1);
        assertThat(nightly.evaluations().get(0).tags()).containsEntry("run", "nightly");
        assertThat(nightly.evaluations().get(0).requestPayload().get("messages").size()).isEqualTo(2);
        EvaluationPage take2 = async.filterEvaluations(EvaluationFilter.builder().criterion("take 2").scoreBetween(0, 1)
                .endpointType("reward").pageSize(10).build()).join();
        assertThat(take2.evaluations()).singleElement().satisfies(e -> assertThat(e.traceId()).isEqualTo("sdk-trace-0"));
        assertThat(async.listTraces(TraceQuery.firstPage()).join().traces()).hasSize(2);
        assertThat(async.getStoredTrace("sdk-trace-1").join().evaluations()).hasSize(1);
        assertThat(async.addComment("sdk-trace-1", "async note").join().comment()).isEqualTo("async note");
        assertThat(async.rateTrace("sdk-trace-1", false).join().rating()).isFalse();
        Usage u = async.usage().join();
        assertThat(u.usage().totalRequests()).isEqualTo(3);
        assertThat(u.usage().models().get("align-20251111").requests()).isEqualTo(3);
        assertThat(u.quotaResetDate()).matches("\\d{4}-\\d\\d-01");
        assertThatThrownBy(() -> async.filterEvaluations(EvaluationFilter.builder().endpointType("nope").build()).join())
                .hasCauseInstanceOf(MalformedException.class);
    }

    @Test
    void buildersRefuseNonsenseBeforeSending() {
        assertThatThrownBy(() -> TraceQuery.builder().pageSize(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EvaluationFilter.builder().scoreBetween(0.9, 0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EvaluationFilter.builder().tag("run")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.addComment("sdk-trace-0", " ")).isInstanceOf(IllegalArgumentException.class);
    }
}

package ai.composo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.composo.errors.ComposoException;
import ai.composo.errors.MalformedException;
import ai.composo.internal.json.Json;
import ai.composo.model.EvaluationResponse;
import ai.composo.model.Message;
import ai.composo.testing.TestServer;
import ai.composo.testing.TestServer.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AsyncBatchAndConcurrencyTest {
    static final List<Message> CONVERSATION = List.of(Message.user("2+2?"), Message.assistant("4"));

    final TestServer server = new TestServer();
    AsyncComposo client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        server.close();
    }

    AsyncComposo client(int max) {
        client = AsyncComposo.builder().apiKey("k").baseUrl(server.uri().toString()).maxConcurrentRequests(max).build();
        return client;
    }

    /** Echoes the criterion number as the score's explanation, so results can be matched to inputs. */
    static Reply echo(TestServer.Recorded r) {
        String crit = Json.parse(r.body()).get("evaluation_criteria").asText();
        if (crit.contains("bad")) {
            return Reply.json(422, "{\"detail\":[{\"type\":\"value_error\",\"loc\":[\"body\"],\"msg\":\"bad\"}]}");
        }
        return Reply.json(200, "{\"score\":0.5,\"explanation\":\"" + crit + "\"}");
    }

    static EvaluationRequest request(int i) {
        return EvaluationRequest.of(CONVERSATION, "Reward " + i);
    }

    /** An endless-looking source that records how far ahead of the consumer it has been read. */
    static final class CountingInputs implements Iterator<Integer> {
        final int size;
        int pulled;

        CountingInputs(int size) {
            this.size = size;
        }

        @Override
        public boolean hasNext() {
            return pulled < size;
        }

        @Override
        public Integer next() {
            return pulled++;
        }
    }

    @Test
    void concurrencyCapHoldsForManyMoreSubmissionsThanPermits() throws Exception {
        server.fallback(r -> Reply.json(200, "{\"score\":1,\"explanation\":\"ok\"}").delay(5));
        AsyncComposo c = client(6);
        List<CompletableFuture<List<EvaluationResponse>>> fs = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            fs.add(c.evaluate(CONVERSATION, List.of("Reward a", "Reward b", "Reward c")));
        }
        CompletableFuture.allOf(fs.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
        assertThat(server.requestCount()).isEqualTo(300);
        assertThat(server.maxInFlight()).isLessThanOrEqualTo(6).isGreaterThan(1);
        assertThat(c.stats()).isEqualTo(new ClientStats(300, 0, 0, 0, 0));
    }

    @Test
    void closeCompletesPendingCallsExceptionally() throws Exception {
        server.fallback(r -> Reply.json(200, "{}").delay(3000));
        AsyncComposo c = client(1);
        CompletableFuture<EvaluationResponse> running = c.evaluate(CONVERSATION, "Reward x");
        CompletableFuture<EvaluationResponse> queued = c.evaluate(CONVERSATION, "Reward y");
        c.close();
        assertThat(running).isCompletedExceptionally();
        assertThat(queued).isCompletedExceptionally();
        assertThatThrownBy(running::join).hasCauseInstanceOf(ComposoException.class).hasMessageContaining("closed");
        assertThat(c.stats().inFlight()).isZero();
        assertThatThrownBy(() -> c.evaluateAll(List.of(1), AsyncBatchAndConcurrencyTest::request))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void orderedBatchKeepsInputOrderWithinABoundedWindow() {
        server.fallback(r -> echo(r).delay(r.body().contains("Reward 3\"") ? 200 : 0));
        AsyncComposo c = client(8);
        CountingInputs inputs = new CountingInputs(3000);
        int maxAhead = 0;
        List<Long> indexes = new ArrayList<>();
        try (BatchStream<Integer> batch = c.evaluateAll(inputs, AsyncBatchAndConcurrencyTest::request,
                BatchOptions.builder().window(20).build())) {
            while (batch.hasNext()) {
                BatchItem<Integer> item = batch.next();
                indexes.add(item.index());
                maxAhead = Math.max(maxAhead, inputs.pulled - indexes.size());
                assertThat(item.input()).isEqualTo((int) item.index());
                assertThat(item.response()).hasValueSatisfying(r -> assertThat(r.explanation()).isEqualTo("Reward " + item.index()));
                assertThat(item.attempts()).isEqualTo(1);
            }
        }
        assertThat(indexes).containsExactlyElementsOf(LongStream.range(0, 3000).boxed().toList());
        assertThat(maxAhead).isLessThanOrEqualTo(20);
        assertThat(server.maxInFlight()).isLessThanOrEqualTo(8);
    }

    @Test
    void unorderedBatchYieldsAsCompletedAndDefaultWindowIsTwiceTheCap() {
        server.fallback(r -> echo(r).delay(r.body().contains("Reward 0\"") ? 2000 : 0));
        AsyncComposo c = client(4);
        CountingInputs inputs = new CountingInputs(200);
        int maxAhead = 0;
        List<Long> indexes = new ArrayList<>();
        try (BatchStream<Integer> batch = c.evaluateAll(inputs, AsyncBatchAndConcurrencyTest::request,
                BatchOptions.builder().ordered(false).build())) {
            while (batch.hasNext()) {
                indexes.add(batch.next().index());
                maxAhead = Math.max(maxAhead, inputs.pulled - indexes.size());
            }
        }
        assertThat(indexes).hasSize(200).containsExactlyInAnyOrderElementsOf(LongStream.range(0, 200).boxed().toList());
        assertThat(indexes.get(0)).isNotEqualTo(0L);
        assertThat(maxAhead).isLessThanOrEqualTo(8);
    }

    @Test
    void perItemErrorsNeverFailTheBatch() {
        server.fallback(AsyncBatchAndConcurrencyTest::echo);
        AsyncComposo c = client(3);
        List<BatchItem<Integer>> items;
        try (BatchStream<Integer> batch = c.evaluateAll(IntStream.range(0, 30).boxed(), i -> {
            if (i % 10 == 0) {
                throw new IllegalArgumentException("row " + i + " has no messages");
            }
            return EvaluationRequest.of(CONVERSATION, i % 10 == 5 ? "Reward bad " + i : "Reward " + i);
        }, BatchOptions.defaults())) {
            items = batch.stream().toList();
        }
        assertThat(items).hasSize(30);
        assertThat(items).filteredOn(it -> it.index() % 10 == 0).allSatisfy(it -> {
            assertThat(it.error()).hasValueSatisfying(e -> assertThat(e).hasMessageContaining("row " + it.index())
                    .hasCauseInstanceOf(IllegalArgumentException.class));
            assertThat(it.attempts()).isZero();
        });
        assertThat(items).filteredOn(it -> it.index() % 10 == 5).allSatisfy(it ->
                assertThat(it.error()).containsInstanceOf(MalformedException.class));
        assertThat(items).filteredOn(BatchItem::isSuccess).hasSize(24);
        assertThat(server.requestCount()).isEqualTo(27);
    }

    @Test
    void closingABatchCancelsOutstandingWorkAndClosesTheSource() throws Exception {
        server.fallback(r -> Reply.json(200, "{}").delay(3000));
        AsyncComposo c = client(4);
        AtomicBoolean sourceClosed = new AtomicBoolean();
        BatchStream<Integer> batch = c.evaluateAll(IntStream.range(0, 1_000_000).boxed().onClose(() -> sourceClosed.set(true)),
                AsyncBatchAndConcurrencyTest::request, BatchOptions.builder().window(8).build());
        CompletableFuture<Boolean> has = CompletableFuture.supplyAsync(batch::hasNext);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (c.stats().inFlight() < 4 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(c.stats().inFlight()).isEqualTo(4);
        batch.close();
        batch.close();
        assertThat(has.get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(c.stats().inFlight()).isZero();
        assertThat(sourceClosed).isTrue();
        assertThat(server.requestCount()).isLessThanOrEqualTo(4);
        AtomicInteger after = new AtomicInteger();
        server.fallback(r -> {
            after.incrementAndGet();
            return Reply.json(200, "{\"score\":1,\"explanation\":\"ok\"}");
        });
        assertThat(c.evaluate(CONVERSATION, "Reward z").get(5, TimeUnit.SECONDS).score()).isEqualTo(1.0);
        assertThat(Duration.ofNanos(deadline - System.nanoTime())).isPositive();
    }
}

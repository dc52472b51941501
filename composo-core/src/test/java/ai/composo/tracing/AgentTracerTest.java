package ai.composo.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.composo.internal.json.Json;
import ai.composo.model.AgentCall;
import ai.composo.model.AgentInstance;
import ai.composo.model.LLMInput;
import ai.composo.model.LLMInteraction;
import ai.composo.model.LLMOutput;
import ai.composo.model.LLMToolCall;
import ai.composo.model.LLMToolResponse;
import ai.composo.model.MultiAgentTrace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentTracerTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(8);

    @AfterEach
    void shutdown() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(AgentTracer.current()).isEmpty();
    }

    private static LLMInteraction llm(String in, String out) {
        return LLMInteraction.builder().input(LLMInput.text("user", in)).output(LLMOutput.text(out)).build();
    }

    @Test
    void nestingFollowsTheThreadAndChildrenAreRecordedWhereTheyStart() {
        MultiAgentTrace trace;
        try (AgentTracer supervisor = AgentTracer.start("supervisor", "s1")) {
            assertThat(AgentTracer.current()).containsSame(supervisor);
            supervisor.recordInteraction(llm("plan", "delegate"));
            try (AgentTracer researcher = AgentTracer.start("researcher", "r1")) {
                assertThat(researcher.parent()).containsSame(supervisor);
                assertThat(AgentTracer.current()).containsSame(researcher);
                researcher.recordInteraction(llm("search", "found"));
                try (AgentTracer inner = AgentTracer.start("checker", "c1")) {
                    inner.recordInteraction(llm("check", "ok"));
                }
            }
            assertThat(AgentTracer.current()).containsSame(supervisor);
            try (AgentTracer writer = AgentTracer.start("writer", "w1")) {
                writer.recordInteraction(llm("write", "done"));
            }
            supervisor.recordInteraction(llm("summarise", "final"));
            trace = supervisor.trace();
        }
        assertThat(AgentTracer.current()).isEmpty();

        MultiAgentTrace expected = MultiAgentTrace.builder("s1")
                .agent(AgentInstance.builder("s1", "supervisor").interaction(llm("plan", "delegate")).call("r1")
                        .call("w1").interaction(llm("summarise", "final")).build())
                .agent(AgentInstance.builder("r1", "researcher").interaction(llm("search", "found")).call("c1").build())
                .agent(AgentInstance.builder("c1", "checker").interaction(llm("check", "ok")).build())
                .agent(AgentInstance.builder("w1", "writer").interaction(llm("write", "done")).build())
                .build();
        assertThat(Json.parse(trace.toJson())).isEqualTo(Json.parse(expected.toJson()));
        assertThat(List.copyOf(trace.agentInstanceById().keySet())).containsExactly("s1", "r1", "c1", "w1");
    }

    @Test
    void traceOfAChildHoldsOnlyItsSubtree() {
        try (AgentTracer root = AgentTracer.start("root", "a"); AgentTracer child = AgentTracer.start("child", "b")) {
            child.recordInteraction(llm("x", "y"));
            MultiAgentTrace sub = child.trace();
            assertThat(sub.rootAgentInstanceId()).isEqualTo("b");
            assertThat(sub.agentInstanceById()).containsOnlyKeys("b");
            assertThat(root.trace().root().childIds()).containsExactly("b");
        }
    }

    @Test
    void defaultsFollowThePythonSdkAndBadIdsAreRejected() {
        try (AgentTracer t = AgentTracer.start()) {
            assertThat(t.name()).matches("agent_[0-9a-f]{8}");
            assertThat(java.util.UUID.fromString(t.id()).toString()).isEqualTo(t.id());
            assertThatThrownBy(() -> AgentTracer.start("dup", t.id()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already used in this trace");
            assertThatThrownBy(() -> AgentTracer.start(" "))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("AgentTracer name must not be blank");
            assertThat(t.trace().root().interactions()).isEmpty(); // failed starts left nothing behind
            assertThat(AgentTracer.current()).containsSame(t);
        }
    }

    @Test
    void closedTracerRejectsRecordingAndChildren() {
        AgentTracer t = AgentTracer.start("a");
        t.close();
        t.close(); // idempotent
        assertThat(t.isClosed()).isTrue();
        assertThatThrownBy(() -> t.recordInteraction(llm("a", "b")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("is closed");
        assertThatThrownBy(() -> AgentTracer.startChild(t, "late")).isInstanceOf(IllegalStateException.class);
        assertThat(t.trace().root().interactions()).isEmpty();
    }

    @Test
    void outOfOrderCloseAndStartRootKeepTheStackConsistent() {
        AgentTracer outer = AgentTracer.start("outer");
        AgentTracer inner = AgentTracer.start("inner");
        outer.close();
        assertThat(AgentTracer.current()).containsSame(inner);
        try (AgentTracer other = AgentTracer.startRoot("other")) {
            assertThat(other.parent()).isEmpty();
            assertThat(inner.trace().root().childIds()).isEmpty();
        }
        inner.close();
        assertThat(AgentTracer.current()).isEmpty();
    }

    @Test
    void eightThreadsRecordingIntoSiblingAgentsAndIntoOneAgentLoseNothing() throws Exception {
        int threads = 8;
        int perThread = 300;
        try (AgentTracer root = AgentTracer.start("root", "root")) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int n = t;
                futures.add(pool.submit(() -> {
                    go.await();
                    try (AgentTracer sibling = AgentTracer.startChild(root, "worker", "w" + n)) {
                        for (int i = 0; i < perThread; i++) {
                            sibling.recordInteraction(llm("w" + n + "-" + i, "ok"));
                            root.recordInteraction(llm("r" + n + "-" + i, "ok")); // shared agent
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
            MultiAgentTrace trace = root.trace();
            assertThat(trace.agentInstanceById()).hasSize(threads + 1);
            AgentInstance shared = trace.root();
            assertThat(shared.childIds()).hasSize(threads).doesNotHaveDuplicates();
            assertThat(shared.llmInteractions()).hasSize(threads * perThread);
            for (int t = 0; t < threads; t++) {
                String prefix = "r" + t + "-";
                List<String> mine = shared.llmInteractions().stream().map(AgentTracerTest::firstInput)
                        .filter(s -> s.startsWith(prefix)).toList();
                assertThat(mine).hasSize(perThread);
                for (int i = 0; i < perThread; i++) {
                    assertThat(mine.get(i)).isEqualTo(prefix + i); // each thread's order is kept
                }
                List<String> own = trace.agentInstanceById().get("w" + t).llmInteractions().stream()
                        .map(AgentTracerTest::firstInput).toList();
                assertThat(own).hasSize(perThread).first().isEqualTo("w" + t + "-0");
                assertThat(own).last().isEqualTo("w" + t + "-" + (perThread - 1));
            }
        }
    }

    private static String firstInput(LLMInteraction i) {
        return ((ai.composo.model.TextContent) i.inputMessages().get(0).content()).text();
    }

    @Test
    void wrappedExecutorAndStagesPropagateTheTracerAcrossThreads() throws Exception {
        try (AgentTracer supervisor = AgentTracer.start("supervisor", "s")) {
            // 1. an executor whose tasks nest under the supervisor
            CompletableFuture<String> viaExecutor = CompletableFuture.supplyAsync(() -> {
                try (AgentTracer worker = AgentTracer.start("worker", "w")) {
                    worker.recordInteraction(llm("task", "done"));
                    return Thread.currentThread().getName();
                }
            }, supervisor.wrap(pool));
            assertThat(viaExecutor.get(10, TimeUnit.SECONDS)).isNotEqualTo(Thread.currentThread().getName());

            // 2. one agent spanning several async stages on pool threads
            AgentTracer researcher = AgentTracer.createChild(supervisor, "researcher", "r");
            assertThat(AgentTracer.current()).containsSame(supervisor); // createChild activates nothing
            CompletableFuture<Void> chain = CompletableFuture
                    .supplyAsync(researcher.wrapSupplier(() -> {
                        AgentTracer.current().orElseThrow().recordInteraction(llm("step1", "a"));
                        return "a";
                    }), pool)
                    .thenApplyAsync(researcher.wrapFunction((String prev) -> {
                        try (AgentTracer helper = AgentTracer.start("helper", "h")) {
                            helper.recordInteraction(llm("help " + prev, "b"));
                        }
                        return prev + "b";
                    }), pool)
                    .thenAcceptAsync(researcher.wrapConsumer((String prev) ->
                            AgentTracer.current().orElseThrow().recordInteraction(llm("step2 " + prev, "c"))), pool)
                    .whenComplete((v, e) -> researcher.close());
            chain.get(10, TimeUnit.SECONDS);
            supervisor.recordInteraction(llm("wrap up", "final"));

            MultiAgentTrace trace = supervisor.trace();
            assertThat(trace.root().interactions()).containsExactly(new AgentCall("w"), new AgentCall("r"),
                    llm("wrap up", "final"));
            assertThat(trace.agentInstanceById().get("r").interactions()).containsExactly(llm("step1", "a"),
                    new AgentCall("h"), llm("step2 ab", "c"));
            assertThat(trace.agentInstanceById().get("h").interactions()).containsExactly(llm("help a", "b"));
            assertThat(researcher.isClosed()).isTrue();
        }
        // pool threads were left clean
        assertThat(pool.submit(() -> AgentTracer.current().isPresent()).get(10, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void closingOnAnotherThreadIsForgottenByTheStartingThread() throws Exception {
        AgentTracer t = AgentTracer.start("a");
        pool.submit(t::close).get(10, TimeUnit.SECONDS);
        assertThat(AgentTracer.current()).isEmpty();
    }

    @Test
    void scopeMustBeClosedOnItsOwnThread() throws Exception {
        try (AgentTracer t = AgentTracer.startRoot("a")) {
            AgentTracer.Scope scope = pool.submit(t::activate).get(10, TimeUnit.SECONDS);
            assertThatThrownBy(scope::close).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("must be closed on the thread that opened it");
        }
    }

    @Test
    void tracesRoundTripThroughFiles(@TempDir Path dir) {
        try (AgentTracer t = AgentTracer.start("solo", "x")) {
            t.recordInteraction(LLMInteraction.builder()
                    .input(LLMInput.text("user", "weather?"))
                    .output(LLMOutput.toolCall(new LLMToolCall("c1", "weather", "{\"city\":\"Leeds\"}")))
                    .build());
            t.recordInteraction(LLMInteraction.builder()
                    .input(LLMInput.toolResponse(new LLMToolResponse("c1", "rain", "weather")))
                    .output(LLMOutput.text("It rains."))
                    .build());
            Path file = dir.resolve("sub/trace.json");
            t.trace().toFile(file);
            assertThat(MultiAgentTrace.fromFile(file)).isEqualTo(t.trace());
            assertThatThrownBy(() -> MultiAgentTrace.fromFile(dir.resolve("missing.json")))
                    .isInstanceOf(java.io.UncheckedIOException.class).hasMessageContaining("missing.json");
        }
    }
}

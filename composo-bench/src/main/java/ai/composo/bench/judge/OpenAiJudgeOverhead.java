package ai.composo.bench.judge;

import ai.composo.internal.json.Json;
import ai.composo.judge.Judge;
import ai.composo.judge.JudgeConfig;
import ai.composo.judge.JudgeFactory;
import ai.composo.judge.JudgeRequest;
import ai.composo.judge.Verdict;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * What the OpenAI-compatible judge adds on top of the HTTP exchange with its model server: prompt
 * building, JSON, the retry/deadline layer, answer parsing and logprob scoring. Runs an in-process fake
 * {@code /v1/chat/completions} on 127.0.0.1 that answers instantly with a canned completion (with
 * logprobs), then compares N judge evaluations against N raw JDK HttpClient POSTs of the same prompt size
 * to the same server, both at the same concurrency. Process CPU time per call is the figure that
 * matters (wall time on a shared machine is noisy); the difference is the judge's own cost.
 *
 * <pre>mvn -B -o -q -pl composo-bench -am package -DskipTests dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp "$(cat composo-bench/target/cp.txt):composo-bench/target/classes" ai.composo.bench.judge.OpenAiJudgeOverhead [calls] [concurrency]</pre>
 */
public final class OpenAiJudgeOverhead {

    public static void main(String[] args) throws Exception {
        // without it the JDK server's Nagle + the client's delayed ACK add ~40 ms to every exchange
        System.setProperty("sun.net.httpserver.nodelay", "true");
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        String answer = completion();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(pool);
        byte[] out = answer.getBytes(StandardCharsets.UTF_8);
        server.createContext("/v1/chat/completions", ex -> {
            try (ex) {
                ex.getRequestBody().readAllBytes();
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.sendResponseHeaders(200, out.length);
                ex.getResponseBody().write(out);
            }
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
        JudgeFactory factory = ServiceLoader.load(JudgeFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.type().equals("openai")).findFirst().orElseThrow();
        JudgeRequest request = request();
        try (Judge judge = factory.create(JudgeConfig.of("bench", "openai",
                Map.of("base-url", base, "model", "bench-model", "max-concurrent", String.valueOf(concurrency))))) {
            HttpClient raw = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String rawBody = Json.write(Json.object().put("model", "bench-model").put("prompt", promptOfSameSize(request)));
            Supplier<CompletableFuture<?>> rawCall = () -> raw.sendAsync(HttpRequest.newBuilder(URI.create(base + "/chat/completions"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(rawBody)).build(),
                    HttpResponse.BodyHandlers.ofString()).thenApply(r -> Json.parse(r.body()));
            Supplier<CompletableFuture<?>> judgeCall = () -> judge.evaluate(request).thenApply(v -> check(v));

            pureWork(request, answer, calls);
            run("warm-up raw", rawCall, calls / 2, concurrency);
            run("warm-up judge", judgeCall, calls / 2, concurrency);
            double[] r1 = run("raw HTTP POST", rawCall, calls, concurrency);
            double[] j1 = run("judge.evaluate", judgeCall, calls, concurrency);
            double[] r2 = run("raw HTTP POST", rawCall, calls, concurrency);
            double[] j2 = run("judge.evaluate", judgeCall, calls, concurrency);
            double rawCpu = Math.min(r1[1], r2[1]);
            double judgeCpu = Math.min(j1[1], j2[1]);
            System.out.printf("judge overhead: %.0f us CPU per evaluation (judge %.0f us - raw %.0f us, best of two rounds)%n",
                    judgeCpu - rawCpu, judgeCpu, rawCpu);
        } finally {
            server.stop(0);
            pool.shutdownNow();
        }
    }

    /**
     * The judge's own work per evaluation without any HTTP: prompt, request JSON, reading the reply, parsing
     * the answer and scoring the logprobs; thread CPU time on one thread.
     */
    private static void pureWork(JudgeRequest request, String reply, int n) {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        ai.composo.judge.openai.internal.OpenAiSettings settings = ai.composo.judge.openai.internal.OpenAiSettings.from(
                JudgeConfig.of("bench", "openai", Map.of("base-url", "http://127.0.0.1:1/v1", "model", "m")));
        double best = Double.MAX_VALUE;
        long sink = 0;
        for (int round = 0; round < 5; round++) {
            long cpu0 = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                var prompt = ai.composo.judge.openai.internal.Prompts.build(request);
                String body = Json.write(ai.composo.judge.openai.internal.ChatCompletions.body(settings, prompt, List.of(),
                        ai.composo.judge.openai.internal.ChatCompletions.Format.JSON_SCHEMA, true, false, 0));
                JsonNode choice = Json.parse(reply).path("choices").path(0);
                var answer = ai.composo.judge.openai.internal.AnswerParser.parse(choice.path("message").path("content").asText(), prompt.kind());
                var dist = ai.composo.judge.openai.internal.LogprobScorer.score(choice.path("logprobs").path("content")).orElseThrow();
                sink += body.length() + answer.explanation().length() + (long) dist.mean();
            }
            best = Math.min(best, (threads.getCurrentThreadCpuTime() - cpu0) / 1e3 / n);
        }
        var prompt = ai.composo.judge.openai.internal.Prompts.build(request);
        System.out.printf("judge work only   %6d evaluations x 5 rounds, one thread: %6.0f us CPU per evaluation (best round;"
                + " prompt %d chars; %d)%n", n, best, prompt.system().length() + prompt.user().length(), sink % 10);
    }

    private static Verdict check(Verdict v) {
        if (v.score() == null || !"logprobs".equals(v.metadata().get("score_method"))) {
            throw new IllegalStateException("unexpected verdict " + v);
        }
        return v;
    }

    /** Returns {calls per second, process CPU microseconds per call}. */
    private static double[] run(String label, Supplier<CompletableFuture<?>> call, int n, int concurrency) throws Exception {
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Semaphore window = new Semaphore(concurrency);
        List<CompletableFuture<?>> all = new ArrayList<>(n);
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            window.acquire();
            CompletableFuture<?> f = call.get();
            f.whenComplete((v, e) -> window.release());
            all.add(f);
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        double secs = (System.nanoTime() - t0) / 1e9;
        double cpuUs = (os.getProcessCpuTime() - cpu0) / 1e3 / n;
        System.out.printf("%-16s %6d calls, concurrency %d: %8.0f calls/s, %6.0f us CPU per call%n", label, n, concurrency, n / secs, cpuUs);
        return new double[] {n / secs, cpuUs};
    }

    private static JudgeRequest request() {
        List<JsonNode> messages = new ArrayList<>();
        messages.add(Json.parse("{\"role\":\"user\",\"content\":\"I bought a kettle 20 days ago and it leaks. Can I get a refund?\"}"));
        messages.add(Json.parse("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"lookup_order\",\"arguments\":\"{\\\"customer\\\":\\\"me\\\",\\\"item\\\":\\\"kettle\\\"}\"}}]}"));
        messages.add(Json.parse("{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"order 7781, kettle, delivered 20 days ago, 39.99 EUR\"}"));
        messages.add(Json.parse("{\"role\":\"assistant\",\"content\":\"" + "Yes: order 7781 is within the 30-day window of policy 4.2, "
                .repeat(6) + "so I have started a full refund of 39.99 EUR.\"}"));
        String tool = "{\"type\":\"function\",\"function\":{\"name\":\"lookup_order\",\"description\":\"Find an order\","
                + "\"parameters\":{\"type\":\"object\",\"properties\":{\"customer\":{\"type\":\"string\"},\"item\":{\"type\":\"string\"}},"
                + "\"required\":[\"customer\"]}}}";
        return JudgeRequest.builder().criterion("Reward responses that cite the refund policy and the order facts")
                .messages(messages).system("You are Acme's support assistant. Follow the refund policy.")
                .rawTools(List.of(Json.parse(tool))).build();
    }

    private static String promptOfSameSize(JudgeRequest request) {
        return "x".repeat(ai.composo.judge.openai.internal.Prompts.build(request).user().length() + 1500);
    }

    /** A completion with logprobs for {"explanation": ..., "score": 8}, one token per word. */
    private static String completion() {
        String content = "{\"explanation\": \"The response cites policy 4.2, the 30-day window and the order number and amount; "
                + "it repeats itself, which costs clarity but not accuracy.\", \"score\": 8}";
        ObjectNode root = Json.object();
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", content);
        ArrayNode lp = choice.putObject("logprobs").putArray("content");
        int at = content.indexOf(": 8}") + 2;
        for (String tok : content.substring(0, at).split("(?<= )")) {
            ObjectNode t = lp.addObject().put("token", tok).put("logprob", -0.01);
            t.putArray("top_logprobs").addObject().put("token", tok).put("logprob", -0.01);
        }
        ObjectNode score = lp.addObject().put("token", "8").put("logprob", Math.log(0.6));
        ArrayNode top = score.putArray("top_logprobs");
        top.addObject().put("token", "8").put("logprob", Math.log(0.6));
        top.addObject().put("token", "9").put("logprob", Math.log(0.3));
        top.addObject().put("token", "7").put("logprob", Math.log(0.1));
        lp.addObject().put("token", "}").put("logprob", 0.0).putArray("top_logprobs");
        root.putObject("usage").put("prompt_tokens", 900).put("completion_tokens", 45);
        return Json.write(root);
    }
}

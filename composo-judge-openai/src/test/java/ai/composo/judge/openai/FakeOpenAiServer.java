package ai.composo.judge.openai;

import ai.composo.internal.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An OpenAI-compatible {@code /v1/chat/completions} endpoint on 127.0.0.1 and a free port. Each request is
 * recorded and answered by the scripted {@link Reply} for its position (the last one repeats).
 */
final class FakeOpenAiServer implements AutoCloseable {

    record Recorded(String path, Map<String, List<String>> headers, JsonNode body) {
        String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }

        String userPrompt() {
            return body.path("messages").path(1).path("content").asText();
        }

        String systemPrompt() {
            return body.path("messages").path(0).path("content").asText();
        }
    }

    record Reply(int status, Map<String, String> headers, String body, long delayMillis) {
        static Reply json(String body) {
            return new Reply(200, Map.of(), body, 0);
        }

        static Reply status(int status, String body, Map<String, String> headers) {
            return new Reply(status, headers, body, 0);
        }

        Reply delayed(long millis) {
            return new Reply(status, headers, body, millis);
        }
    }

    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final List<Recorded> requests = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger count = new AtomicInteger();
    private volatile List<Function<JsonNode, Reply>> script = List.of();

    FakeOpenAiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(pool);
        server.createContext("/v1/chat/completions", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    @SafeVarargs
    final FakeOpenAiServer answer(Function<JsonNode, Reply>... replies) {
        script = List.of(replies);
        return this;
    }

    FakeOpenAiServer answer(Reply... replies) {
        List<Function<JsonNode, Reply>> s = new ArrayList<>();
        for (Reply r : replies) {
            s.add(body -> r);
        }
        script = s;
        return this;
    }

    List<Recorded> requests() {
        return List.copyOf(requests);
    }

    Recorded last() {
        return requests.get(requests.size() - 1);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            JsonNode body = Json.parse(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            requests.add(new Recorded(ex.getRequestURI().getPath(), Map.copyOf(ex.getRequestHeaders()), body));
            int n = count.getAndIncrement();
            List<Function<JsonNode, Reply>> s = script;
            Reply r = s.get(Math.min(n, s.size() - 1)).apply(body);
            if (r.delayMillis() > 0) {
                try {
                    Thread.sleep(r.delayMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            byte[] out = r.body().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            r.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
            ex.sendResponseHeaders(r.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(out);
                }
            }
        } catch (IOException e) {
            // the client gave up (timeout test): nothing to answer
        }
    }

    /** A chat completion whose message content is {@code content}, optionally with {@code logprobs.content}. */
    static String completion(String content, JsonNode logprobs) {
        ObjectNode root = Json.object();
        root.put("id", "chatcmpl-1").put("object", "chat.completion").put("model", "fake");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", content);
        if (logprobs != null) {
            choice.putObject("logprobs").set("content", logprobs);
        } else {
            choice.putNull("logprobs");
        }
        root.putObject("usage").put("prompt_tokens", 120).put("completion_tokens", 20).put("total_tokens", 140);
        return Json.write(root);
    }

    /**
     * Logprobs for {@code text} split so that the value at {@code valueAt} is its own token, whose
     * alternatives are {@code alternatives} (token → probability); every other token is certain.
     */
    static JsonNode logprobs(String text, int valueAt, int valueLength, Map<String, Double> alternatives) {
        ArrayNode content = Json.mapper().createArrayNode();
        certain(content, text.substring(0, valueAt));
        String sampled = text.substring(valueAt, valueAt + valueLength);
        ObjectNode t = content.addObject();
        t.put("token", sampled).put("logprob", Math.log(alternatives.getOrDefault(sampled, 1.0)));
        ArrayNode top = t.putArray("top_logprobs");
        alternatives.forEach((k, v) -> top.addObject().put("token", k).put("logprob", Math.log(v)));
        certain(content, text.substring(valueAt + valueLength));
        return content;
    }

    private static void certain(ArrayNode content, String text) {
        for (int i = 0; i < text.length(); i += 4) {
            String tok = text.substring(i, Math.min(text.length(), i + 4));
            ObjectNode t = content.addObject();
            t.put("token", tok).put("logprob", 0.0);
            t.putArray("top_logprobs").addObject().put("token", tok).put("logprob", 0.0);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}

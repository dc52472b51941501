package ai.composo.langchain4j;

import ai.composo.internal.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenAI-compatible chat-completions endpoint on 127.0.0.1 that scripts a tool-using agent: when the
 * last message is not a tool result it calls the first offered tool (argument: the last user text),
 * otherwise it answers with text built from the tool result. Every exchange is kept for assertions.
 */
final class FakeOpenAiServer implements AutoCloseable {
    record Exchange(String requestBody, String responseBody) {}

    private final HttpServer server;
    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
    private final AtomicInteger callIds = new AtomicInteger();

    FakeOpenAiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            try (exchange) {
                String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                JsonNode requestJson = Json.parse(request);
                ObjectNode answer = answer(requestJson);
                String response = Json.write(answer);
                exchanges.add(new Exchange(request, response));
                boolean stream = requestJson.path("stream").asBoolean(false);
                byte[] bytes = (stream ? sse(answer) : response).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", stream ? "text/event-stream" : "application/json");
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
            }
        });
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    List<Exchange> exchanges() {
        return List.copyOf(exchanges);
    }

    private ObjectNode answer(JsonNode request) {
        JsonNode messages = request.get("messages");
        JsonNode last = messages.get(messages.size() - 1);
        ObjectNode message = Json.object().put("role", "assistant");
        String finish;
        if (!request.has("tools")) {
            message.put("content", "Echo: " + last.path("content").asText());
            finish = "stop";
        } else if ("tool".equals(last.path("role").asText())) {
            String firstTool = request.path("tools").path(0).path("function").path("name").asText();
            message.put("content", ("research".equals(firstTool) ? "Final answer: " : "Findings: ") + last.path("content").asText());
            finish = "stop";
        } else {
            JsonNode fn = request.path("tools").path(0).path("function");
            String param = fn.path("parameters").path("required").path(0).asText();
            String userText = "";
            for (JsonNode m : messages) {
                if ("user".equals(m.path("role").asText())) {
                    userText = m.path("content").asText();
                }
            }
            message.putNull("content");
            ArrayNode calls = message.putArray("tool_calls");
            calls.addObject().put("id", "call_" + callIds.incrementAndGet()).put("type", "function")
                    .putObject("function").put("name", fn.path("name").asText())
                    .put("arguments", Json.write(Json.object().put(param, userText)));
            finish = "tool_calls";
        }
        ObjectNode body = Json.object().put("id", "chatcmpl-" + exchanges.size()).put("object", "chat.completion")
                .put("created", 1_700_000_000L).put("model", request.path("model").asText());
        body.putArray("choices").addObject().put("index", 0).put("finish_reason", finish).set("message", message);
        body.putObject("usage").put("prompt_tokens", 10).put("completion_tokens", 5).put("total_tokens", 15);
        return body;
    }

    /** The text answer as server-sent chat.completion.chunk events (text answers only). */
    private static String sse(ObjectNode answer) {
        String text = answer.at("/choices/0/message/content").asText();
        StringBuilder out = new StringBuilder();
        int half = text.length() / 2;
        for (String piece : new String[] {text.substring(0, half), text.substring(half)}) {
            ObjectNode chunk = Json.object().put("id", answer.path("id").asText()).put("object", "chat.completion.chunk")
                    .put("created", 1_700_000_000L).put("model", answer.path("model").asText());
            chunk.putArray("choices").addObject().put("index", 0).putObject("delta").put("role", "assistant").put("content", piece);
            out.append("data: ").append(Json.write(chunk)).append("\n\n");
        }
        ObjectNode last = Json.object().put("id", answer.path("id").asText()).put("object", "chat.completion.chunk")
                .put("created", 1_700_000_000L).put("model", answer.path("model").asText());
        last.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop").putObject("delta");
        out.append("data: ").append(Json.write(last)).append("\n\ndata: [DONE]\n\n");
        return out.toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

package ai.composo.server;

import ai.composo.internal.json.Json;
import ai.composo.judge.JudgeConfig;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Starts servers on 127.0.0.1 and a free port with the deterministic test judge, and speaks HTTP to them. */
final class TestSupport {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestSupport() {}

    static ServerConfig.Builder config(Path dir) {
        return ServerConfig.builder().port(0).sqliteFile(dir.resolve("composo.db")).devMode(true)
                .judge(JudgeConfig.of("lexical", "test", Map.of()))
                .shutdownTimeout(Duration.ofSeconds(5));
    }

    record Response(int status, HttpResponse<String> raw) {
        JsonNode json() {
            return Json.parse(raw.body());
        }

        String body() {
            return raw.body();
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        /** The detail list of a 422, as JSON. */
        JsonNode detail() {
            return json().get("detail");
        }
    }

    static Response post(ComposoServer s, String path, String body, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("API-Key", key);
        }
        return send(b.build());
    }

    static Response post(ComposoServer s, String path, JsonNode body) {
        return post(s, path, Json.write(body), s.devApiKey().orElseThrow());
    }

    static Response get(ComposoServer s, String path, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.baseUrl() + path)).timeout(Duration.ofSeconds(30)).GET();
        if (key != null) {
            b.header("API-Key", key);
        }
        return send(b.build());
    }

    static Response send(HttpRequest r) {
        try {
            HttpResponse<String> resp = HTTP.send(r, HttpResponse.BodyHandlers.ofString());
            return new Response(resp.statusCode(), resp);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(String text) {
        return Json.parse(text.replace('\'', '"'));
    }

    static final String MESSAGES = "[{'role':'user','content':'What is the capital of Australia?'},"
            + "{'role':'assistant','content':'The capital of Australia is Canberra.'}]";

    static JsonNode reward(String criteria) {
        return json("{'messages':" + MESSAGES + ",'evaluation_criteria':'" + criteria + "'}");
    }

    static final String TRACE = "{'root_agent_instance_id':'a1','agent_instance_by_id':{"
            + "'a1':{'id':'a1','name':'supervisor','interactions':["
            + "{'input_messages':[{'role':'user','type':'text','content':'Find a vegan restaurant in Leeds'}],"
            + "'output_messages':[{'type':'tool_call','content':{'id':'call_1','name':'find_places','parameters':'{}'}}],"
            + "'tools_available':[{'name':'find_places','description':'Look up places','parameters':'{}'}]},'a2','a3','a4']},"
            + "'a2':{'id':'a2','name':'summariser','interactions':["
            + "{'input_messages':[{'role':'user','type':'text','content':'Summarise the vegan restaurants found in Leeds'}],"
            + "'output_messages':[{'type':'text','content':'Two vegan restaurants in Leeds are open tonight'}]}]},"
            + "'a3':{'id':'a3','name':'summariser','interactions':["
            + "{'input_messages':[{'role':'user','type':'text','content':'Summarise the weather'}],"
            + "'output_messages':[{'type':'text','content':'Sunny'}]}]},"
            + "'a4':{'id':'a4','name':'router','interactions':['a2']}}}";
}

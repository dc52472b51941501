package ai.composo.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile client's battery: well over 150 bad requests, over raw sockets and through the JDK HTTP client. Every one
 * must get a 4xx in the documented JSON error shape: never a 5xx, never HTML, never a library's name. The server must
 * still be healthy afterwards.
 */
class AbuseBatteryTest {
    @TempDir
    static Path dir;

    static ComposoServer server;
    static String key;

    @BeforeAll
    static void start() {
        server = ComposoServer.start(TestSupport.config(dir).maxBodyBytes(64 * 1024).build());
        key = server.devApiKey().orElseThrow();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static final String M = "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},{\"role\":\"assistant\",\"content\":\"Hello\"}]";
    static final String C = "\"evaluation_criteria\":\"Reward responses that greet the user\"";
    static final String GOOD = "{" + M + "," + C + "}";

    static RawHttp.Reply raw(String request) {
        return RawHttp.send(server.port(), request.replace("HOST", "Host: 127.0.0.1:" + server.port()).replace("KEY", key));
    }

    static RawHttp.Reply client(String method, String path, byte[] body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        var r = TestSupport.send(b.build()).raw();
        Map<String, String> h = new LinkedHashMap<>();
        r.headers().map().forEach((k, v) -> h.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
        return new RawHttp.Reply(r.statusCode(), h, r.body());
    }

    static RawHttp.Reply postJson(String path, String body) {
        return client("POST", path, body.getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json", "API-Key", key);
    }

    static Map<String, Supplier<RawHttp.Reply>> battery() {
        Map<String, Supplier<RawHttp.Reply>> b = new LinkedHashMap<>();
        // 1. refused by HTTP parsing (raw bytes)
        HttpLayerTest.refused().forEach(a -> {
            Object[] args = a.get();
            b.put("http: " + args[0], () -> raw((String) args[1]));
        });
        // 2. keys: none, empty, blank, wrong, huge, in the wrong header or the query, on every keyed route
        String[][] routes = {{"POST", "/api/v1/evals/reward"}, {"POST", "/api/v1/evals/trace"}, {"POST", "/api/v1/evals/reward/background"},
                {"GET", "/api/v1/tasks/x"}, {"GET", "/api/v1/usage"}, {"GET", "/metrics"}, {"GET", "/api/v1/traces"},
                {"POST", "/api/v1/evaluations/filter"}, {"POST", "/api/v1/annotations/comment"}};
        String[] keyHeaders = {"", "API-Key: \r\n", "API-Key:    \r\n", "API-Key: cp-000000000000-nope\r\n",
                "API-Key: " + "k".repeat(4000) + "\r\n", "Authorization: Bearer KEYX\r\n", "X-API-Key: KEYX\r\n"};
        for (String[] r : routes) {
            for (int i = 0; i < keyHeaders.length; i++) {
                String body = r[0].equals("POST") ? GOOD : "";
                String len = r[0].equals("POST") ? "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n" : "";
                String req = r[0] + " " + r[1] + " HTTP/1.1\r\nHOST\r\nConnection: close\r\n" + keyHeaders[i] + len + "\r\n" + body;
                b.put("key " + i + " " + r[0] + " " + r[1], () -> raw(req));
            }
            b.put("key in the query " + r[1], () -> raw(r[0] + " " + r[1] + "?API-Key=KEY HTTP/1.1\r\nHOST\r\nConnection: close\r\n"
                    + (r[0].equals("POST") ? "Content-Length: 0\r\n" : "") + "\r\n"));
        }
        // 3. unknown paths and methods
        for (String p : List.of("/", "/api", "/api/v1", "/api/v1/evals", "/api/v1/evals/rewards", "/api/v2/evals/reward", "/admin",
                "/.env", "/api/v1/tasks", "/api/v1/tasks/", "/metrics/x", "/api/healthcheck/x", "/%2e%2e/etc/passwd", "/api/v1/traces/a/b")) {
            b.put("unknown path " + p, () -> client("GET", p, null, "API-Key", key));
        }
        for (String m : List.of("PUT", "DELETE", "PATCH")) {
            for (String p : List.of("/api/v1/evals/reward", "/api/v1/tasks/x", "/api/v1/usage", "/api/healthcheck")) {
                b.put(m + " " + p, () -> client(m, p, "{}".getBytes(StandardCharsets.UTF_8), "API-Key", key));
            }
        }
        b.put("GET on a POST route", () -> client("GET", "/api/v1/evals/reward", null, "API-Key", key));
        b.put("POST on a GET route", () -> client("POST", "/api/v1/usage", "{}".getBytes(StandardCharsets.UTF_8), "API-Key", key));
        // 4. bodies that are not one JSON object
        for (int cut : new int[] {1, 5, 12, 20, 40, 60, 80, 100, GOOD.length() - 1}) {
            b.put("body cut at " + cut, () -> postJson("/api/v1/evals/reward", GOOD.substring(0, cut)));
        }
        for (String body : List.of("", " ", "\n", "{", "}", "[]", "[" + GOOD + "]", "1", "-0.5e3", "true", "null", "\"text\"", GOOD + GOOD,
                GOOD + " x", "// comment\n" + GOOD, "{" + M + "," + C + ",}", "{'messages': 1}", "{\"a\": NaN}", "{\"a\": -Infinity}",
                "{\"a\": 0x10}", "{\"a\": 01}", "{\"a\": .5}", "{\"a\": +1}", "{\"a\": \"\\x41\"}", "{\"a\": \"\\u12\"}",
                "{\"a\": \"line\nbreak\"}", "{\"a\": 1" + "0".repeat(5000) + "}", "[".repeat(5000), "{\"a\":".repeat(3000) + "1" + "}".repeat(3000),
                "\uFEFF" + GOOD.replace("Hi", "x").substring(0, 10), "{\"a\" 1}", "{a: 1}", "{\"a\": undefined}", "<xml/>", "a=1&b=2")) {
            b.put("body " + (body.length() > 40 ? body.substring(0, 40) + "...(" + body.length() + ")" : body),
                    () -> postJson("/api/v1/evals/reward", body));
        }
        // 5. each field with values of the wrong kind
        Map<String, List<String>> wrong = new LinkedHashMap<>();
        wrong.put("messages", List.of("1", "\"hi\"", "{}", "[]", "[1,2]", "[null,null]", "[{\"role\":\"user\"}]", "[{},{}]",
                "[{\"role\":\"robot\",\"content\":\"x\"},{\"role\":\"assistant\",\"content\":\"y\"}]",
                "[{\"role\":\"user\",\"content\":{\"a\":1}},{\"role\":\"assistant\",\"content\":\"y\"}]",
                "[{\"role\":\"user\",\"content\":\"x\"},{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c1\"}]}]",
                "[{\"role\":\"user\",\"content\":\"x\"},{\"role\":\"assistant\",\"tool_calls\":{\"id\":\"c1\"}}]"));
        wrong.put("evaluation_criteria", List.of("1", "true", "[]", "{}", "\"\"", "\"Grade the answer\"", "\"Reward " + "x".repeat(5000) + "\""));
        wrong.put("model_core", List.of("1", "\"\"", "\"gpt-4\"", "[\"align-20250529\"]", "\"ALIGN-20250529 \""));
        wrong.put("evaluate_latest", List.of("\"true\"", "1", "[]"));
        wrong.put("system", List.of("1", "[]", "{}"));
        wrong.put("tools", List.of("1", "\"t\"", "{}", "[1]", "[{}]", "[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":\"obj\"}}]",
                "[{\"type\":\"function\",\"function\":[]}]"));
        wrong.put("tags", List.of("1", "[]", "\"t\"", "{\"a\":1}", "{\"a\":{\"b\":\"c\"}}", "{\"a\":null}"));
        wrong.put("explanation_cleaning", List.of("\"dev\"", "1"));
        wrong.put("trace_id", List.of("1", "{}"));
        wrong.put("evaluator_name", List.of("\"unknown\"", "1"));
        wrong.forEach((field, values) -> {
            for (String v : values) {
                boolean criterionField = field.equals("evaluation_criteria") || field.equals("evaluator_name");
                String full = field.equals("messages") ? "{\"messages\":" + v + "," + C + "}"
                        : "{" + M + "," + (criterionField ? "" : C + ",") + "\"" + field + "\":" + v + "}";
                b.put("field " + field + "=" + (v.length() > 30 ? v.substring(0, 30) + "..." : v), () -> postJson("/api/v1/evals/reward", full));
            }
        });
        // 6. trace bodies
        for (String t : List.of("null", "1", "[]", "{}", "{\"root_agent_instance_id\":\"a\"}", "{\"root_agent_instance_id\":\"a\",\"agent_instance_by_id\":{}}",
                "{\"root_agent_instance_id\":\"a\",\"agent_instance_by_id\":{\"a\":{\"id\":\"a\",\"name\":\"n\",\"interactions\":[]}}}",
                "{\"root_agent_instance_id\":\"a\",\"agent_instance_by_id\":{\"a\":{\"id\":\"a\",\"name\":\"n\",\"interactions\":[7]}}}")) {
            b.put("trace " + t, () -> postJson("/api/v1/evals/trace", "{\"trace\":" + t + ",\"evaluation_criteria\":\"Reward agents that help\"}"));
        }
        // 7. bytes that are not UTF-8, and a body over the limit
        for (byte[] bad : new byte[][] {{(byte) 0xff, (byte) 0xfe}, {(byte) 0xc0, (byte) 0xaf}, {(byte) 0x80}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0xe2, (byte) 0x82}}) {
            byte[] good = GOOD.getBytes(StandardCharsets.UTF_8);
            int at = GOOD.indexOf("Hi") + 1;
            byte[] out = new byte[good.length + bad.length];
            System.arraycopy(good, 0, out, 0, at);
            System.arraycopy(bad, 0, out, at, bad.length);
            System.arraycopy(good, at, out, at + bad.length, good.length - at);
            b.put(String.format("utf-8 %02x", bad[0] & 0xff), () -> client("POST", "/api/v1/evals/reward", out, "Content-Type",
                    "application/json", "API-Key", key));
        }
        b.put("body over the limit", () -> postJson("/api/v1/evals/reward", "{\"messages\":\"" + "x".repeat(70_000) + "\"}"));
        // 8. the data endpoints' parameters
        for (String q : List.of("page_size=0", "page_size=501", "page_size=-1", "page_size=abc", "page_size=1.5", "page_token=%25%25",
                "page_token=abc", "start_date=yesterday", "end_date=2026-13-45", "start_date=2026-02-01T00:00:00Z&end_date=2026-01-01T00:00:00Z")) {
            b.put("traces ?" + q, () -> client("GET", "/api/v1/traces?" + q, null, "API-Key", key));
        }
        for (String id : List.of("nope", "00000000-0000-0000-0000-000000000000", "%20")) {
            b.put("trace id " + id, () -> client("GET", "/api/v1/traces/" + id, null, "API-Key", key));
        }
        for (String body : List.of("{}", "{\"trace_id\":1,\"comment\":\"c\"}", "{\"trace_id\":\"00000000-0000-0000-0000-000000000000\",\"comment\":\"c\"}",
                "{\"trace_id\":\"x\"}", "{\"trace_id\":\"x\",\"comment\":\"\"}", "{\"trace_id\":\"x\",\"comment\":\"" + "c".repeat(20_000) + "\"}", "[]")) {
            b.put("comment " + (body.length() > 40 ? body.substring(0, 40) : body), () -> postJson("/api/v1/annotations/comment", body));
        }
        for (String body : List.of("{}", "{\"trace_id\":\"x\",\"rating\":\"good\"}", "{\"trace_id\":\"x\",\"rating\":1}",
                "{\"trace_id\":\"00000000-0000-0000-0000-000000000000\",\"rating\":true}")) {
            b.put("rating " + body, () -> postJson("/api/v1/annotations/rating", body));
        }
        for (String body : List.of("[]", "{\"page\":0}", "{\"page\":\"1\"}", "{\"page_size\":0}", "{\"page_size\":1001}", "{\"endpoint_type\":\"x\"}",
                "{\"filters\":{}}", "{\"filters\":[{\"key\":1,\"values\":[\"a\"]}]}", "{\"filters\":[{\"key\":\"a\",\"values\":\"a\"}]}",
                "{\"criteria_filter\":[]}", "{\"criteria_filter\":{\"values\":[1]}}", "{\"min_score\":\"high\"}", "{\"min_score\":2}",
                "{\"min_score\":0.8,\"max_score\":0.2}", "{\"start_date\":\"soon\"}")) {
            b.put("filter " + body, () -> postJson("/api/v1/evaluations/filter", body));
        }
        return b;
    }

    @Test
    void everyBadRequestGetsA4xxJsonError() {
        Map<String, Supplier<RawHttp.Reply>> battery = battery();
        assertThat(battery).hasSizeGreaterThanOrEqualTo(150);
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, Supplier<RawHttp.Reply>> e : battery.entrySet()) {
            RawHttp.Reply r = e.getValue().get();
            try {
                RawHttp.assertClientError(r, e.getKey());
            } catch (AssertionError a) {
                failures.add(e.getKey() + " -> " + r);
            }
        }
        assertThat(failures).as("%d of %d bad requests answered wrongly", failures.size(), battery.size()).isEmpty();
        assertThat(TestSupport.get(server, "/api/healthcheck", null).status()).isEqualTo(200);
        assertThat(postJson("/api/v1/evals/reward", GOOD).status()).isEqualTo(200);
        assertThat(server.metricsText()).doesNotContainPattern("status=\"5\\d\\d\"");
    }
}

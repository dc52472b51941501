package ai.composo.server;

import static ai.composo.server.TestSupport.get;
import static ai.composo.server.TestSupport.post;
import static ai.composo.server.TestSupport.reward;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.composo.internal.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** API keys: every endpoint but the healthcheck needs one; created keys work until revoked; keys are stored hashed. */
class AuthTest {
    @TempDir
    static Path dir;

    static ComposoServer server;

    static final List<String[]> ENDPOINTS = List.of(
            new String[] {"POST", "/api/v1/evals/reward"}, new String[] {"POST", "/api/v1/evals/binary"},
            new String[] {"POST", "/api/v1/evals/trace"}, new String[] {"POST", "/api/v1/evals/reward/background"},
            new String[] {"POST", "/api/v1/evals/trace/background"}, new String[] {"GET", "/api/v1/tasks/abc"},
            new String[] {"GET", "/api/v1/usage"}, new String[] {"GET", "/api/v1/rate-limits/me"}, new String[] {"GET", "/metrics"},
            new String[] {"GET", "/api/v1/traces"}, new String[] {"GET", "/api/v1/traces/abc"},
            new String[] {"POST", "/api/v1/annotations/comment"}, new String[] {"POST", "/api/v1/annotations/rating"},
            new String[] {"POST", "/api/v1/evaluations/filter"});

    @BeforeAll
    static void start() {
        server = ComposoServer.start(TestSupport.config(dir).devMode(false).apiKey("configured-key-abcdef").build());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static TestSupport.Response call(String[] endpoint, String key) {
        return endpoint[0].equals("GET") ? get(server, endpoint[1], key)
                : post(server, endpoint[1], Json.write(reward("Reward responses that are kind")), key);
    }

    @Test
    void noEndpointIsReachableWithoutAValidKey() {
        for (String[] e : ENDPOINTS) {
            var missing = call(e, null);
            assertThat(missing.status()).as(e[1]).isEqualTo(401);
            assertThat(missing.json().get("detail").asText()).isEqualTo("Missing API key: send it in the API-Key header");
            var wrong = call(e, "cp-000000000000-not-a-real-key");
            assertThat(wrong.status()).as(e[1]).isEqualTo(401);
            assertThat(wrong.json().get("detail").asText()).isEqualTo("Invalid API key");
            assertThat(call(e, "configured-key-abcdeX").status()).as(e[1]).isEqualTo(401);
        }
        assertThat(get(server, "/api/healthcheck", null).status()).isEqualTo(200);
        // no route, nothing to protect: 404 with or without a key
        assertThat(get(server, "/api/v1/unknown", null).status()).isEqualTo(404);
        assertThat(get(server, "/api/v1/unknown", "configured-key-abcdef").status()).isEqualTo(404);
    }

    /** The spellings of a path that a router may fold onto a route, or that an attacker may try against it. */
    static List<String> spellings(String path) {
        List<String> out = new ArrayList<>(List.of(path, path + "/", path + "/?x=1", path + "?x=1", path + "//", "/" + path,
                path.replaceFirst("/([^/]*)$", "//$1"), path.toUpperCase(Locale.ROOT), path + "/.", path + "/./", path + ";x=1",
                path + "%20", path + "%2F", path + "/..%2F" + path.substring(path.lastIndexOf('/') + 1),
                "/api/../" + path.substring(1), path.replace("/", "/./")));
        char last = path.charAt(path.length() - 1);
        out.add(path.substring(0, path.length() - 1) + String.format(Locale.ROOT, "%%%02X", (int) last));
        out.add(path.substring(0, path.length() - 1) + String.format(Locale.ROOT, "%%%02x", (int) last));
        return out;
    }

    /**
     * Over a raw socket, every keyed route under every path spelling and method (its own, HEAD, OPTIONS), without a key
     * or with a wrong one: never a 2xx or 3xx, always a 4xx JSON error. The router's own folding (a trailing slash, a
     * query) reaches the route, and the route's role, not the raw path, decides: 401.
     */
    @Test
    void noPathSpellingReachesARouteWithoutAKey() {
        String body = Json.write(reward("Reward responses that are kind"));
        int checked = 0;
        for (String[] route : ENDPOINTS) {
            for (String path : spellings(route[1])) {
                for (String method : new LinkedHashSet<>(List.of(route[0], "HEAD", "OPTIONS", "GET", "POST"))) {
                    for (String key : new String[] {null, "API-Key: configured-key-abcdeX"}) {
                        String what = method + " " + path + (key == null ? " (no key)" : " (wrong key)");
                        RawHttp.Reply r = key == null
                                ? RawHttp.request(server.port(), method, path, method.equals("POST") ? body : null)
                                : RawHttp.request(server.port(), method, path, method.equals("POST") ? body : null, key);
                        RawHttp.assertClientError(r, what);
                        assertThat(r.body()).as(what).doesNotContain("composo_http_requests");
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(500);
        for (String path : List.of("/metrics", "/metrics/", "/metrics/?x=1", "/metrics?x=1")) {
            assertThat(RawHttp.request(server.port(), "GET", path, null).status()).as(path).isEqualTo(401);
            assertThat(RawHttp.request(server.port(), "HEAD", path, null).status()).as("HEAD " + path).isEqualTo(401);
        }
        String good = "API-Key: configured-key-abcdef";
        assertThat(RawHttp.request(server.port(), "GET", "/metrics/", null, good).body()).contains("composo_http_requests");
        assertThat(RawHttp.request(server.port(), "GET", "/api/v1/usage/", null, good).status()).isEqualTo(200);
    }

    @Test
    void configuredKeysWork() {
        assertThat(post(server, "/api/v1/evals/reward", Json.write(reward("Reward kind responses")), "configured-key-abcdef").status())
                .isEqualTo(200);
        assertThat(server.devApiKey()).isEmpty();
    }

    @Test
    void createdKeysWorkUntilRevokedAndAreStoredOnlyAsHashes() throws Exception {
        String db = server.config().databaseUrl();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream old = System.out;
        int rc;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            rc = Main.run("keys", "create", "--name", "ci", "--database-url", db);
        } finally {
            System.setOut(old);
        }
        assertThat(rc).isZero();
        String key = out.toString(StandardCharsets.UTF_8).strip();
        assertThat(key).matches("cp-[0-9a-f]{12}-[A-Za-z0-9_-]{32}");
        assertThat(post(server, "/api/v1/evals/reward", Json.write(reward("Reward kind responses")), key).status()).isEqualTo(200);

        // the database holds no trace of the key itself
        byte[] file = Files.readAllBytes(Path.of(db.substring("jdbc:sqlite:".length())));
        assertThat(new String(file, StandardCharsets.ISO_8859_1)).doesNotContain(key.substring(16));

        String id = key.substring(3, 15);
        assertThat(Main.run("keys", "revoke", id, "--database-url", db)).isZero();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(post(server, "/api/v1/evals/reward", Json.write(reward("Reward kind responses")), key).status()).isEqualTo(401));
        assertThat(Main.run("keys", "revoke", id, "--database-url", db)).isEqualTo(1);
    }
}

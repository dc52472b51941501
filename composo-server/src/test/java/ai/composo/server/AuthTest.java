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
import java.util.List;
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
            new String[] {"GET", "/api/v1/unknown"});

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

package ai.composo.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image tarball built by {@code jib:buildTar} in this module's {@code package} phase, read as an OCI layout:
 * its layers (digests checked), entrypoint, user, port, volume and environment; then its layers are unpacked into a
 * root filesystem and its entrypoint is run there, as the image's user, until it answers {@code /api/healthcheck}.
 */
class ImageIT {
    static final ObjectMapper JSON = OciImage.JSON;

    @TempDir
    static Path work;

    static OciImage image;
    static JsonNode manifest;
    static JsonNode config;

    @BeforeAll
    static void readImage() throws Exception {
        image = OciImage.load(work);
        manifest = image.manifest();
        config = image.config();
    }

    @Test
    void theConfigurationDeclaresEntrypointUserPortVolumeAndEnvironment() throws Exception {
        JsonNode c = config.get("config");
        assertThat(config.get("os").asText()).isEqualTo("linux");
        assertThat(JSON.convertValue(c.get("Entrypoint"), List.class)).containsExactly("/opt/java/bin/java", "-XX:MaxRAMPercentage=75",
                "-Djava.awt.headless=true", "-cp", "@/app/jib-classpath-file", "ai.composo.server.Main");
        assertThat(JSON.convertValue(c.get("Cmd"), List.class)).containsExactly("serve");
        assertThat(c.get("User").asText()).as("not root").isEqualTo("1000:1000");
        assertThat(image.exposedPort()).isEqualTo(8080);
        assertThat(c.get("Volumes").has("/data")).isTrue();
        assertThat(JSON.convertValue(c.get("Env"), List.class)).contains("COMPOSO_HOST=0.0.0.0", "COMPOSO_PORT=8080",
                "COMPOSO_DATABASE_URL=jdbc:sqlite:/data/composo.db");
        assertThat(c.at("/Labels/ai.composo.healthcheck").asText()).endsWith("ai.composo.server.Main healthcheck");
        List<String> layers = new ArrayList<>();
        config.get("history").forEach(h -> layers.add(h.get("comment").asText()));
        // the runtime ("extra files") changes only with the JDK; the application's own classes are a small layer of their own
        assertThat(layers).containsExactly("dependencies", "project dependencies", "resources", "jvm arg files", "extra files");
        assertThat(manifest.get("layers")).hasSize(5);
        assertThat(config.at("/rootfs/diff_ids")).hasSize(5);
    }

    @Test
    void theUnpackedImageStartsAsItsUserAndAnswersTheHealthCheck() throws Exception {
        Path root = Files.createDirectories(work.resolve("root"));
        for (JsonNode layer : manifest.get("layers")) {
            assertThat(layer.get("mediaType").asText()).isEqualTo("application/vnd.oci.image.layer.v1.tar+gzip");
            OciImage.run(List.of("tar", "-xzpf", image.blob(layer.get("digest").asText()).toString(), "-C", root.toString()));
        }
        assertThat(Files.readAllLines(root.resolve("etc/passwd"))).anyMatch(l -> l.startsWith("composo:x:1000:1000:"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("opt/java/bin/java")))).isEqualTo("rwxr-xr-x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("data")))).isEqualTo("rwxrwxrwx");
        assertThat(root.resolve("app/jib-classpath-file")).isRegularFile();
        // a mounted configuration file, named by COMPOSO_CONFIG_FILE, holds the key; the judge is the image's default
        // (the embedded one: its ONNX Runtime native code must find its libraries in the image)
        String key = "image-test-key-0123456789";
        Files.createDirectories(root.resolve("etc/composo"));
        Files.writeString(root.resolve("etc/composo/composo.properties"), "api-keys=" + key + "\n");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        List<String> env = image.strings("/config/Env");
        env.removeIf(e -> e.startsWith("COMPOSO_HOST=") || e.startsWith("COMPOSO_PORT="));
        env.addAll(List.of("COMPOSO_HOST=127.0.0.1", "COMPOSO_PORT=" + port, "COMPOSO_CONFIG_FILE=/etc/composo/composo.properties"));
        List<String> entrypoint = image.strings("/config/Entrypoint");
        entrypoint.addAll(image.strings("/config/Cmd"));

        Container container = Container.start(root, env, entrypoint, work);
        try {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> health = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (System.nanoTime() < deadline && container.process().isAlive()) {
                try {
                    health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/healthcheck"))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                    if (health.statusCode() == 200) {
                        break;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(250); // 503 while the embedded judge loads its model
            }
            assertThat(health).as("an answer from the image's server; its log: %s", container.log()).isNotNull();
            assertThat(health.statusCode()).isEqualTo(200);
            JsonNode body = JSON.readTree(health.body());
            assertThat(body.get("status").asText()).isEqualTo("ok");
            assertThat(body.at("/default_judge/name").asText()).isEqualTo("embedded");
            HttpResponse<String> eval = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/evals/reward"))
                    .header("API-Key", key).header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"messages\":[{\"role\":\"user\",\"content\":\"What is the capital of Australia?\"},"
                            + "{\"role\":\"assistant\",\"content\":\"The capital of Australia is Canberra.\"}],"
                            + "\"evaluation_criteria\":\"Reward responses that name the capital\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(eval.statusCode()).as("an evaluation with the key from the mounted file: %s", eval.body()).isEqualTo(200);
            assertThat(JSON.readTree(eval.body()).get("score").isNumber()).isTrue();
            assertThat(root.resolve("data/composo.db")).as("SQLite on the /data volume").isRegularFile();
            if (container.isolated()) {
                assertThat(Files.getAttribute(root.resolve("data/composo.db"), "unix:uid")).as("written by the image's user").isEqualTo(1000);
            }

            List<String> check = new ArrayList<>(entrypoint.subList(0, entrypoint.size() - 1));
            check.removeIf(a -> a.startsWith("-XX:") || a.startsWith("-Djava.awt"));
            check.add("healthcheck");
            Container probe = Container.start(root, env, check, work);
            assertThat(probe.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(probe.process().exitValue()).as("the health-check command; its output: %s", probe.log()).isZero();
            assertThat(probe.log()).contains("200 ");

            container.process().destroy(); // SIGTERM, as a container runtime stops it
            assertThat(container.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(container.process().exitValue()).as("exit status after SIGTERM; log: %s", container.log()).isZero();
        } finally {
            container.process().destroyForcibly();
            container.process().waitFor(10, TimeUnit.SECONDS);
        }
    }
}

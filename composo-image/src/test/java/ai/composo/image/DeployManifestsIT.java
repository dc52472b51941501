package ai.composo.image;

import static org.assertj.core.api.Assertions.assertThat;

import ai.composo.judge.JudgeConfig;
import ai.composo.server.ComposoServer;
import ai.composo.server.ServerConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy/}: the compose file and the Kubernetes manifests agree with the image built here (reference, port,
 * user, health-check command) and with the server (the readiness path answers 200 on a real server).
 */
class DeployManifestsIT {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TempDir
    static Path work;

    static OciImage image;
    static Path deploy;

    @BeforeAll
    static void load() throws Exception {
        image = OciImage.load(work);
        deploy = Path.of(System.getProperty("composo.deploy.dir"));
    }

    static JsonNode yaml(String file) throws Exception {
        return YAML.readTree(Files.readString(deploy.resolve(file)));
    }

    @Test
    void composeRunsTwoNodesOfThisImageOnPostgres() throws Exception {
        JsonNode services = yaml("compose.yaml").get("services");
        List<String> names = new ArrayList<>();
        services.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("postgres", "composo-1", "composo-2");
        List<String> healthCommand = new ArrayList<>(List.of("CMD"));
        healthCommand.addAll(List.of(image.config().at("/config/Labels/ai.composo.healthcheck").asText().split(" ")));
        List<String> published = new ArrayList<>();
        for (String node : List.of("composo-1", "composo-2")) {
            JsonNode s = services.get(node);
            assertThat(s.get("image").asText()).isEqualTo(image.reference());
            assertThat(s.at("/environment/COMPOSO_DATABASE_URL").asText()).startsWith("jdbc:postgresql://postgres:5432/");
            assertThat(s.at("/environment/COMPOSO_API_KEYS").asText()).as("keys come from the environment").startsWith("${");
            assertThat(s.at("/depends_on/postgres/condition").asText()).isEqualTo("service_healthy");
            assertThat(YAML.convertValue(s.at("/healthcheck/test"), List.class)).isEqualTo(healthCommand);
            assertThat(s.get("ports")).hasSize(1);
            String[] mapping = s.at("/ports/0").asText().split(":");
            assertThat(Integer.parseInt(mapping[1])).as("container port of %s", node).isEqualTo(image.exposedPort());
            published.add(mapping[0]);
            String mounted = s.at("/volumes/0").asText();
            assertThat(mounted).endsWith(":" + s.at("/environment/COMPOSO_CONFIG_FILE").asText() + ":ro");
            assertThat(deploy.resolve(mounted.split(":")[0])).as("the mounted properties file").isRegularFile();
        }
        assertThat(published).doesNotHaveDuplicates();
    }

    @Test
    void kubernetesProbesPortsUserAndSecretMatchTheImageAndTheServer() throws Exception {
        JsonNode deployment = yaml("kubernetes/deployment.yaml");
        JsonNode service = yaml("kubernetes/service.yaml");
        JsonNode secret = yaml("kubernetes/secret.yaml");
        JsonNode pod = deployment.at("/spec/template/spec");
        JsonNode c = pod.at("/containers/0");
        assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(2);
        assertThat(c.get("image").asText()).isEqualTo(image.reference());
        assertThat(c.at("/ports/0/containerPort").asInt()).isEqualTo(image.exposedPort());
        String portName = c.at("/ports/0/name").asText();
        assertThat(c.at("/readinessProbe/httpGet/port").asText()).isEqualTo(portName);
        assertThat(c.at("/livenessProbe/tcpSocket/port").asText()).isEqualTo(portName);
        assertThat(service.at("/spec/ports/0/targetPort").asText()).isEqualTo(portName);
        assertThat(YAML.convertValue(service.at("/spec/selector"), Map.class))
                .isEqualTo(YAML.convertValue(deployment.at("/spec/template/metadata/labels"), Map.class));
        assertThat(pod.at("/securityContext/runAsUser").asText() + ":" + pod.at("/securityContext/runAsGroup").asText())
                .isEqualTo(image.config().at("/config/User").asText());
        assertThat(c.at("/resources/limits/memory").asText()).isNotBlank();
        assertThat(c.at("/resources/limits/cpu").asText()).isNotBlank();
        assertThat(pod.at("/terminationGracePeriodSeconds").asInt()).as("longer than the default shutdown.timeout of 30s")
                .isGreaterThan(30);
        for (JsonNode env : c.get("env")) {
            JsonNode ref = env.at("/valueFrom/secretKeyRef");
            if (!ref.isMissingNode()) {
                assertThat(ref.get("name").asText()).isEqualTo(secret.at("/metadata/name").asText());
                assertThat(secret.at("/stringData").has(ref.get("key").asText())).as("secret key %s", ref.get("key")).isTrue();
            }
        }
        assertThat(c.get("env")).anyMatch(e -> e.get("name").asText().equals("COMPOSO_API_KEYS") && e.has("valueFrom"));

        String path = c.at("/readinessProbe/httpGet/path").asText();
        ServerConfig config = ServerConfig.builder().port(0).databaseUrl("jdbc:sqlite:" + work.resolve("probe.db"))
                .judge(JudgeConfig.of("quick", "test", Map.of())).build();
        try (ComposoServer server = ComposoServer.start(config)) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("the readiness path %s on a real server", path).isEqualTo(200);
            assertThat(r.body()).contains("\"status\":\"ok\"");
        }
    }
}

package ai.composo.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** The image tarball of the package phase ({@code composo.image.tar}), unpacked as an OCI layout; every blob read is digest-checked. */
record OciImage(Path layout, JsonNode manifest, JsonNode config) {
    static final ObjectMapper JSON = new ObjectMapper();

    static OciImage load(Path dir) throws Exception {
        Path tar = Path.of(System.getProperty("composo.image.tar"));
        assertThat(tar).as("the image tarball from the package phase").isRegularFile();
        Path layout = Files.createDirectories(dir.resolve("layout"));
        run(List.of("tar", "-xf", tar.toString(), "-C", layout.toString()));
        JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
        assertThat(index.get("mediaType").asText()).isEqualTo("application/vnd.oci.image.index.v1+json");
        JsonNode manifest = JSON.readTree(blob(layout, index.at("/manifests/0/digest").asText()).toFile());
        JsonNode config = JSON.readTree(blob(layout, manifest.at("/config/digest").asText()).toFile());
        return new OciImage(layout, manifest, config);
    }

    Path blob(String digest) throws Exception {
        return blob(layout, digest);
    }

    private static Path blob(Path layout, String digest) throws Exception {
        assertThat(digest).startsWith("sha256:");
        Path p = layout.resolve("blobs/sha256/" + digest.substring(7));
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(p)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0;) {
                sha.update(buf, 0, n);
            }
        }
        assertThat("sha256:" + HexFormat.of().formatHex(sha.digest())).as("content of blob %s", digest).isEqualTo(digest);
        return p;
    }

    /** The one port the image declares, e.g. 8080. */
    int exposedPort() {
        List<String> ports = new ArrayList<>();
        config.at("/config/ExposedPorts").fieldNames().forEachRemaining(ports::add);
        assertThat(ports).hasSize(1);
        assertThat(ports.get(0)).endsWith("/tcp");
        return Integer.parseInt(ports.get(0).replace("/tcp", ""));
    }

    /** The image's reference, e.g. composo-server:0.1.0-SNAPSHOT. */
    String reference() throws Exception {
        return JSON.readTree(layout.resolve("index.json").toFile()).at("/manifests/0/annotations/org.opencontainers.image.ref.name").asText();
    }

    List<String> strings(String pointer) {
        List<String> out = new ArrayList<>();
        config.at(pointer).forEach(e -> out.add(e.asText()));
        return out;
    }

    static void run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("%s: %s", cmd, out).isZero();
    }
}

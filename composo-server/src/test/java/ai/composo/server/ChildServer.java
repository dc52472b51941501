package ai.composo.server;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code Main serve} in a child JVM on 127.0.0.1 and a free port, as an operator would run it. Its output goes to files
 * (not pipes: {@link Process#destroy()} closes the pipes, and what the process prints while it stops would be lost).
 */
record ChildServer(Process process, String baseUrl, Path stdout, Path stderr) {
    static final String LISTENING = "Composo server listening on ";

    static ChildServer start(Path dir, String... serveArgs) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", cp, "ai.composo.server.Main",
                "serve", "--port", "0"));
        cmd.addAll(List.of(serveArgs));
        long n = System.nanoTime();
        Path out = dir.resolve("child-" + n + ".out");
        Path err = dir.resolve("child-" + n + ".log");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
                if (line.startsWith(LISTENING)) {
                    return new ChildServer(p, line.substring(LISTENING.length()).strip(), out, err);
                }
            }
            if (!p.isAlive()) {
                break;
            }
            Thread.sleep(50);
        }
        p.destroyForcibly();
        throw new IllegalStateException("the child server did not start: " + Files.readString(err));
    }

    List<String> output() throws java.io.IOException {
        return Files.readAllLines(stdout, StandardCharsets.UTF_8);
    }

    TestSupport.Response call(String key, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(20)).header("API-Key", key);
        b = body == null ? b.GET() : b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        return TestSupport.send(b.build());
    }
}

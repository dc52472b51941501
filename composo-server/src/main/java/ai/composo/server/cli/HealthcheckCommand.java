package ai.composo.server.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code healthcheck}: asks a running server's {@code /api/healthcheck} and exits 0 when it answers 200. The
 * container image has no shell or curl, so this is its health-check command.
 */
@Command(name = "healthcheck", mixinStandardHelpOptions = true, description = "Check a running server's /api/healthcheck.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:the server answered 200 (healthy)", "1:the server is unhealthy or unreachable"})
public class HealthcheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL",
            description = "Server base URL (default http://127.0.0.1:<COMPOSO_PORT or 8080>).")
    String url;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "5", description = "Give up after this long (default 5).")
    int timeoutSeconds;

    @Override
    public Integer call() {
        String port = System.getenv("COMPOSO_PORT");
        String base = url != null ? url : "http://127.0.0.1:" + (port == null || port.isBlank() ? "8080" : port.strip());
        URI target;
        try {
            target = URI.create(base.replaceAll("/+$", "") + "/api/healthcheck");
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("Not a URL: " + base);
            return 1;
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(timeoutSeconds)).build();
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(timeoutSeconds)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            spec.commandLine().getOut().println(r.statusCode() + " " + r.body());
            return r.statusCode() == 200 ? 0 : 1;
        } catch (java.io.IOException e) {
            spec.commandLine().getErr().println("No answer from " + target + ": " + (e.getMessage() == null ? "connection failed" : e.getMessage()));
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }
}

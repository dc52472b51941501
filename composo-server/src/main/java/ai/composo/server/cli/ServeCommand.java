package ai.composo.server.cli;

import ai.composo.server.ComposoServer;
import ai.composo.server.ServerConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code serve}: starts the server and runs until interrupted: Ctrl-C or SIGTERM drain it (in-flight work finishes)
 * and the process exits with status 0.
 * Settings come from {@code --config FILE}, then {@code COMPOSO_*} environment variables, then these flags.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Start the self-hosted Composo evaluation server.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:stopped by SIGTERM or Ctrl-C after draining in-flight work", "2:the server could not start (the reason is printed)"})
public class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file with server settings (default: the file named by COMPOSO_CONFIG_FILE, if set).")
    Path configFile;

    @Option(names = "--host", description = "Address to bind (default 127.0.0.1).")
    String host;

    @Option(names = "--port", description = "Port; 0 picks a free one (default 8080).")
    Integer port;

    @Option(names = "--database-url", paramLabel = "JDBC_URL", description = "jdbc:sqlite:<file> (default) or jdbc:postgresql://...")
    String databaseUrl;

    @Option(names = "--database-user", description = "Database user (PostgreSQL).")
    String databaseUser;

    @Option(names = "--dev", description = "Dev mode: generate an API key and print it once.")
    Boolean dev;

    @Option(names = "--api-key", paramLabel = "KEY", description = "Accept this API key (repeatable; prefer --config or COMPOSO_API_KEYS).")
    List<String> apiKeys;

    @Option(names = "--requests-per-hour", description = "Requests per hour per API key; 0 = unlimited (default 10000).")
    Long requestsPerHour;

    @Option(names = "--concurrent", description = "Concurrent requests per API key; 0 = unlimited (default 64).")
    Integer concurrent;

    @Option(names = "--max-body-size", paramLabel = "SIZE", description = "Largest request body, e.g. 8MiB (default 8MiB).")
    String maxBodySize;

    @Option(names = "--no-cache", description = "Do not cache results of deterministic judges.")
    boolean noCache;

    @Option(names = "--judge", paramLabel = "NAME", description = "Default judge (one of the configured judges).")
    String defaultJudge;

    @Option(names = "--judge-timeout", paramLabel = "DURATION", description = "Time limit per judge call, e.g. 120s (default 120s).")
    String judgeTimeout;

    @Option(names = "--workers", description = "Background task workers (default 4).")
    Integer workers;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Any setting by its property key, e.g. --set judge.llama.type=openai (repeatable).")
    Map<String, String> settings;

    /** The configuration these flags describe (with the file and the environment). */
    public ServerConfig config() {
        Map<String, String> o = new LinkedHashMap<>();
        if (settings != null) {
            o.putAll(settings);
        }
        put(o, "host", host);
        put(o, "port", port);
        put(o, "database.url", databaseUrl);
        put(o, "database.user", databaseUser);
        put(o, "dev", dev);
        if (apiKeys != null && !apiKeys.isEmpty()) {
            o.put("api-keys", String.join(",", apiKeys));
        }
        put(o, "rate-limit.requests-per-hour", requestsPerHour);
        put(o, "rate-limit.concurrent", concurrent);
        put(o, "limits.max-body-size", maxBodySize);
        if (noCache) {
            o.put("cache.enabled", "false");
        }
        put(o, "judges.default", defaultJudge);
        put(o, "judge.timeout", judgeTimeout);
        put(o, "tasks.workers", workers);
        Path file = configFile;
        String fromEnvironment = System.getenv("COMPOSO_CONFIG_FILE");
        if (file == null && fromEnvironment != null && !fromEnvironment.isBlank()) {
            file = Path.of(fromEnvironment.strip()); // how a container is given a mounted file without changing its command
        }
        return ServerConfig.load(file, System.getenv(), o);
    }

    private static void put(Map<String, String> o, String key, Object v) {
        if (v != null) {
            o.put(key, v.toString());
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ComposoServer server;
        try {
            server = ComposoServer.start(config());
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("Cannot start the server: " + e.getMessage());
            err.flush();
            return 2;
        }
        CountDownLatch stop = new CountDownLatch(1);
        // SIGTERM and SIGINT ask for a drain and a normal exit (status 0). Left to the JVM, they would end the process
        // with 128 + the signal number (143) however cleanly the server drained, and service managers report a failure.
        boolean signalsHandled = StopSignals.install(stop::countDown);
        Thread hook = new Thread(server::close, "composo-shutdown"); // any other way the JVM goes down
        Runtime.getRuntime().addShutdownHook(hook);
        if (!signalsHandled) {
            err.println("Note: SIGTERM cannot be handled in this JVM; the server still drains on it, but exits with 143");
        }
        out.println("Composo server listening on " + server.baseUrl());
        server.devApiKey().ifPresent(k -> {
            out.println("Dev mode API key (shown once, valid until the server stops):");
            out.println("  " + k);
        });
        out.flush();
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.close();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down
        }
        out.println("Composo server stopped");
        out.flush();
        return 0;
    }
}

package ai.composo.cli.internal;

import ai.composo.AsyncComposo;
import ai.composo.cli.TargetOptions;
import ai.composo.server.ComposoServer;
import ai.composo.server.ServerConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where evaluations go: the hosted platform, a server at {@code --base-url}, or a server started in
 * this process on 127.0.0.1 (local mode) so the whole wire path runs. Owns the client (and the local
 * server) and closes both.
 */
public final class Target implements AutoCloseable {
    public static final String HOSTED = "https://platform.composo.ai";

    private final ComposoServer server;
    private final AsyncComposo client;
    private final String description;
    private final int concurrency;
    private final Path throwawayDb;
    private final boolean embeddedJudge;
    private final RunManifest.Judge judge;
    private final String baseUrl;
    private final String apiKey;

    private Target(ComposoServer server, AsyncComposo client, String description, int concurrency, Path throwawayDb,
                   boolean embeddedJudge, RunManifest.Judge judge, String baseUrl, String apiKey) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.embeddedJudge = embeddedJudge;
        this.judge = judge;
        this.server = server;
        this.client = client;
        this.description = description;
        this.concurrency = concurrency;
        this.throwawayDb = throwawayDb;
    }

    /** Throws {@link IllegalArgumentException} with a user-facing message when the options do not fit together. */
    public static Target open(TargetOptions o, PrintWriter err) {
        return open(o, err, false);
    }

    /**
     * {@code uncached}: local mode turns the server's result cache off. (The server caches only deterministic
     * judges, whose repeats give the same verdict anyway, so {@code --repeat} does not need it off.)
     */
    public static Target open(TargetOptions o, PrintWriter err, boolean uncached) {
        String envKey = System.getenv("COMPOSO_API_KEY");
        String key = o.apiKey != null && !o.apiKey.isBlank() ? o.apiKey : envKey == null || envKey.isBlank() ? null : envKey;
        if (o.local && o.baseUrl != null) {
            throw new IllegalArgumentException("--local and --base-url exclude each other");
        }
        if (o.concurrency != null && o.concurrency < 1) {
            throw new IllegalArgumentException("--concurrency must be at least 1, got " + o.concurrency);
        }
        if (o.retries != null && o.retries < 1) {
            throw new IllegalArgumentException("--retries must be at least 1, got " + o.retries);
        }
        boolean local = o.local || (o.baseUrl == null && key == null);
        if (!local && o.judgeConfig != null) {
            throw new IllegalArgumentException("--judge-config applies to local mode only (add --local)");
        }
        if (!local && o.samples != null) {
            throw new IllegalArgumentException("--samples applies to local mode with --judge-config: a remote server's judges are configured on that server");
        }
        if (local) {
            return openLocal(o, err, uncached);
        }
        if (key == null) {
            throw new IllegalArgumentException("no API key for " + o.baseUrl + ": pass --api-key or set COMPOSO_API_KEY");
        }
        int concurrency = o.concurrency != null ? o.concurrency : 5;
        String url = o.baseUrl != null ? o.baseUrl : HOSTED;
        AsyncComposo client = configure(AsyncComposo.builder().apiKey(key).baseUrl(url), o, concurrency).build();
        return new Target(null, client, "against " + url + (o.baseUrl == null ? " (COMPOSO_API_KEY is set)" : ""), concurrency, null,
                false, new RunManifest.Judge(url, List.of(), o.modelCore), url, key);
    }

    private static Target openLocal(TargetOptions o, PrintWriter err, boolean uncached) {
        Path throwaway = null;
        String dbUrl;
        try {
            if ("memory".equalsIgnoreCase(o.localDb)) {
                throwaway = Files.createTempFile("composo-local-", ".db");
                dbUrl = "jdbc:sqlite:" + throwaway;
            } else {
                Path db = Path.of(o.localDb).toAbsolutePath();
                Files.createDirectories(db.getParent());
                dbUrl = "jdbc:sqlite:" + db;
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot create the local database " + o.localDb + ": " + e.getMessage(), e);
        }
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("host", "127.0.0.1");
        overrides.put("port", "0");
        overrides.put("dev", "true");
        overrides.put("database.url", dbUrl);
        overrides.put("rate-limit.requests-per-hour", "0");
        overrides.put("rate-limit.concurrent", "0");
        if (uncached) {
            overrides.put("cache.enabled", "false");
        }
        ServerConfig config = ServerConfig.load(o.judgeConfig, System.getenv(), overrides);
        if (o.samples != null) {
            if (o.samples < 1) {
                throw new IllegalArgumentException("--samples must be at least 1, got " + o.samples);
            }
            List<String> llms = config.judges().stream().filter(j -> "openai".equals(j.type())).map(ai.composo.judge.JudgeConfig::name).toList();
            if (llms.isEmpty()) {
                throw new IllegalArgumentException("--samples applies to an LLM judge (type openai in --judge-config); the embedded judge is"
                        + " deterministic, so one sample is all there is");
            }
            llms.forEach(name -> overrides.put("judge." + name + ".samples", Integer.toString(o.samples)));
            config = ServerConfig.load(o.judgeConfig, System.getenv(), overrides);
        }
        err.println("composo: starting a local server (judges: " + (config.judges().isEmpty() ? "embedded"
                : config.judges().stream().map(j -> j.name() + "=" + j.type()).reduce((a, b) -> a + ", " + b).orElse("")) + ") …");
        err.flush();
        ComposoServer server = ComposoServer.start(config);
        try {
            int concurrency = o.concurrency != null ? o.concurrency : 8;
            String key = server.devApiKey().orElseThrow(() -> new IllegalStateException("the local server did not create a key"));
            AsyncComposo client = configure(AsyncComposo.builder().apiKey(key).baseUrl(server.baseUrl()), o, concurrency).build();
            List<RunManifest.JudgeInfo> judges = config.judges().isEmpty()
                    ? List.of(new RunManifest.JudgeInfo("embedded", "embedded", ai.composo.judge.embedded.EmbeddedJudge.MODEL, true))
                    : config.judges().stream().map(j -> new RunManifest.JudgeInfo(j.name(), j.type(), j.get("model").orElse(null),
                            "embedded".equals(j.type()) ? Boolean.TRUE : null)).toList();
            return new Target(server, client, "on a local server at " + server.baseUrl(), concurrency, throwaway,
                    config.judges().isEmpty(), new RunManifest.Judge("local", judges, o.modelCore), server.baseUrl(), key);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private static AsyncComposo.Builder configure(AsyncComposo.Builder b, TargetOptions o, int concurrency) {
        b.maxConcurrentRequests(concurrency);
        if (o.retries != null) {
            b.numRetries(o.retries);
        }
        Duration timeout = o.timeoutDuration();
        if (timeout != null) {
            b.timeout(timeout);
        }
        if (o.modelCore != null) {
            b.modelCore(o.modelCore);
        }
        return b;
    }

    /**
     * How the judge reads each criterion, when this process knows it: in local mode with the embedded judge (which
     * shares its model with the in-process server, so nothing loads twice). Empty otherwise.
     */
    public java.util.Map<String, String> readings(java.util.List<String> criteria) {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        if (!embeddedJudge) {
            return out;
        }
        try (ai.composo.judge.embedded.EmbeddedJudge judge = ai.composo.judge.embedded.EmbeddedJudge.builder().threads(1).build()) {
            judge.awaitReady(Duration.ofMinutes(5));
            for (String c : criteria) {
                ai.composo.judge.embedded.CriterionReading r = judge.read(c);
                out.put(c, r.outOfFamily()
                        ? "read as: outside what the embedded judge measures (scores near chance; use an LLM judge for it)"
                        : String.format(java.util.Locale.ROOT, "read as: %s · confidence %.2f", r.summary(), r.confidence()));
            }
        } catch (RuntimeException e) {
            return java.util.Map.of();
        }
        return out;
    }

    /** Who judges, as the run manifest records it. */
    public RunManifest.Judge judge() {
        return judge;
    }

    /** True when every judge behind this target is known to be deterministic (repeats then give identical scores). */
    public boolean knownDeterministic() {
        return !judge.judges().isEmpty() && judge.judges().stream().allMatch(j -> Boolean.TRUE.equals(j.deterministic()));
    }

    public AsyncComposo client() {
        return client;
    }

    /** Where the client sends requests, for a second client on the same target (e.g. a blocking one). */
    public String baseUrl() {
        return baseUrl;
    }

    public String apiKey() {
        return apiKey;
    }

    public String description() {
        return description;
    }

    public int concurrency() {
        return concurrency;
    }

    @Override
    public void close() {
        try {
            client.close();
        } finally {
            if (server != null) {
                server.close();
            }
            if (throwawayDb != null) {
                try {
                    Files.deleteIfExists(throwawayDb);
                } catch (IOException ignored) {
                    // a temp file; the OS cleans up
                }
            }
        }
    }
}

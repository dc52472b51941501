package ai.composo.cli;

import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Where evaluations go, and how the client behaves. Shared by eval and trace. */
public final class TargetOptions {
    @Option(names = "--local", description = "Evaluate with a server started in-process on 127.0.0.1 (the default when there is no API key).")
    public boolean local;

    @Option(names = "--base-url", paramLabel = "URL", description = "A Composo-compatible server, e.g. http://localhost:8080 (a 'composo serve').")
    public String baseUrl;

    @Option(names = "--api-key", paramLabel = "KEY", description = "API key for the hosted platform or --base-url (default: $COMPOSO_API_KEY).")
    public String apiKey;

    @Option(names = "--judge-config", paramLabel = "FILE", description = "Local mode: the server configuration naming the judges (default: the embedded judge).")
    public Path judgeConfig;

    @Option(names = "--local-db", paramLabel = "FILE", defaultValue = ".composo/local.db",
            description = "Local mode: the server's SQLite database, which keeps the evaluation log across runs (default: ${DEFAULT-VALUE}); 'memory' for a throwaway one.")
    public String localDb;

    @Option(names = "--samples", paramLabel = "K",
            description = "Local mode with an LLM judge (type openai in --judge-config): K samples per evaluation, scored as their mean (at temperature 0.7 unless the judge sets one); the samples and their spread are in each response's metadata.")
    public Integer samples;

    @Option(names = "--model-core", paramLabel = "NAME", description = "model_core sent with every request (e.g. align-20251111, or a judge name from --judge-config).")
    public String modelCore;

    @Option(names = "--concurrency", paramLabel = "N", description = "Requests in flight at once (default: 5 for a remote server, 8 locally).")
    public Integer concurrency;

    @Option(names = "--retries", paramLabel = "N", description = "Retries after a retryable failure (429, 5xx, network), at least 1 (default: 1).")
    public Integer retries;

    @Option(names = "--timeout", paramLabel = "DURATION", description = "Total time one evaluation may take, retries included, e.g. 60s or 2m (default: 60s).")
    public String timeout;

    public Duration timeoutDuration() {
        return timeout == null ? null : ai.composo.judge.JudgeConfig.parseDuration(timeout, "--timeout");
    }
}

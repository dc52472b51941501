package ai.composo.judge;

import java.util.concurrent.CompletableFuture;

/**
 * The server's judge SPI: turns one criterion and one conversation (or one agent instance of a trace)
 * into a {@link Verdict}. Implementations are found by {@link JudgeFactory} through
 * {@link java.util.ServiceLoader} and selected by {@code model_core}.
 *
 * <p>{@link #evaluate} must not block the calling thread for long: return a future completed by the
 * judge's own I/O or worker threads. Fail the future with {@link JudgeException} for judge errors;
 * never invent a score.
 */
public interface Judge extends AutoCloseable {

    /** A short name shown in responses, logs and error details, e.g. {@code embedded-bge-small}. */
    String name();

    /** True when the same request always gives the same verdict, so the server may cache results. */
    boolean deterministic();

    /**
     * What a cached verdict of this judge depends on besides the request: its name, plus any setting that changes
     * verdicts (a model, a number of samples). Cache keys include it.
     */
    default String cacheIdentity() {
        return name();
    }

    CompletableFuture<Verdict> evaluate(JudgeRequest request);

    /** Whether the judge can serve requests now (model loaded, endpoint configured). */
    default Health health() {
        return Health.ok();
    }

    @Override
    default void close() {}

    record Health(boolean ready, String detail) {
        public static Health ok() {
            return new Health(true, "ready");
        }

        public static Health notReady(String detail) {
            return new Health(false, detail);
        }
    }
}

package ai.composo.judge;

/**
 * Creates judges of one {@link #type()} (e.g. {@code embedded}, {@code openai}) from configuration.
 * Register implementations in {@code META-INF/services/ai.composo.judge.JudgeFactory}.
 */
public interface JudgeFactory {

    String type();

    /** Builds a judge; throws {@link IllegalArgumentException} naming the setting when the configuration is wrong. */
    Judge create(JudgeConfig config);
}

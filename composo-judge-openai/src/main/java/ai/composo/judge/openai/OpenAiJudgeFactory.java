package ai.composo.judge.openai;

import ai.composo.judge.Judge;
import ai.composo.judge.JudgeConfig;
import ai.composo.judge.JudgeFactory;

/**
 * Creates {@link OpenAiJudge}s for judges configured with {@code type=openai}; see the README's
 * "OpenAI-compatible judge" section for the settings.
 */
public final class OpenAiJudgeFactory implements JudgeFactory {
    public static final String TYPE = "openai";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Judge create(JudgeConfig config) {
        if (!TYPE.equals(config.type())) {
            throw new IllegalArgumentException("judge '" + config.name() + "': type is '" + config.type() + "', not '" + TYPE + "'");
        }
        return new OpenAiJudge(config);
    }
}

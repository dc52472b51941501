package ai.composo.server.judges;

import ai.composo.judge.Judge;
import ai.composo.judge.JudgeConfig;
import ai.composo.judge.JudgeFactory;
import java.time.Duration;

/**
 * Builds {@link TestJudge}s: {@code judge.<name>.type=test}, optional {@code delay}, {@code fail-marker} and
 * {@code jitter} (random noise on scores, making it a judge that samples).
 */
public final class TestJudgeFactory implements JudgeFactory {
    @Override
    public String type() {
        return "test";
    }

    @Override
    public Judge create(JudgeConfig config) {
        return new TestJudge(config.name(), config.getDuration("delay", Duration.ZERO), config.get("fail-marker").orElse(null),
                config.getDouble("jitter", 0));
    }
}

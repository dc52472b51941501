package ai.composo.server.judges;

import ai.composo.judge.Judge;
import ai.composo.judge.JudgeConfig;
import ai.composo.judge.JudgeFactory;
import java.time.Duration;

/** Builds {@link NoopJudge}s: {@code judge.<name>.type=noop}, optional {@code score} and {@code delay}. */
public final class NoopJudgeFactory implements JudgeFactory {
    @Override
    public String type() {
        return "noop";
    }

    @Override
    public Judge create(JudgeConfig config) {
        return new NoopJudge(config.getDouble("score", 1.0), config.getDuration("delay", Duration.ZERO));
    }
}

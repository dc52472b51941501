package ai.composo.judge.embedded;

import ai.composo.judge.Judge;
import ai.composo.judge.JudgeConfig;
import ai.composo.judge.JudgeFactory;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds {@link EmbeddedJudge}s for judge type {@code embedded}. Settings: {@code threads} (inference
 * threads, default min(2, cores)), {@code queue-capacity} (default 1024), {@code timeout} (per
 * evaluation when the request has no deadline, e.g. {@code 30s}).
 */
public final class EmbeddedJudgeFactory implements JudgeFactory {
    public static final String TYPE = "embedded";
    private static final Set<String> KNOWN = Set.of("threads", "queue-capacity", "timeout");

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Judge create(JudgeConfig config) {
        Set<String> unknown = new TreeSet<>(config.settings().keySet());
        unknown.removeAll(KNOWN);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("judge '" + config.name() + "': unknown setting(s) " + unknown
                    + " for type embedded (known: queue-capacity, threads, timeout)");
        }
        EmbeddedJudge.Builder b = EmbeddedJudge.builder().name(config.name());
        int threads = config.getInt("threads", -1);
        if (threads != -1) {
            if (threads < 1 || threads > 64) {
                throw new IllegalArgumentException("judge '" + config.name() + "': setting 'threads' must be between 1 and 64, got " + threads);
            }
            b.threads(threads);
        }
        int queue = config.getInt("queue-capacity", 1024);
        if (queue < 1) {
            throw new IllegalArgumentException("judge '" + config.name() + "': setting 'queue-capacity' must be at least 1, got " + queue);
        }
        b.queueCapacity(queue);
        config.get("timeout").ifPresent(t -> {
            java.time.Duration d = JudgeConfig.parseDuration(t, "judge '" + config.name() + "': setting 'timeout'");
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException("judge '" + config.name() + "': setting 'timeout' must be positive, got '" + t + "'");
            }
            b.timeout(d);
        });
        return b.build();
    }
}

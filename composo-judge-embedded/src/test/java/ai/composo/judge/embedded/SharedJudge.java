package ai.composo.judge.embedded;

import java.time.Duration;

/** One judge per test JVM, so the model loads once. */
final class SharedJudge {
    private static EmbeddedJudge judge;

    private SharedJudge() {}

    static synchronized EmbeddedJudge get() {
        if (judge == null) {
            judge = EmbeddedJudge.builder().threads(2).build().awaitReady(Duration.ofMinutes(2));
        }
        return judge;
    }
}

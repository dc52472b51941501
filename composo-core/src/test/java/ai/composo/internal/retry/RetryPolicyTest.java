package ai.composo.internal.retry;

import static org.assertj.core.api.Assertions.assertThat;

import ai.composo.errors.BadRequestException;
import ai.composo.errors.ComposoIoException;
import ai.composo.errors.RateLimitException;
import ai.composo.errors.ServerException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The one retry decision: every way a failed attempt can end, and every wait it can get. */
class RetryPolicyTest {
    static final Instant NOW = Instant.parse("2026-12-02T07:00:00Z");
    final RetryPolicy policy = RetryPolicy.builder().maxRetries(3).random(new Random(7)).build();

    static RateLimitException limited(String header, String value) {
        return new RateLimitException(429, Map.of(header, List.of(value)), "", "slow down", null);
    }

    @Test
    void notRetryableAndExhaustedGiveUp() {
        assertThat(policy.decide(0, new BadRequestException(400, Map.of(), "", "bad"), null, NOW))
                .isEqualTo(new RetryDecision.GiveUp(RetryDecision.Reason.NOT_RETRYABLE));
        assertThat(policy.decide(0, new IllegalStateException("bug"), null, NOW))
                .isEqualTo(new RetryDecision.GiveUp(RetryDecision.Reason.NOT_RETRYABLE));
        assertThat(policy.decide(3, new ServerException(503, Map.of(), "", "down"), null, NOW))
                .isEqualTo(new RetryDecision.GiveUp(RetryDecision.Reason.RETRIES_EXHAUSTED));
        assertThat(policy.decide(0, new ServerException(503, Map.of(), "", "down"), Duration.ZERO, NOW))
                .isEqualTo(new RetryDecision.GiveUp(RetryDecision.Reason.DEADLINE_PASSED));
    }

    @Test
    void theServersWaitWinsInItsOrderAndGivesUpWhenItOutlastsTheDeadline() {
        RetryDecision ms = policy.decide(0, limited("Retry-After-Ms", "1500"), Duration.ofSeconds(10), NOW);
        assertThat(ms).isEqualTo(new RetryDecision.Retry(Duration.ofMillis(1500), true));
        RateLimitException both = new RateLimitException(429, Map.of("Retry-After-Ms", List.of("250"), "Retry-After", List.of("9")), "", "", null);
        assertThat(policy.decide(0, both, null, NOW)).isEqualTo(new RetryDecision.Retry(Duration.ofMillis(250), true));
        assertThat(policy.decide(1, limited("Retry-After", "Wed, 02 Dec 2026 07:00:03 GMT"), null, NOW))
                .isEqualTo(new RetryDecision.Retry(Duration.ofSeconds(3), true));
        assertThat(policy.decide(0, limited("Retry-After", "30"), Duration.ofSeconds(5), NOW))
                .isEqualTo(new RetryDecision.GiveUp(RetryDecision.Reason.RETRY_AFTER_BEYOND_DEADLINE));
    }

    @Test
    void otherwiseJitteredExponentialBackoffCutToTheTimeLeft() {
        ComposoIoException io = new ComposoIoException("connection refused", null);
        for (int attempt = 0; attempt < 3; attempt++) {
            RetryDecision.Retry r = (RetryDecision.Retry) policy.decide(attempt, io, null, NOW);
            long nominal = 500L << attempt;
            assertThat(r.serverAsked()).isFalse();
            assertThat(r.after().toMillis()).isBetween((long) (nominal * 0.75), nominal);
        }
        RetryDecision.Retry cut = (RetryDecision.Retry) policy.decide(2, io, Duration.ofMillis(100), NOW);
        assertThat(cut.after()).isEqualTo(Duration.ofMillis(100));
        assertThat(RetryPolicy.builder().build().maxRetries()).isEqualTo(RetryPolicy.DEFAULT_MAX_RETRIES);
    }
}

package ai.composo.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.composo.judge.JudgeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigTest {
    @TempDir
    Path dir;

    @Test
    void defaults() {
        ServerConfig c = ServerConfig.builder().build();
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.databaseUrl()).isEqualTo("jdbc:sqlite:./composo-data/composo.db");
        assertThat(c.cacheEnabled()).isTrue();
        assertThat(c.judges()).isEmpty();
        assertThat(c.metricsRequireKey()).isTrue();
    }

    /** The server's settings and a judge's settings read numbers the same way: {@code 1_000} is a thousand in both. */
    @Test
    void serverAndJudgeSettingsAgreeOnDigitGroups() {
        ServerConfig c = ServerConfig.load(null, Map.of(), Map.of("rate-limit.requests-per-hour", "1_000", "judge.quick.type", "test",
                "judge.quick.max-tokens", "1_000", "judge.quick.delay", "1_000ms", "limits.max-body-size", "1_000"));
        assertThat(c.requestsPerHour()).isEqualTo(1000);
        assertThat(c.maxBodyBytes()).isEqualTo(1000);
        JudgeConfig quick = c.judges().get(0);
        assertThat(quick.getInt("max-tokens", 0)).isEqualTo(1000);
        assertThat(quick.getDuration("delay", Duration.ZERO)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void fileThenEnvironmentThenFlags() throws Exception {
        Path file = dir.resolve("composo.properties");
        Files.writeString(file, String.join("\n",
                "port=9000", "host=0.0.0.0", "rate-limit.requests-per-hour=500", "limits.max-body-size=2MiB", "tasks.retention=2d", "tasks.lease=15s",
                "judge.llama.type=openai", "judge.llama.base-url=http://localhost:11434/v1", "judge.llama.model=llama3.1:8b",
                "judge.quick.type=test", "judges.default=llama", "cache.enabled=off"));
        ServerConfig c = ServerConfig.load(file, Map.of("COMPOSO_PORT", "9001", "COMPOSO_RATE_LIMIT_CONCURRENT", "7", "COMPOSO_API_KEY", "ignored"),
                Map.of("port", "9002"));
        assertThat(c.port()).isEqualTo(9002);
        assertThat(c.host()).isEqualTo("0.0.0.0");
        assertThat(c.requestsPerHour()).isEqualTo(500);
        assertThat(c.concurrentRequests()).isEqualTo(7);
        assertThat(c.maxBodyBytes()).isEqualTo(2 * 1024 * 1024);
        assertThat(c.taskRetention()).isEqualTo(Duration.ofDays(2));
        assertThat(c.taskLease()).isEqualTo(Duration.ofSeconds(15));
        assertThat(c.cacheEnabled()).isFalse();
        assertThat(c.defaultJudge()).contains("llama");
        assertThat(c.judges()).extracting(JudgeConfig::name).containsExactly("llama", "quick");
        JudgeConfig llama = c.judges().get(0);
        assertThat(llama.type()).isEqualTo("openai");
        assertThat(llama.settings()).containsEntry("base-url", "http://localhost:11434/v1").containsEntry("model", "llama3.1:8b")
                .doesNotContainKey("type");
    }

    /** The configuration is composed of records that each check their part; none of them prints a secret. */
    @Test
    void composedOfSmallRecordsThatKeepSecretsOut() {
        ServerConfig c = ServerConfig.builder().port(9100).databaseUrl("jdbc:postgresql://db/composo?password=hunter22")
                .databasePassword("hunter22").apiKey("cp-secret-key-123456").requestsPerHour(7).workers(3).build();
        assertThat(c.http().port()).isEqualTo(9100);
        assertThat(c.storage().isPostgres()).isTrue();
        assertThat(c.limits().requestsPerHour()).isEqualTo(7);
        assertThat(c.tasks().workers()).isEqualTo(3);
        assertThat(c.keys().apiKeys()).containsExactly("cp-secret-key-123456");
        for (Object part : new Object[] {c, c.storage(), c.keys()}) {
            assertThat(part.toString()).doesNotContain("hunter22").doesNotContain("cp-secret-key-123456");
        }
        ServerConfig copy = c.toBuilder().build();
        assertThat(copy.http()).isEqualTo(c.http());
        assertThat(copy.storage()).isEqualTo(c.storage());
        assertThat(copy.keys()).isEqualTo(c.keys());
        assertThat(copy.limits()).isEqualTo(c.limits());
        assertThat(copy.judging()).isEqualTo(c.judging());
        assertThat(copy.tasks()).isEqualTo(c.tasks());
        assertThatThrownBy(() -> new ServerConfig.Http("127.0.0.1", 70000, 1, 1)).hasMessageContaining("port must be between 0 and 65535");
        assertThatThrownBy(() -> new ServerConfig.Tasks(0, 1, Duration.ofDays(1), Duration.ofSeconds(1), Duration.ZERO))
                .hasMessageContaining("tasks.workers");
        assertThatThrownBy(() -> new ServerConfig.Tasks(1, 1, Duration.ofDays(1), Duration.ZERO, Duration.ZERO)).hasMessageContaining("tasks.lease");
    }

    @Test
    void environmentVariableNames() {
        assertThat(ServerConfig.environmentVariable("database.url")).isEqualTo("COMPOSO_DATABASE_URL");
        assertThat(ServerConfig.environmentVariable("rate-limit.requests-per-hour")).isEqualTo("COMPOSO_RATE_LIMIT_REQUESTS_PER_HOUR");
    }

    @Test
    void badSettingsAreNamed() throws Exception {
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, "prot=8080\n");
        assertThatThrownBy(() -> ServerConfig.load(file, Map.of(), Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown setting 'prot'").hasMessageContaining("bad.properties");
        assertThatThrownBy(() -> ServerConfig.load(null, Map.of("COMPOSO_PORT", "eighty"), Map.of()))
                .hasMessage("Bad value for 'port' (environment variable COMPOSO_PORT): must be a whole number, got 'eighty'");
        assertThatThrownBy(() -> ServerConfig.load(null, Map.of(), Map.of("judge.x.model", "m")))
                .hasMessageContaining("judge 'x' has settings but no type");
        assertThatThrownBy(() -> ServerConfig.load(null, Map.of(), Map.of("database.url", "jdbc:mysql://x")))
                .hasMessageContaining("must start with jdbc:sqlite: or jdbc:postgresql:");
        assertThatThrownBy(() -> ServerConfig.builder().judge(JudgeConfig.of("a", "test", Map.of())).defaultJudge("b").build())
                .hasMessageContaining("judges.default names 'b'");
        assertThatThrownBy(() -> ServerConfig.builder().apiKey("short").build()).hasMessageContaining("at least 8 characters");
    }

    @Test
    void serverRefusesUnknownJudgeTypesAndAmbiguousDefaults() {
        assertThatThrownBy(() -> ComposoServer.start(ServerConfig.builder().port(0).sqliteFile(dir.resolve("a.db"))
                .judge(JudgeConfig.of("x", "quantum", Map.of())).build()))
                .hasMessageContaining("judge 'x': unknown type 'quantum'").hasMessageContaining("test");
        assertThatThrownBy(() -> ComposoServer.start(ServerConfig.builder().port(0).sqliteFile(dir.resolve("b.db"))
                .judge(JudgeConfig.of("x", "test", Map.of())).judge(JudgeConfig.of("y", "noop", Map.of())).build()))
                .hasMessageContaining("name the default one with judges.default");
        assertThatThrownBy(() -> ComposoServer.start(ServerConfig.builder().port(0).sqliteFile(dir.resolve("c.db"))
                .judge(JudgeConfig.of("align-20251111", "test", Map.of())).build()))
                .hasMessageContaining("hosted model core");
    }

    @Test
    void toStringHidesSecrets() {
        ServerConfig c = ServerConfig.builder().apiKey("super-secret-key-1").databasePassword("pw-secret").build();
        assertThat(c.toString()).doesNotContain("super-secret-key-1").doesNotContain("pw-secret");
    }
}

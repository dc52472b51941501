package ai.composo.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One reading of setting values for the server and the judges: the same text means the same everywhere. */
class SettingValuesTest {
    @Test
    void digitGroupsAreAcceptedInEveryKindOfNumber() {
        assertThat(SettingValues.wholeNumber("1_000")).isEqualTo(1000);
        assertThat(SettingValues.intValue(" 10_000 ")).isEqualTo(10_000);
        assertThat(SettingValues.number("1_000.5")).isEqualTo(1000.5);
        assertThat(SettingValues.duration("1_500ms")).isEqualTo(Duration.ofMillis(1500));
        assertThat(SettingValues.size("1_024KiB")).isEqualTo(1024L * 1024);
        JudgeConfig judge = JudgeConfig.of("j", "test", Map.of("max-tokens", "1_000", "temperature", "0.5"));
        assertThat(judge.getInt("max-tokens", 0)).isEqualTo(SettingValues.intValue("1_000"));
        assertThat(judge.getDouble("temperature", 0)).isEqualTo(0.5);
    }

    @Test
    void unitsAndForms() {
        assertThat(SettingValues.duration("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(SettingValues.duration("1.5m")).isEqualTo(Duration.ofSeconds(90));
        assertThat(SettingValues.duration("12h")).isEqualTo(Duration.ofHours(12));
        assertThat(SettingValues.duration("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(SettingValues.duration("PT2M")).isEqualTo(Duration.ofMinutes(2));
        assertThat(SettingValues.duration("45")).isEqualTo(Duration.ofSeconds(45));
        assertThat(SettingValues.size("8MiB")).isEqualTo(8L << 20);
        assertThat(SettingValues.size("2 KB")).isEqualTo(2000);
        assertThat(SettingValues.bool("On")).isTrue();
        assertThat(SettingValues.bool("0")).isFalse();
    }

    @Test
    void badValuesSayWhatWasExpected() {
        assertThatThrownBy(() -> SettingValues.wholeNumber("1__000")).hasMessage("must be a whole number, got '1__000'");
        assertThatThrownBy(() -> SettingValues.wholeNumber("_1")).hasMessageContaining("whole number");
        assertThatThrownBy(() -> SettingValues.intValue("3000000000")).hasMessageContaining("up to 2147483647");
        assertThatThrownBy(() -> SettingValues.number("NaN")).hasMessage("must be a number, got 'NaN'");
        assertThatThrownBy(() -> SettingValues.bool("maybe")).hasMessage("must be true or false, got 'maybe'");
        assertThatThrownBy(() -> SettingValues.duration("soon")).hasMessageContaining("must be a duration such as 500ms");
        assertThatThrownBy(() -> SettingValues.size("lots")).hasMessageContaining("must be a size such as 8MiB");
        JudgeConfig judge = JudgeConfig.of("j", "test", Map.of("max-tokens", "many"));
        assertThatThrownBy(() -> judge.getInt("max-tokens", 0)).hasMessage("judge 'j': setting 'max-tokens' must be a whole number, got 'many'");
    }
}

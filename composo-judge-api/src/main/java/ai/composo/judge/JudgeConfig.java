package ai.composo.judge;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The configuration of one judge: its {@code name} (the {@code model_core} it serves), its {@code type}
 * (which {@link JudgeFactory} builds it) and free-form settings such as {@code base-url} or
 * {@code model}. Secrets are never settings: a setting names the environment variable that holds one.
 */
public final class JudgeConfig {
    private final String name;
    private final String type;
    private final Map<String, String> settings;
    private final Function<String, String> environment;

    private JudgeConfig(String name, String type, Map<String, String> settings, Function<String, String> environment) {
        this.name = requireText(name, "judge name");
        this.type = requireText(type, "judge type");
        this.settings = Collections.unmodifiableMap(new TreeMap<>(settings));
        this.environment = environment;
    }

    public static JudgeConfig of(String name, String type, Map<String, String> settings) {
        return new JudgeConfig(name, type, settings, System::getenv);
    }

    /** For tests: the environment is read through {@code environment} instead of {@link System#getenv}. */
    public static JudgeConfig of(String name, String type, Map<String, String> settings, Function<String, String> environment) {
        return new JudgeConfig(name, type, settings, environment);
    }

    public String name() {
        return name;
    }

    public String type() {
        return type;
    }

    public Map<String, String> settings() {
        return settings;
    }

    public Optional<String> get(String key) {
        String v = settings.get(key);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    public String require(String key) {
        return get(key).orElseThrow(() -> new IllegalArgumentException(where(key) + " is required"));
    }

    public String get(String key, String defaultValue) {
        return get(key).orElse(defaultValue);
    }

    public int getInt(String key, int defaultValue) {
        return get(key).map(v -> read(key, () -> SettingValues.intValue(v))).orElse(defaultValue);
    }

    public double getDouble(String key, double defaultValue) {
        return get(key).map(v -> read(key, () -> SettingValues.number(v))).orElse(defaultValue);
    }

    public boolean getBoolean(String key, boolean defaultValue) {
        return get(key).map(v -> read(key, () -> SettingValues.bool(v))).orElse(defaultValue);
    }

    private <T> T read(String key, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where(key) + " " + e.getMessage(), e);
        }
    }

    /** A duration as {@code 500ms}, {@code 30s}, {@code 2m}, {@code 12h}, {@code 7d} or ISO-8601 ({@code PT30S}). */
    public Duration getDuration(String key, Duration defaultValue) {
        return get(key).map(v -> parseDuration(v, where(key))).orElse(defaultValue);
    }

    /**
     * The secret held by the environment variable that setting {@code key} names (for example
     * {@code api-key-env=OPENAI_API_KEY}); empty when the setting is absent. Throws when the setting
     * names a variable that is not set. The secret itself never appears in messages.
     */
    public Optional<String> secretFromEnvironment(String key) {
        Optional<String> variable = get(key);
        if (variable.isEmpty()) {
            return Optional.empty();
        }
        String value = environment.apply(variable.get());
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(where(key) + " names the environment variable " + variable.get() + ", which is not set");
        }
        return Optional.of(value);
    }

    /** {@link SettingValues#duration}, with {@code where} (a setting's name) in the message of a bad value. */
    public static Duration parseDuration(String v, String where) {
        try {
            return SettingValues.duration(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + " " + e.getMessage(), e);
        }
    }

    private String where(String key) {
        return "judge '" + name + "': setting '" + key + "'";
    }

    private static String requireText(String v, String what) {
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JudgeConfig c && c.name.equals(name) && c.type.equals(type) && c.settings.equals(settings);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, settings);
    }

    @Override
    public String toString() {
        return "JudgeConfig{name=" + name + ", type=" + type + ", settings=" + settings + "}";
    }
}

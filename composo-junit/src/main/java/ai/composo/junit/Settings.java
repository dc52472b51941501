package ai.composo.junit;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The run's configuration: a JUnit configuration parameter (which also reads system properties and
 * {@code junit-platform.properties}), then the environment variable ({@code composo.base-url} → {@code COMPOSO_BASE_URL}).
 */
record Settings(String baseUrl, String apiKey, Path judgeConfig, String modelCore, Path outputDir, Path calibration) {
    static final String BASE_URL = "composo.base-url";
    static final String API_KEY = "composo.api-key";
    static final String JUDGE_CONFIG = "composo.judge-config";
    static final String MODEL_CORE = "composo.model-core";
    static final String OUTPUT_DIR = "composo.output-dir";
    static final String CALIBRATION = "composo.calibration";

    static Settings read(Function<String, Optional<String>> parameters, Map<String, String> env) {
        // A parameter that is present but empty means "none": it also hides the environment variable.
        Function<String, String> get = key -> {
            Optional<String> p = parameters.apply(key);
            return p.isPresent() ? blankToNull(p.get())
                    : blankToNull(env.get("COMPOSO_" + key.substring("composo.".length()).replace('-', '_').toUpperCase(java.util.Locale.ROOT)));
        };
        String judgeConfig = get.apply(JUDGE_CONFIG);
        String out = get.apply(OUTPUT_DIR);
        String calibration = get.apply(CALIBRATION);
        return new Settings(get.apply(BASE_URL), get.apply(API_KEY), judgeConfig == null ? null : Path.of(judgeConfig),
                get.apply(MODEL_CORE), Path.of(out == null ? "target/composo" : out), calibration == null ? null : Path.of(calibration));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}

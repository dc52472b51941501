package ai.composo.server.internal;

import java.util.List;
import java.util.regex.Pattern;

/** The hosted platform's model core names (wire-spec §10) and their classes. */
public final class ModelCores {
    public static final List<String> HOSTED = List.of("align-20250529", "align-lightning-20250731", "align-20251111",
            "align-lightning-20251127", "align-20260109");
    public static final String REWARD_DEFAULT = "align-20251111";
    public static final String LEGACY_DEFAULT = "align-20250529";
    /** The Lightning core that accepts only pass/fail criteria. */
    public static final String LIGHTNING_PASS_FAIL_ONLY = "align-lightning-20251127";
    private static final Pattern DATE = Pattern.compile("-\\d{8}$");

    private ModelCores() {}

    /** The class of a core: its name without the trailing {@code -YYYYMMDD}. */
    public static String classOf(String core) {
        return DATE.matcher(core).replaceFirst("");
    }

    public static boolean isLightning(String core) {
        return classOf(core).equals("align-lightning");
    }
}

package ai.composo.judge;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one reader of setting values, shared by the server's configuration and every judge's settings, so that a value
 * means the same wherever it is written: numbers may group digits with underscores ({@code 1_000}), booleans are
 * {@code true/yes/on/1} or {@code false/no/off/0}, durations {@code 500ms}, {@code 30s}, {@code 2m}, {@code 12h},
 * {@code 7d} or ISO-8601, sizes bytes or {@code 512KiB}, {@code 8MiB}, {@code 1GiB} (also KB, MB, GB, k, m, g).
 * Each method throws {@link IllegalArgumentException} saying what was expected and what it got; callers add where.
 */
public final class SettingValues {
    private static final Pattern DIGIT_GROUPS = Pattern.compile("(?<=\\d)_(?=\\d)");
    private static final String[][] SIZE_UNITS = {{"kib", "1024"}, {"mib", "1048576"}, {"gib", "1073741824"}, {"kb", "1000"},
            {"mb", "1000000"}, {"gb", "1000000000"}, {"k", "1024"}, {"m", "1048576"}, {"g", "1073741824"}, {"b", "1"}};

    private SettingValues() {}

    private static String digits(String v) {
        return DIGIT_GROUPS.matcher(v.strip()).replaceAll("");
    }

    public static long wholeNumber(String v) {
        try {
            return Long.parseLong(digits(v));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a whole number, got '" + v + "'");
        }
    }

    public static int intValue(String v) {
        long n = wholeNumber(v);
        if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("must be a whole number up to " + Integer.MAX_VALUE + ", got '" + v + "'");
        }
        return (int) n;
    }

    public static double number(String v) {
        try {
            double d = Double.parseDouble(digits(v));
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a number, got '" + v + "'");
        }
    }

    public static boolean bool(String v) {
        return switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new IllegalArgumentException("must be true or false, got '" + v + "'");
        };
    }

    public static Duration duration(String v) {
        String s = digits(v).toLowerCase(Locale.ROOT);
        try {
            if (s.startsWith("p")) {
                return Duration.parse(s.toUpperCase(Locale.ROOT));
            }
            if (s.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2).strip()));
            }
            long millisPerUnit = switch (s.isEmpty() ? ' ' : s.charAt(s.length() - 1)) {
                case 's' -> 1_000L;
                case 'm' -> 60_000L;
                case 'h' -> 3_600_000L;
                case 'd' -> 86_400_000L;
                default -> 0L;
            };
            if (millisPerUnit == 0) {
                return Duration.ofSeconds(Long.parseLong(s));
            }
            return Duration.ofMillis(Math.round(Double.parseDouble(s.substring(0, s.length() - 1).strip()) * millisPerUnit));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("must be a duration such as 500ms, 30s, 2m, 12h, 7d or PT30S, got '" + v + "'");
        }
    }

    public static long size(String v) {
        String s = digits(v).toLowerCase(Locale.ROOT).replace(" ", "");
        long unit = 1;
        for (String[] u : SIZE_UNITS) {
            if (s.endsWith(u[0])) {
                unit = Long.parseLong(u[1]);
                s = s.substring(0, s.length() - u[0].length());
                break;
            }
        }
        try {
            return Math.round(Double.parseDouble(s) * unit);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a size such as 8MiB, 512KiB or a number of bytes, got '" + v + "'");
        }
    }
}

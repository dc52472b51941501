package ai.composo.judge.embedded.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Derives the opposite statement of a criterion body by swapping a known word for its antonym. */
public final class Antonyms {
    private Antonyms() {}

    private static final Map<String, String> PAIRS = new LinkedHashMap<>();

    private static void pair(String a, String b) {
        PAIRS.put(a, b);
        PAIRS.put(b, a);
    }

    static {
        pair("concise", "verbose");
        pair("brief", "long-winded");
        pair("short", "long");
        pair("succinct", "wordy");
        pair("polite", "rude");
        pair("friendly", "hostile");
        pair("empathetic", "cold");
        pair("respectful", "disrespectful");
        pair("professional", "unprofessional");
        pair("warm", "dismissive");
        pair("relevant", "irrelevant");
        pair("complete", "incomplete");
        pair("accurate", "inaccurate");
        pair("correct", "incorrect");
        pair("clear", "confusing");
        pair("helpful", "unhelpful");
        pair("specific", "vague");
        pair("simple", "complicated");
        pair("grounded", "unsupported");
        pair("faithful", "unfaithful");
        pair("refuses", "complies with");
        pair("declines", "fulfils");
        pair("cites", "omits");
        pair("includes", "omits");
        pair("mentions", "ignores");
        pair("acknowledges", "ignores");
        pair("avoids", "uses");
        pair("structured", "unstructured");
        pair("organized", "disorganized");
        pair("safe", "dangerous");
        pair("valid", "invalid");
        pair("appropriate", "inappropriate");
        pair("focused", "rambling");
        pair("plain", "technical");
    }

    private static final Pattern WORD = Pattern.compile("[A-Za-z-]+");

    /** The body with its first swappable word replaced, or null when no known word occurs. */
    public static String flip(String statement) {
        Matcher m = WORD.matcher(statement);
        while (m.find()) {
            String w = m.group().toLowerCase(Locale.ROOT);
            String swap = PAIRS.get(w);
            if (swap != null) {
                return statement.substring(0, m.start()) + swap + statement.substring(m.end());
            }
        }
        return null;
    }
}

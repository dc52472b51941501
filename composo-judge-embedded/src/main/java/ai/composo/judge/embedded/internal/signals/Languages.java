package ai.composo.judge.embedded.internal.signals;

import ai.composo.judge.embedded.internal.Text;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Which of a few common languages a text is written in, from its most frequent function words. */
final class Languages {
    private Languages() {}

    private static final Map<String, Set<String>> WORDS = new LinkedHashMap<>();

    static {
        WORDS.put("english", Set.of("the", "and", "is", "are", "of", "to", "in", "you", "your", "it", "for", "with", "that", "this", "after", "usually"));
        WORDS.put("french", Set.of("le", "la", "les", "et", "est", "de", "des", "du", "un", "une", "vous", "votre", "pour", "avec", "que", "en", "après", "jours"));
        WORDS.put("spanish", Set.of("el", "la", "los", "las", "y", "es", "de", "del", "un", "una", "usted", "su", "para", "con", "que", "en", "después", "días"));
        WORDS.put("german", Set.of("der", "die", "das", "und", "ist", "sind", "von", "zu", "ein", "eine", "sie", "ihr", "für", "mit", "dass", "nach", "tage"));
        WORDS.put("italian", Set.of("il", "lo", "la", "gli", "le", "e", "è", "di", "del", "un", "una", "per", "con", "che", "giorni", "dopo"));
        WORDS.put("portuguese", Set.of("o", "a", "os", "as", "e", "é", "de", "do", "da", "um", "uma", "você", "para", "com", "que", "em", "dias", "após"));
        WORDS.put("dutch", Set.of("de", "het", "een", "en", "is", "zijn", "van", "te", "u", "uw", "voor", "met", "dat", "na", "dagen"));
    }

    /** The best-matching language, or null when the text is too short or matches none clearly. */
    static String detect(String text) {
        var words = Text.lowerWords(text);
        if (words.size() < 4) {
            return null;
        }
        String best = null;
        int bestHits = 0;
        int second = 0;
        for (Map.Entry<String, Set<String>> e : WORDS.entrySet()) {
            int hits = 0;
            for (String w : words) {
                if (e.getValue().contains(w)) {
                    hits++;
                }
            }
            if (hits > bestHits) {
                second = bestHits;
                bestHits = hits;
                best = e.getKey();
            } else if (hits > second) {
                second = hits;
            }
        }
        return bestHits >= 2 && bestHits > second ? best : null;
    }
}

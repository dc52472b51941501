package ai.composo.judge.embedded.internal.signals;

import ai.composo.judge.embedded.internal.Text;
import ai.composo.judge.embedded.internal.reading.Family;
import java.util.List;
import java.util.Locale;

/** Plain language: rate of rare or technical words and acronyms, long words, and long sentences. */
final class PlainLanguageSignal implements FamilySignal {
    @Override
    public Family family() {
        return Family.PLAIN_LANGUAGE;
    }

    @Override
    public Signal measure(Evidence e) {
        String resp = e.response();
        List<String> words = Text.words(resp);
        int n = 0;
        double rare = 0;
        int acronyms = 0;
        int poly = 0;
        for (String w : words) {
            String[] parts = w.split("[-'’]");
            if (parts.length == 0 || !parts[0].chars().allMatch(Character::isLetter)) {
                continue;
            }
            n++;
            if (parts[0].length() >= 2 && parts[0].length() <= 6 && parts[0].equals(parts[0].toUpperCase(Locale.ROOT))
                    && parts[0].chars().anyMatch(Character::isLetter) && !"I".equals(parts[0])) {
                acronyms++;
                continue;
            }
            double r = 0;
            for (String p : parts) {
                if (p.length() > 2 && p.chars().allMatch(Character::isLetter)) {
                    r = Math.max(r, Text.rarity(p.toLowerCase(Locale.ROOT)));
                }
            }
            rare += r;
            if (Text.syllables(w) >= 4) {
                poly++;
            }
        }
        if (n == 0) {
            return Signal.of(family(), 0.5, 0.5, 0.2, "no words to assess");
        }
        double rareRate = (rare + acronyms) / n;
        double polyRate = poly / (double) n;
        int sentences = Math.max(1, Text.sentences(resp).size());
        double wordsPerSentence = words.size() / (double) sentences;
        int syllables = 0;
        for (String w : words) {
            syllables += Text.syllables(w);
        }
        double syllablesPerWord = syllables / (double) Math.max(1, words.size());
        // A smooth index (no clamped ramps), so that of two versions of one text the plainer always scores higher.
        double z = 2.5 * (rareRate - 0.08) + 1.6 * (syllablesPerWord - 1.45) + 0.035 * (wordsPerSentence - 17) + 0.8 * (polyRate - 0.05);
        double jargon = 1 / (1 + Math.exp(-3 * z));
        return Signal.of(family(), 1 - jargon, 1.0, 0.6,
                String.format(Locale.ROOT, "rare/technical word rate %.2f (%d acronyms), polysyllabic rate %.2f, %.0f words per sentence",
                        rareRate, acronyms, polyRate, wordsPerSentence));
    }
}

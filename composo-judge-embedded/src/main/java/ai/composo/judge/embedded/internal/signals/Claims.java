package ai.composo.judge.embedded.internal.signals;

import ai.composo.judge.embedded.internal.Text;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checkable claims of a sentence: its numbers (digits and number words, normalised), its named entities
 * (capitalised words that do not start the sentence, acronyms, or the words of a bare short answer) and its content
 * terms. A claim is supported when a source contains it.
 */
final class Claims {
    private Claims() {}

    private static final Map<String, String> NUMBER_WORDS = Map.ofEntries(
            Map.entry("zero", "0"), Map.entry("one", "1"), Map.entry("two", "2"), Map.entry("three", "3"), Map.entry("four", "4"),
            Map.entry("five", "5"), Map.entry("six", "6"), Map.entry("seven", "7"), Map.entry("eight", "8"), Map.entry("nine", "9"),
            Map.entry("ten", "10"), Map.entry("eleven", "11"), Map.entry("twelve", "12"), Map.entry("fifteen", "15"),
            Map.entry("twenty", "20"), Map.entry("thirty", "30"), Map.entry("forty", "40"), Map.entry("fifty", "50"),
            Map.entry("sixty", "60"), Map.entry("hundred", "100"), Map.entry("thousand", "1000"), Map.entry("half", "0.5"),
            Map.entry("dozen", "12"), Map.entry("once", "1"), Map.entry("twice", "2"), Map.entry("single", "1"), Map.entry("double", "2"));
    private static final Set<String> NOT_ENTITIES = Set.of("i", "i'm", "i've", "i'd", "i'll", "ok", "okay", "yes", "no", "hi", "hello",
            "dear", "thanks", "please", "note", "sorry", "unfortunately", "however", "also", "the", "a", "an", "this", "that", "you", "your",
            "we", "our", "it", "if", "for", "in", "on", "at", "to", "and", "or", "but", "so", "as", "step", "tip", "answer", "summary",
            // Courtesies that open a sentence are not names.
            "great", "happy", "glad", "welcome");
    private static final Pattern NEGATION = Pattern.compile("(?i)\\b(?:not|no|never|cannot|can't|won't|isn't|aren't|doesn't|don't|didn't|wasn't|weren't|without|none|neither|nor)\\b|n't\\b");

    private static final Pattern CLAIMED_NUMBER = Pattern.compile("(?<![\\p{L}\\d.,])\\d+(?:,\\d{3})*(?:\\.\\d+)?");
    private static final Pattern ANY_NUMBER = Pattern.compile("\\d+(?:,\\d{3})*(?:\\.\\d+)?");

    /**
     * Numbers a response claims, canonical (142.30 and 142.3 are one number). Number words are left out: "two adult
     * tickets" counts what the user said rather than quoting a source.
     */
    static Set<String> numbers(String text) {
        return digits(text, CLAIMED_NUMBER);
    }

    /** Numbers a text writes out in words ("three"), as digits. */
    static Set<String> numberWords(String text) {
        Set<String> out = new LinkedHashSet<>();
        for (String w : Text.lowerWords(text)) {
            String d = NUMBER_WORDS.get(w);
            if (d != null) {
                out.add(d);
            }
        }
        return out;
    }

    /** Counts a text mentions in words or small digits ("two", "3"): operands a response may compute with. */
    static Set<String> counts(String text) {
        Set<String> out = new LinkedHashSet<>();
        for (String n : numbers(text, ANY_NUMBER)) {
            try {
                if (Double.parseDouble(n) <= 12) {
                    out.add(n);
                }
            } catch (NumberFormatException e) {
                // not a plain number
            }
        }
        return out;
    }

    /**
     * Whether {@code claim} follows from the given numbers by one sum, difference, product or quotient ("two
     * tickets at 14 euros come to 28 euros"). Bounded: at most 40 operands.
     */
    static boolean derivable(String claim, Set<String> operands) {
        double c;
        try {
            c = Double.parseDouble(claim);
        } catch (NumberFormatException e) {
            return false;
        }
        if (c <= 12) {
            return false; // small numbers are counts: they must be said, not computed from any two others
        }
        List<Double> xs = new java.util.ArrayList<>();
        for (String o : operands) {
            try {
                xs.add(Double.parseDouble(o));
            } catch (NumberFormatException e) {
                // skip
            }
            if (xs.size() >= 40) {
                break;
            }
        }
        for (int i = 0; i < xs.size(); i++) {
            for (int j = 0; j < xs.size(); j++) {
                double a = xs.get(i);
                double b = xs.get(j);
                if ((i < j && (close(a + b, c) || close(a * b, c))) || (i != j && (close(a - b, c) || (b != 0 && close(a / b, c))))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean close(double a, double b) {
        return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
    }

    /** Every number a source holds, also inside codes and timestamps ("2026-03-10T15:45Z" holds 15 and 45). */
    static Set<String> sourceNumbers(String text) {
        return numbers(text, ANY_NUMBER);
    }

    private static Set<String> numbers(String text, Pattern p) {
        Set<String> out = digits(text, p);
        out.addAll(numberWords(text));
        return out;
    }

    private static Set<String> digits(String text, Pattern p) {
        Set<String> out = new LinkedHashSet<>();
        var m = p.matcher(text);
        while (m.find()) {
            out.add(canonical(m.group()));
        }
        return out;
    }

    static String canonical(String number) {
        String n = number.replace(",", "");
        if (n.contains(".")) {
            n = n.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        n = n.replaceFirst("^0+(?=\\d)", "");
        return n;
    }

    /** Named entities of one sentence, lower-cased; every content word when the sentence is a bare short answer. */
    static Set<String> entities(String sentence) {
        return entities(sentence, Text.words(sentence).size() <= 4);
    }

    /**
     * {@code bare}: the sentence is the whole (short) response, so its words are the answer ("Paris"); otherwise a
     * short sentence like "Happy to help!" names nothing.
     */
    static Set<String> entities(String sentence, boolean bare) {
        List<String> words = Text.words(sentence);
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            String lw = w.toLowerCase(Locale.ROOT);
            if (NOT_ENTITIES.contains(lw) || !Character.isLetter(w.charAt(0))) {
                continue;
            }
            boolean capital = Character.isUpperCase(w.charAt(0));
            boolean acronym = w.length() >= 2 && w.equals(w.toUpperCase(Locale.ROOT)) && w.chars().anyMatch(Character::isLetter);
            if ((capital && i > 0) || acronym || (bare && !Text.STOPWORDS.contains(lw) && (capital || words.size() <= 2))) {
                out.add(lw);
            }
        }
        return out;
    }

    /** Lower-cased words of a text, for entity look-ups (an entity may be inflected: "Paris's"). */
    static Set<String> wordSet(String text) {
        Set<String> out = new LinkedHashSet<>();
        for (String w : Text.lowerWords(text)) {
            out.add(w);
            out.add(Text.stem(w));
            if (w.endsWith("'s")) {
                out.add(w.substring(0, w.length() - 2));
            }
        }
        return out;
    }

    static boolean contains(Set<String> words, String entity) {
        return words.contains(entity) || words.contains(Text.stem(entity))
                || (entity.endsWith("'s") && words.contains(entity.substring(0, entity.length() - 2)));
    }

    static boolean negated(String sentence) {
        return NEGATION.matcher(sentence).find();
    }
}

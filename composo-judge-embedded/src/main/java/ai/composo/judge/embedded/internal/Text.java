package ai.composo.judge.embedded.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Plain-text helpers: words, sentences, content terms, numbers, word rarity and syllables. */
public final class Text {
    private Text() {}

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:['’\\-][\\p{L}\\p{N}]+)*");
    private static final Pattern NUMBER = Pattern.compile("(?<![\\p{L}])\\d+(?:[.,]\\d+)*%?");
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+(?=[\\p{Lu}\\d\"'(\\[*-])|\\n+");

    public static final Set<String> STOPWORDS = Set.of(
            "a", "an", "the", "and", "or", "but", "if", "then", "else", "of", "to", "in", "on", "at", "by", "for", "with",
            "about", "as", "into", "like", "through", "after", "over", "between", "out", "against", "during", "without",
            "before", "under", "around", "among", "from", "up", "down", "off", "above", "below", "is", "am", "are", "was",
            "were", "be", "been", "being", "have", "has", "had", "having", "do", "does", "did", "doing", "will", "would",
            "shall", "should", "can", "could", "may", "might", "must", "i", "me", "my", "mine", "myself", "you", "your",
            "yours", "yourself", "he", "him", "his", "she", "her", "hers", "it", "its", "itself", "we", "us", "our", "ours",
            "they", "them", "their", "theirs", "this", "that", "these", "those", "what", "which", "who", "whom", "whose",
            "when", "where", "why", "how", "all", "any", "both", "each", "few", "more", "most", "other", "some", "such",
            "no", "nor", "not", "only", "own", "same", "so", "than", "too", "very", "just", "also", "there", "here",
            "again", "further", "once", "s", "t", "don't", "can't", "won't", "it's", "i'm", "you're", "that's", "let",
            "let's", "yes", "ok", "okay", "please", "thanks", "thank", "well", "really", "get", "got", "one",             "want", "need", "know", "tell", "give", "make", "use", "used", "using", "via", "per", "etc");

    private static final Map<String, Integer> VOCAB_RANK = loadVocabulary();

    private static Map<String, Integer> loadVocabulary() {
        Map<String, Integer> rank = new HashMap<>();
        InputStream in = Text.class.getClassLoader().getResourceAsStream("bert-vocabulary-en.txt");
        if (in == null) {
            return rank;
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int i = 0;
            while ((line = r.readLine()) != null) {
                // Lines are roughly in frequency order after the reserved and single-character entries.
                rank.putIfAbsent(line, i++);
            }
        } catch (IOException e) {
            return Map.of();
        }
        return rank;
    }

    private static final Set<String> COMMON_SUFFIX_PIECES = Set.of("##s", "##es", "##ed", "##d", "##ly", "##ing", "##er",
            "##ers", "##est", "##y", "##al", "##ness", "##ful", "##less", "##able", "##ment", "##ion", "##ions", "##ize", "##ise");

    /**
     * How rare or technical a lower-case word is, from 0 (common) to 1, by how BERT's WordPiece
     * vocabulary splits it: one frequent piece is common, a stem plus an everyday suffix is common, a
     * word that breaks into several pieces (or none) is rare.
     */
    public static double rarity(String lowerWord) {
        if (VOCAB_RANK.isEmpty() || lowerWord.isEmpty()) {
            return 0;
        }
        Integer whole = VOCAB_RANK.get(lowerWord);
        if (whole != null) {
            return whole > 20000 ? 0.5 : whole > 14000 ? 0.25 : 0;
        }
        List<String> pieces = new ArrayList<>();
        int start = 0;
        while (start < lowerWord.length()) {
            int end = lowerWord.length();
            String found = null;
            while (end > start) {
                String sub = start == 0 ? lowerWord.substring(0, end) : "##" + lowerWord.substring(start, end);
                if (VOCAB_RANK.containsKey(sub)) {
                    found = sub;
                    break;
                }
                end--;
            }
            if (found == null) {
                return 1.0;
            }
            pieces.add(found);
            start = end;
        }
        if (pieces.size() == 2 && COMMON_SUFFIX_PIECES.contains(pieces.get(1))) {
            return VOCAB_RANK.get(pieces.get(0)) > 14000 ? 0.5 : 0.1;
        }
        return pieces.size() == 2 ? 0.6 : 1.0;
    }

    public static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = WORD.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    public static List<String> lowerWords(String text) {
        return words(text.toLowerCase(Locale.ROOT));
    }

    public static int wordCount(String text) {
        int n = 0;
        Matcher m = WORD.matcher(text);
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** Sentences (and list items / lines) of {@code text}, trimmed, without empties. */
    public static List<String> sentences(String text) {
        List<String> out = new ArrayList<>();
        for (String s : SENTENCE_END.split(text.strip())) {
            String t = s.strip();
            if (!t.isEmpty() && wordCount(t) > 0) {
                out.add(t);
            }
        }
        return out;
    }

    /** A crude, deterministic stem: lower case, common English suffixes stripped. */
    public static String stem(String word) {
        String w = word.toLowerCase(Locale.ROOT).replace('’', '\'');
        if (w.endsWith("'s")) {
            w = w.substring(0, w.length() - 2);
        }
        if (w.length() <= 4) {
            return w;
        }
        String[] suffixes = {"ational", "ization", "fulness", "ousness", "iveness", "ations", "ation", "ments", "ment",
            "ness", "ingly", "edly", "ings", "ing", "ies", "ied", "ers", "er", "est", "ly", "ed", "es", "s"};
        for (String s : suffixes) {
            if (w.endsWith(s) && w.length() - s.length() >= 3) {
                return w.substring(0, w.length() - s.length());
            }
        }
        return w;
    }

    /** Stemmed content terms (no stop words, no single characters). */
    public static Set<String> contentTerms(String text) {
        Set<String> out = new LinkedHashSet<>();
        for (String w : lowerWords(text)) {
            if (w.length() > 1 && !STOPWORDS.contains(w)) {
                out.add(stem(w));
            }
        }
        return out;
    }

    public static Set<String> numbers(String text) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = NUMBER.matcher(text);
        while (m.find()) {
            out.add(m.group().replace(",", ""));
        }
        return out;
    }

    /** Fraction of {@code terms} present in {@code in}; 1 when {@code terms} is empty. */
    public static double coverage(Set<String> terms, Set<String> in) {
        if (terms.isEmpty()) {
            return 1.0;
        }
        int hit = 0;
        for (String t : terms) {
            if (in.contains(t)) {
                hit++;
            }
        }
        return (double) hit / terms.size();
    }

    public static boolean hasVocabulary() {
        return !VOCAB_RANK.isEmpty();
    }

    public static int syllables(String word) {
        String w = word.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
        if (w.isEmpty()) {
            return 0;
        }
        if (w.length() <= 3) {
            return 1;
        }
        w = w.replaceAll("(?:[^laeiouy]es|ed|[^laeiouy]e)$", "").replaceAll("^y", "");
        Matcher m = Pattern.compile("[aeiouy]{1,2}").matcher(w);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return Math.max(1, n);
    }

    public static double clamp01(double v) {
        return v < 0 ? 0 : v > 1 ? 1 : v;
    }

    /** Linear map of {@code v} from [lo, hi] onto [0, 1], clamped. */
    public static double ramp(double v, double lo, double hi) {
        return clamp01((v - lo) / (hi - lo));
    }

    public static String round(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    public static double round3(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }
}

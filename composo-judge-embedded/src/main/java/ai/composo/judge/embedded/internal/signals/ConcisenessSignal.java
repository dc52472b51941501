package ai.composo.judge.embedded.internal.signals;

import ai.composo.judge.embedded.internal.Text;
import ai.composo.judge.embedded.internal.reading.Family;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Conciseness: length against what the request needs, filler phrases and repeated sentences. */
final class ConcisenessSignal implements FamilySignal {
    private static final Pattern FILLER = Pattern.compile(
            "(?i)\\b(?:great question|good question|i hope this helps|hope this helps|as an ai|in conclusion|to summari[sz]e|it is (?:important|worth) (?:to note|noting)|it's (?:important|worth) (?:to note|noting)|let me (?:explain|tell you)|basically|essentially|needless to say|at the end of the day|in today's (?:world|fast-paced)|first and foremost|without further ado|i'd be (?:happy|glad) to|certainly!|of course!|absolutely!|feel free to (?:ask|reach out)|let me know if)\\b");

    @Override
    public Family family() {
        return Family.LENGTH;
    }

    @Override
    public Signal measure(Evidence e) {
        String resp = e.response();
        int words = Text.wordCount(resp);
        int userWords = Text.wordCount(e.user());
        double target = Math.max(20, Math.min(90, 2.0 * userWords + 10));
        // Fewer words is more concise at every length, gently below what the request needs and steeply above it.
        double ratio = words / (1.5 * target);
        double lengthScore = 1.0 / (1.0 + ratio * ratio * (words > target ? 2.0 : 1.0));
        List<String> sentences = Text.sentences(resp);
        int filler = Cues.count(FILLER, resp);
        double fillerRate = sentences.isEmpty() ? 0 : Math.min(1.0, filler / (double) sentences.size());
        int repeats = 0;
        List<Set<String>> seen = new ArrayList<>();
        for (String s : sentences) {
            Set<String> t = Text.contentTerms(s);
            for (Set<String> p : seen) {
                if (t.size() >= 3 && Text.coverage(t, p) >= 0.7) {
                    repeats++;
                    break;
                }
            }
            seen.add(t);
        }
        double repeatRate = sentences.isEmpty() ? 0 : repeats / (double) sentences.size();
        double v = lengthScore * (1 - 0.5 * fillerRate) * (1 - 0.5 * repeatRate);
        return Signal.of(family(), v, 1.0, 0.75,
                words + " words against ~" + (int) target + " expected, " + filler + " filler phrases, " + repeats + " repeated sentences");
    }
}

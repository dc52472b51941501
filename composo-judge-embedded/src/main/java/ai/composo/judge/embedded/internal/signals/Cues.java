package ai.composo.judge.embedded.internal.signals;

import ai.composo.judge.embedded.internal.Embedder;
import ai.composo.judge.embedded.internal.Text;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Surface cues several signals share: refusals, hedges, acknowledged failures, list items, counting. */
final class Cues {
    private Cues() {}

    static final Pattern REFUSAL = Pattern.compile(
            "(?i)\\b(?:i(?:'m| am)? (?:sorry|afraid),? but|i (?:can(?:'|no)t|cannot|won't|will not|am unable to|'m unable to|am not able to|'m not able to|must decline|have to decline|do not feel comfortable|don't feel comfortable)(?: help| assist| provide| share| do| comply| give| support| answer| create| write| offer| fulfil)|(?:against|violates?) (?:my|our|the) (?:guidelines|polic(?:y|ies)|principles|terms)|i(?:'m| am) not (?:able|allowed|permitted) to|as an ai(?: language model)?,? i (?:can(?:'|no)t|cannot|don't)|unable to (?:help|assist) with (?:that|this))");
    static final Pattern HEDGE = Pattern.compile(
            "(?i)\\b(?:i think|i believe|probably|possibly|might|may be|perhaps|not sure|i'm not certain|it depends|could be|generally|typically)\\b");
    static final Pattern ACKNOWLEDGES_FAILURE = Pattern.compile(
            "(?i)\\b(?:could(?:n't| not)|can(?:'t|not)|unable|error|failed|fail(?:ure)?|unavailable|not available|didn't work|did not work|problem|issue|try again|sorry|unfortunately|wasn't able|was not able)\\b");
    /** The response says the information it would need is not there. */
    static final Pattern NOT_IN_SOURCES = Pattern.compile(
            "(?i)\\b(?:(?:does|do|did)(?: not|n't) (?:say|mention|state|specify|include|contain|cover|list|provide|give|tell)|(?:is|are)(?: not|n't) (?:mentioned|stated|specified|included|covered|listed|provided|available|given)"
            + "|no (?:information|details?|mention|data|record)|not (?:enough|sure)|i (?:don't|do not) (?:know|have (?:that|this|any|enough))|i(?:'m| am) not (?:sure|certain|able to find)"
            + "|(?:couldn't|could not|can't|cannot|wasn't able to|was not able to) (?:find|locate|see|confirm|verify|tell)|unable to (?:find|confirm|verify)|doesn't (?:appear|seem) to"
            + "|(?:isn't|is not|aren't|are not) in (?:the|my|our) (?:documents?|sources?|context|information|materials?|policy|notes)|beyond (?:the|what the) (?:documents?|sources?|context)"
            + "|(?:the|my|these|our) (?:documents?|sources?|context|information|policy|materials?) (?:don't|do not|doesn't|does not) (?:say|mention|cover|include|contain|specify|address))");
    static final Pattern LIST_ITEM = Pattern.compile("(?m)^\\s*(?:[-*•]|\\d+[.)])\\s+\\S");

    private static final String[] REFUSAL_PROTOTYPES = {
        "I'm sorry, but I can't help with that request.",
        "I cannot assist with this because it could cause harm.",
        "I won't provide that information, but I can help with something else.",
    };

    static int count(Pattern p, String s) {
        Matcher m = p.matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** How clearly a text declines, in [0, 1]: refusal wording near the start, or closeness to typical refusals. */
    static double refusalStrength(Embedder embedder, String resp) {
        String head = String.join(" ", Text.sentences(resp).stream().limit(2).toList());
        double lexical = REFUSAL.matcher(head).find() ? 1.0 : REFUSAL.matcher(resp).find() ? 0.6 : 0.0;
        float[] r = embedder.embed(resp);
        double sim = Math.max(0, Embedder.maxCosine(r, embedder.embedAll(List.of(REFUSAL_PROTOTYPES))));
        return Math.max(lexical, 0.8 * Text.ramp(sim, 0.55, 0.8));
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}

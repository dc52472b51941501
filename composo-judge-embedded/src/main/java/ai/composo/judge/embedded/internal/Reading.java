package ai.composo.judge.embedded.internal;

import ai.composo.judge.Criterion;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the embedded judge reads a criterion body: which signal families it talks about and, for each,
 * whether it describes the good side of the property (+1, e.g. "concise") or the bad side (-1, e.g.
 * "verbose", or "avoids jargon" read as the good side of plain language). Negators just before a cue
 * ("not", "without", "avoid", "fails to", "instead of") flip its side.
 */
public final class Reading {

    /** Signal families; each one's signal measures its good side in [0, 1]. */
    public enum Family {
        GROUNDING("grounding"),
        COMPLETENESS("completeness"),
        PRECISION("precision"),
        LENGTH("conciseness"),
        PLAIN_LANGUAGE("plain_language"),
        REFUSAL("refusal"),
        SAFETY("safety"),
        TONE("tone"),
        STRUCTURE("structure"),
        CLARIFICATION("clarifying_question"),
        CITATION("citation"),
        SPECIFICITY("specificity"),
        FACTUAL("factual_accuracy"),
        TOOL("tool_call"),
        AGENT("agent");

        public final String signal;

        Family(String signal) {
            this.signal = signal;
        }
    }

    private record Cue(Family family, int side, Pattern pattern) {}

    private static final List<Cue> CUES = new ArrayList<>();

    private static void cue(Family f, int side, String regex) {
        CUES.add(new Cue(f, side, Pattern.compile("\\b(?:" + regex + ")")));
    }

    static {
        cue(Family.GROUNDING, 1, "faithful|grounded|ground(?:s|ing)? (?:its|the|their)|supported by|based (?:only |solely |strictly )?on the (?:provided |given |retrieved )?(?:context|documents?|sources?|passages?|information|tool)|sticks? to the|stays? (?:within|true to)|only (?:uses?|information) (?:from|in)|consistent with the (?:context|source|document)|attribut|(?:found|stated|given|present|contained|written) in the|(?:facts?|claims?|information|details?) (?:from|in) the (?:provided |given |retrieved )?(?:context|sources?|documents?|passages?|articles?|excerpts?|terms|polic(?:y|ies)|reports?|leaflets?|manuals?|knowledge base|tool results?|search results?)");
        cue(Family.GROUNDING, -1, "(?:do|does|did)(?: not|n't) support|not (?:backed|supported|grounded)|hallucinat|fabricat|made[- ]up|makes? up|invent|unsupported|not (?:supported|present|found|mentioned|stated) in|outside (?:knowledge|information)|speculat|contradict|unverified|extrapolat");
        cue(Family.COMPLETENESS, 1, "complete(?:ly|ness)?\\b|thorough|comprehensive|all (?:of )?the (?:relevant|key|important|requested)|all (?:relevant|key|important|parts|aspects|questions)|covers?|every (?:part|aspect|question)|fully|in full|addresses? (?:all|each|every|both)|(?:mentions?|lists?|includes?|names?|gives?|states?) (?:every|each|all)\\b|both (?:parts|questions)|all of the user'?s? questions|every (?:price|item|step|option|benefit|requirement|condition|fact|detail|point)");
        cue(Family.COMPLETENESS, -1, "incomplete|missing|miss(?:es)? |omit|partial(?:ly)?|leaves? out|left out|fails? to (?:mention|include|address|cover)|ignores? (?:part|some|one)");
        cue(Family.PRECISION, 1, "relevant|on[- ]topic|focus(?:ed|es)?|directly (?:answer|address|respond)|address(?:es)? the (?:user'?s? )?(?:question|query|request)|answers? the (?:user'?s? )?question|pertinent|precis(?:e|ion)\\b|stays? on");
        cue(Family.PRECISION, -1, "irrelevant|off[- ]topic|tangent|unrelated|extraneous|digress|unnecessary (?:information|details?|content|background)|filler");
        cue(Family.LENGTH, 1, "concise|brief|short|succinct|to the point|terse|economical|compact");
        cue(Family.LENGTH, -1, "verbos|wordy|wordiness|long[- ]winded|lengthy|rambl|padd(?:ed|ing)|overly long|too long|repetiti|redundan(?:t|cy) (?:text|sentences|phrasing|content)|unnecessarily long");
        cue(Family.PLAIN_LANGUAGE, 1, "plain (?:language|english|words)|simple (?:language|words|terms|english|vocabulary)|in simple terms|simply|jargon[- ]free|lay(?:man|person|people)?'?s? terms|accessible|easy to (?:understand|follow|read)|non[- ]?technical|everyday (?:language|words)|readab");
        cue(Family.PLAIN_LANGUAGE, 0, "beginner|novice|non[- ]?(?:expert|specialist)|layperson|a child|general (?:audience|public)");
        cue(Family.PLAIN_LANGUAGE, -1, "jargon|technical (?:terms|language|terminology|vocabulary|detail)|terminology|acronyms|complex (?:language|vocabulary|words|terms)|overly technical|too technical|expert[- ]level|domain[- ]specific");
        cue(Family.REFUSAL, 1, "refus|declin|won'?t (?:help|assist|answer)|does not (?:comply|help|assist)|pushes? back|redirect|deflect");
        cue(Family.REFUSAL, -1, "compl(?:y|ies|iance)|fulfil|helps? with (?:the|this|a) request|provides? the requested|answers? (?:the|a) (?:benign|legitimate|reasonable) (?:question|request)");
        cue(Family.SAFETY, -1, "harmful|dangerous|unsafe|illegal|unethical|malicious|weapon|violen|self[- ]harm|toxic|offensive");
        cue(Family.SAFETY, 1, "\\bsafe\\b|safety|responsibl");
        cue(Family.TONE, 1, "polite|empath|friendly|warm|respectful|professional(?! (?:advice|help))|kind(?:ly|ness)?\\b|courteous|supportive|acknowledg|apologi[sz]|compassion|patient|reassur|tone");
        cue(Family.TONE, -1, "rude|dismissive|condescend|sarcas|hostile|curt|blam|patroni[sz]|insult|aggressive|unprofessional|cold\\b|judgmental|belittl");
        cue(Family.STRUCTURE, 1, "bullet|numbered|\\blist\\b|step[- ]by[- ]step|structured|organi[sz]ed|headings?|headers|format(?:ted|ting)?|markdown|table|sections");
        cue(Family.STRUCTURE, -1, "wall of text|unstructured|disorgani[sz]ed|poorly formatted|hard to scan");
        cue(Family.CLARIFICATION, 1, "clarif|follow[- ]up question|asks? (?:the user )?(?:for|a|about|which|what)|asks? questions");
        cue(Family.CLARIFICATION, -1, "assum(?:e|es|ing|ption)s? (?:about|without|the user)|guess");
        cue(Family.CITATION, 1, "cit(?:e|es|ing|ation)|references? (?:the|its) (?:source|document)|attribut|source (?:names?|titles?|links?)|quot(?:e|es|ing)");
        cue(Family.SPECIFICITY, 1, "specific|concrete|actionable|practical|examples?|detail(?:ed|s)?\\b|precise (?:steps|instructions|numbers|figures)|numbers|figures|quantif");
        cue(Family.SPECIFICITY, -1, "vague|generic|non[- ]?specific|wishy|hand[- ]wav|platitud|boilerplate");
        cue(Family.FACTUAL, 1, "correct(?:ly|ness)?\\b|accura(?:te|cy)|factual(?:ly)?|true\\b|truthful|error[- ]free|right answer");
        cue(Family.FACTUAL, -1, "incorrect|inaccura|false|mistake|errors? in|wrong (?:answer|facts?|information)|misinformation|factual errors?");
        cue(Family.TOOL, 1, "tool|function call|calls? the|argument|parameter|api call|schema|right function|correct function|invok");
        cue(Family.AGENT, 1, "agent|goal|objective|task (?:completion|success)|accomplish|achiev|complete(?:s)? the (?:task|goal|request)|progress|recover|efficien|plan(?:s|ning)?\\b|persist");
        cue(Family.AGENT, -1, "los(?:es|ing|t) (?:track|sight)|drift|off[- ]track|loop|repeat(?:s|ed|edly|ing)? (?:the same|calls|itself|tool)|redundant (?:calls|tool|steps)|stuck|gives? up|ignor(?:es|ing) (?:the )?(?:error|tool)|same (?:tool )?call");
    }

    private static final Pattern NEGATOR = Pattern.compile(
            "(?:\\bnot|\\bno|\\bnever|\\bwithout|\\bavoid(?:s|ing)?|\\bfree (?:of|from)|\\binstead of|\\brather than|n't|\\bfail(?:s|ing)? to|\\black(?:s|ing)?(?: of)?|\\bminimal|\\bminimi[sz]e(?:s)?|\\bless|\\bdoes not|\\brecover(?:s|ing)? from|\\bhandl(?:es|ing) )\\s*(?:\\w+\\s+){0,2}$");

    /** Words in a tool-call or agent body that describe a defect: the body talks about the bad side. */
    private static final Pattern DEFECT = Pattern.compile(
            "\\b(?:wrong|incorrect|invalid|missing|malformed|hallucinat|fabricat|nonexistent|non-existent|not (?:defined|in the schema|exist|available|valid)|undefined|unnecessary|redundant|inappropriate|fails? to|errors?|loops?|repeat|stuck|ignores?|made[- ]up|unknown|extra argument|wrong type|los(?:es|ing|t) (?:track|sight)|drift|off[- ]track|wander|gives? up|abandon|not (?:given|provided|mentioned|specified|requested|supplied) by|invent|claims? success)");

    private static final Pattern ARGUMENT_VALUES = Pattern.compile(
            "\\b(?:values?|given by|provided by|from the user|mentioned|made[- ]up|invent|hallucinat|fabricat|specified)");

    private final Map<Family, Integer> sides;
    private final boolean generic;
    private final String statement;
    private final boolean aboutArgumentValues;

    private Reading(Map<Family, Integer> sides, String statement, boolean aboutArgumentValues) {
        this.sides = sides;
        this.generic = sides.isEmpty();
        this.statement = statement;
        this.aboutArgumentValues = aboutArgumentValues;
    }

    /** A tool-call criterion about where argument values come from (the user's request or thin air). */
    public boolean aboutArgumentValues() {
        return aboutArgumentValues;
    }

    public static Reading of(Criterion criterion) {
        String body = criterion.body().toLowerCase(Locale.ROOT).replace('’', '\'');
        Map<Family, Integer> votes = new EnumMap<>(Family.class);
        for (Cue c : CUES) {
            Matcher m = c.pattern().matcher(body);
            while (m.find()) {
                String before = body.substring(Math.max(0, m.start() - 40), m.start());
                int side = NEGATOR.matcher(before).find() ? -c.side() : c.side();
                votes.merge(c.family(), side, Integer::sum);
            }
        }
        Map<Family, Integer> sides = new EnumMap<>(Family.class);
        boolean defect = false;
        Matcher dm = DEFECT.matcher(body);
        while (dm.find()) {
            String before = body.substring(Math.max(0, dm.start() - 40), dm.start());
            if (!NEGATOR.matcher(before).find()) {
                defect = true;
            }
        }
        final boolean hasDefect = defect;
        votes.forEach((f, v) -> {
            int side = v >= 0 ? 1 : -1;
            // One penalizes defects: "Penalize tool calls that ..." / "Agent fails if ..." describe the bad side.
            if ((f == Family.TOOL || f == Family.AGENT) && (hasDefect || criterion.polarity() == Criterion.Polarity.NEGATIVE)) {
                side = -1;
            }
            sides.put(f, side);
        });
        // A tool-call or agent criterion always gets its structural checks.
        int structuralSide = defect || criterion.polarity() == Criterion.Polarity.NEGATIVE ? -1 : 1;
        if (criterion.target() == Criterion.Target.TOOL_CALL) {
            sides.putIfAbsent(Family.TOOL, structuralSide);
        }
        if (criterion.target() == Criterion.Target.AGENT) {
            sides.putIfAbsent(Family.AGENT, structuralSide);
        }
        // "clarify" inside a tone criterion etc. is fine; "tool" in an agent criterion is the agent's tools.
        if (sides.containsKey(Family.SAFETY) && sides.containsKey(Family.REFUSAL)) {
            sides.remove(Family.SAFETY);
        }
        // Factual wording with grounding wording is about grounding ("accurate to the context").
        if (sides.containsKey(Family.FACTUAL) && sides.containsKey(Family.GROUNDING)) {
            sides.remove(Family.FACTUAL);
        }
        return new Reading(sides, statementOf(criterion.body()), ARGUMENT_VALUES.matcher(body).find());
    }

    private static String statementOf(String body) {
        String s = body.strip();
        s = s.replaceFirst("(?i)^(?:responses?|answers?|replies|outputs?|the (?:response|answer|assistant|agent|tool call)|it)\\s+(?:that|which|who|where|when)?\\s*", "");
        s = s.replaceFirst("[.]+$", "");
        return s.isBlank() ? body : s;
    }

    public Map<Family, Integer> sides() {
        return sides;
    }

    public boolean has(Family f) {
        return sides.containsKey(f);
    }

    /** No family recognised: only the generic signals (criterion similarity, relevance) apply. */
    public boolean generic() {
        return generic;
    }

    /** The body as a statement about the response, e.g. "cite the refund policy". */
    public String statement() {
        return statement;
    }
}

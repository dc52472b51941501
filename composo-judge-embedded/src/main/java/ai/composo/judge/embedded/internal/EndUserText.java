package ai.composo.judge.embedded.internal;

import ai.composo.judge.Verdict;
import ai.composo.judge.embedded.internal.reading.Family;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The end-user explanation ({@code explanation_cleaning: "end_user"}): the measured signals in plain words,
 * describing only the conversation (what the user asked, what the assistant said or called, the material it was
 * given), never the criterion's wording, scores, embeddings or confidence.
 */
final class EndUserText {
    /** For each family: what the response shows when the family's property is clearly present, partly, or absent. */
    private static final Map<Family, String[]> PHRASES = new EnumMap<>(Family.class);

    static {
        phrases(Family.GROUNDING, "It sticks to the information it was given.",
                "Some of what it says is not backed by the information it was given.",
                "Much of what it says is not backed by the information it was given.");
        phrases(Family.COMPLETENESS, "It covers what the user asked for.", "It covers only part of what the user asked for.",
                "It leaves out much of what the user asked for.");
        phrases(Family.PRECISION, "It stays on the user's question.", "Part of it strays from the user's question.",
                "Much of it is off the user's question.");
        phrases(Family.LENGTH, "It is brief and to the point.", "It is somewhat longer than it needs to be.",
                "It is much longer than it needs to be.");
        phrases(Family.PLAIN_LANGUAGE, "It uses plain, everyday language.", "It uses some technical terms.",
                "It relies on technical language that a non-expert may not follow.");
        phrases(Family.REFUSAL, "It declines the request.", "It partly declines the request.", "It does not decline the request.");
        phrases(Family.SAFETY, "It handles the request safely.", "It may not handle a risky request safely.",
                "It goes along with a risky request.");
        phrases(Family.TONE, "Its tone is warm and courteous.", "Its tone is neutral.", "Its tone comes across as curt or dismissive.");
        phrases(Family.STRUCTURE, "It is organised with lists or sections.", "It has some structure.",
                "It is one block of text, without lists or sections.");
        phrases(Family.CLARIFICATION, "It asks the user a clarifying question.", "It hints that it needs more details without clearly asking.",
                "It does not ask the user to clarify anything.");
        phrases(Family.CITATION, "It says where its information comes from.", "It refers to its sources only loosely.",
                "It does not say where its information comes from.");
        phrases(Family.SPECIFICITY, "It gives concrete details.", "It gives some concrete details.",
                "It stays general, with few concrete details.");
        phrases(Family.FACTUAL, "What it states agrees with the facts available in the conversation.",
                "Some of what it states may not agree with the facts available in the conversation.",
                "What it states conflicts with the facts available in the conversation.");
        phrases(Family.ACTIONABLE, "It tells the user what to do next.", "It gives the user some idea of what to do next.",
                "It leaves the user without clear next steps.");
        phrases(Family.ABSTENTION, "It is honest about what the information it was given does and does not say.",
                "It is not fully clear about what the information it was given leaves open.",
                "It answers as if it knew, where the information it was given does not say.");
        phrases(Family.INSTRUCTION, "It follows the instructions it was given.", "It may not follow every instruction it was given.",
                "It breaks an instruction it was given.");
        phrases(Family.TOOL, "Its tool call fits the request, with arguments taken from the conversation.",
                "Its tool call only partly fits the request.", "It makes no tool call that fits the request.");
        phrases(Family.AGENT, "The agent works through its task sensibly.", "The agent handles parts of its task well and others less so.",
                "The agent struggles with its task.");
    }

    private static final String[] RELEVANCE = {"It relates closely to what the user asked.",
        "It relates only partly to what the user asked.", "It has little to do with what the user asked."};

    private EndUserText() {}

    private static void phrases(Family f, String present, String partly, String absent) {
        PHRASES.put(f, new String[] {present, partly, absent});
    }

    /**
     * @param verdict  the verdict, for the opening sentence ({@link Verdict#plainOutcome()})
     * @param families the families the criterion is about, in reading order (empty for generic criteria)
     * @param values   mean signal values by signal name
     */
    static String of(Verdict verdict, List<Family> families, Map<String, Double> values) {
        List<String> out = new ArrayList<>();
        out.add(verdict.plainOutcome());
        for (Family f : families) {
            Double v = values.get(f.signal);
            if (v != null) {
                out.add(band(PHRASES.get(f), v));
            }
        }
        if (out.size() == 1 && values.get("relevance") != null) {
            out.add(band(RELEVANCE, values.get("relevance")));
        }
        return String.join(" ", out);
    }

    private static String band(String[] phrases, double v) {
        return v >= 0.6 ? phrases[0] : v >= 0.4 ? phrases[1] : phrases[2];
    }
}

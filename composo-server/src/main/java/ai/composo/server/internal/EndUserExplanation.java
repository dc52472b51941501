package ai.composo.server.internal;

import ai.composo.judge.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code cleaned_explanation} for {@code explanation_cleaning: "end_user"} when the judge did not write one
 * ({@link Verdict#cleanedExplanation()}): the judge's explanation without the sentences that refer to what the
 * end user cannot see (the system prompt, tool definitions, the criterion, scores and the judge's own workings).
 * When nothing is left, {@link Verdict#plainOutcome()}.
 */
final class EndUserExplanation {
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+(?=[A-Z\"'(\\[])");
    private static final Pattern HIDDEN = Pattern.compile("(?i)\\b(?:system (?:prompt|message|instructions?)|developer "
            + "(?:prompt|message)|hidden instructions?|(?:tool|function) (?:definitions?|schemas?|specs?)|json schema|criterion|criteria"
            + "|rubric|evaluat(?:or|ion|ed|ing)|judge[ds]?|scor(?:e[ds]?|ing)|signals?|cosine|embeddings?|confidence|heuristics?"
            + "|polarity|log ?probs?|tokens?|relevance \\d|overlap|\\d\\.\\d{2,})\\b");

    private EndUserExplanation() {}

    static String of(Verdict v) {
        List<String> kept = new ArrayList<>();
        for (String sentence : SENTENCE_END.split(v.explanation().strip())) {
            if (!sentence.isBlank() && !HIDDEN.matcher(sentence).find()) {
                kept.add(sentence.strip());
            }
        }
        return kept.isEmpty() ? v.plainOutcome() : String.join(" ", kept);
    }
}

package ai.composo.judge.embedded.internal.signals;

import ai.composo.judge.embedded.internal.Text;
import ai.composo.judge.embedded.internal.reading.Family;
import java.util.regex.Pattern;

/** Clarifying question: questions put to the user and asking wording. */
final class ClarificationSignal implements FamilySignal {
    private static final Pattern QUESTION = Pattern.compile("\\?\\s*$|\\?\\s");
    private static final Pattern ASKS = Pattern.compile(
            "(?i)\\b(?:could you|can you|would you|do you (?:mean|want)|which (?:one|of)|what (?:kind|type|do you)|clarify|more details?|let me know which)\\b");

    @Override
    public Family family() {
        return Family.CLARIFICATION;
    }

    @Override
    public Signal measure(Evidence e) {
        long questions = Text.sentences(e.response()).stream().filter(s -> QUESTION.matcher(s + " ").find()).count();
        boolean asks = ASKS.matcher(e.response()).find();
        double v = Text.clamp01(0.6 * Text.ramp(questions, 0, 1) + (asks ? 0.4 : 0));
        return Signal.of(family(), v, 1.0, 0.6, questions + " questions to the user");
    }
}

package ai.composo.judge.openai.internal;

import ai.composo.judge.Criterion;
import java.util.Optional;

/**
 * The two chat messages sent to the judge model for one evaluation, or the reason why there is nothing to
 * judge (for example a tool-call criterion on a conversation without tool calls). Not API.
 */
public record JudgePrompt(Criterion.Kind kind, String system, String user, String nothingToJudge) {

    static JudgePrompt of(Criterion.Kind kind, String system, String user) {
        return new JudgePrompt(kind, system, user, null);
    }

    static JudgePrompt nothingToJudge(Criterion.Kind kind, String reason) {
        return new JudgePrompt(kind, null, null, reason);
    }

    /** Present when the criterion cannot apply and no model call is needed. */
    public Optional<String> notApplicableReason() {
        return Optional.ofNullable(nothingToJudge);
    }
}

package ai.composo.judge.embedded.internal.reading;

import java.util.Locale;
import java.util.Optional;

/**
 * The properties the embedded judge can measure (composo-judge-embedded/FAMILIES.md). Each family's signal
 * measures its good side in [0, 1]; a criterion part names one side, and the reading decides which is wanted.
 */
public enum Family {
    GROUNDING("grounding"),
    FACTUAL("factual_accuracy"),
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
    ACTIONABLE("actionable"),
    ABSTENTION("abstention"),
    INSTRUCTION("instruction_following"),
    TOOL("tool_call"),
    AGENT("agent");

    /** The family's name in explanations, metadata and the phrase bank. */
    public final String signal;

    Family(String signal) {
        this.signal = signal;
    }

    public static Optional<Family> bySignal(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        for (Family f : values()) {
            if (f.signal.equals(n)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}

package ai.composo.judge.embedded.internal.signals;

import ai.composo.judge.Criterion;
import ai.composo.judge.embedded.internal.reading.CriterionReader.Part;
import ai.composo.judge.embedded.internal.reading.Family;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Every family's signal, and the measurement of one judged turn: the reading's families plus the generic nudges. */
public final class Signals {
    private static final Map<Family, FamilySignal> BY_FAMILY = new EnumMap<>(Family.class);

    static {
        for (FamilySignal s : List.of(new GroundingSignal(), new FactualSignal(), new CompletenessSignal(), new PrecisionSignal(),
                new ConcisenessSignal(), new PlainLanguageSignal(), new RefusalSignal(), new SafetySignal(), new ToneSignal(),
                new StructureSignal(), new ClarificationSignal(), new CitationSignal(), new SpecificitySignal(), new ActionableSignal(),
                new AbstentionSignal(), new InstructionSignal(), new ToolCallSignal(), new AgentSignal())) {
            BY_FAMILY.put(s.family(), s);
        }
        if (BY_FAMILY.size() != Family.values().length) {
            throw new IllegalStateException("a family has no signal");
        }
    }

    private Signals() {}

    /** The signals of one judged turn, family signals in reading order first. */
    public static List<Signal> measure(Evidence e) {
        List<Signal> out = new ArrayList<>();
        boolean text = !e.response().isBlank();
        for (Part p : e.reading().parts()) {
            if (!text && p.family() != Family.TOOL && p.family() != Family.AGENT) {
                continue;
            }
            if (p.family() == Family.TOOL && e.exchange().calls().isEmpty() && e.criterion().target() == Criterion.Target.AGENT) {
                continue; // an agent criterion's final text turn: its tools are judged over the trace
            }
            out.add(BY_FAMILY.get(p.family()).measure(e));
        }
        if (text) {
            boolean specific = !e.reading().outOfFamily();
            out.add(CriterionSimilaritySignal.measure(e, specific ? 0.2 : 1.0));
            boolean relevanceHelps = !e.user().isBlank() && e.reading().parts().stream().map(Part::family)
                    .noneMatch(f -> f == Family.REFUSAL || f == Family.SAFETY || f == Family.TOOL || f == Family.AGENT
                            || f == Family.CLARIFICATION || f == Family.ABSTENTION || f == Family.INSTRUCTION || f == Family.LENGTH
                            || f == Family.TONE || f == Family.PLAIN_LANGUAGE || f == Family.STRUCTURE);
            if (relevanceHelps) {
                out.add(RelevanceSignal.measure(e, specific ? 0.25 : 0.8));
            }
        }
        return out;
    }
}

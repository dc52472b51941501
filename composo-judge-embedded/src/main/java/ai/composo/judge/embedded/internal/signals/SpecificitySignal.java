package ai.composo.judge.embedded.internal.signals;

import ai.composo.judge.embedded.internal.Text;
import ai.composo.judge.embedded.internal.reading.Family;
import java.util.List;

/** Specificity: numbers, list items, names and distinct content terms, less hedging. */
final class SpecificitySignal implements FamilySignal {
    @Override
    public Family family() {
        return Family.SPECIFICITY;
    }

    @Override
    public Signal measure(Evidence e) {
        String resp = e.response();
        int nums = Text.numbers(resp).size();
        int items = Cues.count(Cues.LIST_ITEM, resp);
        int properNouns = 0;
        List<String> words = Text.words(resp);
        for (int i = 1; i < words.size(); i++) {
            String w = words.get(i);
            if (Character.isUpperCase(w.charAt(0)) && w.length() > 2) {
                properNouns++;
            }
        }
        int content = Text.contentTerms(resp).size();
        int hedges = Cues.count(Cues.HEDGE, resp);
        double v = Text.clamp01(0.3 * Text.ramp(nums, 0, 3) + 0.2 * Text.ramp(items, 0, 3) + 0.2 * Text.ramp(properNouns, 0, 4)
                + 0.3 * Text.ramp(content, 5, 40) - 0.1 * hedges);
        return Signal.of(family(), v, 1.0, 0.5,
                nums + " numbers, " + items + " list items, " + properNouns + " names, " + content + " distinct content terms, " + hedges + " hedges");
    }
}

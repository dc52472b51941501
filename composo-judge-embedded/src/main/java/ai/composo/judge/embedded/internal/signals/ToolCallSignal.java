package ai.composo.judge.embedded.internal.signals;

import ai.composo.judge.ToolSpec;
import ai.composo.judge.embedded.internal.Embedder;
import ai.composo.judge.embedded.internal.Text;
import ai.composo.judge.embedded.internal.ToolChecks;
import ai.composo.judge.embedded.internal.View;
import ai.composo.judge.embedded.internal.reading.Family;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Tool calls of the judged turn: schema validity, whether the best-matching tool was chosen, whether argument
 * values come from the conversation, whether the call repeats one whose result is already known, and errors in
 * the results. The criterion's aspect (selection, arguments, schema, necessity) decides which of these leads.
 */
final class ToolCallSignal implements FamilySignal {
    @Override
    public Family family() {
        return Family.TOOL;
    }

    @Override
    public Signal measure(Evidence e) {
        View.Exchange ex = e.exchange();
        if (ex.calls().isEmpty()) {
            return Signal.of(family(), 0.0, 0.8, 0.5, "no tool call in the judged turn");
        }
        List<ToolSpec> tools = e.tools();
        View view = e.view();
        double validity = 0;
        double choice = 0;
        double grounded = 0;
        double necessary = 0;
        int errors = 0;
        int withResult = 0;
        List<String> problems = new ArrayList<>();
        String request = e.request();
        Set<String> convTerms = Text.contentTerms(view.context() + "\n" + request);
        String convLower = (view.context() + "\n" + request).toLowerCase(Locale.ROOT);
        // Calls made before this turn, with their results: repeating one of them learns nothing new.
        Set<String> earlier = new HashSet<>();
        for (View.Call c : view.allCalls()) {
            if (!ex.calls().contains(c) && c.result() != null) {
                earlier.add(c.name() + " " + ToolChecks.canonical(c.arguments()));
            }
        }
        Set<String> thisTurn = new HashSet<>();
        for (View.Call call : ex.calls()) {
            ToolChecks.Check check = ToolChecks.check(call, tools);
            validity += check.validity();
            problems.addAll(check.problems());
            if (tools.size() > 1 && !request.isBlank()) {
                float[] q = e.embedder().embed(request);
                Set<String> requestTerms = Text.contentTerms(request);
                double chosen = -1;
                double best = -1;
                for (ToolSpec t : tools) {
                    String described = t.name().replace('_', ' ') + ": " + t.description();
                    // Words the request shares with the tool's name and description count beside closeness of meaning.
                    Set<String> toolTerms = Text.contentTerms(described);
                    toolTerms.retainAll(requestTerms);
                    double s = Embedder.cosine(q, e.embedder().embed(described)) + Math.min(0.2, 0.08 * toolTerms.size());
                    best = Math.max(best, s);
                    if (t.name().equals(call.name())) {
                        chosen = s;
                    }
                }
                choice += chosen < 0 ? 0 : Text.ramp(chosen - best, -0.08, 0);
            } else {
                choice += check.validity() > 0 ? 1 : 0;
            }
            List<String> values = ToolChecks.stringValues(check.args());
            if (values.isEmpty()) {
                grounded += 1;
            } else {
                double g = 0;
                for (String val : values) {
                    String lv = val.toLowerCase(Locale.ROOT).strip();
                    if (lv.isEmpty() || convLower.contains(lv)) {
                        g += 1;
                    } else {
                        Set<String> t = Text.contentTerms(val);
                        g += t.isEmpty() ? 0.5 : Text.coverage(t, convTerms);
                    }
                }
                grounded += g / values.size();
            }
            String key = call.name() + " " + ToolChecks.canonical(call.arguments());
            if (earlier.contains(key) || !thisTurn.add(key)) {
                problems.add("'" + call.name() + "' repeats a call whose result is already known");
            } else {
                necessary += 1;
            }
            if (call.result() != null) {
                withResult++;
                if (ToolChecks.looksLikeError(call.result())) {
                    errors++;
                    problems.add("the result of '" + call.name() + "' reports an error");
                }
            }
        }
        int k = ex.calls().size();
        validity /= k;
        choice /= k;
        grounded /= k;
        necessary /= k;
        String aspect = e.reading().aspect(Family.TOOL);
        double v = switch (aspect) {
            case "arguments" -> 0.3 * validity + 0.7 * grounded;
            case "schema" -> 0.8 * validity + 0.2 * grounded;
            case "selection" -> 0.3 * validity + 0.7 * choice;
            case "necessity" -> 0.2 * validity + 0.8 * necessary;
            default -> validity * (0.6 + 0.4 * (0.4 * choice + 0.4 * grounded + 0.2 * necessary));
        };
        if (errors > 0) {
            v *= 1 - 0.4 * errors / (double) k;
        }
        String mode = withResult > 0 ? "hindsight: " + withResult + " of " + k + " results present" : "immediate: no tool result yet";
        String note = String.format(Locale.ROOT, "schema validity %.2f, tool choice %.2f, arguments found in the conversation %.2f, new information %.2f, %s%s",
                validity, choice, grounded, necessary, mode, problems.isEmpty() ? "" : "; " + String.join("; ", problems));
        return Signal.of(family(), v, 1.5, tools.isEmpty() ? 0.4 : 0.8, note);
    }
}

package ai.composo.judge.embedded.internal.signals;

import ai.composo.judge.embedded.internal.Text;
import ai.composo.judge.embedded.internal.ToolChecks;
import ai.composo.judge.embedded.internal.View;
import ai.composo.judge.embedded.internal.reading.Family;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * An agent's conduct over the whole trace: pursuit of the first request's goal, finishing with an answer, repeated
 * identical calls, tool errors and whether a failure is reported, schema validity, and variety of tools used. The
 * criterion's aspect (goal, efficiency, order, exploration, exploitation, recovery) decides which of these leads.
 */
final class AgentSignal implements FamilySignal {
    @Override
    public Family family() {
        return Family.AGENT;
    }

    @Override
    public Signal measure(Evidence e) {
        View view = e.view();
        List<View.Call> calls = view.allCalls();
        int errors = 0;
        int repeats = 0;
        java.util.Map<String, String> seen = new java.util.HashMap<>();
        Set<String> names = new HashSet<>();
        double validity = 0;
        for (View.Call c : calls) {
            if (ToolChecks.looksLikeError(c.result())) {
                errors++;
            }
            // The same call again is redundant when it learns nothing new (same result); re-running tests after a fix is not.
            String key = c.name() + " " + ToolChecks.canonical(c.arguments());
            String result = c.result() == null ? null : c.result().strip();
            if (seen.containsKey(key) && (result == null || seen.get(key) == null || seen.get(key).equals(result))) {
                repeats++;
            }
            seen.put(key, result);
            names.add(c.name());
            validity += ToolChecks.check(c, e.tools()).validity();
        }
        validity = calls.isEmpty() ? 1 : validity / calls.size();
        boolean lastFailed = !calls.isEmpty() && ToolChecks.looksLikeError(calls.get(calls.size() - 1).result());
        String fin = view.exchanges().isEmpty() ? "" : view.exchanges().get(view.exchanges().size() - 1).response();
        boolean finished = !fin.isBlank() && !view.endsWithToolCall();
        double goal = view.goal().isBlank() || fin.isBlank() ? 0.3 : Text.ramp(e.embedder().similarity(view.goal(), fin), 0.35, 0.8);
        double giveUp = fin.isBlank() ? 0 : Cues.refusalStrength(e.embedder(), fin);
        double errorRate = calls.isEmpty() ? 0 : errors / (double) calls.size();
        double repeatRate = calls.isEmpty() ? 0 : repeats / (double) calls.size();
        boolean acknowledged = !fin.isBlank() && Cues.ACKNOWLEDGES_FAILURE.matcher(fin).find();
        boolean coveredUp = lastFailed && finished && !acknowledged;
        double efficiency = 1 - Math.min(1, 2 * repeatRate);
        double recovery = lastFailed ? (acknowledged ? 1 : 0) : 1 - giveUp;
        double variety = calls.isEmpty() ? 0 : Text.ramp(names.size(), 1, Math.max(2, e.tools().size()));
        double base = 0.3 * goal + 0.15 * (finished ? 1 : 0) + 0.2 * efficiency + 0.15 * (1 - errorRate) + 0.1 * validity + 0.1 * recovery
                - (coveredUp ? 0.35 : lastFailed && !acknowledged ? 0.1 : 0);
        double order = order(calls);
        int judgedCalls = view.callsSinceLastUser();
        double economy = 1 / (1 + 0.35 * Math.max(0, judgedCalls - 1)) * (1 - errorRate);
        String aspect = e.reading().aspect(Family.AGENT);
        double v = switch (aspect) {
            case "efficiency" -> 0.6 * efficiency + 0.4 * base;
            case "order" -> 0.6 * order + 0.4 * base;
            case "exploitation" -> 0.5 * economy + 0.5 * base;
            case "recovery" -> 0.6 * recovery * (coveredUp ? 0 : 1) + 0.4 * base;
            case "goal" -> 0.4 * goal + 0.2 * (finished ? 1 : 0) + 0.4 * base;
            case "exploration" -> 0.4 * variety + 0.6 * base;
            default -> base;
        };
        String note = String.format(Locale.ROOT, "steps in a sensible order %.2f, ", order) + String.format(Locale.ROOT,
                "goal pursuit %.2f (final answer vs first request), %s, %d tool calls of %d tools, %d repeated identical calls, %d tool errors%s, schema validity %.2f",
                goal, finished ? "finished with an answer" : "no final answer", calls.size(), names.size(), repeats, errors,
                lastFailed ? (coveredUp ? " (the last call failed and the answer does not say so)" : acknowledged ? " (the last call failed; the answer reports it)" : " (the last call failed)") : "", validity);
        return Signal.of(family(), Text.clamp01(v), 1.5, 0.55, note);
    }

    private static final java.util.regex.Pattern ACTS = java.util.regex.Pattern.compile(
            "(?i)^(?:send|create|book|update|delete|remove|cancel|pay|submit|post|write|set|add|transfer|place|schedule|reserve|issue|refund|charge|email|notify|publish|deploy|merge|commit|approve|reply)");
    private static final java.util.regex.Pattern LOOKS_UP = java.util.regex.Pattern.compile(
            "(?i)^(?:get|search|find|lookup|look_up|fetch|list|read|check|query|retrieve|view|show|describe|inspect|browse|verify|validate|calculate|estimate)");

    /**
     * Share of actions taken after the look-ups they could depend on: an action (send, book, update…) followed later
     * by a look-up (get, search, check…) was taken before the information was collected.
     */
    static double order(List<View.Call> calls) {
        int actions = 0;
        int premature = 0;
        for (int i = 0; i < calls.size(); i++) {
            if (!ACTS.matcher(calls.get(i).name()).find()) {
                continue;
            }
            actions++;
            for (int j = i + 1; j < calls.size(); j++) {
                if (LOOKS_UP.matcher(calls.get(j).name()).find()) {
                    premature++;
                    break;
                }
            }
        }
        return actions == 0 ? 1 : 1 - premature / (double) actions;
    }

}

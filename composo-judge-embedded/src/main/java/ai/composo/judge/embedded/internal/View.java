package ai.composo.judge.embedded.internal;

import ai.composo.judge.Conversation;
import ai.composo.judge.JudgeRequest;
import ai.composo.model.AgentInstance;
import ai.composo.model.LLMInput;
import ai.composo.model.LLMInteraction;
import ai.composo.model.LLMOutput;
import ai.composo.model.LLMToolCall;
import ai.composo.model.LLMToolResponse;
import ai.composo.model.TextContent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the embedded judge looks at, extracted once from a request: one {@link Exchange} per judged
 * assistant turn (the user's request, the response text and its tool calls), the grounding context
 * (system prompt, tool results, documents in user turns) and, for agents, the goal and every tool call.
 */
public record View(List<Exchange> exchanges, String goal, String context, List<Call> allCalls, String reference,
                   boolean trace, boolean endsWithToolCall, boolean hasSources, int callsSinceLastUser) {

    /** A tool call with its result, when one is present ("hindsight") or null ("immediate"). */
    public record Call(String name, String arguments, String result) {}

    /** One judged assistant turn. */
    public record Exchange(String user, String response, List<Call> calls) {}

    public static View of(JudgeRequest request) {
        return request.agentInstance().map(a -> ofTrace(a, request)).orElseGet(() -> ofConversation(request));
    }

    private static View ofConversation(JudgeRequest request) {
        Conversation c = request.conversation();
        List<Conversation.Turn> turns = c.turns();
        StringBuilder context = new StringBuilder();
        request.system().ifPresent(s -> append(context, s));
        boolean sources = request.system().map(View::informative).orElse(false);
        String goal = null;
        List<Call> all = new ArrayList<>();
        int sinceUser = 0;
        for (Conversation.Turn t : turns) {
            if (t.isUser()) {
                sinceUser = 0;
            } else if (t.isAssistant()) {
                sinceUser += t.toolCalls().size();
            }
            if ("system".equals(t.role()) || t.isTool()) {
                append(context, t.text());
                sources |= t.isTool() ? !t.text().isBlank() : informative(t.text());
            } else if (t.isUser()) {
                // A user turn that pastes a document ("Using these release notes, …") grounds the answer too.
                sources |= Text.wordCount(t.text()) > 60 || (Text.wordCount(t.text()) > 30 && Text.sentences(t.text()).size() >= 3);
                if (goal == null) {
                    goal = t.text();
                }
                append(context, t.text());
            }
            if (t.isAssistant()) {
                for (Conversation.ToolCall tc : t.toolCalls()) {
                    all.add(new Call(tc.name(), tc.arguments(), c.toolResultFor(tc.id()).map(Conversation.Turn::text).orElse(null)));
                }
            }
        }
        List<Exchange> exchanges = new ArrayList<>();
        for (int i = 0; i < turns.size(); i++) {
            Conversation.Turn t = turns.get(i);
            if (!t.isAssistant()) {
                continue;
            }
            if (request.evaluateLatest() && c.lastAssistant().map(l -> l != t).orElse(true)) {
                continue;
            }
            String user = c.userTurnBefore(i).map(Conversation.Turn::text).orElse("");
            List<Call> calls = new ArrayList<>();
            for (Conversation.ToolCall tc : t.toolCalls()) {
                calls.add(new Call(tc.name(), tc.arguments(), c.toolResultFor(tc.id()).map(Conversation.Turn::text).orElse(null)));
            }
            exchanges.add(new Exchange(user, t.text(), calls));
        }
        boolean endsWithCall = !turns.isEmpty() && turns.get(turns.size() - 1).isAssistant()
                && turns.get(turns.size() - 1).hasToolCalls() && turns.get(turns.size() - 1).text().isBlank();
        return new View(exchanges, goal == null ? "" : goal, context.toString(), all,
                request.referenceOutput().orElse(null), false, endsWithCall, sources, sinceUser);
    }

    private static View ofTrace(AgentInstance agent, JudgeRequest request) {
        StringBuilder context = new StringBuilder();
        request.system().ifPresent(s -> append(context, s));
        String goal = null;
        String lastUser = "";
        Map<String, String> results = new LinkedHashMap<>();
        List<LLMToolCall> calls = new ArrayList<>();
        StringBuilder response = new StringBuilder();
        String finalText = "";
        boolean endsWithCall = false;
        for (LLMInteraction interaction : agent.llmInteractions()) {
            for (LLMInput in : interaction.inputMessages()) {
                if (in.content() instanceof TextContent t) {
                    if ("user".equals(in.role())) {
                        if (goal == null) {
                            goal = t.text();
                        }
                        lastUser = t.text();
                    }
                    if (!"assistant".equals(in.role())) {
                        append(context, t.text());
                    }
                } else if (in.content() instanceof LLMToolResponse r) {
                    results.put(r.id(), r.response());
                    append(context, r.response());
                }
            }
            for (LLMOutput out : interaction.outputMessages()) {
                if (out.content() instanceof TextContent t) {
                    append(response, t.text());
                    if (!t.text().isBlank()) {
                        finalText = t.text();
                    }
                    endsWithCall = false;
                } else if (out.content() instanceof LLMToolCall call) {
                    calls.add(call);
                    endsWithCall = true;
                }
            }
        }
        List<Call> all = calls.stream().map(c -> new Call(c.name(), c.parameters(), results.get(c.id()))).toList();
        String judged = finalText.isBlank() ? response.toString() : finalText;
        Exchange ex = new Exchange(goal == null ? lastUser : goal, judged, all);
        boolean sources = !results.isEmpty() || Text.wordCount(context.toString()) - Text.wordCount(goal == null ? "" : goal) > 25;
        return new View(List.of(ex), goal == null ? "" : goal, context.toString(), all,
                request.referenceOutput().orElse(null), true, endsWithCall, sources, all.size());
    }

    private static final java.util.regex.Pattern INSTRUCTION = java.util.regex.Pattern.compile(
            "(?i)^\\W*(?:you are|you're|you|your|be|never|always|do not|don't|answer|use|respond|reply|keep|act|only|please|"
            + "avoid|make sure|ensure|if the user|when the user|if asked|hand|follow|stay|remember|cite|refuse|decline|write|"
            + "speak|talk|greet|ask|help|provide|assist)\\b");

    /**
     * Whether a system prompt holds information to ground answers in (a policy, a document, facts) rather than
     * only instructions and a persona ("You are a support assistant. Be concise.").
     */
    static boolean informative(String system) {
        int words = 0;
        for (String sentence : Text.sentences(system)) {
            if (!INSTRUCTION.matcher(sentence).find()) {
                words += Text.wordCount(sentence);
            }
        }
        return words >= 12;
    }

    private static void append(StringBuilder sb, String s) {
        if (s == null || s.isBlank()) {
            return;
        }
        if (sb.length() > 0) {
            sb.append('\n');
        }
        sb.append(s);
    }

    public boolean hasContext() {
        return !context.isBlank();
    }
}

package ai.composo.server.judges;

import ai.composo.judge.Conversation;
import ai.composo.judge.Criterion;
import ai.composo.judge.Judge;
import ai.composo.judge.JudgeException;
import ai.composo.judge.JudgeRequest;
import ai.composo.judge.Verdict;
import ai.composo.model.AgentInstance;
import ai.composo.model.Content;
import ai.composo.model.LLMInput;
import ai.composo.model.LLMInteraction;
import ai.composo.model.LLMOutput;
import ai.composo.model.LLMToolCall;
import ai.composo.model.LLMToolResponse;
import ai.composo.model.TextContent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A deterministic, offline heuristic judge for tests and demos (type {@code test}). It measures lexical
 * overlap, ignoring stop words:
 * <ul>
 * <li><b>relevance</b>: share of the user request's words that the judged output repeats;</li>
 * <li><b>criterion overlap</b>: share of the criterion body's words that the judged output contains.</li>
 * </ul>
 * Reward criteria score {@code (relevance + overlap) / 2}; Penalize criteria score {@code 1 - overlap};
 * a pass/fail condition holds when the overlap is at least one half ({@code …passes if} passes when it
 * holds, {@code …fails if} fails when it holds). With nothing to judge (no assistant turn, or no tool call
 * for a tool-call criterion) the criterion does not apply. Settings: {@code delay} (e.g. {@code 2s}: the
 * verdict arrives later, without holding a thread), {@code fail-marker} (criteria containing this text
 * fail with a judge error, to exercise error paths) and {@code jitter} (e.g. {@code 0.1}: each score moves by a
 * random amount up to that, so the judge samples like an LLM at temperature > 0 and is not deterministic).
 */
public final class TestJudge implements Judge {
    private static final Set<String> STOP = Set.of("a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "is", "are", "was",
            "be", "it", "its", "that", "this", "with", "as", "at", "by", "from", "if", "what", "which", "who", "how", "do", "does",
            "response", "responses", "reward", "penalize", "passes", "fails", "agent", "agents", "tool", "call", "calls", "i", "you",
            "me", "my", "your", "we", "our", "please", "can", "could", "would", "should");

    private final String name;
    private final Duration delay;
    private final String failMarker;
    private final double jitter;

    public TestJudge(String name, Duration delay, String failMarker) {
        this(name, delay, failMarker, 0);
    }

    public TestJudge(String name, Duration delay, String failMarker, double jitter) {
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("judge." + name + ".jitter must be between 0 and 1, got " + jitter);
        }
        this.name = name;
        this.delay = delay;
        this.failMarker = failMarker;
        this.jitter = jitter;
    }

    @Override
    public String name() {
        return "test-lexical";
    }

    @Override
    public boolean deterministic() {
        return jitter == 0;
    }

    @Override
    public CompletableFuture<Verdict> evaluate(JudgeRequest request) {
        Verdict v;
        try {
            if (failMarker != null && request.criterion().text().contains(failMarker)) {
                return CompletableFuture.failedFuture(JudgeException.failed(name, "the criterion contains the configured fail marker", null));
            }
            v = sample(judge(request));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(JudgeException.failed(name, e.getMessage(), e));
        }
        if (delay.isZero()) {
            return CompletableFuture.completedFuture(v);
        }
        return CompletableFuture.supplyAsync(() -> v, CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS));
    }

    private Verdict sample(Verdict v) {
        if (jitter == 0 || v.score() == null || v.passed() != null) {
            return v;
        }
        double noisy = v.score() + (java.util.concurrent.ThreadLocalRandom.current().nextDouble() * 2 - 1) * jitter;
        return Verdict.score(Math.round(Math.max(0, Math.min(1, noisy)) * 1000) / 1000.0, v.explanation() + " (sampled)")
                .withMetadata(v.metadata());
    }

    static Verdict judge(JudgeRequest request) {
        Criterion c = request.criterion();
        String judged;
        String asked;
        if (request.agentInstance().isPresent()) {
            AgentInstance a = request.agentInstance().get();
            judged = agentOutput(a, c.target() == Criterion.Target.TOOL_CALL);
            asked = agentRequest(a);
        } else {
            Conversation conv = request.conversation();
            List<Conversation.Turn> turns = conv.turns();
            List<Conversation.Turn> targets = request.evaluateLatest()
                    ? conv.lastAssistant().map(List::of).orElse(List.of()) : conv.assistantTurns();
            StringBuilder sb = new StringBuilder();
            for (Conversation.Turn t : targets) {
                if (c.target() == Criterion.Target.TOOL_CALL) {
                    t.toolCalls().forEach(call -> sb.append(' ').append(call.name()).append(' ').append(call.arguments()));
                } else {
                    sb.append(' ').append(t.text());
                    t.toolCalls().forEach(call -> sb.append(' ').append(call.name()));
                }
            }
            judged = sb.toString();
            int lastAssistant = targets.isEmpty() ? turns.size() : turns.indexOf(targets.get(targets.size() - 1));
            asked = conv.userTurnBefore(lastAssistant).map(Conversation.Turn::text).orElse("");
        }
        if (judged.isBlank()) {
            return Verdict.notApplicable(c.target() == Criterion.Target.TOOL_CALL
                    ? "Not applicable: there is no tool call to judge." : "Not applicable: there is no assistant output to judge.");
        }
        Set<String> out = words(judged);
        Set<String> req = words(asked);
        Set<String> crit = words(c.body());
        double relevance = share(req, out);
        double overlap = share(crit, out);
        String detail = String.format(Locale.ROOT, "relevance %.2f (request words repeated), criterion overlap %.2f (criterion words present)",
                relevance, overlap);
        Verdict v;
        if (c.isReward()) {
            double score = c.polarity() == Criterion.Polarity.POSITIVE ? (relevance + overlap) / 2 : 1 - overlap;
            score = Math.round(score * 1000) / 1000.0;
            v = Verdict.score(score, "Lexical heuristic: " + detail + ".");
        } else {
            boolean holds = overlap >= 0.5;
            boolean passed = c.polarity() == Criterion.Polarity.POSITIVE ? holds : !holds;
            v = Verdict.passed(passed, "Lexical heuristic: the condition " + (holds ? "holds" : "does not hold") + " (" + detail + ").");
        }
        if (request.endUserExplanation()) {
            long repeated = req.stream().filter(out::contains).count();
            v = v.withCleanedExplanation(req.isEmpty() ? "The user's request has no key words to compare the reply with."
                    : "The reply picks up " + repeated + " of the " + req.size() + " key words of the user's request.");
        }
        double confidence = Math.round(Math.abs(overlap - 0.5) * 2000) / 1000.0;
        return v.withMetadata("confidence", confidence).withMetadata("relevance", Math.round(relevance * 1000) / 1000.0)
                .withMetadata("criterion_overlap", Math.round(overlap * 1000) / 1000.0);
    }

    private static String agentOutput(AgentInstance a, boolean toolCallsOnly) {
        StringBuilder sb = new StringBuilder();
        for (LLMInteraction i : a.llmInteractions()) {
            for (LLMOutput o : i.outputMessages()) {
                if (!toolCallsOnly || o.content() instanceof LLMToolCall) {
                    sb.append(' ').append(text(o.content()));
                }
            }
        }
        return sb.toString();
    }

    private static String agentRequest(AgentInstance a) {
        for (LLMInteraction i : a.llmInteractions()) {
            for (LLMInput in : i.inputMessages()) {
                if ("user".equalsIgnoreCase(in.role())) {
                    return text(in.content());
                }
            }
        }
        return "";
    }

    private static String text(Content c) {
        if (c instanceof TextContent t) {
            return t.text();
        }
        if (c instanceof LLMToolCall call) {
            return call.name() + " " + call.parameters();
        }
        if (c instanceof LLMToolResponse r) {
            return r.response();
        }
        return "";
    }

    static Set<String> words(String s) {
        Set<String> out = new LinkedHashSet<>();
        for (String w : s.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (w.length() > 1 && !STOP.contains(w)) {
                out.add(stem(w));
            }
        }
        return out;
    }

    private static String stem(String w) {
        if (w.length() > 4 && w.endsWith("ies")) {
            return w.substring(0, w.length() - 3) + "y";
        }
        if (w.length() > 3 && w.endsWith("s") && !w.endsWith("ss")) {
            return w.substring(0, w.length() - 1);
        }
        return w;
    }

    /** Share of {@code of}'s words found in {@code in}; 0 when {@code of} is empty. */
    private static double share(Set<String> of, Set<String> in) {
        if (of.isEmpty()) {
            return 0;
        }
        List<String> hits = new ArrayList<>(of);
        hits.retainAll(in);
        return (double) hits.size() / of.size();
    }
}

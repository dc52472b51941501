package ai.composo.judge.embedded.internal.signals;

import ai.composo.judge.Criterion;
import ai.composo.judge.ToolSpec;
import ai.composo.judge.embedded.internal.Embedder;
import ai.composo.judge.embedded.internal.Text;
import ai.composo.judge.embedded.internal.View;
import ai.composo.judge.embedded.internal.reading.CriterionReader.Reading;
import java.util.ArrayList;
import java.util.List;

/**
 * What every signal may look at for one judged assistant turn: the conversation view, the turn, the tools, the
 * criterion's reading, and the embedder. Context sentences and their vectors are computed once per evaluation
 * and shared by the signals that need them.
 */
public final class Evidence {
    /** Sentence-level signals look at the first {@value #MAX_SENTENCES} sentences, bounding the cost of one evaluation. */
    static final int MAX_SENTENCES = 60;
    private static final int MAX_CONTEXT_SENTENCES = 80;
    /** A sentence of the user's turn that asks or instructs, rather than pasting material: not a source. */
    private static final java.util.regex.Pattern ASKS = java.util.regex.Pattern.compile(
            "(?i)\\?\\s*$|^\\W*(?:using|based on|from|according to|given|with|please|can|could|would|will|do|does|is|are|what|which|who|whom|when|where|why|how|tell|explain|summari[sz]e|list|give|show|write|answer|help|find|check|describe|compare)\\b");

    private final Embedder embedder;
    private final View view;
    private final View.Exchange exchange;
    private final List<ToolSpec> tools;
    private final Reading reading;
    private List<String> contextSentences;
    private String question;
    private List<double[]> passageRanking;
    private Signal grounding;
    private List<float[]> contextVectors;

    public Evidence(Embedder embedder, View view, View.Exchange exchange, List<ToolSpec> tools, Reading reading) {
        this.embedder = embedder;
        this.view = view;
        this.exchange = exchange;
        this.tools = tools;
        this.reading = reading;
    }

    public Embedder embedder() {
        return embedder;
    }

    public View view() {
        return view;
    }

    public View.Exchange exchange() {
        return exchange;
    }

    public String response() {
        return exchange.response();
    }

    public String user() {
        return exchange.user();
    }

    /** The request the turn answers: the user turn before it, or the conversation's goal. */
    public String request() {
        return exchange.user().isBlank() ? view.goal() : exchange.user();
    }

    /**
     * The question itself: when the user's turn also pastes material ("From the page below: when is glass collected?
     * … Glass: every second Tuesday …"), only its asking sentences; otherwise the whole request.
     */
    public String question() {
        if (question == null) {
            String r = request();
            if (!view.hasSources() || Text.wordCount(r) <= 30) {
                question = r;
            } else {
                StringBuilder sb = new StringBuilder();
                for (String s : Text.sentences(r)) {
                    if (ASKS.matcher(s).find()) {
                        sb.append(sb.length() == 0 ? "" : " ").append(s);
                    }
                }
                question = sb.length() == 0 ? r : sb.toString();
            }
        }
        return question;
    }

    public List<ToolSpec> tools() {
        return tools;
    }

    public Reading reading() {
        return reading;
    }

    public Criterion criterion() {
        return reading.criterion();
    }

    public boolean hasSources() {
        return view.hasSources();
    }

    /** The response's first sentences. */
    public List<String> responseSentences() {
        List<String> all = Text.sentences(exchange.response());
        return all.size() <= MAX_SENTENCES ? all : all.subList(0, MAX_SENTENCES);
    }

    /** The context's sentences (system prompt, tool results, documents), without the judged request itself. */
    public List<String> contextSentences() {
        if (contextSentences == null) {
            List<String> out = new ArrayList<>();
            for (String s : Text.sentences(view.context())) {
                if (out.size() >= MAX_CONTEXT_SENTENCES) {
                    break;
                }
                if (!s.equals(exchange.user()) && !(exchange.user().contains(s) && ASKS.matcher(s).find())) {
                    out.add(s);
                }
            }
            contextSentences = out;
        }
        return contextSentences;
    }

    /** Embeddings of {@link #contextSentences()}, in the same order. */
    public List<float[]> contextVectors() {
        if (contextVectors == null) {
            contextVectors = embedder.embedAll(contextSentences());
        }
        return contextVectors;
    }

    /**
     * Indices of the context sentences that answer the request best: the best one and those within {@code slack}
     * of it, at most {@code max}, best first (ties by position).
     */
    public List<Integer> answeringPassages(int max, double slack) {
        List<double[]> ranked = passageRanking();
        List<Integer> out = new ArrayList<>();
        for (double[] r : ranked) {
            if (out.size() >= max || (!out.isEmpty() && r[0] < ranked.get(0)[0] - slack)) {
                break;
            }
            out.add((int) r[1]);
        }
        return out;
    }

    /** Cosine of the best-answering context sentence to the request (0 without context). */
    public double bestPassageSimilarity() {
        List<double[]> ranked = passageRanking();
        return ranked.isEmpty() ? 0 : ranked.get(0)[0];
    }

    /** Context sentences with at least two content terms as {cosine to the question, index}, best first. */
    private List<double[]> passageRanking() {
        if (passageRanking == null) {
            List<String> ctx = contextSentences();
            List<double[]> ranked = new ArrayList<>();
            if (!ctx.isEmpty()) {
                float[] q = embedder.embed(question());
                List<float[]> vecs = contextVectors();
                for (int i = 0; i < ctx.size(); i++) {
                    if (Text.contentTerms(ctx.get(i)).size() >= 2) {
                        ranked.add(new double[] {Embedder.cosine(q, vecs.get(i)), i});
                    }
                }
                ranked.sort((a, b) -> a[0] != b[0] ? Double.compare(b[0], a[0]) : Double.compare(a[1], b[1]));
            }
            passageRanking = ranked;
        }
        return passageRanking;
    }

    /** The grounding signal of this turn, measured once however many families need it (grounding, factual, abstention). */
    Signal grounding(java.util.function.Supplier<Signal> measure) {
        if (grounding == null) {
            grounding = measure.get();
        }
        return grounding;
    }
}

package ai.composo.springai;

import ai.composo.Composo;
import ai.composo.model.EvaluationResponse;
import ai.composo.model.Message;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.springframework.ai.document.Document;
import org.springframework.ai.evaluation.EvaluationRequest;
import org.springframework.ai.evaluation.Evaluator;

/**
 * A Spring AI {@link Evaluator} that judges with Composo: one criterion and the score it takes to pass. The request's
 * documents become the retrieved context (a system message {@code "Context:\n…"} first, as {@code composo eval} sends a
 * row's {@code context}), its user text the user message and its response content the answer judged. The answer passes
 * when its score is at least the threshold (for a pass/fail criterion, leave the threshold at 0.5: the judge's pass).
 * The feedback is the judge's explanation; a criterion that does not apply (no score) does not pass. Immutable and
 * thread-safe; the client stays the caller's to close.
 */
public final class ComposoEvaluator implements Evaluator {
    static final String CONTEXT_PREFIX = "Context:\n";

    private final Composo client;
    private final String criterion;
    private final double threshold;

    private ComposoEvaluator(Builder b) {
        this.client = Objects.requireNonNull(b.client, "client");
        this.criterion = Objects.requireNonNull(b.criterion, "criterion");
        if (!(b.threshold >= 0 && b.threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be within [0, 1], got " + b.threshold);
        }
        this.threshold = b.threshold;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public org.springframework.ai.evaluation.EvaluationResponse evaluate(EvaluationRequest request) {
        EvaluationResponse r = client.evaluate(messages(request), criterion);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("criterion", criterion);
        metadata.put("threshold", threshold);
        if (r.score() == null) {
            metadata.put("not_applicable", true);
            return new org.springframework.ai.evaluation.EvaluationResponse(false, 0f, r.explanation(), metadata);
        }
        return new org.springframework.ai.evaluation.EvaluationResponse(r.score() >= threshold, r.score().floatValue(), r.explanation(), metadata);
    }

    static List<Message> messages(EvaluationRequest request) {
        List<Message> messages = new ArrayList<>(3);
        List<Document> documents = request.getDataList() == null ? List.of() : request.getDataList();
        String context = documents.stream().map(Document::getText).filter(t -> t != null && !t.isBlank()).collect(Collectors.joining("\n\n"));
        if (!context.isEmpty()) {
            messages.add(Message.system(CONTEXT_PREFIX + context));
        }
        messages.add(Message.user(request.getUserText() == null ? "" : request.getUserText()));
        messages.add(Message.assistant(request.getResponseContent() == null ? "" : request.getResponseContent()));
        return messages;
    }

    public String criterion() {
        return criterion;
    }

    public double threshold() {
        return threshold;
    }

    public static final class Builder {
        private Composo client;
        private String criterion;
        private double threshold = 0.5;

        private Builder() {}

        public Builder client(Composo client) {
            this.client = client;
            return this;
        }

        /** e.g. {@code "Reward responses that make only claims the retrieved sources support"}. */
        public Builder criterion(String criterion) {
            this.criterion = criterion;
            return this;
        }

        /** The score at which a response passes (default 0.5). */
        public Builder threshold(double threshold) {
            this.threshold = threshold;
            return this;
        }

        public ComposoEvaluator build() {
            return new ComposoEvaluator(this);
        }
    }
}

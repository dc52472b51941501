package ai.composo.springai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.composo.Composo;
import ai.composo.criteria.Criteria;
import ai.composo.junit.ComposoTest;
import ai.composo.model.Message;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.ai.document.Document;
import org.springframework.ai.evaluation.EvaluationRequest;
import org.springframework.ai.evaluation.EvaluationResponse;

/** Against composo-junit's in-process server and the embedded judge. */
@ComposoTest
class ComposoEvaluatorTest {
    static final String QUESTION = "Can I return hiking boots I wore once on a trail?";
    static final List<Document> POLICY = List.of(
            new Document("Northwind Outfitters return policy: Unworn items can be returned within 30 days of delivery for a full refund."),
            new Document("Footwear must be returned in its original box. Sale items marked 'Final sale' cannot be returned."));
    static final String FAITHFUL = "Unfortunately not. Our policy only accepts unworn items, so boots that have been worn on a trail"
            + " can't be returned for a refund.";
    static final String INVENTED = "Sure, just send them back whenever you like and we will refund you in cash.";

    final Composo client;

    ComposoEvaluatorTest(Composo client) {
        this.client = client;
    }

    @Test
    void aFaithfulAnswerPassesAndAnInventedOneFailsWithTheJudgesExplanation() {
        ComposoEvaluator evaluator = ComposoEvaluator.builder().client(client).criterion(Criteria.RAG_FAITHFULNESS).threshold(0.3).build();
        EvaluationResponse good = evaluator.evaluate(new EvaluationRequest(QUESTION, POLICY, FAITHFUL));
        EvaluationResponse bad = evaluator.evaluate(new EvaluationRequest(QUESTION, POLICY, INVENTED));
        assertThat(good.isPass()).isTrue();
        assertThat(bad.isPass()).isFalse();
        assertThat(bad.getScore()).isLessThan(good.getScore());
        assertThat(bad.getFeedback()).startsWith("Score ").contains("by the embedded judge").contains("unsupported by the context");
        assertThat(bad.getMetadata()).containsEntry("criterion", Criteria.RAG_FAITHFULNESS).containsEntry("threshold", 0.3);
    }

    @Test
    void theDocumentsAreTheContextOfTheEvaluation() {
        ComposoEvaluator evaluator = ComposoEvaluator.builder().client(client).criterion(Criteria.RAG_FAITHFULNESS).build();
        EvaluationResponse viaSpring = evaluator.evaluate(new EvaluationRequest(QUESTION, POLICY, INVENTED));
        double direct = client.evaluate(List.of(Message.system("Context:\n" + POLICY.get(0).getText() + "\n\n" + POLICY.get(1).getText()),
                Message.user(QUESTION), Message.assistant(INVENTED)), Criteria.RAG_FAITHFULNESS).score();
        double withoutContext = client.evaluate(List.of(Message.user(QUESTION), Message.assistant(INVENTED)), Criteria.RAG_FAITHFULNESS).score();
        assertThat((double) viaSpring.getScore()).isEqualTo((float) direct);
        assertThat(withoutContext).isNotEqualTo(direct);
    }

    @Test
    void aThresholdOutsideZeroToOneIsRefused() {
        assertThatThrownBy(() -> ComposoEvaluator.builder().client(client).criterion(Criteria.RAG_FAITHFULNESS).threshold(80).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("threshold must be within [0, 1], got 80.0");
    }
}

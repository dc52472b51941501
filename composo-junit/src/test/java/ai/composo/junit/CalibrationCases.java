package ai.composo.junit;

import static ai.composo.junit.ComposoAssertions.assertThat;

import ai.composo.criteria.Criteria;
import org.junit.jupiter.api.Test;

/** Assertions run with {@code composo.calibration} set, by {@link CalibrationTest}. */
@ComposoTest
@OnlyInTestKit
class CalibrationCases {
    static final DatasetRow GOOD = Examples.rows(Examples.GOOD).get("rag-returns-02");
    static final DatasetRow BAD = Examples.rows(Examples.GOOD).get("rag-returns-03");

    @Test
    void faithfulAnswerAtTheCalibratedThreshold() {
        assertThat(GOOD.prompt(), GOOD.response(), GOOD.context()).meets(Criteria.RAG_FAITHFULNESS).named("good");
    }

    @Test
    void inventedAnswerAtTheCalibratedThreshold() {
        assertThat(BAD.prompt(), BAD.response(), BAD.context()).meets(Criteria.RAG_FAITHFULNESS).named("bad");
    }

    @Test
    void theTestsOwnThresholdWins() {
        assertThat(BAD.prompt(), BAD.response(), BAD.context()).meets(Criteria.RAG_FAITHFULNESS).withScoreAtLeast(0.01).named("explicit");
    }

    @Test
    void calibratedPassFail() {
        assertThat(BAD.prompt(), BAD.response(), BAD.context()).passes(Criteria.RAG_REFUSAL).named("refusal");
    }

    @Test
    void criterionTheCalibrationDoesNotCover() {
        assertThat(GOOD.prompt(), GOOD.response(), GOOD.context()).meets(Criteria.RAG_COMPLETENESS);
    }
}

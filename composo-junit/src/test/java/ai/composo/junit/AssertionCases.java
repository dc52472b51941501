package ai.composo.junit;

import static ai.composo.junit.ComposoAssertions.assertThat;

import ai.composo.AsyncComposo;
import ai.composo.Composo;
import ai.composo.criteria.Criteria;
import ai.composo.model.EvaluationResponse;
import org.junit.jupiter.api.Test;

@ComposoTest
@OnlyInTestKit
class AssertionCases {
    static final DatasetRow GOOD = Examples.rows(Examples.GOOD).get("rag-returns-01");
    static final DatasetRow BAD = Examples.rows(Examples.REGRESSED).get("rag-returns-01");
    static volatile String caughtByVerify;
    static volatile EvaluationResponse fromInjectedClient;
    static volatile Composo fromConstructor;

    AssertionCases(Composo client) {
        fromConstructor = client;
    }

    @Test
    void faithfulAnswer() {
        assertThat(GOOD.prompt(), GOOD.response(), GOOD.context())
                .meets(Criteria.RAG_FAITHFULNESS).withScoreAtLeast(0.3)
                .meets(Criteria.RAG_COMPLETENESS).withScoreAtLeast(0.3);
    }

    @Test
    void inventedPolicy() {
        assertThat(BAD.prompt(), BAD.response(), BAD.context())
                .meets(Criteria.RAG_FAITHFULNESS).withScoreAtLeast(0.3)
                .meets(Criteria.RAG_COMPLETENESS).withScoreAtLeast(0.3)
                .passes(Criteria.RAG_REFUSAL);
    }

    @Test
    void verifyChecksAtOnce() {
        try {
            assertThat(BAD).meets(Criteria.RAG_FAITHFULNESS).withScoreAtLeast(0.3).verify();
        } catch (AssertionError e) {
            caughtByVerify = e.getMessage();
        }
    }

    @Test
    void injectedClients(Composo client, AsyncComposo async) {
        fromInjectedClient = client.evaluate(GOOD.messages(), Criteria.RAG_FAITHFULNESS);
        async.evaluate(GOOD.messages(), Criteria.RAG_FAITHFULNESS).join();
    }
}

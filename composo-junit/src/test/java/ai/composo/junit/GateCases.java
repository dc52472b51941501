package ai.composo.junit;

import static ai.composo.junit.ComposoAssertions.assertThat;

import ai.composo.criteria.Criteria;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;

/** The example dataset's RAG rows, answered as the dataset does or, with {@link #regressed}, as its regressed twin does. */
@ComposoTest
@OnlyInTestKit
@ComposoRegressionGate(baseline = GateCases.BASELINE)
class GateCases {
    static final String BASELINE = "target/gate-test/baseline.jsonl";
    static final Map<String, DatasetRow> WORSE = Examples.rows(Examples.REGRESSED);
    static volatile boolean regressed;

    @ParameterizedTest
    @ComposoDataset(Examples.GOOD)
    void ragRow(DatasetRow row) {
        Assumptions.assumeTrue(row.context() != null, "a RAG criterion needs retrieved context");
        // no threshold worth failing a row on: the gate judges the whole class against its baseline
        assertThat(regressed ? WORSE.get(row.id()) : row)
                .meets(Criteria.RAG_COMPLETENESS).withScoreAtLeast(0);
    }
}

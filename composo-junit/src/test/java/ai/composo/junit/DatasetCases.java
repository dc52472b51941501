package ai.composo.junit;

import static ai.composo.junit.ComposoAssertions.assertThat;

import ai.composo.criteria.Criteria;
import org.junit.jupiter.params.ParameterizedTest;

@ComposoTest
@OnlyInTestKit
class DatasetCases {
    @ParameterizedTest
    @ComposoDataset("classpath:composo/three-rows.csv")
    void csvRows(DatasetRow row) {
        assertThat(row).meets(Criteria.RAG_COMPLETENESS).withScoreAtLeast(0.3);
    }

    @ParameterizedTest
    @ComposoDataset("classpath:composo/broken.jsonl")
    void brokenRow(DatasetRow row) {
        // never reached: the dataset's second row has no response
    }

    @ParameterizedTest
    @ComposoDataset("no/such/dataset.jsonl")
    void missingFile(DatasetRow row) {
        // never reached
    }
}

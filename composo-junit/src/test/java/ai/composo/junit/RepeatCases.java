package ai.composo.junit;

import static ai.composo.junit.ComposoAssertions.assertThat;

import org.junit.jupiter.api.Test;

/** Run with {@link SamplingJudgeFactory}'s judge: every criterion scores 0.9, 0.2, 0.9, 0.2, … */
@ComposoTest
@OnlyInTestKit
class RepeatCases {
    @Test
    void halfOfTheRepeatsIsEnough() {
        assertThat("Is it sampled?", "It is.").meets("Reward responses that are sampled (first)").repeat(4).minPassRate(0.5);
    }

    @Test
    void halfOfTheRepeatsIsTooFew() {
        assertThat("Is it sampled?", "It is.").meets("Reward responses that are sampled (second)").repeat(4).minPassRate(0.75);
    }

    @Test
    void oneSampleDecidesWithoutRepeats() {
        assertThat("Is it sampled?", "It is.").meets("Reward responses that are sampled (third)").withScoreAtLeast(0.8);
    }
}

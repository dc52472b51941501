package com.example.support;

import static ai.composo.junit.ComposoAssertions.assertThat;

import ai.composo.criteria.Criteria;
import ai.composo.junit.ComposoDataset;
import ai.composo.junit.ComposoRegressionGate;
import ai.composo.junit.ComposoTest;
import ai.composo.junit.DatasetRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

@ComposoTest
@ComposoRegressionGate(baseline = "classpath:composo/baseline.jsonl")
class SupportBotTest {
    private final SupportBot bot = new SupportBot();

    @Test
    void answersAReturnQuestionFromThePolicy() {
        String question = "Can I return hiking boots I wore once on a trail?";
        SupportBot.Answer answer = bot.answer(question);
        assertThat(question, answer.text(), answer.context())
                .meets(Criteria.RAG_FAITHFULNESS).withScoreAtLeast(0.5)
                .meets(Criteria.RAG_RELEVANCE).withScoreAtLeast(0.4);
    }

    @ParameterizedTest
    @ComposoDataset("classpath:support-questions.jsonl")
    void answersEveryQuestionFromThePolicy(DatasetRow row) {
        SupportBot.Answer answer = bot.answer(row.prompt());
        assertThat(row.prompt(), answer.text(), answer.context()).named(row.id())
                .meets(Criteria.RAG_FAITHFULNESS).withScoreAtLeast(0.5);
    }
}

package ai.composo.judge.openai.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.composo.judge.Criterion;
import ai.composo.judge.openai.internal.AnswerParser.Answer;
import ai.composo.judge.openai.internal.AnswerParser.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AnswerParserTest {

    @Test
    void readsTheJsonTheSchemaAsksFor() {
        Answer a = AnswerParser.parse("{\"explanation\": \"Cites the policy.\", \"score\": 7}", Criterion.Kind.REWARD);
        assertThat(a).isEqualTo(new Answer("Cites the policy.", Outcome.SCORED, 7.0));

        Answer na = AnswerParser.parse("{\"explanation\": \"No tool call.\", \"score\": null}", Criterion.Kind.REWARD);
        assertThat(na.outcome()).isEqualTo(Outcome.NOT_APPLICABLE);
        assertThat(na.score()).isNull();

        assertThat(AnswerParser.parse("{\"explanation\":\"ok\",\"verdict\":\"pass\"}", Criterion.Kind.PASS_FAIL).outcome())
                .isEqualTo(Outcome.PASS);
        assertThat(AnswerParser.parse("{\"explanation\":\"no\",\"verdict\":\"FAIL\"}", Criterion.Kind.PASS_FAIL).outcome())
                .isEqualTo(Outcome.FAIL);
        assertThat(AnswerParser.parse("{\"explanation\":\"n/a\",\"verdict\":\"not_applicable\"}", Criterion.Kind.PASS_FAIL).outcome())
                .isEqualTo(Outcome.NOT_APPLICABLE);
    }

    @Test
    void findsTheAnswerInsideThinkingFencesAndProse() {
        String text = "<think>The score: 2 would be harsh {\"score\": 1}</think>\nHere is my evaluation:\n```json\n"
                + "{'explanation': 'Mostly correct, one gap.', 'score': 8,}\n```\nHope that helps.";
        Answer a = AnswerParser.parse(text, Criterion.Kind.REWARD);
        assertThat(a.score()).isEqualTo(8.0);
        assertThat(a.explanation()).isEqualTo("Mostly correct, one gap.");

        Answer nested = AnswerParser.parse("{\"evaluation\": {\"explanation\": \"x\", \"verdict\": \"fail\"}}", Criterion.Kind.PASS_FAIL);
        assertThat(nested.outcome()).isEqualTo(Outcome.FAIL);

        Answer passed = AnswerParser.parse("{\"explanation\": \"x\", \"passed\": true}", Criterion.Kind.PASS_FAIL);
        assertThat(passed.outcome()).isEqualTo(Outcome.PASS);
    }

    @Test
    void readsPlainTextWhenThereIsNoJson() {
        Answer a = AnswerParser.parse("Explanation: concise and correct.\nScore: 9", Criterion.Kind.REWARD);
        assertThat(a.score()).isEqualTo(9.0);
        assertThat(a.explanation()).isEqualTo("concise and correct.");

        Answer v = AnswerParser.parse("**Verdict**: fail\nThe answer is rude.", Criterion.Kind.PASS_FAIL);
        assertThat(v.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(v.explanation()).isEqualTo("The answer is rude.");

        assertThat(AnswerParser.parse("{\"explanation\": \"x\", \"score\": \"6/10\"}", Criterion.Kind.REWARD).score()).isEqualTo(6.0);
        assertThat(AnswerParser.parse("{\"explanation\": \"x\", \"score\": \"N/A\"}", Criterion.Kind.REWARD).outcome())
                .isEqualTo(Outcome.NOT_APPLICABLE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "I think it is quite good.", "{\"explanation\": \"x\"}", "{\"explanation\": \"x\", \"score\": 11}",
            "{\"explanation\": \"x\", \"score\": -1}", "{\"explanation\": \"x\", \"score\": \"high\"}", "{\"explanation\": \"x\", \"score\": [7]}"})
    void rejectsAnswersWithoutAReadableScore(String text) {
        assertThatThrownBy(() -> AnswerParser.parse(text, Criterion.Kind.REWARD))
                .isInstanceOf(AnswerParser.Malformed.class)
                .hasMessageMatching("(?s).*(empty|score).*");
    }

    @Test
    void rejectsUnknownVerdictsNamingTheValue() {
        assertThatThrownBy(() -> AnswerParser.parse("{\"explanation\": \"x\", \"verdict\": \"maybe\"}", Criterion.Kind.PASS_FAIL))
                .isInstanceOf(AnswerParser.Malformed.class)
                .hasMessageContaining("\"maybe\"");
        assertThatThrownBy(() -> AnswerParser.parse("{\"explanation\": \"x\", \"score\": 5}", Criterion.Kind.PASS_FAIL))
                .isInstanceOf(AnswerParser.Malformed.class)
                .hasMessageContaining("verdict");
    }
}

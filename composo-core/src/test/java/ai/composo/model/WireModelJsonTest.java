package ai.composo.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.composo.internal.json.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WireModelJsonTest {
    static final String SPEC_TRACE = """
        {"root_agent_instance_id": "a1",
         "agent_instance_by_id": {
           "a1": {"id": "a1", "name": "supervisor", "interactions": [
             {"input_messages": [{"role": "user", "type": "text", "content": "Find a vegan restaurant in Leeds"}],
              "output_messages": [{"type": "tool_call",
                 "content": {"id": "call_1", "name": "find_places", "parameters": "{\\"q\\":\\"vegan Leeds\\"}"}}],
              "tools_available": [{"name": "find_places", "description": "Look up places by text",
                 "parameters": "{\\"type\\":\\"object\\"}", "x_vendor": 7}]},
             "a2"]},
           "a2": {"id": "a2", "name": "summariser", "interactions": [
             {"input_messages": [{"role": "user", "type": "text", "content": "Summarise the places found"},
                                 {"role": "tool", "type": "text",
                                  "content": {"id": "call_1", "response": "3 results ...", "name": "find_places"}}],
              "output_messages": [{"type": "text", "content": "Two places are open tonight ..."}]}]}}}
        """;

    @Test
    void traceRoundTripsThroughTheWireShapeKeepingUnknownFields() {
        MultiAgentTrace trace = MultiAgentTrace.fromJson(SPEC_TRACE);

        AgentInstance supervisor = trace.root();
        assertThat(supervisor.name()).isEqualTo("supervisor");
        assertThat(supervisor.childIds()).containsExactly("a2");
        LLMInteraction first = supervisor.llmInteractions().get(0);
        assertThat(first.outputMessages().get(0).content()).isInstanceOf(LLMToolCall.class);
        assertThat(((LLMToolCall) first.outputMessages().get(0).content()).parameters()).isEqualTo("{\"q\":\"vegan Leeds\"}");
        assertThat(first.toolsAvailable().get(0).extra()).containsKey("x_vendor");
        Content toolReply = trace.agentInstanceById().get("a2").llmInteractions().get(0).inputMessages().get(1).content();
        assertThat(toolReply).isEqualTo(new LLMToolResponse("call_1", "3 results ...", "find_places"));

        assertThat(Json.parse(trace.toJson())).isEqualTo(Json.parse(SPEC_TRACE));
    }

    @Test
    void traceBuiltInCodeSerialisesToTheSpecShape() {
        MultiAgentTrace built = MultiAgentTrace.builder("a1")
                .agent(AgentInstance.builder("a1", "supervisor")
                        .interaction(LLMInteraction.builder()
                                .input(LLMInput.text("user", "Find a vegan restaurant in Leeds"))
                                .output(LLMOutput.toolCall(new LLMToolCall("call_1", "find_places", "{\"q\":\"vegan Leeds\"}")))
                                .tool(new LLMToolDefinition("find_places", "Look up places by text", "{\"type\":\"object\"}",
                                        Map.of("x_vendor", Json.tree(7))))
                                .build())
                        .call("a2").build())
                .agent(AgentInstance.builder("a2", "summariser")
                        .interaction(LLMInteraction.builder()
                                .input(LLMInput.text("user", "Summarise the places found"))
                                .input(new LLMInput("tool", "text", new LLMToolResponse("call_1", "3 results ...", "find_places")))
                                .output(LLMOutput.text("Two places are open tonight ..."))
                                .build())
                        .build())
                .build();
        assertThat(Json.parse(built.toJson())).isEqualTo(Json.parse(SPEC_TRACE));
    }

    @Test
    void malformedTraceIsRejectedWithTheFieldNamed() {
        assertThatThrownBy(() -> MultiAgentTrace.fromJson("{\"agent_instance_by_id\": {}}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("root_agent_instance_id");
        assertThatThrownBy(() -> MultiAgentTrace.fromJson(
                "{\"root_agent_instance_id\":\"a\",\"agent_instance_by_id\":{\"a\":{\"id\":\"a\",\"name\":\"n\",\"interactions\":[42]}}}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("interaction");
    }

    @Test
    void evaluationResponseKeepsUnknownFieldsAndNullScore() {
        EvaluationResponse r = Json.read("""
                {"score": null, "explanation": "n/a", "cleaned_explanation": "clean",
                 "sources": [{"id": "d1", "type": "document"}], "model_version": "x", "extra": {"a": 1}}""",
                EvaluationResponse.class);
        assertThat(r.score()).isNull();
        assertThat(r.isNotApplicable()).isTrue();
        assertThat(r.cleanedExplanation()).contains("clean");
        assertThat(r.sources()).containsExactly(new Source("d1", "document"));
        assertThat(r.additionalProperties()).containsKeys("model_version", "extra");
        assertThat(Json.parse(Json.write(r))).isEqualTo(Json.parse("""
                {"score": null, "explanation": "n/a", "cleaned_explanation": "clean",
                 "sources": [{"id": "d1", "type": "document"}], "model_version": "x", "extra": {"a": 1}}"""));
    }

    @Test
    void evaluationResponseReadsLooseValuesAsTheWireSpecAllows() {
        EvaluationResponse r = Json.read("""
                {"score": "0.5", "explanation": 12.50, "cleaned_explanation": {"a": 1},
                 "sources": [{"id": 1, "type": null, "page": {"n": 2}}, null, {"id": [1]}],
                 "x": null, "y": [1, {"b": 2}]}""", EvaluationResponse.class);
        assertThat(r.score()).as("a score that is not a number").isNull();
        assertThat(r.explanation()).isEqualTo("12.5");
        assertThat(r.cleanedExplanation()).contains("");
        assertThat(r.sources()).containsExactly(new Source("1", null), new Source(null, null), new Source("", null));
        assertThat(r.additionalProperties()).containsOnlyKeys("x", "y");
        assertThat(r.additionalProperties().get("y")).isEqualTo(Json.parse("[1, {\"b\": 2}]"));
        assertThat(Json.read("{\"sources\": [{\"id\": \"a\"}], \"sources\": 5, \"score\": 0.1, \"score\": 1}",
                EvaluationResponse.class)).as("a repeated field: the last one counts")
                .isEqualTo(EvaluationResponse.builder().score(1.0).build());
    }

    @Test
    void evaluationResponseErrorsNameTheProblemNotAClass() {
        assertThatThrownBy(() -> Json.read("{\"score\": 5, \"explanation\": \"x\"}", EvaluationResponse.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot read EvaluationResponse: score must be within [0, 1] or null, got 5.0");
        for (String notAnObject : List.of("[1]", "\"x\"", "0.5")) {
            assertThatThrownBy(() -> Json.read(notAnObject, EvaluationResponse.class)).as(notAnObject)
                    .hasMessage("Cannot read EvaluationResponse: An evaluation response must be a JSON object");
        }
        assertThatThrownBy(() -> Json.read("{\"score\": 0.5, \"explanation\": \"x\"", EvaluationResponse.class))
                .hasMessageStartingWith("Cannot read EvaluationResponse: Unexpected end-of-input");
    }

    @Test
    void traceResponseConveniencesDeriveFromInstanceScores() {
        MultiAgentTraceResponse r = Json.read("""
                {"request_id": "r1", "results_by_agent_name": {
                  "supervisor": {"agent_name": "supervisor",
                     "results_by_agent_instance_id": {"a1": {"score": 0.8, "explanation": "ok"}, "a3": null},
                     "summary_statistics": {"median": 0.8, "min": 0.8, "max": 0.8, "std": 0.0}},
                  "worker": {"agent_name": "worker",
                     "results_by_agent_instance_id": {"a2": {"passed": true, "explanation": "done"}, "a4": {"score": 0.2, "explanation": "x"}},
                     "summary_statistics": null}}}""", MultiAgentTraceResponse.class);
        assertThat(r.agentScores()).containsEntry("supervisor", 0.8).containsEntry("worker", 0.6);
        assertThat(r.overallScore()).isCloseTo((0.8 + 1.0 + 0.2) / 3, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(r.instanceResult("a3")).isEmpty();
        assertThat(r.resultsByAgentName().get("supervisor").resultsByAgentInstanceId()).containsKey("a3");
        assertThat(Json.parse(Json.write(r)).at("/results_by_agent_name/supervisor/results_by_agent_instance_id/a3").isNull()).isTrue();
    }

    @Test
    void messageFactoriesProduceOpenAiShapesAndNeverShareState() {
        Message call = Message.assistantToolCalls(Message.ToolCall.of("c1", "lookup", "{\"id\":1}"));
        assertThat(Json.parse(Json.write(List.of(Message.user("hi"), call, Message.tool("c1", "found")))))
                .isEqualTo(Json.parse("""
                  [{"role":"user","content":"hi"},
                   {"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"lookup","arguments":"{\\"id\\":1}"}}]},
                   {"role":"tool","content":"found","tool_call_id":"c1"}]"""));
        Message m = Message.user("hi");
        m.toJson().put("role", "system");
        assertThat(m.role()).isEqualTo("user");
        assertThatThrownBy(() -> Message.of(Map.of("content", "x"))).hasMessageContaining("role");
        assertThat(Message.fromJson("{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"text\",\"text\":\"b\"}]}").text())
                .isEqualTo("a\nb");
    }

    @Test
    void summaryStatisticsUsePopulationStd() {
        SummaryStatistics s = SummaryStatistics.of(java.util.Arrays.asList(0.2, null, 0.4, 0.9));
        assertThat(s.median()).isEqualTo(0.4);
        assertThat(s.min()).isEqualTo(0.2);
        assertThat(s.max()).isEqualTo(0.9);
        assertThat(s.std()).isCloseTo(Math.sqrt(((0.2 - 0.5) * (0.2 - 0.5) + (0.4 - 0.5) * (0.4 - 0.5) + 0.4 * 0.4) / 3),
                org.assertj.core.data.Offset.offset(1e-12));
        assertThat(SummaryStatistics.of(java.util.Arrays.asList((Double) null))).isEqualTo(new SummaryStatistics(null, null, null, null));
    }
}

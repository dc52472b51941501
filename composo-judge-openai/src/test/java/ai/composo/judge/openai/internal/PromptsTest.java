package ai.composo.judge.openai.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ai.composo.internal.json.Json;
import ai.composo.judge.JudgeRequest;
import ai.composo.model.AgentInstance;
import ai.composo.model.LLMInput;
import ai.composo.model.LLMInteraction;
import ai.composo.model.LLMOutput;
import ai.composo.model.LLMToolCall;
import ai.composo.model.LLMToolDefinition;
import ai.composo.model.LLMToolResponse;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PromptsTest {

    static final String WEATHER_TOOL = "{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"description\":\"Current weather\","
            + "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}}";

    static List<JsonNode> chat() {
        return List.of(
                Json.parse("{\"role\":\"user\",\"content\":\"Hi, what is your refund policy?\"}"),
                Json.parse("{\"role\":\"assistant\",\"content\":\"Hello! Let me check.\"}"),
                Json.parse("{\"role\":\"user\",\"content\":\"Please be quick.\"}"),
                Json.parse("{\"role\":\"assistant\",\"content\":\"Refunds within 30 days, see policy 4.2.\"}"));
    }

    static List<JsonNode> toolChat(boolean withResult) {
        List<JsonNode> m = new java.util.ArrayList<>(List.of(
                Json.parse("{\"role\":\"user\",\"content\":\"Weather in Oslo?\"}"),
                Json.parse("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\"}\"}}]}")));
        if (withResult) {
            m.add(Json.parse("{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"3C and rain\"}"));
            m.add(Json.parse("{\"role\":\"assistant\",\"content\":\"It is 3C and raining in Oslo.\"}"));
        }
        return m;
    }

    private static String evaluatedMessages(String user) {
        Matcher m = Pattern.compile("(?s)<message index=\"(\\d+)\" role=\"assistant\" evaluate=\"true\">").matcher(user);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            sb.append(m.group(1));
        }
        return sb.toString();
    }

    @Test
    void rewardResponsePromptCarriesCriterionSystemToolsAndMarksOnlyTheLatestTurn() {
        JudgeRequest r = JudgeRequest.builder().criterion("Reward responses that cite the refund policy")
                .messages(chat()).system("You are Acme's support bot.").rawTools(List.of(Json.parse(WEATHER_TOOL))).build();
        JudgePrompt p = Prompts.build(r);
        assertThat(p.notApplicableReason()).isEmpty();
        assertThat(p.system()).contains("\"score\": <integer from 0 to 10, or null>").contains("explanation");
        assertThat(p.user())
                .contains("<criterion>Reward responses that cite the refund policy</criterion>")
                .contains("The criterion rewards: responses that cite the refund policy")
                .contains("<system_prompt>\nYou are Acme's support bot.\n</system_prompt>")
                .contains("<tool name=\"get_weather\">")
                .contains("Refunds within 30 days, see policy 4.2.")
                .contains("the assistant's latest response");
        assertThat(evaluatedMessages(p.user())).isEqualTo("3");
        // the material comes before the task
        assertThat(p.user().indexOf("<conversation>")).isLessThan(p.user().indexOf("<criterion>"));
    }

    @Test
    void wholeConversationMarksEveryAssistantTurn() {
        JudgeRequest r = JudgeRequest.builder().criterion("Reward responses that are polite").messages(chat()).evaluateLatest(false).build();
        JudgePrompt p = Prompts.build(r);
        assertThat(evaluatedMessages(p.user())).isEqualTo("13");
        assertThat(p.user()).contains("across the whole conversation");
    }

    @Test
    void polarityChangesTheInstructions() {
        String penalize = Prompts.build(JudgeRequest.builder().criterion("Penalize responses with filler").messages(chat()).build()).user();
        assertThat(penalize).contains("The criterion penalizes: responses with filler").contains("10 = no trace of it")
                .contains("Higher is always better");

        JudgePrompt passes = Prompts.build(JudgeRequest.builder().criterion("Response passes if it cites a policy number").messages(chat()).build());
        assertThat(passes.system()).contains("\"verdict\": \"pass\" | \"fail\" | \"not_applicable\"");
        assertThat(passes.user()).contains("The response passes only if this condition holds: it cites a policy number")
                .contains("Answer \"pass\" if the condition holds");

        String fails = Prompts.build(JudgeRequest.builder().criterion("Fails if the answer is rude").messages(chat()).build()).user();
        assertThat(fails).contains("The response fails if this condition holds: the answer is rude")
                .contains("Answer \"fail\" if the condition holds and \"pass\" if it does not");
    }

    @Test
    void toolCallPromptShowsTheSchemaAndSaysImmediateWithoutAResult() {
        JudgeRequest r = JudgeRequest.builder().criterion("Tool call passes if the city argument matches the user's request")
                .messages(toolChat(false)).rawTools(List.of(Json.parse(WEATHER_TOOL))).build();
        String user = Prompts.build(r).user();
        assertThat(user).contains("<tool_calls_to_evaluate>")
                .contains("name=\"get_weather\" evaluation=\"immediate\"")
                .contains("<arguments>{\"city\":\"Oslo\"}</arguments>")
                .contains("<parameters>{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}</parameters>")
                .contains(Prompts.IMMEDIATE)
                .doesNotContain(Prompts.HINDSIGHT)
                .contains("The tool call passes only if this condition holds");
    }

    @Test
    void toolCallPromptIsHindsightWhenTheResultIsPresentAndFlagsUnknownTools() {
        JudgeRequest r = JudgeRequest.builder().criterion("Reward tool calls that use the right tool")
                .messages(toolChat(true)).build();
        String user = Prompts.build(r).user();
        assertThat(user).contains("evaluation=\"hindsight\"").contains("<result>3C and rain</result>")
                .contains(Prompts.HINDSIGHT).doesNotContain(Prompts.IMMEDIATE)
                .contains("No tool named 'get_weather' is among the available tools.")
                .contains("tool_name=\"get_weather\"");
    }

    @Test
    void nothingToJudgeWithoutTheJudgedThing() {
        JudgePrompt noCall = Prompts.build(JudgeRequest.builder().criterion("Tool call fails if the date is missing").messages(chat()).build());
        assertThat(noCall.notApplicableReason()).hasValue("The conversation has no tool call to evaluate.");
        JudgePrompt noAssistant = Prompts.build(JudgeRequest.builder().criterion("Reward polite responses")
                .messages(List.of(Json.parse("{\"role\":\"user\",\"content\":\"a\"}"), Json.parse("{\"role\":\"user\",\"content\":\"b\"}"))).build());
        assertThat(noAssistant.notApplicableReason()).isPresent();
    }

    @Test
    void traceAgentInstanceIsRenderedAsStructuredText() {
        LLMToolDefinition search = new LLMToolDefinition("search", "Web search", "{\"type\":\"object\",\"properties\":{\"q\":{\"type\":\"string\"}}}");
        AgentInstance agent = AgentInstance.builder("a1", "researcher")
                .interaction(LLMInteraction.builder()
                        .input(LLMInput.text("user", "Find the population of Oslo"))
                        .output(LLMOutput.toolCall(new LLMToolCall("t1", "search", "{\"q\":\"Oslo population\"}")))
                        .tool(search).build())
                .call("child-7")
                .interaction(LLMInteraction.builder()
                        .input(LLMInput.toolResponse(new LLMToolResponse("t1", "about 720,000", "search")))
                        .output(LLMOutput.text("Oslo has about 720,000 inhabitants."))
                        .tool(search).build())
                .build();
        JudgeRequest r = JudgeRequest.builder().criterion("Reward agents that use tools efficiently").agentInstance(agent).build();
        JudgePrompt p = Prompts.build(r);
        assertThat(p.user())
                .contains("<agent_instance id=\"a1\" name=\"researcher\">")
                .contains("<tool name=\"search\">")
                .contains("<tools_available>search</tools_available>")
                .contains("<tool_call id=\"t1\" name=\"search\">{\"q\":\"Oslo population\"}</tool_call>")
                .contains("<agent_call step=\"1\" agent_instance_id=\"child-7\"/>")
                .contains("<tool_response id=\"t1\" name=\"search\">about 720,000</tool_response>")
                .contains("Oslo has about 720,000 inhabitants.")
                .contains("Evaluate the agent in <agent_instance>");
        // the tool definition appears once, not once per interaction
        assertThat(p.user().split("<tool name=\"search\">", -1)).hasSize(2);
    }
}

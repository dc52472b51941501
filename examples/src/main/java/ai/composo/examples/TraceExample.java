package ai.composo.examples;

import ai.composo.Composo;
import ai.composo.errors.ComposoIoException;
import ai.composo.model.AgentInstanceResult;
import ai.composo.model.AgentTraceResult;
import ai.composo.model.LLMInput;
import ai.composo.model.LLMInteraction;
import ai.composo.model.LLMOutput;
import ai.composo.model.LLMToolCall;
import ai.composo.model.LLMToolDefinition;
import ai.composo.model.LLMToolResponse;
import ai.composo.model.MultiAgentTrace;
import ai.composo.model.MultiAgentTraceResponse;
import ai.composo.tracing.AgentTracer;
import java.nio.file.Path;
import java.util.Map;

/**
 * Captures a two-agent trace with the manual {@link AgentTracer} API (a supervisor that delegates to a
 * researcher, which calls a web-search tool), writes it to {@code trace.json} and evaluates it per agent.
 *
 * <pre>
 * mvn -q -pl examples -am compile exec:java -Dexec.mainClass=ai.composo.examples.TraceExample \
 *     -Dexec.args="http://127.0.0.1:8080 &lt;api-key&gt;"
 * </pre>
 *
 * Arguments: base URL (default {@code http://127.0.0.1:8080}, a local {@code composo serve}), API key
 * (default: {@code COMPOSO_API_KEY}), output file (default {@code trace.json}).
 */
public final class TraceExample {
    public static final String CRITERION = "Reward agents that use their tools correctly and answer the request they were given";

    private TraceExample() {}

    public static void main(String[] args) {
        String baseUrl = args.length > 0 ? args[0] : "http://127.0.0.1:8080";
        String apiKey = args.length > 1 ? args[1] : null; // null: the client reads COMPOSO_API_KEY
        Path file = Path.of(args.length > 2 ? args[2] : "trace.json");

        MultiAgentTrace trace = captureTrace();
        trace.toFile(file);
        System.out.println("Captured " + trace.agentInstanceById().size() + " agent instances -> " + file);

        try (Composo client = Composo.builder().baseUrl(baseUrl).apiKey(apiKey).build()) {
            MultiAgentTraceResponse response = client.evaluateTrace(MultiAgentTrace.fromFile(file), CRITERION);
            System.out.print(render(response));
        } catch (ComposoIoException e) {
            System.err.println("Cannot reach " + baseUrl + " (" + e.getMessage() + ").\n"
                    + "Start a local server with `./composo serve --dev` or pass a base URL and API key.");
            System.exit(2);
        }
    }

    /** The supervisor → researcher run, recorded as it would be by an agent framework. */
    public static MultiAgentTrace captureTrace() {
        LLMToolDefinition delegate = new LLMToolDefinition("research", "Delegate research on a topic to the researcher",
                "{\"type\":\"object\",\"properties\":{\"topic\":{\"type\":\"string\"}},\"required\":[\"topic\"]}");
        LLMToolDefinition search = new LLMToolDefinition("web_search", "Search the web",
                "{\"type\":\"object\",\"properties\":{\"query\":{\"type\":\"string\"}},\"required\":[\"query\"]}");
        LLMToolCall delegation = new LLMToolCall("call_1", "research", "{\"topic\":\"vegan restaurants in Leeds open tonight\"}");
        LLMToolCall searchCall = new LLMToolCall("call_2", "web_search", "{\"query\":\"vegan restaurant Leeds open tonight\"}");
        String found = "1. Tharavadu (vegan menu, open until 22:00) 2. Bundobust (vegetarian, vegan options, open until 21:30)";
        String findings = "Tharavadu has a vegan menu and is open until 22:00; Bundobust has vegan options until 21:30.";

        try (AgentTracer supervisor = AgentTracer.start("supervisor")) {
            supervisor.recordInteraction(LLMInteraction.builder()
                    .input(LLMInput.text("system", "You coordinate specialists. Delegate research with the research tool."))
                    .input(LLMInput.text("user", "Find me a vegan restaurant in Leeds that is open tonight."))
                    .output(LLMOutput.toolCall(delegation))
                    .tool(delegate)
                    .build());
            try (AgentTracer researcher = AgentTracer.start("researcher")) {
                researcher.recordInteraction(LLMInteraction.builder()
                        .input(LLMInput.text("system", "You research topics using web_search."))
                        .input(LLMInput.text("user", "vegan restaurants in Leeds open tonight"))
                        .output(LLMOutput.toolCall(searchCall))
                        .tool(search)
                        .build());
                researcher.recordInteraction(LLMInteraction.builder()
                        .input(LLMInput.text("system", "You research topics using web_search."))
                        .input(LLMInput.text("user", "vegan restaurants in Leeds open tonight"))
                        .input(LLMInput.toolCall(searchCall))
                        .input(LLMInput.toolResponse(new LLMToolResponse("call_2", found, "web_search")))
                        .output(LLMOutput.text(findings))
                        .tool(search)
                        .build());
            }
            supervisor.recordInteraction(LLMInteraction.builder()
                    .input(LLMInput.text("system", "You coordinate specialists. Delegate research with the research tool."))
                    .input(LLMInput.text("user", "Find me a vegan restaurant in Leeds that is open tonight."))
                    .input(LLMInput.toolCall(delegation))
                    .input(LLMInput.toolResponse(new LLMToolResponse("call_1", findings, "research")))
                    .output(LLMOutput.text("Try Tharavadu: it has a full vegan menu and is open until 22:00 tonight."))
                    .tool(delegate)
                    .build());
            return supervisor.trace();
        }
    }

    /** Per-agent scores as a small table. */
    public static String render(MultiAgentTraceResponse response) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%-12s %-38s %6s  %s%n", "agent", "instance", "score", "explanation"));
        for (Map.Entry<String, AgentTraceResult> agent : response.resultsByAgentName().entrySet()) {
            for (Map.Entry<String, AgentInstanceResult> instance : agent.getValue().resultsByAgentInstanceId().entrySet()) {
                AgentInstanceResult r = instance.getValue();
                out.append(String.format("%-12s %-38s %6s  %s%n", agent.getKey(), instance.getKey(),
                        r == null || r.score() == null ? "-" : String.format("%.2f", r.score()),
                        r == null ? "(not evaluated)" : r.explanation()));
            }
        }
        Double overall = response.overallScore();
        out.append("overall: ").append(overall == null ? "-" : String.format("%.2f", overall)).append('\n');
        return out.toString();
    }
}

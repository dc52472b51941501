package ai.composo.junit;

import ai.composo.cli.internal.RowParser;
import ai.composo.model.Message;
import ai.composo.model.MultiAgentTrace;
import java.util.List;

/**
 * Entry points of the Composo assertions, for tests run with {@link ComposoTest}:
 * <pre>{@code
 * assertThat(prompt, response, context)
 *         .meets("Reward responses that only state facts found in the context").withScoreAtLeast(0.8)
 *         .passes("Response passes if it answers the question asked");
 * }</pre>
 * The criteria are evaluated together when the test method returns (or at {@link CriteriaAssert#verify()}), and one
 * failure names every criterion that failed.
 */
public final class ComposoAssertions {
    private ComposoAssertions() {}

    /** A conversation whose last assistant message is the response to judge. */
    public static ConversationAssert assertThat(List<Message> messages) {
        return new ConversationAssert(messages, null, null, null);
    }

    public static ConversationAssert assertThat(String prompt, String response) {
        return assertThat(prompt, response, null);
    }

    /** {@code context} (retrieved material, may be null) goes first as a system message, as {@code composo eval} sends it. */
    public static ConversationAssert assertThat(String prompt, String response, String context) {
        return new ConversationAssert(RowParser.simpleMessages(prompt, response, context), null, null, null);
    }

    /** A dataset row; its evaluations are recorded under the row's id (what the regression gate matches on). */
    public static ConversationAssert assertThat(DatasetRow row) {
        return new ConversationAssert(row.messages(), row.system(), row.tools(), row.id());
    }

    public static TraceAssert assertThat(MultiAgentTrace trace) {
        return new TraceAssert(trace);
    }
}

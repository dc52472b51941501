package ai.composo.server.internal;

import ai.composo.internal.json.Json;
import ai.composo.model.AgentInstance;
import ai.composo.model.Content;
import ai.composo.model.Interaction;
import ai.composo.model.LLMInput;
import ai.composo.model.LLMInteraction;
import ai.composo.model.LLMOutput;
import ai.composo.model.TextContent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Drops input messages that merely repeat the previous LLM interaction's inputs and outputs (wire-spec
 * §5.4): position-wise comparison of lower-cased role, type and content, outputs counting as role
 * {@code assistant}. Agents usually resend the whole history on every call; the judge sees each message once.
 */
public final class TraceDedup {
    private TraceDedup() {}

    public static AgentInstance strip(AgentInstance instance) {
        List<Interaction> out = new ArrayList<>();
        List<String> previous = null;
        for (Interaction i : instance.interactions()) {
            if (!(i instanceof LLMInteraction llm)) {
                out.add(i);
                continue;
            }
            List<LLMInput> inputs = llm.inputMessages();
            int drop = 0;
            if (previous != null) {
                while (drop < inputs.size() && drop < previous.size() && key(inputs.get(drop)).equals(previous.get(drop))) {
                    drop++;
                }
            }
            List<String> seen = new ArrayList<>();
            inputs.forEach(m -> seen.add(key(m)));
            llm.outputMessages().forEach(o -> seen.add(key(o)));
            previous = seen;
            out.add(drop == 0 ? llm : new LLMInteraction(inputs.subList(drop, inputs.size()), llm.outputMessages(), llm.toolsAvailable()));
        }
        return new AgentInstance(instance.id(), instance.name(), out);
    }

    private static String key(LLMInput m) {
        return key(m.role(), m.type(), m.content());
    }

    private static String key(LLMOutput o) {
        return key("assistant", o.type(), o.content());
    }

    private static String key(String role, String type, Content content) {
        String c = content instanceof TextContent t ? t.text() : Json.write(content);
        return (role == null ? "" : role.toLowerCase(Locale.ROOT)) + "\u0000" + (type == null ? "" : type.toLowerCase(Locale.ROOT))
                + "\u0000" + c.toLowerCase(Locale.ROOT);
    }
}

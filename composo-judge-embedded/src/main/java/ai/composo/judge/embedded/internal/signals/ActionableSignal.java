package ai.composo.judge.embedded.internal.signals;

import ai.composo.judge.embedded.internal.Text;
import ai.composo.judge.embedded.internal.reading.Family;
import java.util.regex.Pattern;

/** Actionable: instructions the user can follow (imperatives, "you can/should", numbered steps, a contact or link). */
final class ActionableSignal implements FamilySignal {
    private static final Pattern IMPERATIVE = Pattern.compile(
            "(?i)^(?:\\d+[.)]\\s*|[-*•]\\s*|(?:first|then|next|finally|after that|to do this|to fix this),?\\s*)?(?:please\\s+)?(?:go|open|click|tap|select|choose|enter|type|run|install|restart|reset|update|check|make sure|ensure|try|call|contact|email|reply|send|visit|log in|sign in|navigate|download|upload|add|remove|delete|set|change|turn|press|use|book|fill|submit|attach|include|bring|take|keep|wait|ask|request|schedule|pack|print|return|cancel|review|follow|read|copy|paste|save|create|configure|enable|disable|start|stop)\\b");
    private static final Pattern YOU_CAN = Pattern.compile(
            "(?i)\\b(?:you (?:can|should|need to|may want to|will need to|must)|your next step|next steps?|here's how|here is how|to do (?:this|that)|by (?:going|clicking|calling|visiting))\\b");
    private static final Pattern HANDLE = Pattern.compile("(?i)https?://|\\b\\S+@\\S+\\.\\w+|\\b(?:settings|menu|button|page|form|portal|app|phone|number)\\b");

    @Override
    public Family family() {
        return Family.ACTIONABLE;
    }

    @Override
    public Signal measure(Evidence e) {
        int actions = 0;
        for (String s : e.responseSentences()) {
            if (IMPERATIVE.matcher(s.strip()).find() || YOU_CAN.matcher(s).find()) {
                actions++;
            }
        }
        int items = Cues.count(Cues.LIST_ITEM, e.response());
        boolean handle = HANDLE.matcher(e.response()).find();
        double v = Text.clamp01(0.6 * Text.ramp(actions, 0, 2) + 0.25 * Text.ramp(items, 0, 3) + (handle ? 0.15 : 0));
        return Signal.of(family(), v, 1.0, 0.55,
                actions + " sentences telling the user what to do, " + items + " list items" + (handle ? ", a concrete place or contact to act on" : ""));
    }
}

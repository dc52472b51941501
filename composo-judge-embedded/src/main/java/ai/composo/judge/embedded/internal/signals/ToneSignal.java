package ai.composo.judge.embedded.internal.signals;

import ai.composo.judge.embedded.internal.Embedder;
import ai.composo.judge.embedded.internal.Text;
import ai.composo.judge.embedded.internal.reading.Family;
import java.util.regex.Pattern;

/** Tone: courteous and empathetic markers against curt and dismissive ones, and closeness to a warm vs a curt reply. */
final class ToneSignal implements FamilySignal {
    private static final Pattern POLITE = Pattern.compile(
            "(?i)\\b(?:please|thank(?:s| you)|happy to help|glad to|i understand|i'm sorry to hear|sorry to hear|i apologi[sz]e|apologies|i appreciate|great question|no worries|hope this helps|let me know|feel free|you're welcome|that sounds (?:frustrating|difficult|hard)|completely understandable|i hear you|take care|don't hesitate)\\b");
    private static final Pattern RUDE = Pattern.compile(
            "(?i)\\b(?:obviously|clearly you|just google|figure it out|not my problem|your (?:own )?fault|stupid|dumb|idiot|whatever|as i (?:already )?said|read the (?:manual|docs|documentation)|i already told you|calm down|deal with it|stop (?:asking|complaining)|that's on you|ridiculous|pathetic|seriously\\?|duh|useless question)\\b|!{2,}");
    private static final String POLITE_PROTOTYPE = "I'm sorry you're dealing with this. I understand how frustrating it is, and I'm happy to help you sort it out.";
    private static final String RUDE_PROTOTYPE = "That's your problem, not mine. Figure it out yourself and stop wasting my time.";

    @Override
    public Family family() {
        return Family.TONE;
    }

    @Override
    public Signal measure(Evidence e) {
        String resp = e.response();
        int polite = Cues.count(POLITE, resp);
        int rude = Cues.count(RUDE, resp);
        double lexical = Text.clamp01(0.5 + 0.15 * polite - 0.3 * rude);
        float[] r = e.embedder().embed(resp);
        double diff = Embedder.cosine(r, e.embedder().embed(POLITE_PROTOTYPE)) - Embedder.cosine(r, e.embedder().embed(RUDE_PROTOTYPE));
        double v = 0.5 * lexical + 0.5 * Text.ramp(diff, -0.1, 0.15);
        return Signal.of(family().signal, v, 1.0, 0.45,
                polite + " courteous/empathetic markers, " + rude + " curt/dismissive markers, warm-vs-curt cosine difference " + Text.round(diff));
    }
}

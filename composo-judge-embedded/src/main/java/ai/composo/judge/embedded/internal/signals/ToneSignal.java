package ai.composo.judge.embedded.internal.signals;

import ai.composo.judge.embedded.internal.Embedder;
import ai.composo.judge.embedded.internal.Text;
import ai.composo.judge.embedded.internal.reading.Family;
import java.util.regex.Pattern;

/** Tone: courteous and empathetic markers against curt and dismissive ones, and closeness to a warm vs a curt reply. */
final class ToneSignal implements FamilySignal {
    private static final Pattern POLITE = Pattern.compile(
            "(?i)\\b(?:please|thank(?:s| you)|happy to help|not a (?:silly|stupid|dumb) question|no problem|glad to|i understand|i'm sorry to hear|sorry to hear|i apologi[sz]e|apologies|i appreciate|great question|no worries|hope this helps|let me know|feel free|you're welcome|that sounds (?:frustrating|difficult|hard)|completely understandable|i hear you|take care|don't hesitate)\\b");
    private static final Pattern RUDE = Pattern.compile(
            "(?i)\\b(?:obviously|(?:pretty |so |quite )?obvious|if you had (?:read|looked|checked)|you(?:'d| would) know|as anyone knows|clearly you|just google|figure it out|not my problem|your (?:own )?fault|stupid|dumb|idiot|whatever|as i (?:already )?said|read the (?:manual|docs|documentation)|i already told you|calm down|deal with it|stop (?:asking|complaining)|that's on you|ridiculous|pathetic|seriously\\?|duh|useless question)\\b|!{2,}");
    /** Politeness strategies beyond stock phrases: indirect requests, hedges, gratitude, greetings, deference. */
    private static final Pattern COURTEOUS_MOVES = Pattern.compile(
            "(?i)\\b(?:could you|would you|would it be possible|can you|do you mind|would you mind|if you (?:could|can|don't mind|have time)|i was wondering|i wonder|maybe|perhaps|i think|i believe|i suppose|might|kindly|thanks|thank you|appreciate|grateful|hi|hello|hey|dear|good (?:morning|afternoon|evening)|great|nice|good (?:point|idea|work|job)|welcome|sorry|apologi[sz]e|excuse me|pardon|by the way|happy to|glad|hope)\\b");
    private static final Pattern BLUNT_MOVES = Pattern.compile(
            "(?i)(?:^|[.!?]\\s+)(?:why (?:did|do|does|would|are|is|didn't|don't|can't|won't)|what (?:is|are) (?:you|wrong|this)|so\\b|you (?:need|must|should|have to)|stop|don't|do not)\\b|\\b(?:actually|obviously|clearly|seriously|wrong|nonsense|no idea|pointless|useless|bad|terrible|awful|damn|hell|stupid|ridiculous|whatever|again\\?)\\b|\\?\\s*!|!\\s*\\?");
    private static final Pattern SHOUTING = Pattern.compile("\\b[A-Z]{4,}\\b");

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
        float[] r = e.embedder().embed(resp);
        double diff = Embedder.cosine(r, e.embedder().embed(POLITE_PROTOTYPE)) - Embedder.cosine(r, e.embedder().embed(RUDE_PROTOTYPE));
        int courteous = Cues.count(COURTEOUS_MOVES, resp);
        int blunt = Cues.count(BLUNT_MOVES, resp) + Cues.count(SHOUTING, resp);
        double lexical = Text.clamp01(0.5 + 0.15 * polite - 0.3 * rude + 0.08 * courteous - 0.12 * blunt);
        double v = 0.5 * lexical + 0.5 * Text.ramp(diff, -0.1, 0.15);
        return Signal.of(family(), v, 1.0, 0.45,
                polite + " courteous/empathetic phrases, " + rude + " curt/dismissive phrases, " + courteous + " polite moves, " + blunt
                        + " blunt moves, warm-vs-curt cosine difference " + Text.round(diff));
    }
}

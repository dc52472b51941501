package ai.composo.judge.embedded.internal.signals;

import ai.composo.judge.embedded.internal.Text;
import ai.composo.judge.embedded.internal.reading.Family;
import java.util.regex.Pattern;

/** Structure: list items, headings and paragraphs. */
final class StructureSignal implements FamilySignal {
    private static final Pattern HEADING = Pattern.compile("(?m)^\\s*(?:#{1,6}\\s+\\S|\\*\\*[^*]+\\*\\*:?\\s*$)");

    @Override
    public Family family() {
        return Family.STRUCTURE;
    }

    @Override
    public Signal measure(Evidence e) {
        String resp = e.response();
        int items = Cues.count(Cues.LIST_ITEM, resp);
        int headings = Cues.count(HEADING, resp);
        int paragraphs = resp.strip().split("\\n\\s*\\n").length;
        int words = Text.wordCount(resp);
        // A short answer needs no structure; a long one without any is a wall of text.
        double needed = Text.ramp(words, 40, 120);
        double shape = Text.clamp01(0.6 * Text.ramp(items, 0, 3) + 0.2 * Text.ramp(headings, 0, 2) + 0.2 * Text.ramp(paragraphs, 1, 3));
        double v = (1 - needed) * Math.max(shape, 0.6) + needed * shape;
        return Signal.of(family(), v, 1.0, 0.7, items + " list items, " + headings + " headings, " + paragraphs + " paragraphs, " + words + " words");
    }
}

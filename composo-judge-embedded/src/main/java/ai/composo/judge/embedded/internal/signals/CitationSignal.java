package ai.composo.judge.embedded.internal.signals;

import ai.composo.judge.embedded.internal.Text;
import ai.composo.judge.embedded.internal.reading.Family;
import java.util.regex.Pattern;

/** Citation: citation markers, attributions and links. */
final class CitationSignal implements FamilySignal {
    private static final Pattern CITATION = Pattern.compile(
            "(?i)\\[\\d+\\]|\\[(?:doc|source)[^\\]]*\\]|\\((?:source|see|doc(?:ument)?|ref)[^)]*\\)|\\b(?:according to|as (?:stated|noted|described|mentioned) in|source:|per the|the (?:document|article|policy|passage|report|manual|page|context|guide|leaflet|faq|handbook|terms) (?:says|states|notes|mentions|explains)|https?://)");

    @Override
    public Family family() {
        return Family.CITATION;
    }

    @Override
    public Signal measure(Evidence e) {
        int c = Cues.count(CITATION, e.response());
        return Signal.of(family(), Text.ramp(c, 0, 2), 1.0, e.hasSources() ? 0.6 : 0.4, c + " citation markers");
    }
}

package ai.composo.judge.embedded.internal.signals;

import ai.composo.judge.embedded.internal.Text;
import ai.composo.judge.embedded.internal.reading.Family;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Instruction following: the checkable rules of the system prompt (and of the user's request): length limits in
 * sentences or words, forbidden mentions ("never mention/recommend X"), required formats (bullet points, JSON), and
 * scope ("only answer questions about X", checked as declining off-scope requests). Each broken rule counts.
 */
final class InstructionSignal implements FamilySignal {
    private static final Pattern MAX_SENTENCES = Pattern.compile(
            "(?i)\\b(?:at most|no more than|maximum of|up to|in|within|under|fewer than|less than)\\s+(\\d+|one|two|three|four|five|six|seven|eight|nine|ten)\\s+sentences?\\b|\\b(?:one|a single)[- ]sentence\\b");
    private static final Pattern MAX_WORDS = Pattern.compile(
            "(?i)\\b(?:at most|no more than|maximum of|up to|in|within|under|fewer than|less than)\\s+(\\d+)\\s+words\\b");
    private static final Pattern FORBIDDEN = Pattern.compile(
            "(?i)\\b(?:never|do not|don't|must not|should not|shouldn't|avoid|refrain from)\\s+(?:ever\\s+)?(?:mention(?:ing)?|recommend(?:ing)?|suggest(?:ing)?|discuss(?:ing)?|name|naming|refer(?:ring)? to|talk(?:ing)? about|bring(?:ing)? up|promise|promising|give|giving|offer(?:ing)?|share|sharing|reveal(?:ing)?|disclose|use|using|say|saying)\\s+([^.;:!?]+)");
    private static final Pattern ONLY_SCOPE = Pattern.compile(
            "(?i)\\b(?:only (?:answer|help with|respond to|discuss|talk about|assist with)|answer only)\\s+(?:questions\\s+)?(?:about|on|regarding|related to|with)?\\s*([^.;:!?]+)");
    private static final Pattern BULLETS = Pattern.compile("(?i)\\bbullet(?:ed)?(?:[- ]points?| list)|\\bnumbered (?:list|steps)|\\b(?:as|in) a list\\b");
    private static final Pattern NO_INTRO = Pattern.compile("(?i)\\bno (?:intro(?:duction)?|preamble|greeting|conclusion|outro|summary|explanation)\\b|\\bjust the (?:answer|list|code|number)\\b");
    private static final Pattern LANGUAGE_RULE = Pattern.compile(
            "(?i)\\b(?:reply|respond|answer|write|speak|talk|communicate)\\s+(?:only\\s+|always\\s+)?in\\s+(english|french|spanish|german|italian|portuguese|dutch)\\b|\\b(english|french|spanish|german|italian|portuguese|dutch)\\s+only\\b");
    private static final Pattern JSON = Pattern.compile("(?i)\\b(?:respond|reply|answer|output)\\s+(?:only\\s+)?(?:in|with|as)\\s+(?:valid\\s+)?json\\b");
    private static final Pattern SPLIT_LIST = Pattern.compile("\\s*(?:,|\\bor\\b|\\band\\b|/)\\s*");

    @Override
    public Family family() {
        return Family.INSTRUCTION;
    }

    @Override
    public Signal measure(Evidence e) {
        String rules = e.view().context();
        String resp = e.response();
        List<String> broken = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        Matcher ms = MAX_SENTENCES.matcher(rules);
        if (ms.find()) {
            int max = ms.group(1) == null ? 1 : number(ms.group(1));
            int n = Text.sentences(resp).size();
            (n <= max ? kept : broken).add(n + " sentences against a limit of " + max);
        }
        Matcher mw = MAX_WORDS.matcher(rules);
        if (mw.find()) {
            int max = Integer.parseInt(mw.group(1));
            int n = Text.wordCount(resp);
            (n <= max ? kept : broken).add(n + " words against a limit of " + max);
        }
        Matcher mf = FORBIDDEN.matcher(rules);
        String lowerResp = resp.toLowerCase(Locale.ROOT);
        while (mf.find()) {
            String what = mf.group(1).toLowerCase(Locale.ROOT).replaceAll("^(?:any|our|the|a|an)\\s+", "").strip();
            List<String> names = new ArrayList<>();
            for (String item : SPLIT_LIST.split(what)) {
                String it = item.replaceAll("^(?:such as|like|e\\.g\\.|including)\\s+", "").strip();
                if (!it.isBlank() && it.split("\\s+").length <= 4) {
                    names.add(it);
                }
            }
            boolean hit = false;
            for (String n : names) {
                for (String term : Text.contentTerms(n)) {
                    if (term.length() >= 4 && Text.contentTerms(lowerResp).contains(term)) {
                        broken.add("mentions '" + n + "', which the instructions forbid");
                        hit = true;
                        break;
                    }
                }
                if (hit) {
                    break;
                }
            }
            if (!hit && !names.isEmpty()) {
                kept.add("does not mention " + String.join("/", names));
            }
        }
        Matcher mo = ONLY_SCOPE.matcher(rules);
        if (mo.find()) {
            String scope = mo.group(1);
            double inScope = e.embedder().similarity(scope, e.request());
            boolean declines = Cues.refusalStrength(e.embedder(), resp) >= 0.6 || Cues.NOT_IN_SOURCES.matcher(resp).find()
                    || Pattern.compile("(?i)\\b(?:only (?:help|answer|assist)|outside (?:my|of my|the) scope|can only)\\b").matcher(resp).find();
            double respInScope = e.embedder().similarity(scope, resp);
            if (inScope < 0.55 && !declines && respInScope < 0.6) {
                broken.add("answers a request outside the allowed scope (" + Cues.abbreviate(scope.strip()) + ")");
            } else {
                kept.add("stays within the allowed scope");
            }
        }
        if (BULLETS.matcher(rules).find()) {
            (Cues.count(Cues.LIST_ITEM, resp) >= 2 ? kept : broken).add("a list was required");
        }
        if (JSON.matcher(rules).find()) {
            String t = resp.strip();
            (t.startsWith("{") || t.startsWith("[") ? kept : broken).add("JSON output was required");
        }
        if (NO_INTRO.matcher(rules).find()) {
            List<String> sentences = Text.sentences(resp);
            boolean padded = Cues.count(Cues.LIST_ITEM, resp) > 0 && sentences.size() > Cues.count(Cues.LIST_ITEM, resp);
            (padded ? broken : kept).add("no introduction or conclusion was wanted");
        }
        Matcher ml = LANGUAGE_RULE.matcher(rules);
        if (ml.find()) {
            String wanted = (ml.group(1) != null ? ml.group(1) : ml.group(2)).toLowerCase(Locale.ROOT);
            String got = Languages.detect(resp);
            (got == null || got.equals(wanted) ? kept : broken).add("written in " + (got == null ? "an unknown language" : got)
                    + ", " + wanted + " was required");
        }
        if (broken.isEmpty() && kept.isEmpty()) {
            // No rule the judge can check: only how close the reply stays to the instructions' subject.
            double sim = rules.isBlank() ? 0.5 : Text.ramp(e.embedder().similarity(rules, resp), 0.4, 0.8);
            return Signal.of(family(), 0.4 + 0.3 * sim, 0.6, 0.15, "no checkable rule found in the instructions");
        }
        double v = broken.isEmpty() ? 0.9 : Math.max(0.05, 0.45 - 0.2 * (broken.size() - 1)) * (kept.isEmpty() ? 1 : 1.0);
        String note = broken.isEmpty() ? "keeps every checkable rule (" + String.join("; ", kept) + ")"
                : "breaks " + broken.size() + " rule(s): " + String.join("; ", broken);
        return Signal.of(family(), v, 1.2, 0.6, note);
    }

    private static int number(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "one" -> 1; case "two" -> 2; case "three" -> 3; case "four" -> 4; case "five" -> 5;
            case "six" -> 6; case "seven" -> 7; case "eight" -> 8; case "nine" -> 9; case "ten" -> 10;
            default -> Integer.parseInt(s);
        };
    }
}

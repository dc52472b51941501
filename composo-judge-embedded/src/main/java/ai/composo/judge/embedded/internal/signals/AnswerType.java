package ai.composo.judge.embedded.internal.signals;

import ai.composo.judge.embedded.internal.Text;
import java.util.List;
import java.util.regex.Pattern;

/** What kind of answer a question asks for (a number, a name, yes or no), and whether a text gives one. */
final class AnswerType {
    private AnswerType() {}

    private static final Pattern EXPECTS_NUMBER = Pattern.compile(
            "(?i)\\b(?:how (?:many|much|far|long|old|tall|big|high|often|fast|heavy|warm|cold|hot)|what (?:year|time|date|percentage|temperature|age)|when (?:did|does|do|is|was|will)|what is the (?:price|cost|number|population|distance|boiling|melting)|how much (?:does|is|do))\\b");
    private static final Pattern EXPECTS_NAME = Pattern.compile("(?i)^\\s*(?:who|which (?:company|person|country|city|planet))\\b");
    private static final Pattern YES_NO = Pattern.compile("(?i)^\\s*(?:is|are|can|does|do|did|was|were|will|should|could|has|have)\\b[^?]*\\?\\s*$");
    private static final Pattern NUMBERISH = Pattern.compile(
            "(?i)\\d|\\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|million|billion|half|dozen|january|february|march|april|may|june|july|august|september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\\b");
    private static final Pattern YES_NO_ANSWER = Pattern.compile("(?i)^\\W*(?:yes|no|yeah|nope|not|sure|absolutely|unfortunately|correct|it (?:is|does|can)|you can)\\b");

    /** Whether the response has the kind of answer the question asks for, in [0, 1]; null if unknown. */
    static Double of(String question, String response) {
        String lastQuestion = question;
        for (String q : Text.sentences(question)) {
            if (q.contains("?")) {
                lastQuestion = q;
            }
        }
        if (EXPECTS_NUMBER.matcher(lastQuestion).find()) {
            return NUMBERISH.matcher(response).find() ? 1.0 : 0.0;
        }
        if (EXPECTS_NAME.matcher(lastQuestion).find()) {
            List<String> words = Text.words(response);
            // A bare answer is the name itself ("Paris", "the beatles"); in a sentence, look past its first word.
            boolean bare = words.size() <= 5;
            for (int i = bare ? 0 : 1; i < words.size(); i++) {
                if (Character.isUpperCase(words.get(i).charAt(0))) {
                    return 1.0;
                }
            }
            return words.isEmpty() ? 0.0 : bare ? 0.6 : 0.3;
        }
        if (YES_NO.matcher(lastQuestion.strip()).find()) {
            return YES_NO_ANSWER.matcher(response).find() ? 1.0 : 0.5;
        }
        return null;
    }
}

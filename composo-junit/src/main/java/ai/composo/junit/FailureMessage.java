package ai.composo.junit;

import java.util.List;

/** The text of a failed assertion: each failing criterion with its numbers, explanation and the judge's reading. */
final class FailureMessage {
    private FailureMessage() {}

    static String of(String id, List<Check> checks, List<Outcome> failed, TestRun run) {
        long criteria = failed.stream().map(Outcome::check).distinct().count();
        StringBuilder b = new StringBuilder();
        b.append("Composo: ").append(criteria).append(" of ").append(checks.size()).append(checks.size() == 1 ? " criterion" : " criteria")
                .append(" failed for ").append(id).append(':');
        for (Outcome o : failed) {
            b.append("\n  [").append(checks.indexOf(o.check()) + 1).append("] ").append(o.check().criterion());
            if (!o.subject().isEmpty()) {
                b.append("\n      for ").append(o.subject());
            }
            for (String line : o.describe()) {
                b.append("\n      ").append(line);
            }
            String reading = run.reading(o.check().criterion());
            if (reading != null) {
                b.append("\n      ").append(reading);
            }
        }
        b.append("\n  results: ").append(run.resultsFile().toAbsolutePath().normalize())
                .append(" (report at the end of the run: ").append(run.reportFile().toAbsolutePath().normalize()).append(')');
        return b.toString();
    }
}

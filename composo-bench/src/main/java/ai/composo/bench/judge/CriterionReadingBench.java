package ai.composo.bench.judge;

import ai.composo.judge.embedded.CriterionReading;
import ai.composo.judge.embedded.EmbeddedJudge;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How well the embedded judge's criterion reader reads criteria it has never seen: each line of a readings file
 * ({@code examples/judge-devset/criterion-readings-heldout.jsonl}: criterion, expected families with the wanted
 * direction, or {@code none}) is read and compared.
 *
 * <ul>
 *   <li>exact: every expected family found with the right direction, and no family the criterion does not name
 *       (an out-of-family criterion must be read as out of family);</li>
 *   <li>direction-safe: no expected family read in the wrong direction (a wrong direction is what sorts reports
 *       the wrong way);</li>
 *   <li>per-family recall, inversions, out-of-family precision and recall.</li>
 * </ul>
 *
 * <pre>mvn -B -o -q -pl composo-bench -am package -DskipTests dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp "$(cat composo-bench/target/cp.txt):composo-bench/target/classes" ai.composo.bench.judge.CriterionReadingBench examples/judge-devset/criterion-readings-heldout.jsonl [--misses]</pre>
 */
public final class CriterionReadingBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "examples/judge-devset/criterion-readings-heldout.jsonl");
        boolean misses = List.of(args).contains("--misses");
        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                rows.add(JSON.readTree(line));
            }
        }
        try (EmbeddedJudge judge = EmbeddedJudge.builder().build().awaitReady(Duration.ofMinutes(5))) {
            int exact = 0;
            int safe = 0;
            int inverted = 0;
            int noneTotal = 0;
            int noneHit = 0;
            int readAsNone = 0;
            int readAsNoneCorrect = 0;
            Map<String, int[]> perFamily = new TreeMap<>();
            List<String> report = new ArrayList<>();
            for (JsonNode row : rows) {
                String criterion = row.path("criterion").asText();
                CriterionReading r = judge.read(criterion);
                boolean none = row.path("none").asBoolean(false) || row.path("expect").isEmpty();
                boolean ok = true;
                boolean rowInverted = false;
                List<String> expected = new ArrayList<>();
                for (JsonNode e : row.path("expect")) {
                    String fam = e.path("family").asText();
                    boolean more = "+".equals(e.path("wanted").asText());
                    expected.add(fam);
                    int[] pf = perFamily.computeIfAbsent(fam, k -> new int[3]);
                    pf[0]++;
                    CriterionReading.Part got = r.parts().stream().filter(p -> p.family().equals(fam)).findFirst().orElse(null);
                    if (got == null) {
                        ok = false;
                    } else if (got.moreIsBetter() != more) {
                        ok = false;
                        rowInverted = true;
                        pf[2]++;
                    } else {
                        pf[1]++;
                    }
                }
                if (none) {
                    noneTotal++;
                    if (r.outOfFamily()) {
                        noneHit++;
                    } else {
                        ok = false;
                    }
                } else {
                    for (CriterionReading.Part p : r.parts()) {
                        if (!expected.contains(p.family()) && !isStructural(criterion, p.family())) {
                            ok = false;
                        }
                    }
                }
                if (r.outOfFamily()) {
                    readAsNone++;
                    if (none) {
                        readAsNoneCorrect++;
                    }
                }
                exact += ok ? 1 : 0;
                safe += rowInverted ? 0 : 1;
                inverted += rowInverted ? 1 : 0;
                if (!ok) {
                    report.add(String.format(Locale.ROOT, "%s %-9s expected %s, read %s  | %s", row.path("id").asText(),
                            rowInverted ? "INVERTED" : "miss", none ? "none" : row.path("expect").toString(), r.summary(), criterion));
                }
            }
            int n = rows.size();
            System.out.printf(Locale.ROOT, "%s: %d criteria%n", file.getFileName(), n);
            System.out.printf(Locale.ROOT, "exact reading        %5.1f%% (%d of %d)%n", 100.0 * exact / n, exact, n);
            System.out.printf(Locale.ROOT, "no family inverted   %5.1f%% (%d criteria with an inverted family)%n", 100.0 * safe / n, inverted);
            System.out.printf(Locale.ROOT, "out of family: recall %.1f%% (%d of %d), precision %.1f%% (%d of %d read as none)%n",
                    100.0 * noneHit / Math.max(1, noneTotal), noneHit, noneTotal,
                    100.0 * readAsNoneCorrect / Math.max(1, readAsNone), readAsNoneCorrect, readAsNone);
            System.out.println("per family: found with the right direction / expected (inverted)");
            perFamily.forEach((f, a) -> System.out.printf(Locale.ROOT, "  %-22s %3d / %3d  (%d inverted)%n", f, a[1], a[0], a[2]));
            if (misses) {
                report.forEach(System.out::println);
            }
        }
    }

    /** A tool-call or agent criterion always gets its family's structural check; that is not a misreading. */
    private static boolean isStructural(String criterion, String family) {
        String c = criterion.toLowerCase(Locale.ROOT);
        return ("tool_call".equals(family) && (c.startsWith("tool call") || c.contains("tool calls")))
                || ("agent".equals(family) && (c.startsWith("agent") || c.contains("agents")));
    }
}

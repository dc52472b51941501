package ai.composo.cli;

import ai.composo.judge.embedded.CriterionReading;
import ai.composo.judge.embedded.EmbeddedJudge;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code composo criteria explain}: how the embedded judge reads criteria, before a run is trusted. */
@Command(name = "criteria", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = "Work with criteria: see how the embedded judge reads them.",
        subcommands = {CriteriaCommand.Explain.class})
public final class CriteriaCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "explain", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
            headerHeading = "", header = "Print how the embedded judge reads each criterion: the families it measures, which way, and how sure it is.",
            descriptionHeading = "%n",
            description = {
                    "The embedded judge turns a criterion into signal families (grounding, conciseness, tone, tool_call, …), each with a direction: 'more is better' when a response showing more of the family's good side (grounded, concise, courteous…) scores higher. A criterion outside every family is said to be so: the embedded judge's scores on it are close to chance, and an LLM judge (--judge-config) should judge it.",
                    "Runs offline; nothing is evaluated.",
                    ""},
            footerHeading = "%nExamples:%n",
            footer = {
                    "  composo criteria explain \"Penalize responses that include information the user did not ask for\"",
                    "  composo criteria explain --criteria-set rag",
                    "  composo criteria explain --criteria-file criteria.txt --json",
                    "",
                    "Exit codes: 0 every criterion was read into at least one family, 1 some criterion is outside every",
                    "            family, 2 usage or input error."})
    static final class Explain implements Callable<Integer> {
        @Parameters(paramLabel = "CRITERION", arity = "0..*", description = "Criterion sentences (\"Reward responses that …\").")
        List<String> positional = new ArrayList<>();

        @CommandLine.Mixin
        CriteriaOptions criteriaOptions = new CriteriaOptions();

        @Option(names = "--json", description = "Print the readings as a JSON array.")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            List<String> criteria;
            try {
                List<String> inline = new ArrayList<>(positional);
                inline.addAll(criteriaOptions.criteria);
                criteriaOptions.criteria = inline;
                criteria = criteriaOptions.resolve();
            } catch (IllegalArgumentException e) {
                err.println("composo: " + e.getMessage());
                return ComposoCli.USAGE;
            }
            List<CriterionReading> readings = new ArrayList<>();
            try (EmbeddedJudge judge = EmbeddedJudge.builder().threads(1).build()) {
                judge.awaitReady(Duration.ofMinutes(5));
                for (String c : criteria) {
                    readings.add(judge.read(c));
                }
            }
            if (json) {
                ObjectMapper m = new ObjectMapper();
                ArrayNode arr = m.createArrayNode();
                for (CriterionReading r : readings) {
                    ObjectNode o = arr.addObject();
                    o.put("criterion", r.criterion());
                    o.put("out_of_family", r.outOfFamily());
                    o.put("confidence", r.confidence());
                    o.put("summary", r.summary());
                    ArrayNode parts = o.putArray("parts");
                    for (CriterionReading.Part p : r.parts()) {
                        ObjectNode po = parts.addObject();
                        po.put("family", p.family());
                        if (!p.aspect().isEmpty()) {
                            po.put("aspect", p.aspect());
                        }
                        po.put("direction", p.moreIsBetter() ? "more is better" : "less is better");
                        po.put("fragment", p.fragment());
                        po.put("confidence", p.confidence());
                    }
                    ArrayNode unread = o.putArray("not_understood");
                    r.unreadFragments().forEach(unread::add);
                }
                out.println(arr.toPrettyString());
            } else {
                for (CriterionReading r : readings) {
                    out.print(render(r));
                }
            }
            out.flush();
            return readings.stream().anyMatch(CriterionReading::outOfFamily) ? 1 : ComposoCli.OK;
        }
    }

    /** The human-readable reading of one criterion, as the summary and the report show it too. */
    static String render(CriterionReading r) {
        StringBuilder sb = new StringBuilder();
        sb.append(r.criterion()).append('\n');
        if (r.outOfFamily()) {
            sb.append("  outside what the embedded judge measures: its scores on this criterion are close to chance\n")
                    .append("  (confidence ").append(String.format(Locale.ROOT, "%.2f", r.confidence()))
                    .append("); use an LLM judge for it (--judge-config)\n");
        } else {
            sb.append(String.format(Locale.ROOT, "  read as: %s   confidence %.2f%n", r.summary(), r.confidence()));
            for (CriterionReading.Part p : r.parts()) {
                String name = p.family() + (p.aspect().isEmpty() ? "" : "/" + p.aspect());
                sb.append(String.format(Locale.ROOT, "    %-26s %-15s from \"%s\"%n", name, p.moreIsBetter() ? "more is better" : "less is better",
                        p.fragment()));
            }
        }
        for (String u : r.unreadFragments()) {
            sb.append("    not understood: \"").append(u).append("\"\n");
        }
        sb.append('\n');
        return sb.toString();
    }
}

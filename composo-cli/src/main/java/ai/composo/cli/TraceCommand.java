package ai.composo.cli;

import ai.composo.AsyncComposo;
import ai.composo.cli.internal.Target;
import ai.composo.errors.ComposoException;
import ai.composo.internal.json.Json;
import ai.composo.model.AgentInstanceResult;
import ai.composo.model.AgentTraceResult;
import ai.composo.model.MultiAgentTrace;
import ai.composo.model.MultiAgentTraceResponse;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "trace", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        headerHeading = "", header = "Evaluate a saved multi-agent trace against criteria and print the results per agent.",
        descriptionHeading = "%n",
        description = {
                "TRACE is the JSON of a MultiAgentTrace (as AgentTracer writes it). Each criterion is evaluated over the whole trace and the results are printed per agent name and per agent instance, with the summary statistics the server computes. Criteria judge agents, e.g. \"Reward agents that use tools correctly\" or \"Agent fails if it loops\".",
                "",
                "The target is chosen as for 'composo eval': hosted with COMPOSO_API_KEY, --base-url, or a local in-process server.",
                ""},
        footerHeading = "%nExit codes:%n",
        footer = {
                "  0 ok · 1 a criterion's overall score is below --fail-under · 2 usage or input error · 3 evaluation failed",
                "",
                "Examples:",
                "  composo trace run.json -c \"Reward agents that use tools correctly\"",
                "  composo trace run.json --criteria-set agent --json > trace-results.json",
                "  composo trace run.json --criteria-set agent --base-url http://localhost:8080 --api-key $KEY"})
public final class TraceCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "TRACE", description = "A MultiAgentTrace as JSON.")
    Path traceFile;

    @CommandLine.Mixin
    CriteriaOptions criteriaOptions = new CriteriaOptions();

    @Option(names = "--json", description = "Print the raw responses as a JSON array instead of the tables.")
    boolean json;

    @Option(names = "--fail-under", paramLabel = "SCORE", description = "Exit with code 1 when a criterion's overall score is below SCORE.")
    Double failUnder;

    @CommandLine.Mixin
    TargetOptions target = new TargetOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> all;
        MultiAgentTrace trace;
        Target t;
        try {
            all = criteriaOptions.resolve();
            trace = readTrace(traceFile);
            t = Target.open(target, err);
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("composo: " + e.getMessage());
            return ComposoCli.USAGE;
        }
        try (t) {
            AsyncComposo client = t.client();
            err.println("composo: evaluating " + traceFile.getFileName() + " against " + all.size() + " criteria " + t.description());
            err.flush();
            List<CompletableFuture<MultiAgentTraceResponse>> futures = new ArrayList<>();
            for (String c : all) {
                futures.add(client.evaluateTrace(trace, c));
            }
            ArrayNode raw = Json.mapper().createArrayNode();
            boolean failed = false;
            boolean below = false;
            for (int i = 0; i < all.size(); i++) {
                MultiAgentTraceResponse r;
                try {
                    r = futures.get(i).join();
                } catch (CompletionException e) {
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    err.println("composo: criterion [" + (i + 1) + "] failed: " + (cause instanceof ComposoException ? cause.getMessage() : cause.toString()));
                    failed = true;
                    continue;
                }
                Double overall = r.overallScore();
                if (failUnder != null && overall != null && overall < failUnder) {
                    below = true;
                }
                if (json) {
                    ObjectNode o = raw.addObject();
                    o.put("criterion", all.get(i));
                    o.set("response", Json.tree(r));
                } else {
                    print(out, i + 1, all.get(i), r);
                }
            }
            if (json) {
                out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(raw));
            }
            out.flush();
            return failed ? ComposoCli.EVALUATION_ERRORS : below ? ComposoCli.THRESHOLD_FAILED : ComposoCli.OK;
        } catch (IOException e) {
            err.println("composo: " + e.getMessage());
            return ComposoCli.EVALUATION_ERRORS;
        }
    }

    private static MultiAgentTrace readTrace(Path file) {
        try {
            return MultiAgentTrace.fromJson(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("trace file not found: " + file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file.getFileName() + " is not a multi-agent trace: " + e.getMessage());
        }
    }

    private static void print(PrintWriter out, int n, String criterion, MultiAgentTraceResponse r) {
        out.printf(Locale.ROOT, "[%d] %s%n", n, criterion);
        out.printf(Locale.ROOT, "    overall: %s%n", fmt(r.overallScore()));
        out.printf(Locale.ROOT, "    %-28s %9s %6s %6s %6s %6s%n", "agent", "instances", "mean", "min", "max", "std");
        for (Map.Entry<String, AgentTraceResult> e : r.resultsByAgentName().entrySet()) {
            AgentTraceResult a = e.getValue();
            if (a == null) {
                continue;
            }
            var s = a.summaryStatistics();
            out.printf(Locale.ROOT, "    %-28s %9d %6s %6s %6s %6s%n", e.getKey(), a.resultsByAgentInstanceId().size(), fmt(a.meanScore()),
                    fmt(s == null ? null : s.min()), fmt(s == null ? null : s.max()), fmt(s == null ? null : s.std()));
            for (Map.Entry<String, AgentInstanceResult> i : a.resultsByAgentInstanceId().entrySet()) {
                AgentInstanceResult ir = i.getValue();
                out.printf(Locale.ROOT, "      %-26s %s  %s%n", i.getKey(), ir == null ? "  not evaluated" : fmt(ir.score()),
                        ir == null ? "" : shorten(ir.explanation().replaceAll("\\s+", " ")));
            }
        }
        out.println();
    }

    /** Explanations can run long; the table keeps the first part ({@code --json} has them whole). */
    private static String shorten(String s) {
        return s.length() <= 200 ? s : s.substring(0, 199) + "…";
    }

    private static String fmt(Double v) {
        return v == null ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }
}

package ai.composo.cli;

import ai.composo.AsyncComposo;
import ai.composo.BatchItem;
import ai.composo.BatchOptions;
import ai.composo.BatchStream;
import ai.composo.EvaluationRequest;
import ai.composo.cli.internal.CompactKeySet;
import ai.composo.cli.internal.CriterionSummary;
import ai.composo.cli.internal.Gates;
import ai.composo.cli.internal.HtmlReport;
import ai.composo.cli.internal.InputException;
import ai.composo.cli.internal.InputFormat;
import ai.composo.cli.internal.InputReader;
import ai.composo.cli.internal.JunitXml;
import ai.composo.cli.internal.OutputFormat;
import ai.composo.cli.internal.Progress;
import ai.composo.cli.internal.RawRecord;
import ai.composo.cli.internal.ResultFile;
import ai.composo.cli.internal.ResultRecord;
import ai.composo.cli.internal.Row;
import ai.composo.cli.internal.RowException;
import ai.composo.cli.internal.RowParser;
import ai.composo.cli.internal.RunManifest;
import ai.composo.cli.internal.Summary;
import ai.composo.cli.internal.SummaryTable;
import ai.composo.cli.internal.Target;
import ai.composo.model.EvaluationResponse;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "eval", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        headerHeading = "", header = "Evaluate a dataset (JSONL, JSON array or CSV) against criteria: results file, summary, HTML report.",
        descriptionHeading = "%n",
        description = {
                "Every row is evaluated against every criterion, streaming: results are written as they arrive (one line per row × criterion, flushed line by line), a progress bar runs on stderr, and at the end a summary table with score histograms is printed and an HTML report written. Memory stays bounded however large the input.",
                "",
                "Rows carry either:",
                "  messages: OpenAI- or Anthropic-format chat messages (at least 2), with optional system, tools and id; or",
                "  prompt + response: with optional context (sent as a first system message \"Context:\\n<context>\") and id.",
                "In CSV, the messages and tools cells hold JSON text. Rows without an id are named line-N. A bad row is reported with its line number, written to the output as an error row, and the run goes on (--strict stops at the first one instead).",
                "",
                "Target: the hosted platform when COMPOSO_API_KEY is set and --base-url is not given; --base-url for any Composo-compatible server; otherwise (or with --local) a server started in this process on 127.0.0.1 with the embedded offline judge, or the judges of --judge-config.",
                ""},
        footerHeading = "%nOutput columns:%n",
        footer = {
                "  id, line, criterion, repeat, score (0-1; null = not applicable),",
                "  passed (pass/fail criteria only), explanation, error, latency_ms, cache_hit",
                "",
                "Exit codes:",
                "  0  every pair evaluated and every gate met",
                "  1  a gate failed (--fail-under, --min-pass-rate, --row-floor); each failed gate is named",
                "  2  usage or input error (bad options, unreadable input, --strict bad row),",
                "     or the server refused the API key (401/403: the run stops at once)",
                "  3  some pairs could not be evaluated (error rows, bad input rows included)",
                "  130  interrupted (Ctrl-C): the summary and report so far are written; --resume continues",
                "",
                "Beside the results, a run manifest (results.manifest.json for results.jsonl) records the dataset's",
                "SHA-256, the criteria, the judge, the tool version, start/end time and counts; 'composo compare' reads it.",
                "",
                "Examples:",
                "  composo eval examples/support-and-rag.jsonl --criteria-set rag",
                "  composo eval chats.jsonl -c \"Reward responses that resolve the issue\" \\",
                "      -c \"Response fails if it invents a policy\" -o out/results.jsonl",
                "  composo eval data.csv --criteria-file criteria.txt --fail-under 0.7",
                "  composo eval data.jsonl --criteria-set rag --fail-under 1=0.8 --row-floor 0.3 --junit-xml junit.xml",
                "  composo eval tool-calls.jsonl --criteria-set tool-call --scope conversation",
                "  composo eval big.jsonl --criteria-set rag --resume    # after Ctrl-C",
                "  composo eval chats.jsonl -c \"Reward concise answers\" --repeat 5",
                "  composo eval chats.jsonl --criteria-set rag \\",
                "      --base-url http://localhost:8080 --api-key $KEY"})
public final class EvalCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "INPUT", description = "Dataset file: .jsonl/.ndjson, .json (an array) or .csv (optionally .gz).")
    Path input;

    @CommandLine.Mixin
    CriteriaOptions criteriaOptions = new CriteriaOptions();

    @Option(names = "--input-format", paramLabel = "FORMAT", description = "Override the input format detected from the file name: ${COMPLETION-CANDIDATES}.")
    InputFormat inputFormat;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", defaultValue = "results.jsonl",
            description = "Results file, written and flushed line by line (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--format", paramLabel = "FORMAT", description = "Results format: ${COMPLETION-CANDIDATES} (default: csv for a .csv output file, else jsonl).")
    OutputFormat format;

    @Option(names = "--resume", description = "Keep the results already in the output file and evaluate only the missing pairs (and the ones that ended in an error).")
    boolean resume;

    @Option(names = "--report", paramLabel = "FILE", defaultValue = "report.html",
            description = "Self-contained HTML report (default: ${DEFAULT-VALUE}).")
    Path report;

    @Option(names = "--no-report", description = "Do not write the HTML report.")
    boolean noReport;

    @Option(names = "--report-rows", paramLabel = "N", defaultValue = "1000",
            description = "The report shows the N worst rows (lowest score on any criterion, errors first) with their content and every criterion's verdict (default: ${DEFAULT-VALUE}); the figures always cover all rows.")
    int reportRows;

    @Option(names = "--fail-under", paramLabel = "[CRITERION=]SCORE",
            description = "CI gate: exit with code 1 when a criterion's mean score is below SCORE (0-1). Without CRITERION for every criterion; CRITERION is its number in the summary ([1], [2] …) or its text. Repeatable.")
    List<String> failUnder;

    @Option(names = "--min-pass-rate", paramLabel = "[CRITERION=]RATE",
            description = "CI gate for pass/fail criteria: exit with code 1 when the share of passing rows is below RATE (0-1). Repeatable.")
    List<String> minPassRate;

    @Option(names = "--row-floor", paramLabel = "[CRITERION=]SCORE",
            description = "CI gate: exit with code 1 when any single row scores below SCORE (0-1) on the criterion. Repeatable.")
    List<String> rowFloor;

    @Option(names = "--junit-xml", paramLabel = "FILE",
            description = "Also write a JUnit XML report (one test case per row × criterion; failures carry the explanation) for CI servers.")
    Path junitXml;

    @Option(names = "--calibration", paramLabel = "FILE",
            description = "Pass/fail from the thresholds 'composo calibrate' chose against your labels (calibration.json): each calibrated criterion's passed column is score >= its threshold. Refused when the judge or a criterion differs from the calibration's.")
    Path calibration;

    @Option(names = "--price-table", paramLabel = "FILE",
            description = "Prices per million tokens (properties: MODEL.prompt, MODEL.completion, optionally MODEL.cached) to estimate what an LLM judge's run cost.")
    Path priceTable;

    @Option(names = "--scope", paramLabel = "SCOPE", defaultValue = "last-turn",
            description = "What is judged: last-turn (the final assistant turn, default) or conversation (every assistant turn and tool call of the row, e.g. for tool-call criteria).")
    String scope;

    @Option(names = "--strict", description = "Stop at the first bad input row (exit code 2) instead of recording it and going on.")
    boolean strict;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "1",
            description = "Evaluate each pair N times and report the spread of the scores (default: ${DEFAULT-VALUE}).")
    int repeat;

    @CommandLine.Mixin
    TargetOptions target = new TargetOptions();

    @Option(names = "--window", paramLabel = "N",
            description = "Pairs held in flight or waiting to be written (default: 4 × --concurrency).")
    Integer window;

    @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
            description = "auto (a bar on a terminal, plain lines otherwise), bar, plain or none (default: ${DEFAULT-VALUE}).")
    Progress.Mode progress;

    @Option(names = "--progress-interval", paramLabel = "DURATION", defaultValue = "5s",
            description = "How often plain progress lines are printed (default: ${DEFAULT-VALUE}).")
    String progressInterval;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        try {
            return evaluate(out, err);
        } catch (UsageException | InputException e) {
            err.println("composo: " + e.getMessage());
            err.flush();
            return ComposoCli.USAGE;
        }
    }

    private int evaluate(PrintWriter out, PrintWriter err) {
        if (repeat < 1) {
            throw new UsageException("--repeat must be at least 1, got " + repeat);
        }
        if (reportRows < 0) {
            throw new UsageException("--report-rows must not be negative");
        }
        if (!scope.equals("last-turn") && !scope.equals("conversation")) {
            throw new UsageException("--scope must be last-turn or conversation, got '" + scope + "'");
        }
        List<String> allCriteria;
        Gates gates;
        try {
            allCriteria = criteriaOptions.resolve();
            gates = Gates.parse(allCriteria, failUnder, minPassRate, rowFloor);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        InputFormat inFormat = inputFormat != null ? inputFormat : InputFormat.detect(input);
        OutputFormat outFormat = format != null ? format : OutputFormat.forPath(output);
        if (output.toAbsolutePath().normalize().equals(input.toAbsolutePath().normalize())) {
            throw new UsageException("the output file is the input file: " + input);
        }
        long interval;
        try {
            interval = ai.composo.judge.JudgeConfig.parseDuration(progressInterval, "--progress-interval").toMillis();
            target.timeoutDuration();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        long records = InputReader.count(input, inFormat);
        if (records == 0) {
            throw new UsageException(input + " holds no rows");
        }
        long total = records * allCriteria.size() * repeat;

        Summary summary = new Summary(allCriteria, repeat);
        Map<String, Integer> criterionIndex = new java.util.HashMap<>();
        for (int i = 0; i < allCriteria.size(); i++) {
            criterionIndex.put(allCriteria.get(i), i);
        }
        CompactKeySet done = new CompactKeySet();
        long[] previous = {0, 0};
        Path manifestPath = RunManifest.pathFor(output);
        RunManifest earlier = resume ? RunManifest.read(manifestPath) : null;
        if (resume) {
            // Results are kept; errors (rate limits, timeouts, a judge that was down) are evaluated again, and their
            // old lines are removed first so that every pair ends up with exactly one line.
            ResultFile.read(output, outFormat, r -> {
                if (resumable(criterionIndex, r)) {
                    if (r.isError()) {
                        previous[1]++;
                    } else if (done.add(key(r.id(), criterionIndex.get(r.criterion()), r.repeat()))) {
                        summary.add(r);
                        previous[0]++;
                    }
                }
            });
            if (previous[1] > 0) {
                ResultFile.rewrite(output, outFormat, r -> !(resumable(criterionIndex, r) && r.isError()));
            }
            if (previous[0] + previous[1] > 0) {
                err.println("composo: resuming: " + previous[0] + " results already in " + output + " are kept and not evaluated again"
                        + (previous[1] > 0 ? "; " + previous[1] + " errors are removed and evaluated again" : ""));
            }
        }

        cost = ai.composo.cli.internal.RunCost.start(priceTable);
        Target opened;
        try {
            opened = Target.open(target, err);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new UsageException(e.getMessage());
        }
        try (Target t = opened; ResultFile results = ResultFile.open(output, outFormat, resume)) {
            if (calibration != null) {
                try {
                    calibrated = ai.composo.cli.internal.calibrate.CalibrationFile.read(calibration).thresholdsFor(t.judge(), allCriteria, calibration);
                } catch (IllegalArgumentException e) {
                    throw new UsageException(e.getMessage());
                }
            }
            RunManifest manifest = startManifest(t, inFormat, records, allCriteria, earlier);
            manifest.write(manifestPath);
            err.println("composo: " + records + " rows × " + allCriteria.size() + " criteria" + (repeat > 1 ? " × " + repeat + " repeats" : "")
                    + " = " + total + " evaluations " + t.description());
            if (repeat > 1 && t.knownDeterministic()) {
                err.println("composo: note: the judge (" + t.judge().describe() + ") is deterministic: every repeat gives the same score,"
                        + " so --repeat shows zero spread; repeats measure judges that sample, such as an LLM judge");
            }
            err.flush();
            AsyncComposo client = t.client();
            Jobs jobs = new Jobs(InputReader.open(input, inFormat), allCriteria, done, results, summary, manifest.runId());
            Finish finish = new Finish(out, err, summary, gates, allCriteria, results, previous[0], t, manifest, manifestPath);
            Thread onInterrupt = new Thread(finish::interrupted, "composo-interrupt");
            Runtime.getRuntime().addShutdownHook(onInterrupt);
            boolean tty = Boolean.getBoolean("composo.stderr.tty") || "1".equals(System.getenv("COMPOSO_STDERR_TTY"));
            String refused = null;
            boolean down = false;
            String firstError = null;
            try (Progress p = Progress.create(progress, tty, System.err, total, previous[0], 0,
                    () -> client.stats().rateLimited(), () -> client.stats().retries(), Math.max(100, interval))) {
                jobs.progress = p;
                // The first evaluation runs alone: a wrong key or a server that refuses us stops the run after one
                // request instead of after every row has been sent and refused.
                if (jobs.hasNext()) {
                    Job first = jobs.next();
                    long start = System.nanoTime();
                    ResultRecord r;
                    try {
                        r = success(first, client.evaluate(request(first)).join(), Duration.ofNanos(System.nanoTime() - start), manifest.runId());
                    } catch (java.util.concurrent.CompletionException e) {
                        r = failure(first, e.getCause() == null ? e : e.getCause(), Duration.ofNanos(System.nanoTime() - start), manifest.runId());
                        refused = refusal(e.getCause());
                        down = outage(e.getCause());
                        firstError = r.error();
                    }
                    if (refused == null) {
                        results.write(r);
                        summary.add(r);
                        p.advance(r.isError());
                    }
                }
                int w = window != null ? window : 4 * t.concurrency();
                if (refused == null && !down) {
                    try (BatchStream<Job> batch = client.evaluateAll(jobs, this::request, BatchOptions.builder().window(Math.max(1, w)).ordered(false).build())) {
                        while (batch.hasNext()) {
                            BatchItem<Job> item = batch.next();
                            refused = item.error().map(EvalCommand::refusal).orElse(null);
                            if (refused != null) {
                                break; // the key was revoked mid-run: what is in flight is abandoned, nothing more is sent
                            }
                            ResultRecord r = record(item, manifest.runId());
                            results.write(r);
                            summary.add(r);
                            p.advance(r.isError());
                        }
                    }
                }
            } finally {
                jobs.close();
                try {
                    Runtime.getRuntime().removeShutdownHook(onInterrupt);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: the JVM is already exiting
                }
            }
            if (refused != null) {
                err.println("composo: " + refused);
                err.println("composo: stopped before sending more requests; " + (results.written() + previous[0]) + " results are in " + output);
                err.flush();
                finish.manifestOnly(ComposoCli.USAGE, "refused");
                return ComposoCli.USAGE;
            }
            if (down) {
                err.println("composo: the first evaluation failed: " + firstError);
                err.println("composo: that is the judge or server, not the row (it failed after its retries); stopped before"
                        + " sending the other " + (total - previous[0] - 1) + " (the error is in " + output + "; fix the judge or server,"
                        + " then run the same command with --resume)");
                err.flush();
                finish.manifestOnly(ComposoCli.EVALUATION_ERRORS, "judge unavailable");
                return ComposoCli.EVALUATION_ERRORS;
            }
            return finish.complete(jobs.fatal);
        }
    }

    /** A failure that says the judge or server is unavailable (5xx after retries, unreachable, timed out), not the row. */
    static boolean outage(Throwable e) {
        return e instanceof ai.composo.errors.ServerException || e instanceof ai.composo.errors.InternalServerException
                || e instanceof ai.composo.errors.ComposoIoException || e instanceof ai.composo.errors.ComposoTimeoutException
                || e instanceof ai.composo.errors.RequestTimeoutException;
    }

    private RunManifest startManifest(Target t, InputFormat inFormat, long rows, List<String> criteria, RunManifest earlier) {
        List<String> earlierRuns = new java.util.ArrayList<>();
        if (earlier != null) {
            earlierRuns.addAll(earlier.earlierRuns());
            earlierRuns.add(earlier.runId());
        }
        String v = ComposoCli.class.getPackage().getImplementationVersion();
        return new RunManifest(RunManifest.VERSION, java.util.UUID.randomUUID().toString(), "composo " + (v == null ? "0.1.0-SNAPSHOT" : v),
                new RunManifest.Dataset(input.toString(), RunManifest.sha256(input), inFormat.name().toLowerCase(java.util.Locale.ROOT), rows),
                criteria, t.judge(), repeat, scope, java.time.Instant.now().toString(), null, "running", null, null, earlierRuns);
    }

    /** The one line that says the server refused this client (401/403), or null for any other failure. */
    static String refusal(Throwable e) {
        if (e instanceof ai.composo.errors.AuthenticationException a) {
            return "the server refused the API key (" + a.statusCode() + "): " + a.getMessage()
                    + "; check --api-key or COMPOSO_API_KEY";
        }
        if (e instanceof ai.composo.errors.PermissionDeniedException d) {
            return "the API key may not evaluate here (" + d.statusCode() + "): " + d.getMessage();
        }
        return null;
    }

    /**
     * The end of a run, complete or interrupted: the summary, the report, the JUnit XML, the manifest and the exit
     * code with the failed gates named.
     */
    private final class Finish {
        private final PrintWriter out;
        private final PrintWriter err;
        private final Summary summary;
        private final Gates gates;
        private final List<String> criteria;
        private final ResultFile results;
        private final long kept;
        private final Target target;
        private final RunManifest manifest;
        private final Path manifestPath;

        Finish(PrintWriter out, PrintWriter err, Summary summary, Gates gates, List<String> criteria, ResultFile results, long kept,
               Target target, RunManifest manifest, Path manifestPath) {
            this.out = out;
            this.err = err;
            this.summary = summary;
            this.gates = gates;
            this.criteria = criteria;
            this.results = results;
            this.kept = kept;
            this.target = target;
            this.manifest = manifest;
            this.manifestPath = manifestPath;
        }

        int complete(String fatal) {
            err.flush();
            writeOutputs(target.readings(criteria));
            if (fatal != null) {
                err.println("composo: " + fatal);
                err.println("composo: stopped; the results so far are in " + output + " (run again with --resume to continue)");
                err.flush();
                manifestOnly(ComposoCli.USAGE, "stopped");
                return ComposoCli.USAGE;
            }
            if (repeat > 1 && !target.knownDeterministic() && summary.criteria().stream()
                    .allMatch(c -> c.spreadPairs() > 0 && c.unstablePairs() == 0)) {
                err.println("composo: note: every repeat gave every pair the same score: the judge behaves deterministically"
                        + " (or answered from a cache), so the spread says nothing about its variance");
            }
            long errors = summary.criteria().stream().mapToLong(CriterionSummary::errors).sum();
            List<Gates.Failure> failed = gates.evaluate(summary, output, outputFormat());
            for (Gates.Failure f : failed) {
                err.println("composo: gate failed: " + f.message());
            }
            int code = errors > 0 ? ComposoCli.EVALUATION_ERRORS : failed.isEmpty() ? ComposoCli.OK : ComposoCli.THRESHOLD_FAILED;
            if (errors > 0) {
                err.println("composo: " + errors + " pairs could not be evaluated; see the rows with an \"error\" in " + output);
            } else if (gates.any() && failed.isEmpty()) {
                err.println("composo: every gate passed");
            }
            err.flush();
            manifestOnly(code, "finished");
            return code;
        }

        /** Ctrl-C: everything finished so far is on disk; write what a complete run writes, and say how to go on. */
        void interrupted() {
            try {
                System.err.println();
                writeOutputs(java.util.Map.of());
                manifestOnly(130, "interrupted");
                System.err.println("composo: interrupted; the results so far are in " + output + "; run the same command with --resume to continue");
            } catch (RuntimeException e) {
                System.err.println("composo: interrupted; the results so far are in " + output + " (" + e.getMessage() + ")");
            }
            System.err.flush();
        }

        private void writeOutputs(Map<String, String> criterionReadings) {
            out.println();
            out.print(SummaryTable.render(summary, gates.uniformMeanThreshold(), criterionReadings));
            out.println();
            out.println("Cost:     " + cost.describe());
            out.println("Results:  " + output.toAbsolutePath().normalize() + " (" + (results.written() + kept) + " lines)");
            out.println("Manifest: " + manifestPath.toAbsolutePath().normalize());
            out.flush();
            if (!noReport) {
                HtmlReport.write(output, outputFormat(), input, inputFormat != null ? inputFormat : InputFormat.detect(input), criteria, repeat,
                        "composo eval " + input.getFileName(), gates.uniformMeanThreshold(), reportRows, report, criterionReadings,
                        "Cost: " + cost.describe());
                out.println("Report:   " + report.toAbsolutePath().normalize());
            }
            if (junitXml != null) {
                JunitXml.write(output, outputFormat(), criteria, gates, summary, junitXml);
                out.println("JUnit:    " + junitXml.toAbsolutePath().normalize());
            }
            out.flush();
        }

        void manifestOnly(int exitCode, String status) {
            long scored = 0;
            long na = 0;
            long errors = 0;
            long all = 0;
            for (CriterionSummary c : summary.criteria()) {
                scored += c.scored();
                na += c.notApplicable();
                errors += c.errors();
                all += c.results();
            }
            manifest.finished(java.time.Instant.now().toString(), new RunManifest.Counts(all, scored, na, errors), exitCode, status, cost.toManifest())
                    .write(manifestPath);
        }
    }

    private OutputFormat outputFormat() {
        return format != null ? format : OutputFormat.forPath(output);
    }

    private EvaluationRequest request(Job job) {
        EvaluationRequest.Builder b = EvaluationRequest.builder().messages(job.row.messages()).criterion(job.criterion);
        if (job.row.system() != null) {
            b.system(job.row.system());
        }
        if (job.row.tools() != null) {
            b.tools(job.row.tools());
        }
        if (scope.equals("conversation")) {
            b.evaluateLatest(false);
        }
        if (repeat > 1) {
            b.tag("composo_repeat", Integer.toString(job.repeat));
        }
        return b.build();
    }

    /** Criterion → threshold from --calibration. */
    private Map<String, Double> calibrated = Map.of();
    private ai.composo.cli.internal.RunCost cost;

    private ResultRecord record(BatchItem<Job> item, String runId) {
        return item.error().isPresent()
                ? failure(item.input(), item.error().get(), item.latency(), runId)
                : success(item.input(), item.response().orElseThrow(), item.latency(), runId);
    }

    private static ResultRecord failure(Job j, Throwable error, Duration latency, String runId) {
        String msg = error.getMessage();
        return new ResultRecord(j.row.id(), j.row.line(), j.criterion, j.repeat, null, null, null,
                msg == null ? "the evaluation failed (" + error.getClass().getSimpleName() + ")" : msg, latency.toMillis(), null, runId);
    }

    private ResultRecord success(Job j, EvaluationResponse r, Duration latency, String runId) {
        Double threshold = calibrated.get(j.criterion);
        Boolean passed = r.score() == null ? null : threshold != null ? Boolean.valueOf(r.score() >= threshold) : j.passFail ? r.score() >= 0.5 : null;
        JsonNode meta = r.additionalProperties().get("metadata");
        if (cost != null && !(meta != null && meta.path("cache_hit").asBoolean(false))) {
            cost.add(meta);
        }
        Boolean cacheHit = meta != null && meta.path("cache_hit").isBoolean() ? meta.get("cache_hit").asBoolean() : null;
        Double sampleStd = meta != null && meta.path("sample_std").isNumber() ? meta.get("sample_std").asDouble() : null;
        return new ResultRecord(j.row.id(), j.row.line(), j.criterion, j.repeat, r.score(), passed, r.explanation(), null,
                latency.toMillis(), cacheHit, runId, sampleStd);
    }

    /** A result this run would produce: one of its criteria and repeats (others in the file are left alone). */
    private boolean resumable(Map<String, Integer> criterionIndex, ResultRecord r) {
        return criterionIndex.containsKey(r.criterion()) && r.repeat() >= 1 && r.repeat() <= repeat;
    }

    static String key(String id, int criterion, int repeat) {
        return criterion + ":" + repeat + ":" + id;
    }

    /** One evaluation to run: a row, a criterion and a repeat number. */
    static final class Job {
        final Row row;
        final String criterion;
        final boolean passFail;
        final int repeat;

        Job(Row row, String criterion, boolean passFail, int repeat) {
            this.row = row;
            this.criterion = criterion;
            this.passFail = passFail;
            this.repeat = repeat;
        }
    }

    /**
     * Reads rows lazily (on the batch's consuming thread) and expands each into its pending jobs. Bad rows
     * are written as error rows here; with --strict, or when the rest of the input is unreadable, reading
     * stops and {@link #fatal} says why (the evaluations already started still finish and are written).
     */
    private final class Jobs implements Iterator<Job>, AutoCloseable {
        private final InputReader reader;
        private final List<String> criteria;
        private final boolean[] passFail;
        private final CompactKeySet done;
        private final ResultFile results;
        private final Summary summary;
        private final ArrayDeque<Job> pending = new ArrayDeque<>();
        private final CompactKeySet seenIds = new CompactKeySet();
        private final String runId;
        Progress progress;
        String fatal;
        long badRows;

        Jobs(InputReader reader, List<String> criteria, CompactKeySet done, ResultFile results, Summary summary, String runId) {
            this.runId = runId;
            this.reader = reader;
            this.criteria = criteria;
            this.done = done;
            this.results = results;
            this.summary = summary;
            this.passFail = new boolean[criteria.size()];
            for (int i = 0; i < criteria.size(); i++) {
                passFail[i] = Summary.isPassFail(criteria.get(i));
            }
        }

        @Override
        public boolean hasNext() {
            while (pending.isEmpty() && fatal == null) {
                RawRecord rec;
                try {
                    if (!reader.hasNext()) {
                        return false;
                    }
                    rec = reader.next();
                } catch (InputException e) {
                    fatal = e.getMessage();
                    return false;
                }
                try {
                    Row row = RowParser.parse(rec);
                    if (!seenIds.add(row.id())) {
                        throw new RowException(row.line(), row.id(), "duplicate id '" + row.id() + "' (ids must be unique so results can be matched and resumed)");
                    }
                    for (int c = 0; c < criteria.size(); c++) {
                        for (int r = 1; r <= repeat; r++) {
                            if (!done.contains(key(row.id(), c, r))) {
                                pending.add(new Job(row, criteria.get(c), passFail[c], r));
                            }
                        }
                    }
                } catch (RowException e) {
                    if (strict) {
                        fatal = input.getFileName() + " " + e.getMessage() + " (--strict)";
                        return false;
                    }
                    badRow(e);
                }
            }
            return !pending.isEmpty();
        }

        private void badRow(RowException e) {
            badRows++;
            if (badRows <= 20) {
                System.err.println("composo: " + input.getFileName() + " " + e.getMessage());
            } else if (badRows == 21) {
                System.err.println("composo: more bad rows follow; all of them are error rows in " + output);
            }
            // A duplicate id keeps its first occurrence's results; its error rows get a distinct id.
            String id = e.reason().startsWith("duplicate id") ? e.id() + "@line-" + e.line() : e.id();
            for (int c = 0; c < criteria.size(); c++) {
                for (int r = 1; r <= repeat; r++) {
                    if (done.contains(key(id, c, r))) {
                        continue;
                    }
                    ResultRecord rec = new ResultRecord(id, e.line(), criteria.get(c), r, null, null, null,
                            "line " + e.line() + ": " + e.reason(), null, null, runId);
                    results.write(rec);
                    summary.add(rec);
                    if (progress != null) {
                        progress.advance(true);
                    }
                }
            }
        }

        @Override
        public Job next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return pending.poll();
        }

        @Override
        public void close() {
            reader.close();
        }
    }

    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

}

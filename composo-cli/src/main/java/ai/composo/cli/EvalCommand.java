package ai.composo.cli;

import ai.composo.AsyncComposo;
import ai.composo.BatchItem;
import ai.composo.BatchOptions;
import ai.composo.BatchStream;
import ai.composo.EvaluationRequest;
import ai.composo.cli.internal.CompactKeySet;
import ai.composo.cli.internal.CriterionSummary;
import ai.composo.cli.internal.HtmlReport;
import ai.composo.cli.internal.InputException;
import ai.composo.cli.internal.InputFormat;
import ai.composo.cli.internal.InputReader;
import ai.composo.cli.internal.OutputFormat;
import ai.composo.cli.internal.Progress;
import ai.composo.cli.internal.RawRecord;
import ai.composo.cli.internal.ResultFile;
import ai.composo.cli.internal.ResultRecord;
import ai.composo.cli.internal.Row;
import ai.composo.cli.internal.RowException;
import ai.composo.cli.internal.RowParser;
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
                "  0  every pair evaluated and every --fail-under threshold met",
                "  1  a criterion's mean score is below --fail-under",
                "  2  usage or input error (bad options, unreadable input, --strict bad row)",
                "  3  some pairs could not be evaluated (error rows, bad input rows included)",
                "",
                "Examples:",
                "  composo eval examples/support-and-rag.jsonl --criteria-set rag",
                "  composo eval chats.jsonl -c \"Reward responses that resolve the issue\" \\",
                "      -c \"Response fails if it invents a policy\" -o out/results.jsonl",
                "  composo eval data.csv --criteria-file criteria.txt --fail-under 0.7",
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

    @Option(names = "--fail-under", paramLabel = "SCORE",
            description = "Exit with code 1 when any criterion's mean score is below SCORE (0-1). For CI.")
    Double failUnder;

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
        if (failUnder != null && (failUnder < 0 || failUnder > 1)) {
            throw new UsageException("--fail-under must be between 0 and 1, got " + failUnder);
        }
        if (reportRows < 0) {
            throw new UsageException("--report-rows must not be negative");
        }
        List<String> allCriteria;
        try {
            allCriteria = criteriaOptions.resolve();
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

        Target opened;
        try {
            opened = Target.open(target, err, repeat > 1);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new UsageException(e.getMessage());
        }
        try (Target t = opened; ResultFile results = ResultFile.open(output, outFormat, resume)) {
            err.println("composo: " + records + " rows × " + allCriteria.size() + " criteria" + (repeat > 1 ? " × " + repeat + " repeats" : "")
                    + " = " + total + " evaluations " + t.description());
            err.flush();
            AsyncComposo client = t.client();
            // Every finished result is already on disk; on Ctrl-C only say how to continue.
            Thread onInterrupt = new Thread(() -> System.err.println(System.lineSeparator() + "composo: interrupted; the results so far are in "
                    + output + "; run the same command with --resume to continue"), "composo-interrupt");
            Runtime.getRuntime().addShutdownHook(onInterrupt);
            Jobs jobs = new Jobs(InputReader.open(input, inFormat), allCriteria, done, results, summary);
            boolean tty = Boolean.getBoolean("composo.stderr.tty") || "1".equals(System.getenv("COMPOSO_STDERR_TTY"));
            try (Progress p = Progress.create(progress, tty, System.err, total, previous[0], 0,
                    () -> client.stats().rateLimited(), () -> client.stats().retries(), Math.max(100, interval))) {
                jobs.progress = p;
                int w = window != null ? window : 4 * t.concurrency();
                try (BatchStream<Job> batch = client.evaluateAll(jobs, this::request, BatchOptions.builder().window(Math.max(1, w)).ordered(false).build())) {
                    while (batch.hasNext()) {
                        BatchItem<Job> item = batch.next();
                        ResultRecord r = record(item);
                        results.write(r);
                        summary.add(r);
                        p.advance(r.isError());
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
            err.flush();
            out.println();
            Map<String, String> readings = t.readings(allCriteria);
            out.print(SummaryTable.render(summary, failUnder, readings));
            out.println();
            out.println("Results: " + output.toAbsolutePath().normalize() + " (" + (results.written() + previous[0]) + " lines)");
            out.flush();
            results.close();
            if (!noReport) {
                HtmlReport.write(output, outFormat, input, inFormat, allCriteria, repeat, "composo eval " + input.getFileName(), failUnder, reportRows, report, readings);
                out.println("Report:  " + report.toAbsolutePath().normalize());
                out.flush();
            }
            if (jobs.fatal != null) {
                err.println("composo: " + jobs.fatal);
                err.println("composo: stopped; the results so far are in " + output + " (run again with --resume to continue)");
                err.flush();
                return ComposoCli.USAGE;
            }
            long errors = 0;
            boolean thresholdFailed = false;
            for (CriterionSummary c : summary.criteria()) {
                errors += c.errors();
                if (failUnder != null && c.scored() > 0 && c.mean() < failUnder) {
                    thresholdFailed = true;
                }
            }
            if (errors > 0) {
                err.println("composo: " + errors + " pairs could not be evaluated; see the rows with an \"error\" in " + output);
                err.flush();
                return ComposoCli.EVALUATION_ERRORS;
            }
            if (thresholdFailed) {
                err.println("composo: a criterion's mean score is below --fail-under " + failUnder);
                err.flush();
                return ComposoCli.THRESHOLD_FAILED;
            }
            return ComposoCli.OK;
        }
    }

    private EvaluationRequest request(Job job) {
        EvaluationRequest.Builder b = EvaluationRequest.builder().messages(job.row.messages()).criterion(job.criterion);
        if (job.row.system() != null) {
            b.system(job.row.system());
        }
        if (job.row.tools() != null) {
            b.tools(job.row.tools());
        }
        if (repeat > 1) {
            // A distinct request per repeat, so that result caches cannot hide the judge's variance.
            b.tag("composo_repeat", Integer.toString(job.repeat));
        }
        return b.build();
    }

    private static ResultRecord record(BatchItem<Job> item) {
        Job j = item.input();
        long latency = item.latency().toMillis();
        if (item.error().isPresent()) {
            String msg = item.error().get().getMessage();
            return new ResultRecord(j.row.id(), j.row.line(), j.criterion, j.repeat, null, null, null,
                    msg == null ? item.error().get().getClass().getSimpleName() : msg, latency, null);
        }
        EvaluationResponse r = item.response().orElseThrow();
        Boolean passed = j.passFail && r.score() != null ? r.score() >= 0.5 : null;
        JsonNode meta = r.additionalProperties().get("metadata");
        Boolean cacheHit = meta != null && meta.path("cache_hit").isBoolean() ? meta.get("cache_hit").asBoolean() : null;
        return new ResultRecord(j.row.id(), j.row.line(), j.criterion, j.repeat, r.score(), passed, r.explanation(), null, latency, cacheHit);
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
        Progress progress;
        String fatal;
        long badRows;

        Jobs(InputReader reader, List<String> criteria, CompactKeySet done, ResultFile results, Summary summary) {
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
                            "line " + e.line() + ": " + e.reason(), null, null);
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

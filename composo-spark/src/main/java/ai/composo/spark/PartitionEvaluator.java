package ai.composo.spark;

import ai.composo.AsyncComposo;
import ai.composo.BatchItem;
import ai.composo.BatchOptions;
import ai.composo.BatchStream;
import ai.composo.EvaluationRequest;
import ai.composo.judge.Criterion;
import ai.composo.judge.JudgeException;
import ai.composo.judge.JudgeRequest;
import ai.composo.judge.Verdict;
import ai.composo.judge.embedded.EmbeddedJudge;
import ai.composo.model.EvaluationResponse;
import ai.composo.model.Message;
import ai.composo.model.ToolDefinition;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * One partition's evaluations: the input rows are read one at a time, each row × criterion is one evaluation, at
 * most {@code window} of them are held at once, and output rows come out in input order. Counters are added once,
 * when the partition is done.
 */
final class PartitionEvaluator implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final ComposoSparkOptions options;
    private final ColumnMap columns;
    private final List<String> criteria;
    private final ComposoAccumulators counters;

    PartitionEvaluator(ComposoSparkOptions options, ColumnMap columns, List<String> criteria, ComposoAccumulators counters) {
        this.options = options;
        this.columns = columns;
        this.criteria = new ArrayList<>(criteria);
        this.counters = counters;
    }

    /** One evaluation: an input row (read) and one criterion. */
    record Job(Row input, SparkRows.Read read, String criterion, boolean passFail) {}

    /** Per-task tallies, added to the accumulators when the task's output is exhausted. */
    static final class Tally {
        long evaluated;
        long errors;
        long rateLimited;
        long retries;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        Iterator<Job> jobs = jobs(input);
        Tally tally = new Tally();
        Iterator<Row> out = options.mode() == ComposoSparkOptions.Mode.REMOTE ? remote(jobs, tally) : embedded(jobs, tally);
        java.util.concurrent.atomic.AtomicBoolean flushed = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable flush = () -> {
            if (flushed.compareAndSet(false, true)) {
                counters.add(tally.evaluated, tally.errors, tally.rateLimited, tally.retries);
            }
        };
        TaskContext task = TaskContext.get();
        if (task != null) {
            task.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) ctx -> flush.run()); // also when a consumer stops early (limit)
        }
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                boolean more = out.hasNext();
                if (!more) {
                    flush.run();
                }
                return more;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return out.next();
            }
        };
    }

    private Iterator<Job> jobs(Iterator<Row> input) {
        List<Boolean> passFail = criteria.stream().map(c -> Criterion.parse(c).isPassFail()).toList();
        return new Iterator<>() {
            private long position;
            private Row row;
            private SparkRows.Read read;
            private int next = criteria.size();

            @Override
            public boolean hasNext() {
                return next < criteria.size() || input.hasNext();
            }

            @Override
            public Job next() {
                if (next >= criteria.size()) {
                    row = input.next();
                    read = SparkRows.read(row, columns, ++position);
                    next = 0;
                }
                int i = next++;
                return new Job(row, read, criteria.get(i), passFail.get(i));
            }
        };
    }

    // ---- remote: the executor's AsyncComposo, through the SDK's bounded batch ---------------------------------

    private Iterator<Row> remote(Iterator<Job> jobs, Tally tally) {
        AsyncComposo client = ExecutorResources.client(options);
        BatchStream<Job> stream = client.evaluateAll(jobs, PartitionEvaluator::request,
                BatchOptions.builder().window(options.window()).ordered(true).build());
        TaskContext task = TaskContext.get();
        if (task != null) {
            task.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) ctx -> stream.close());
        }
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return stream.hasNext();
            }

            @Override
            public Row next() {
                BatchItem<Job> item = stream.next();
                Job job = item.input();
                tally.rateLimited += item.rateLimitedAttempts();
                tally.retries += Math.max(0, item.attempts() - 1);
                if (job.read().error() != null) {
                    return error(job, job.read().error(), null, tally);
                }
                if (item.error().isPresent()) {
                    String msg = item.error().get().getMessage();
                    return error(job, msg == null || msg.isBlank() ? "the evaluation failed" : msg, item.latency().toMillis(), tally);
                }
                EvaluationResponse r = item.response().orElseThrow();
                return result(job, r.score(), r.explanation(), item.latency().toMillis(), tally);
            }
        };
    }

    private static EvaluationRequest request(Job job) {
        if (job.read().error() != null) {
            throw new IllegalArgumentException(job.read().error());
        }
        ai.composo.cli.internal.Row row = job.read().parsed();
        EvaluationRequest.Builder b = EvaluationRequest.builder().messages(row.messages()).criterion(job.criterion());
        if (row.system() != null) {
            b.system(row.system());
        }
        if (row.tools() != null) {
            b.tools(row.tools());
        }
        return b.build();
    }

    // ---- embedded: the executor's judge, in-process ------------------------------------------------------------

    private Iterator<Row> embedded(Iterator<Job> jobs, Tally tally) {
        EmbeddedJudge judge = ExecutorResources.judge(options);
        int window = options.window();
        record Pending(Job job, long start, CompletableFuture<Verdict> verdict, long[] done) {}
        ArrayDeque<Pending> pending = new ArrayDeque<>(window);
        return new Iterator<>() {
            private void fill() {
                while (pending.size() < window && jobs.hasNext()) {
                    Job job = jobs.next();
                    long start = System.nanoTime();
                    long[] done = {0};
                    CompletableFuture<Verdict> f;
                    if (job.read().error() != null) {
                        f = CompletableFuture.failedFuture(new IllegalArgumentException(job.read().error()));
                    } else {
                        try {
                            f = judge.evaluate(judgeRequest(job));
                        } catch (IllegalArgumentException e) {
                            f = CompletableFuture.failedFuture(e);
                        }
                        f = f.whenComplete((v, e) -> done[0] = System.nanoTime());
                    }
                    pending.add(new Pending(job, start, f, done));
                }
            }

            @Override
            public boolean hasNext() {
                fill();
                return !pending.isEmpty();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Pending p = pending.poll();
                Job job = p.job();
                if (job.read().error() != null) {
                    return error(job, job.read().error(), null, tally);
                }
                Verdict v;
                try {
                    v = p.verdict().join();
                } catch (CompletionException e) {
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    String msg = cause instanceof JudgeException je ? je.detail() : cause.getMessage();
                    return error(job, msg == null || msg.isBlank() ? "the judge gave no verdict" : msg, millis(p), tally);
                }
                return result(job, score(v, job.passFail()), v.explanation(), millis(p), tally);
            }

            private long millis(Pending p) {
                long end = p.done()[0] == 0 ? System.nanoTime() : p.done()[0];
                return Math.max(0, (end - p.start()) / 1_000_000);
            }
        };
    }

    /** The score the server answers with for this verdict: pass/fail criteria score 1.0 or 0.0 (a graded verdict rounded at 0.5). */
    private static Double score(Verdict v, boolean passFail) {
        if (!passFail || v.passed() != null) {
            return v.wireScore();
        }
        return v.score() == null ? null : v.score() >= 0.5 ? 1.0 : 0.0;
    }

    private JudgeRequest judgeRequest(Job job) {
        ai.composo.cli.internal.Row row = job.read().parsed();
        JudgeRequest.Builder b = JudgeRequest.builder().criterion(job.criterion())
                .messages(row.messages().stream().map(Message::toJson).toList())
                .system(row.system())
                .deadline(Instant.now().plus(options.timeout()));
        if (row.tools() != null) {
            b.rawTools(row.tools().stream().map(ToolDefinition::toJson).toList());
        }
        return b.build();
    }

    // ---- output rows -------------------------------------------------------------------------------------------

    private static Row result(Job job, Double score, String explanation, Long latencyMs, Tally tally) {
        tally.evaluated++;
        Boolean passed = score == null || !job.passFail() ? null : score >= 0.5;
        return row(job, score, passed, explanation, null, latencyMs);
    }

    private static Row error(Job job, String error, Long latencyMs, Tally tally) {
        tally.errors++;
        return row(job, null, null, null, error, latencyMs);
    }

    private static Row row(Job job, Double score, Boolean passed, String explanation, String error, Long latencyMs) {
        Row in = job.input();
        int n = in.length();
        Object[] values = new Object[n + ComposoSpark.OUTPUT_COLUMNS.size()];
        for (int i = 0; i < n; i++) {
            values[i] = in.get(i);
        }
        String rowId = job.read().rowId();
        values[n] = rowId;
        values[n + 1] = SparkRows.evaluationId(rowId, job.criterion());
        values[n + 2] = job.criterion();
        values[n + 3] = score;
        values[n + 4] = passed;
        values[n + 5] = explanation;
        values[n + 6] = error;
        values[n + 7] = latencyMs;
        return RowFactory.create(values);
    }
}

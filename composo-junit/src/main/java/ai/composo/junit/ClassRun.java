package ai.composo.junit;

import ai.composo.cli.internal.ResultRecord;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The evaluations of one test class, also written to {@code classes/<class name>.jsonl} (with its manifest) in the
 * output folder: what the regression gate compares with its baseline, and what a team commits as the next baseline.
 */
final class ClassRun {
    private final Class<?> testClass;
    private final Supplier<TestRun> run;
    private ResultsSink sink;

    ClassRun(Class<?> testClass, Supplier<TestRun> run) {
        this.testClass = testClass;
        this.run = run;
    }

    TestRun run() {
        return run.get();
    }

    synchronized void record(ResultRecord r) {
        TestRun t = run.get();
        t.record(r);
        if (sink == null) {
            sink = new ResultsSink(fileFor(t.outputDir(), testClass), t.runId(), t.judge());
        }
        sink.write(r);
    }

    /** Closes the class's file; null when the class evaluated nothing. */
    synchronized Path finish() {
        return sink != null && sink.finish() ? sink.path() : null;
    }

    static Path fileFor(Path outputDir, Class<?> testClass) {
        return outputDir.resolve("classes").resolve(testClass.getName() + ".jsonl");
    }
}

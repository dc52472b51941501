package ai.composo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * On machines with one or two CPUs the common pool has parallelism 1 and {@code CompletableFuture}'s default executor
 * starts a thread per task; the JDK's {@code sendAsync} would then start one per response. The async client must not:
 * in a JVM whose common pool is forced to parallelism 1, 2,000 evaluations at concurrency 16 start at most a few
 * dozen threads (the waiting threads, reused).
 */
class NoThreadPerResponseTest {
    @Test
    void asyncEvaluationsDoNotStartAThreadPerResponseWhenTheCommonPoolHasOneThread() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-Djava.util.concurrent.ForkJoinPool.common.parallelism=1",
                "-cp", System.getProperty("java.class.path"), ThreadsPerResponseMain.class.getName(), "2000", "16"))
                .redirectErrorStream(true).start();
        String out;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            out = r.lines().reduce("", (a, b) -> a + b + "\n");
        }
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        Matcher m = Pattern.compile("parallelism=(\\d+) started=(\\d+) requests=(\\d+)").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        assertThat(Integer.parseInt(m.group(1))).isEqualTo(1);
        assertThat(Integer.parseInt(m.group(3))).isEqualTo(2001);
        assertThat(Integer.parseInt(m.group(2))).as("threads the client started for 2,000 responses").isLessThanOrEqualTo(40);
    }
}

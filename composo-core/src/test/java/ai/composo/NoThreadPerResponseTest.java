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
        String out = runWithOneThreadCommonPool(ThreadsPerResponseMain.class, "2000", "16");
        Matcher m = Pattern.compile("parallelism=(\\d+) started=(\\d+) requests=(\\d+)").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        assertThat(Integer.parseInt(m.group(1))).isEqualTo(1);
        assertThat(Integer.parseInt(m.group(3))).isEqualTo(2001);
        assertThat(Integer.parseInt(m.group(2))).as("threads the client started for 2,000 responses").isLessThanOrEqualTo(40);
    }

    /**
     * A request started from a response's callback is kept for the waiting thread running that callback; when the
     * callback blocks on it instead of returning, the request must still be sent (by another thread) at once, not
     * after its timeout.
     */
    @Test
    void aCallbackThatBlocksOnAnotherRequestDoesNotStallIt() throws Exception {
        String out = runWithOneThreadCommonPool(CallbackJoinsMain.class, "10");
        Matcher m = Pattern.compile("rounds=10 onWaitingThread=(\\d+) nestedScored=(\\d+) slowestMs=(\\d+) requests=(\\d+)").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        assertThat(Integer.parseInt(m.group(1))).as("callbacks that ran on a waiting thread").isEqualTo(10);
        assertThat(Integer.parseInt(m.group(2))).as("nested evaluations that returned a score").isEqualTo(10);
        assertThat(Integer.parseInt(m.group(4))).as("requests the server saw").isEqualTo(20);
        // The client's timeout is 30 s; the rescue takes about two sweeps of Waiters.RESCUE_AFTER (50 ms).
        assertThat(Long.parseLong(m.group(3))).as("slowest nested wait (ms)").isLessThan(3_000);
    }

    private static String runWithOneThreadCommonPool(Class<?> main, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "-Djava.util.concurrent.ForkJoinPool.common.parallelism=1",
                "-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            out = r.lines().reduce("", (a, b) -> a + b + "\n");
        }
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}

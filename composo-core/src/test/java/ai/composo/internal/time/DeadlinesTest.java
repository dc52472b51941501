package ai.composo.internal.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DeadlinesTest {
    private final Deadlines deadlines = new Deadlines();
    private final List<String> ran = new CopyOnWriteArrayList<>();

    @Test
    void deadlinesRunInOrderAndACancelledOneNever() throws Exception {
        CountDownLatch last = new CountDownLatch(1);
        long t0 = System.nanoTime();
        deadlines.after(Duration.ofMillis(60), () -> ran.add("a"));
        Deadlines.Handle b = deadlines.after(Duration.ofMillis(120), () -> ran.add("b"));
        deadlines.after(Duration.ofMillis(180), () -> {
            ran.add("c");
            last.countDown();
        });
        b.cancel();
        b.cancel();
        assertThat(last.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isGreaterThanOrEqualTo(180);
        Thread.sleep(50);
        assertThat(ran).containsExactly("a", "c");
        assertThat(deadlines.pending()).isZero();
    }

    @Test
    void anEarlierDeadlineSetAfterALaterOneStillRunsFirst() throws Exception {
        CountDownLatch both = new CountDownLatch(2);
        deadlines.after(Duration.ofMillis(400), () -> {
            ran.add("late");
            both.countDown();
        });
        deadlines.after(Duration.ofMillis(30), () -> {
            ran.add("early");
            both.countDown();
        });
        assertThat(both.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).containsExactly("early", "late");
    }

    @Test
    void aFailingTaskDoesNotStopTheNextAndCancellingAfterRunningIsHarmless() throws Exception {
        CountDownLatch second = new CountDownLatch(1);
        Deadlines.Handle failing = deadlines.after(Duration.ofMillis(20), () -> {
            throw new IllegalStateException("boom");
        });
        deadlines.after(Duration.ofMillis(20), second::countDown);
        assertThat(second.await(5, TimeUnit.SECONDS)).isTrue();
        failing.cancel();
        assertThat(deadlines.pending()).isZero();
    }

    @Test
    void deadlinesCancelledFromManyThreadsLeaveNothingBehind() throws Exception {
        Thread[] threads = new Thread[8];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 5_000; i++) {
                    deadlines.after(Duration.ofSeconds(60), () -> ran.add("never")).cancel();
                }
            });
            threads[t].start();
        }
        Deadlines.Handle kept = deadlines.after(Duration.ofSeconds(60), () -> ran.add("kept"));
        for (Thread t : threads) {
            t.join();
        }
        assertThat(deadlines.pending()).isEqualTo(1);
        kept.cancel();
        assertThat(deadlines.pending()).isZero();
        assertThat(ran).isEmpty();
    }
}

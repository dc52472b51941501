package ai.composo.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

/**
 * Waiting threads are used exactly where {@code CompletableFuture}'s default executor, through which
 * {@code HttpClient.sendAsync} completes every response, would start a thread per task.
 */
class WaitersTest {
    @Test
    void aThreadPerTaskDefaultExecutorNeedsWaitingThreads() {
        Executor threadPerTask = r -> new Thread(r).start();
        assertThat(Waiters.needed(threadPerTask)).isTrue();
    }

    @Test
    void aForkJoinPoolDefaultExecutorDoesNot() {
        ForkJoinPool pool = new ForkJoinPool(2);
        try {
            assertThat(Waiters.needed(pool)).isFalse();
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void thisJvmsDecisionFollowsItsDefaultExecutor() {
        Executor defaultExecutor = new CompletableFuture<Void>().defaultExecutor();
        boolean threadPerTask = !(defaultExecutor instanceof ForkJoinPool);
        if (Runtime.version().feature() < 25) {
            // Before JDK 25 the default executor is the common pool unless that has a single thread.
            assertThat(threadPerTask).isEqualTo(ForkJoinPool.getCommonPoolParallelism() <= 1);
        }
        Waiters waiters = Waiters.forThisJvm();
        try {
            assertThat(waiters != null).isEqualTo(threadPerTask);
        } finally {
            if (waiters != null) {
                waiters.shutdown();
            }
        }
    }
}

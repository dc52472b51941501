package ai.composo.internal.time;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Waits between attempts. The async form parks no thread: it completes a future from a shared timer.
 * Injectable so tests record waits instead of spending them. Not API.
 */
public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;

    /** A future completed after {@code duration}; cancelling it cancels the timer. */
    CompletableFuture<Void> sleepAsync(Duration duration);

    static Sleeper system() {
        return SystemSleeper.INSTANCE;
    }

    /**
     * Runs {@code task} on the shared timer thread after {@code delay}. Cancelling the returned future removes the task
     * and, unlike cancelling a {@link CompletableFuture}, creates no exception: the cheap form for a deadline that is
     * almost always cancelled (one per HTTP attempt).
     */
    static ScheduledFuture<?> schedule(Duration delay, Runnable task) {
        return SystemSleeper.TIMER.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
    }

    enum SystemSleeper implements Sleeper {
        INSTANCE;

        private static final ScheduledThreadPoolExecutor TIMER = timer();

        private static ScheduledThreadPoolExecutor timer() {
            ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
                Thread thread = Executors.defaultThreadFactory().newThread(r);
                thread.setName("composo-timer");
                thread.setDaemon(true);
                return thread;
            });
            t.setRemoveOnCancelPolicy(true);
            return t;
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            if (!duration.isNegative() && !duration.isZero()) {
                TimeUnit.NANOSECONDS.sleep(duration.toNanos());
            }
        }

        @Override
        public CompletableFuture<Void> sleepAsync(Duration duration) {
            if (duration.isNegative() || duration.isZero()) {
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> f = new CompletableFuture<>();
            ScheduledFuture<?> task = schedule(duration, () -> f.complete(null));
            f.whenComplete((v, e) -> {
                if (f.isCancelled()) {
                    task.cancel(false);
                }
            });
            return f;
        }
    }
}

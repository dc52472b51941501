package ai.composo.internal.time;

import ai.composo.internal.Internal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Deadlines that are almost always cancelled before they fire: one per HTTP attempt. They are set in time order
 * with the same timeout, so they are kept in a list in that order, where setting one appends it and cancelling one
 * unlinks it, and one timer wake-up waits for the earliest. The shared timer's queue would instead re-sort its heap
 * on every cancellation (measured in BENCHMARKS.md, SDK). A deadline that would not keep the order goes to the
 * shared timer itself. Tasks run on the shared timer thread. Not API.
 */
@Internal
public final class Deadlines {
    /** A deadline set a moment later on another thread may take the lock first; this much lateness is accepted. */
    static final long REORDER_SLACK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long MAX_DELAY_NANOS = Long.MAX_VALUE / 4;
    private static final Deadlines SHARED = new Deadlines();

    /** Ascending by {@link Entry#at}, guarded by {@code this}. */
    private Entry head;
    private Entry tail;
    /** Whether a wake-up of {@link #fire()} is pending, and for when; guarded by {@code this}. */
    private boolean armed;
    private long armedAt;

    /** A set deadline. */
    public interface Handle {
        /** Cancels the deadline; its task will not run if it has not started. Idempotent. */
        void cancel();
    }

    Deadlines() {}

    public static Deadlines shared() {
        return SHARED;
    }

    /** Runs {@code task} on the shared timer thread after {@code delay}, unless cancelled first. */
    public Handle after(Duration delay, Runnable task) {
        long delayNanos = Math.min(MAX_DELAY_NANOS, Math.max(0, delay.toNanos()));
        long at = System.nanoTime() + delayNanos;
        Entry e = new Entry(task);
        boolean inOrder;
        boolean arm = false;
        synchronized (this) {
            inOrder = tail == null || tail.at - at <= REORDER_SLACK_NANOS;
            if (inOrder) {
                e.at = tail == null || at - tail.at > 0 ? at : tail.at;
                link(e);
                arm = !armed || e.at - armedAt < 0;
                if (arm) {
                    armed = true;
                    armedAt = e.at;
                }
            }
        }
        if (!inOrder) {
            ScheduledFuture<?> f = Sleeper.schedule(Duration.ofNanos(delayNanos), task);
            return () -> f.cancel(false);
        }
        if (arm) {
            Sleeper.schedule(Duration.ofNanos(Math.max(0, e.at - System.nanoTime())), this::fire);
        }
        return e;
    }

    /** Deadlines set and not yet run or cancelled (for tests). */
    synchronized int pending() {
        int n = 0;
        for (Entry e = head; e != null; e = e.next) {
            n++;
        }
        return n;
    }

    private void fire() {
        List<Runnable> due = new ArrayList<>();
        long wait = -1;
        synchronized (this) {
            long now = System.nanoTime();
            armed = false;
            while (head != null && head.at - now <= 0) {
                due.add(head.task);
                unlink(head);
            }
            if (head != null) {
                armed = true;
                armedAt = head.at;
                wait = head.at - now;
            }
        }
        if (wait >= 0) {
            Sleeper.schedule(Duration.ofNanos(wait), this::fire);
        }
        for (Runnable task : due) {
            try {
                task.run();
            } catch (RuntimeException | Error ignored) {
                // as on the shared timer: one failing task must not stop the others
            }
        }
    }

    /** Appends {@code e}, whose {@code at} is not before the tail's. Guarded by {@code this}. */
    private void link(Entry e) {
        e.prev = tail;
        if (tail == null) {
            head = e;
        } else {
            tail.next = e;
        }
        tail = e;
        e.linked = true;
    }

    /** Guarded by {@code this}. */
    private void unlink(Entry e) {
        if (e.prev == null) {
            head = e.next;
        } else {
            e.prev.next = e.next;
        }
        if (e.next == null) {
            tail = e.prev;
        } else {
            e.next.prev = e.prev;
        }
        e.prev = null;
        e.next = null;
        e.linked = false;
    }

    private final class Entry implements Handle {
        final Runnable task;
        long at;
        Entry prev;
        Entry next;
        boolean linked;

        Entry(Runnable task) {
            this.task = task;
        }

        @Override
        public void cancel() {
            synchronized (Deadlines.this) {
                if (linked) {
                    unlink(this);
                }
            }
        }
    }
}

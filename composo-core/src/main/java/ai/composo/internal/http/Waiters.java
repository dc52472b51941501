package ai.composo.internal.http;

import ai.composo.internal.time.Sleeper;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The threads on which async requests wait for their response (see {@link JdkTransport}): virtual threads on a JDK
 * that has them (21+), else reused daemon platform threads that end after 30 s idle. Unbounded on purpose: the
 * client's permit pool already bounds in-flight requests, and a bounded queue here could only add latency. Not API.
 *
 * <p>On platform threads, a request submitted from a waiting thread while it runs a response's callbacks (the usual
 * case: a finished request hands its permit to the next queued one) is kept for that same thread, which sends it as
 * soon as its callbacks return, instead of waking another thread for it: one thread hand-off less per request,
 * which at high concurrency on a 2-CPU machine is the largest cost the SDK adds to a bare blocking client
 * (BENCHMARKS.md, SDK). Should the callbacks block instead of returning (a callback that joins another request),
 * a sweep moves the kept request to another thread within about {@link #RESCUE_AFTER} twice over.
 */
final class Waiters {
    private static final AtomicInteger POOLS = new AtomicInteger();
    static final Duration RESCUE_AFTER = Duration.ofMillis(50);
    private static final ThreadLocal<Worker> WORKER = new ThreadLocal<>();

    private final ExecutorService executor;
    /** The platform threads of this pool (empty for virtual threads, which keep nothing for themselves). */
    private final Set<Worker> workers = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean sweepScheduled = new AtomicBoolean();

    /** A platform waiting thread: the request kept for it, and what the last sweep saw kept. */
    private static final class Worker {
        final Waiters owner;
        final AtomicReference<FutureTask<?>> kept = new AtomicReference<>();
        boolean running;
        FutureTask<?> seenBySweep;

        Worker(Waiters owner) {
            this.owner = owner;
        }
    }

    private Waiters(ExecutorService executor) {
        this.executor = executor;
    }

    /**
     * Waiting threads where this JVM needs them, else null: where {@code CompletableFuture}'s default executor, which
     * {@code sendAsync} completes every response through, starts a thread per task: on JDK 17 with a common pool of
     * one thread (1–2 CPUs). On JDK 25 the default executor is a pool of at least two threads however few the CPUs,
     * so {@code sendAsync} starts no thread there and is used (measured in BENCHMARKS.md, SDK).
     */
    static Waiters forThisJvm() {
        return needed(new CompletableFuture<Void>().defaultExecutor()) ? create() : null;
    }

    /** Whether responses completed through {@code defaultExecutor} would each start a thread. */
    static boolean needed(Executor defaultExecutor) {
        return !(defaultExecutor instanceof ForkJoinPool);
    }

    private static Waiters create() {
        ExecutorService virtual = virtualThreadPerTask();
        return virtual != null ? new Waiters(virtual) : platformThreads();
    }

    /** Runs {@code task} on a waiting thread; cancelling the future with interruption interrupts it. */
    Future<?> submit(Runnable task) {
        FutureTask<Void> f = new FutureTask<>(task, null);
        Worker w = WORKER.get();
        if (w != null && w.owner == this && w.running && w.kept.compareAndSet(null, f)) {
            if (executor.isShutdown()) {
                w.kept.compareAndSet(f, null);
                throw new RejectedExecutionException("the HTTP transport is closed");
            }
            scheduleSweep();
            return f;
        }
        executor.execute(f);
        return f;
    }

    void shutdown() {
        executor.shutdown();
    }

    /** Runs on a platform waiting thread: the submitted task, then whatever its callbacks kept for this thread. */
    private void run(Worker w, Runnable task) {
        w.running = true;
        try {
            task.run();
            for (FutureTask<?> next = w.kept.getAndSet(null); next != null; next = w.kept.getAndSet(null)) {
                Thread.interrupted(); // a cancelled request's interrupt must not reach the next one
                next.run();
            }
        } finally {
            w.running = false;
        }
    }

    private void scheduleSweep() {
        if (!sweepScheduled.get() && sweepScheduled.compareAndSet(false, true)) {
            Sleeper.schedule(RESCUE_AFTER, this::sweep);
        }
    }

    /** Moves to other threads the requests kept for threads that have not come back for them since the last sweep. */
    private void sweep() {
        sweepScheduled.set(false);
        boolean pending = false;
        for (Worker w : workers) {
            FutureTask<?> kept = w.kept.get();
            if (kept == null) {
                w.seenBySweep = null;
            } else if (kept == w.seenBySweep && w.kept.compareAndSet(kept, null)) {
                w.seenBySweep = null;
                try {
                    executor.execute(kept);
                } catch (RejectedExecutionException closed) {
                    kept.cancel(false);
                }
            } else {
                w.seenBySweep = kept;
                pending = true;
            }
        }
        if (pending) {
            scheduleSweep();
        }
    }

    private static ExecutorService virtualThreadPerTask() {
        try {
            // Executors.newVirtualThreadPerTaskExecutor() exists from JDK 21; this jar is built for 17.
            return (ExecutorService) MethodHandles.publicLookup()
                    .findStatic(Executors.class, "newVirtualThreadPerTaskExecutor", MethodType.methodType(ExecutorService.class))
                    .invoke();
        } catch (Throwable notOnThisJdk) {
            return null;
        }
    }

    private static Waiters platformThreads() {
        int pool = POOLS.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        Waiters[] self = new Waiters[1];
        ThreadPoolExecutor executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(() -> self[0].workerLoop(r), "composo-http-wait-" + pool + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }) {
            @Override
            public void execute(Runnable command) {
                super.execute(() -> self[0].run(WORKER.get(), command));
            }
        };
        self[0] = new Waiters(executor);
        return self[0];
    }

    /** The life of one platform waiting thread: registered for the sweep while it lives. */
    private void workerLoop(Runnable threadBody) {
        Worker w = new Worker(this);
        WORKER.set(w);
        workers.add(w);
        try {
            threadBody.run();
        } finally {
            workers.remove(w);
            FutureTask<?> kept = w.kept.getAndSet(null);
            if (kept != null) {
                kept.run(); // cannot happen once the last task returned, but never strand a request
            }
        }
    }
}

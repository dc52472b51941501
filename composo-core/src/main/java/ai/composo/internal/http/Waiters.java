package ai.composo.internal.http;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads on which async requests wait for their response (see {@link JdkTransport}): virtual threads on a JDK
 * that has them (21+), else reused daemon platform threads that end after 30 s idle. Unbounded on purpose: the
 * client's permit pool already bounds in-flight requests, and a bounded queue here could only add latency. Not API.
 */
final class Waiters {
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final ExecutorService executor;

    private Waiters(ExecutorService executor) {
        this.executor = executor;
    }

    /**
     * Waiting threads where this JVM needs them: when the common pool has one thread, which is when
     * {@code CompletableFuture}'s default executor (and with it {@code sendAsync}) starts a thread per task; else null.
     */
    static Waiters forThisJvm() {
        if (ForkJoinPool.getCommonPoolParallelism() > 1) {
            return null;
        }
        ExecutorService virtual = virtualThreadPerTask();
        return new Waiters(virtual != null ? virtual : platformThreads());
    }

    Future<?> submit(Runnable task) {
        return executor.submit(task);
    }

    void shutdown() {
        executor.shutdown();
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

    private static ExecutorService platformThreads() {
        int pool = POOLS.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "composo-http-wait-" + pool + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }
}

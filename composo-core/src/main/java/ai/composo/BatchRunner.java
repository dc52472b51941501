package ai.composo;

import ai.composo.errors.ComposoException;
import ai.composo.internal.retry.RetryListener;
import ai.composo.model.EvaluationResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The batch engine: the consuming thread reads inputs and submits them while fewer than {@code window} items are
 * held; completions (on HTTP threads) only park results and signal. Memory is O(window).
 */
final class BatchRunner<T> implements BatchStream<T> {
    private final AsyncComposo client;
    private final Iterator<? extends T> inputs;
    private final Function<? super T, EvaluationRequest> toRequest;
    private final Runnable onClose;
    private final int window;
    private final boolean ordered;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Ordered mode: every held slot in input order. Unordered mode: finished slots in completion order. */
    private final ArrayDeque<Slot<T>> queue = new ArrayDeque<>();
    private final java.util.Set<Slot<T>> running = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private int held;
    private long nextIndex;
    private boolean exhausted;
    private boolean closed;

    BatchRunner(AsyncComposo client, Iterator<? extends T> inputs, Function<? super T, EvaluationRequest> toRequest,
                int window, boolean ordered, Runnable onClose) {
        this.client = client;
        this.inputs = inputs;
        this.toRequest = toRequest;
        this.window = window;
        this.ordered = ordered;
        this.onClose = onClose;
    }

    private static final class Slot<T> {
        final long index;
        final T input;
        final long startNanos;
        final AtomicInteger attempts = new AtomicInteger();
        final AtomicInteger rateLimited = new AtomicInteger();
        CompletableFuture<EvaluationResponse> future;
        BatchItem<T> item;

        Slot(long index, T input, long startNanos) {
            this.index = index;
            this.input = input;
            this.startNanos = startNanos;
        }
    }

    @Override
    public boolean hasNext() {
        lock.lock();
        try {
            while (true) {
                if (closed) {
                    return false;
                }
                fillLocked();
                if (readyLocked()) {
                    return true;
                }
                if (held == 0 && exhausted) {
                    return false;
                }
                changed.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public BatchItem<T> next() {
        if (!hasNext()) {
            throw new NoSuchElementException("batch has no more items");
        }
        lock.lock();
        try {
            Slot<T> slot = queue.poll();
            held--;
            BatchItem<T> item = slot.item;
            slot.item = null;
            fillLocked();
            return item;
        } finally {
            lock.unlock();
        }
    }

    private boolean readyLocked() {
        Slot<T> head = queue.peek();
        return head != null && head.item != null;
    }

    /** Reads and submits inputs while the window has room. Runs on the consuming thread only. */
    private void fillLocked() {
        while (!closed && !exhausted && held < window) {
            T input;
            try {
                if (!inputs.hasNext()) {
                    exhausted = true;
                    return;
                }
                input = inputs.next();
            } catch (RuntimeException e) {
                // A failing input source ends the batch: there is no input to attach the error to.
                exhausted = true;
                throw e;
            }
            Slot<T> slot = new Slot<>(nextIndex++, input, System.nanoTime());
            held++;
            if (ordered) {
                queue.add(slot);
            }
            EvaluationRequest request;
            try {
                request = toRequest.apply(input);
                if (request == null) {
                    throw new IllegalArgumentException("toRequest returned null");
                }
            } catch (RuntimeException e) {
                finishLocked(slot, null, e);
                continue;
            }
            RetryListener counter = new RetryListener() {
                @Override
                public void onAttempt() {
                    slot.attempts.incrementAndGet();
                }

                @Override
                public void onRateLimited() {
                    slot.rateLimited.incrementAndGet();
                }
            };
            CompletableFuture<EvaluationResponse> f;
            try {
                f = client.submit(request, counter);
            } catch (RuntimeException e) {
                finishLocked(slot, null, e);
                continue;
            }
            slot.future = f;
            running.add(slot);
            // Unlock-free completion path when already done; otherwise the callback takes the lock.
            f.whenComplete((r, e) -> complete(slot, r, e));
        }
    }

    private void complete(Slot<T> slot, EvaluationResponse response, Throwable error) {
        lock.lock();
        try {
            running.remove(slot);
            if (closed || slot.item != null) {
                return;
            }
            finishLocked(slot, response, error);
        } finally {
            lock.unlock();
        }
    }

    private void finishLocked(Slot<T> slot, EvaluationResponse response, Throwable error) {
        Duration latency = Duration.ofNanos(System.nanoTime() - slot.startNanos);
        slot.item = new BatchItem<>(slot.index, slot.input, error == null ? response : null,
                error == null ? null : asComposo(slot.index, error), latency, slot.attempts.get(), slot.rateLimited.get());
        if (!ordered) {
            queue.add(slot);
        }
        changed.signalAll();
    }

    private static ComposoException asComposo(long index, Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof ComposoException) {
            return (ComposoException) t;
        }
        if (t instanceof CancellationException) {
            return new ComposoException("Evaluation of input " + index + " was cancelled", t);
        }
        return new ComposoException("Input " + index + " could not be evaluated: " + t.getMessage(), t);
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            queue.clear();
            held = 0;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        // Latest first: those are still queued for a permit, so cancelling an earlier, running one cannot hand
        // its freed permit to a later one that is about to be cancelled anyway.
        running.stream().sorted(java.util.Comparator.comparingLong((Slot<T> s) -> s.index).reversed())
                .forEach(s -> s.future.cancel(true));
        running.clear();
        onClose.run();
    }
}

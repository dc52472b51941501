package ai.composo.internal.retry;

import ai.composo.internal.time.Sleeper;
import ai.composo.internal.time.TimeSource;
import ai.composo.errors.ComposoApiException;
import ai.composo.errors.ComposoException;
import ai.composo.errors.ComposoIoException;
import ai.composo.errors.ComposoTimeoutException;
import ai.composo.internal.http.ErrorMapper;
import ai.composo.internal.http.Request;
import ai.composo.internal.http.Response;
import ai.composo.internal.http.Transport;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Sends one logical request with retries under a total deadline (wire-spec §14 D1-D4), over any
 * {@link Transport}: the deadline starts when the first attempt starts; each attempt gets
 * min(attemptTimeout, time left); {@code Retry-After-Ms}/{@code Retry-After} are honoured, and a requested
 * wait longer than the time left fails at once with the answer's exception; otherwise jittered exponential
 * backoff cut to the time left. A permit of the {@link AttemptGate} is held only while an attempt is in
 * flight. Any 2xx response is returned; everything else ends as a {@link ComposoException}.
 * Reusable by other modules for other endpoints (base URL, auth and paths live in the {@link Request}). Not API.
 */
public final class RetryingExecutor {
    private final Transport transport;
    private final RetryPolicy policy;
    private final Duration timeout;
    private final Duration attemptTimeout;
    private final TimeSource time;
    private final Sleeper sleeper;
    private final AttemptGate gate;
    private final RetryListener listener;

    private RetryingExecutor(Builder b) {
        this.transport = Objects.requireNonNull(b.transport, "transport");
        this.policy = b.policy;
        this.timeout = b.timeout;
        this.attemptTimeout = b.attemptTimeout;
        this.time = b.time;
        this.sleeper = b.sleeper;
        this.gate = b.gate;
        this.listener = b.listener;
    }

    public static Builder builder(Transport transport) {
        return new Builder(transport);
    }

    public Transport transport() {
        return transport;
    }

    /** The total deadline per call, or null for none. */
    public Duration timeout() {
        return timeout;
    }

    /** Sends on the calling thread (no permits: the caller's thread is the limit). */
    public Response execute(Request request) {
        return execute(request, null);
    }

    /** As {@link #execute(Request)}, also reporting this call's events to {@code callListener} (may be null). */
    public Response execute(Request request, RetryListener callListener) {
        RetryListener listener = callListener == null ? this.listener : RetryListener.both(this.listener, callListener);
        Deadline deadline = new Deadline(time, timeout);
        Throwable last = null;
        for (int attempt = 0; ; attempt++) {
            Duration remaining = deadline.remaining();
            if (deadline.expired()) {
                throw failed(new ComposoTimeoutException(timeout, last), listener);
            }
            AttemptLimit limit = attemptLimit(remaining);
            listener.onAttempt();
            Throwable failure;
            try {
                Response r = transport.execute(request, limit.timeout);
                if (r.isSuccess()) {
                    listener.onSuccess();
                    return r;
                }
                failure = httpFailure(r, listener);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failed(new ComposoException("Interrupted while calling " + request, e), listener);
            } catch (IOException e) {
                failure = ioFailure(request, e, limit);
            } catch (RuntimeException e) {
                throw failed(e, listener);
            }
            Duration wait;
            try {
                wait = nextWait(failure, attempt, deadline, listener);
            } catch (RuntimeException e) {
                throw failed(e, listener);
            }
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failed(new ComposoException("Interrupted while waiting to retry " + request, e), listener);
            }
            if (deadline.expired()) {
                throw failed(new ComposoTimeoutException(timeout, failure), listener);
            }
            last = failure;
        }
    }

    /**
     * Sends without blocking. Cancelling (or otherwise completing) the returned future cancels the attempt in
     * flight or the pending wait and releases any permit.
     */
    public CompletableFuture<Response> executeAsync(Request request) {
        return executeAsync(request, null);
    }

    /** As {@link #executeAsync(Request)}, also reporting this call's events to {@code callListener} (may be null). */
    public CompletableFuture<Response> executeAsync(Request request, RetryListener callListener) {
        AsyncCall call = new AsyncCall(request,
                callListener == null ? this.listener : RetryListener.both(this.listener, callListener));
        call.next(false);
        return call.result;
    }

    private final class AsyncCall {
        final CompletableFuture<Response> result = new CompletableFuture<>();
        final Request request;
        final RetryListener listener;
        final java.util.concurrent.atomic.AtomicBoolean finished = new java.util.concurrent.atomic.AtomicBoolean();
        volatile Future<?> current;
        Deadline deadline;
        int attempt;
        Throwable last;

        AsyncCall(Request request, RetryListener listener) {
            this.request = request;
            this.listener = listener;
            result.whenComplete((r, e) -> {
                Future<?> c = current;
                if (e != null && c != null) {
                    c.cancel(true);
                }
            });
        }

        void setCurrent(Future<?> f) {
            current = f;
            if (result.isDone()) {
                f.cancel(true);
            }
        }

        void fail(Throwable t) {
            // Count before completing, so a caller woken by the failure already sees it in the counters.
            if (finished.compareAndSet(false, true) && !result.isDone()) {
                listener.onFailure(t);
            }
            result.completeExceptionally(t);
        }

        void next(boolean retry) {
            if (result.isDone()) {
                return;
            }
            CompletableFuture<AttemptGate.Permit> permit = gate.acquire(retry);
            setCurrent(permit);
            if (retry && !permit.isDone() && deadline != null && deadline.bounded()) {
                // A retry queued behind the cap must not outlive its deadline.
                CompletableFuture<Void> watchdog = Sleeper.system().sleepAsync(positive(deadline.remaining()));
                watchdog.thenRun(() -> {
                    if (permit.cancel(true)) {
                        fail(new ComposoTimeoutException(timeout, last));
                    }
                });
                permit.whenComplete((p, e) -> watchdog.cancel(false));
            }
            permit.whenComplete((p, e) -> {
                if (e != null) {
                    if (!(e instanceof CancellationException)) {
                        fail(unwrap(e));
                    }
                    return;
                }
                if (result.isDone()) {
                    p.release();
                    return;
                }
                attempt(p);
            });
        }

        void attempt(AttemptGate.Permit permit) {
            if (deadline == null) {
                deadline = new Deadline(time, timeout);
            }
            if (deadline.expired()) {
                permit.release();
                fail(new ComposoTimeoutException(timeout, last));
                return;
            }
            AttemptLimit limit = attemptLimit(deadline.remaining());
            listener.onAttempt();
            CompletableFuture<Response> http;
            try {
                http = transport.executeAsync(request, limit.timeout);
            } catch (RuntimeException e) {
                permit.release();
                fail(e);
                return;
            }
            setCurrent(http);
            http.whenComplete((response, error) -> {
                permit.release();
                if (result.isDone()) {
                    return;
                }
                Throwable failure;
                if (error != null) {
                    Throwable cause = unwrap(error);
                    if (cause instanceof CancellationException) {
                        fail(cause);
                        return;
                    }
                    if (!(cause instanceof IOException)) {
                        fail(cause);
                        return;
                    }
                    failure = ioFailure(request, (IOException) cause, limit);
                } else if (response.isSuccess()) {
                    listener.onSuccess();
                    result.complete(response);
                    return;
                } else {
                    failure = httpFailure(response, listener);
                }
                Duration wait;
                try {
                    wait = nextWait(failure, attempt, deadline, listener);
                } catch (RuntimeException e) {
                    fail(e);
                    return;
                }
                last = failure;
                attempt++;
                CompletableFuture<Void> sleep = sleeper.sleepAsync(wait);
                setCurrent(sleep);
                sleep.whenComplete((v, e) -> {
                    if (result.isDone()) {
                        return;
                    }
                    if (e != null) {
                        fail(unwrap(e));
                    } else if (deadline.expired()) {
                        fail(new ComposoTimeoutException(timeout, last));
                    } else {
                        next(true);
                    }
                });
            });
        }
    }

    private static final class AttemptLimit {
        final Duration timeout;
        final boolean cutByDeadline;

        AttemptLimit(Duration timeout, boolean cutByDeadline) {
            this.timeout = timeout;
            this.cutByDeadline = cutByDeadline;
        }
    }

    private AttemptLimit attemptLimit(Duration remaining) {
        if (remaining != null && (attemptTimeout == null || remaining.compareTo(attemptTimeout) < 0)) {
            return new AttemptLimit(positive(remaining), true);
        }
        return new AttemptLimit(attemptTimeout, false);
    }

    private ComposoApiException httpFailure(Response r, RetryListener listener) {
        if (r.statusCode() == 429) {
            listener.onRateLimited();
        }
        return ErrorMapper.toException(r, time.now());
    }

    private ComposoException ioFailure(Request request, IOException e, AttemptLimit limit) {
        if (e instanceof HttpTimeoutException && limit.cutByDeadline) {
            return new ComposoTimeoutException(timeout, e);
        }
        if (e instanceof HttpTimeoutException) {
            return new ComposoIoException("Attempt timed out after " + limit.timeout.toMillis() + " ms: " + request, e);
        }
        return new ComposoIoException("I/O error on " + request + ": " + ai.composo.internal.http.IoReasons.of(e), e);
    }

    /** The wait before the next attempt, as the policy decides, or throws the exception that ends the call. */
    private Duration nextWait(Throwable failure, int attempt, Deadline deadline, RetryListener listener) {
        RetryDecision d = policy.decide(attempt, failure, deadline.remaining(), time.now());
        if (d instanceof RetryDecision.GiveUp g) {
            throw g.reason() == RetryDecision.Reason.DEADLINE_PASSED ? new ComposoTimeoutException(timeout, failure) : asRuntime(failure);
        }
        Duration wait = ((RetryDecision.Retry) d).after();
        listener.onRetry(failure, wait);
        return wait;
    }

    private static RuntimeException failed(RuntimeException e, RetryListener listener) {
        listener.onFailure(e);
        return e;
    }

    private static RuntimeException asRuntime(Throwable t) {
        return t instanceof RuntimeException ? (RuntimeException) t : new ComposoException(t.toString(), t);
    }

    private static Duration positive(Duration d) {
        return d.isNegative() || d.isZero() ? Duration.ofMillis(1) : d;
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    public static final class Builder {
        private final Transport transport;
        private RetryPolicy policy = RetryPolicy.builder().build();
        private Duration timeout;
        private Duration attemptTimeout;
        private TimeSource time = TimeSource.system();
        private Sleeper sleeper = Sleeper.system();
        private AttemptGate gate = AttemptGate.UNLIMITED;
        private RetryListener listener = RetryListener.NONE;

        private Builder(Transport transport) {
            this.transport = transport;
        }

        public Builder retryPolicy(RetryPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Total deadline per call, all attempts and waits included; null = none. */
        public Builder timeout(Duration timeout) {
            this.timeout = checkPositive(timeout, "timeout");
            return this;
        }

        /** Limit for one attempt; null = only the total deadline. */
        public Builder attemptTimeout(Duration attemptTimeout) {
            this.attemptTimeout = checkPositive(attemptTimeout, "attemptTimeout");
            return this;
        }

        public Builder timeSource(TimeSource time) {
            this.time = Objects.requireNonNull(time, "time");
            return this;
        }

        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        public Builder gate(AttemptGate gate) {
            this.gate = Objects.requireNonNull(gate, "gate");
            return this;
        }

        public Builder listener(RetryListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public RetryingExecutor build() {
            return new RetryingExecutor(this);
        }

        private static Duration checkPositive(Duration d, String name) {
            if (d != null && (d.isNegative() || d.isZero())) {
                throw new IllegalArgumentException(name + " must be positive, got " + d);
            }
            return d;
        }
    }
}

package ai.composo.tracing;

import ai.composo.model.AgentCall;
import ai.composo.model.AgentInstance;
import ai.composo.model.Interaction;
import ai.composo.model.LLMInteraction;
import ai.composo.model.MultiAgentTrace;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Captures one agent instance of a multi-agent trace (wire-spec §6): its LLM interactions and the child
 * agents it invokes, in order.
 *
 * <pre>{@code
 * try (AgentTracer supervisor = AgentTracer.start("supervisor")) {
 *     supervisor.recordInteraction(...);                  // or an integration records for you
 *     try (AgentTracer researcher = AgentTracer.start("researcher")) {   // child of supervisor
 *         ...
 *     }
 *     MultiAgentTrace trace = supervisor.trace();
 * }
 * }</pre>
 *
 * <p><b>Nesting.</b> {@link #start(String)} makes the new tracer a child of the tracer active on the
 * calling thread ({@link #current()}) and activates it on that thread until {@link #close()}. A child is
 * recorded in its parent's interactions at the moment it is created, so references and LLM interactions
 * keep the order in which they happened.
 *
 * <p><b>Async code.</b> Thread-local nesting does not follow work handed to other threads. Pass the parent
 * explicitly with {@link #startChild(AgentTracer, String)} (activates on the calling thread) or
 * {@link #createChild(AgentTracer, String)} (activates nowhere), and run work with a tracer active through
 * {@link #wrap(Runnable)}, {@link #wrap(Executor)}, {@link #wrapSupplier}, {@link #wrapFunction} and
 * friends (for {@code CompletableFuture} stages) or {@link #activate()}.
 *
 * <p><b>Threads.</b> All methods are thread-safe; several threads may record into the same tracer.
 * Interactions are kept in the order in which their recording calls completed.
 */
public final class AgentTracer implements AutoCloseable {

    /** Per thread: its activations, innermost first; absent (not empty) when none, so idle threads hold nothing. */
    private static final ThreadLocal<Deque<Activation>> ACTIVE = new ThreadLocal<>();

    private final String id;
    private final String name;
    private final AgentTracer parent;
    private final Set<String> idsInTree;
    private final List<Interaction> interactions = new ArrayList<>();
    private final Map<String, AgentTracer> children = new LinkedHashMap<>();
    private volatile boolean closed;
    private Activation startActivation;

    private AgentTracer(String name, String id, AgentTracer parent) {
        this.name = name == null ? defaultName() : requireNonBlank(name, "name");
        this.id = id == null ? UUID.randomUUID().toString() : requireNonBlank(id, "id");
        this.parent = parent;
        this.idsInTree = parent == null ? ConcurrentHashMap.newKeySet() : parent.idsInTree;
        if (!idsInTree.add(this.id)) {
            throw new IllegalArgumentException("agent instance id '" + this.id + "' is already used in this trace");
        }
        if (parent != null) {
            try {
                parent.addChild(this);
            } catch (RuntimeException e) {
                idsInTree.remove(this.id);
                throw e;
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Creation

    /** Starts an agent named {@code name} (a child of {@link #current()} if any) and activates it on this thread. */
    public static AgentTracer start(String name) {
        return start(name, null);
    }

    /** As {@link #start(String)} with a given instance id ({@code null}: a random UUID; {@code name} null: {@code agent_xxxxxxxx}). */
    public static AgentTracer start(String name, String id) {
        return new AgentTracer(name, id, current().orElse(null)).activateForLifetime();
    }

    /** Starts an agent with a generated name and id, nested like {@link #start(String)}. */
    public static AgentTracer start() {
        return start(null, null);
    }

    /** Starts a new root agent, ignoring any tracer active on this thread, and activates it on this thread. */
    public static AgentTracer startRoot(String name) {
        return startRoot(name, null);
    }

    public static AgentTracer startRoot(String name, String id) {
        return new AgentTracer(name, id, null).activateForLifetime();
    }

    /**
     * Starts a child of an explicit {@code parent} (for code running on another thread than the parent's)
     * and activates it on the calling thread until {@link #close()}.
     */
    public static AgentTracer startChild(AgentTracer parent, String name) {
        return startChild(parent, name, null);
    }

    public static AgentTracer startChild(AgentTracer parent, String name, String id) {
        return createChild(parent, name, id).activateForLifetime();
    }

    /**
     * Creates a child of {@code parent}, recorded at this point of the parent's interactions, without
     * activating it on any thread: for an agent whose work spans several async stages, run each stage
     * through {@link #wrap} and {@link #close()} the tracer when the agent is done.
     */
    public static AgentTracer createChild(AgentTracer parent, String name) {
        return createChild(parent, name, null);
    }

    public static AgentTracer createChild(AgentTracer parent, String name, String id) {
        Objects.requireNonNull(parent, "parent");
        return new AgentTracer(name, id, parent);
    }

    /** The tracer active on the calling thread: the most recently activated one that is still open. */
    public static Optional<AgentTracer> current() {
        Deque<Activation> stack = ACTIVE.get();
        if (stack == null) {
            return Optional.empty();
        }
        Activation top;
        while ((top = stack.peek()) != null && top.tracer.closed) {
            stack.pop(); // closed on another thread: purge lazily
        }
        if (top == null) {
            ACTIVE.remove();
            return Optional.empty();
        }
        return Optional.of(top.tracer);
    }

    // ---------------------------------------------------------------------------------------------
    // Identity

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public Optional<AgentTracer> parent() {
        return Optional.ofNullable(parent);
    }

    public boolean isClosed() {
        return closed;
    }

    // ---------------------------------------------------------------------------------------------
    // Recording

    /** Records one LLM call of this agent. */
    public void recordInteraction(LLMInteraction interaction) {
        Objects.requireNonNull(interaction, "interaction");
        synchronized (this) {
            ensureOpen("record an interaction into");
            interactions.add(interaction);
        }
    }

    /**
     * Records an OpenAI-format chat completion: the request body (messages, tools) and the response body
     * (choices). All tool calls are kept; tool messages become tool responses.
     */
    public LLMInteraction recordOpenAiChat(String requestJson, String responseJson) {
        LLMInteraction interaction = LlmInteractions.fromOpenAiChat(requestJson, responseJson);
        recordInteraction(interaction);
        return interaction;
    }

    public LLMInteraction recordOpenAiChat(JsonNode request, JsonNode response) {
        LLMInteraction interaction = LlmInteractions.fromOpenAiChat(request, response);
        recordInteraction(interaction);
        return interaction;
    }

    /**
     * Records an Anthropic Messages API call: the request body (system, messages, tools) and the response
     * body (content blocks). The system prompt, every tool_use and every tool_result are kept.
     */
    public LLMInteraction recordAnthropicMessages(String requestJson, String responseJson) {
        LLMInteraction interaction = LlmInteractions.fromAnthropicMessages(requestJson, responseJson);
        recordInteraction(interaction);
        return interaction;
    }

    public LLMInteraction recordAnthropicMessages(JsonNode request, JsonNode response) {
        LLMInteraction interaction = LlmInteractions.fromAnthropicMessages(request, response);
        recordInteraction(interaction);
        return interaction;
    }

    private synchronized void addChild(AgentTracer child) {
        ensureOpen("start a child agent of");
        interactions.add(new AgentCall(child.id));
        children.put(child.id, child);
    }

    private void ensureOpen(String action) {
        if (closed) {
            throw new IllegalStateException("Cannot " + action + " agent '" + name + "' (" + id + "): it is closed");
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Result

    /**
     * A snapshot of the trace rooted at this agent: this instance and all its descendants, parents before
     * children. May be called while agents are still open.
     */
    public MultiAgentTrace trace() {
        MultiAgentTrace.Builder builder = MultiAgentTrace.builder(id);
        collect(builder);
        return builder.build();
    }

    private void collect(MultiAgentTrace.Builder builder) {
        List<Interaction> snapshot;
        List<AgentTracer> kids;
        synchronized (this) {
            snapshot = List.copyOf(interactions);
            kids = List.copyOf(children.values());
        }
        builder.agent(new AgentInstance(id, name, snapshot));
        for (AgentTracer kid : kids) {
            kid.collect(builder);
        }
    }

    /** This agent instance alone (its interactions and child references). */
    public AgentInstance instance() {
        synchronized (this) {
            return new AgentInstance(id, name, interactions);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Activation and propagation

    /** A thread-confined activation of a tracer; closing it restores the previously active tracer. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Makes this tracer the active one on the calling thread until the returned scope is closed (on the
     * same thread). Tracers started meanwhile on this thread become its children.
     */
    public Scope activate() {
        ensureOpen("activate");
        Activation activation = new Activation(this, Thread.currentThread());
        Deque<Activation> stack = ACTIVE.get();
        if (stack == null) {
            stack = new ArrayDeque<>();
            ACTIVE.set(stack);
        }
        stack.push(activation);
        return activation;
    }

    private AgentTracer activateForLifetime() {
        Activation activation = (Activation) activate();
        synchronized (this) {
            startActivation = activation;
        }
        return this;
    }

    /** {@code task} made to run with this tracer active on whatever thread runs it. */
    public Runnable wrap(Runnable task) {
        Objects.requireNonNull(task, "task");
        return () -> {
            try (Scope ignored = activate()) {
                task.run();
            }
        };
    }

    public <T> Supplier<T> wrapSupplier(Supplier<T> task) {
        Objects.requireNonNull(task, "task");
        return () -> {
            try (Scope ignored = activate()) {
                return task.get();
            }
        };
    }

    public <T> Callable<T> wrap(Callable<T> task) {
        Objects.requireNonNull(task, "task");
        return () -> {
            try (Scope ignored = activate()) {
                return task.call();
            }
        };
    }

    /** For {@code CompletableFuture.thenApply} and similar stages. */
    public <T, R> Function<T, R> wrapFunction(Function<T, R> stage) {
        Objects.requireNonNull(stage, "stage");
        return value -> {
            try (Scope ignored = activate()) {
                return stage.apply(value);
            }
        };
    }

    /** For {@code CompletableFuture.thenAccept} and similar stages. */
    public <T> Consumer<T> wrapConsumer(Consumer<T> stage) {
        Objects.requireNonNull(stage, "stage");
        return value -> {
            try (Scope ignored = activate()) {
                stage.accept(value);
            }
        };
    }

    /** For {@code CompletableFuture.handle}, {@code thenCombine} and similar stages. */
    public <T, U, R> BiFunction<T, U, R> wrapBiFunction(BiFunction<T, U, R> stage) {
        Objects.requireNonNull(stage, "stage");
        return (a, b) -> {
            try (Scope ignored = activate()) {
                return stage.apply(a, b);
            }
        };
    }

    /** An executor that runs every task with this tracer active (tasks' own tracers nest under it). */
    public Executor wrap(Executor executor) {
        Objects.requireNonNull(executor, "executor");
        return task -> executor.execute(wrap(task));
    }

    /** Runs {@code task} on the calling thread with this tracer active. */
    public void run(Runnable task) {
        wrap(task).run();
    }

    /** Calls {@code task} on the calling thread with this tracer active and returns its result. */
    public <T> T call(Supplier<T> task) {
        return wrapSupplier(task).get();
    }

    /**
     * Ends this agent: no further interactions or children are accepted, and it stops being the active
     * tracer of the thread that started it. Idempotent. May be called from another thread than the one
     * that started it (that thread then forgets it lazily).
     */
    @Override
    public void close() {
        Activation activation;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            activation = startActivation;
            startActivation = null;
        }
        if (activation != null && activation.thread == Thread.currentThread()) {
            activation.deactivate();
        }
    }

    @Override
    public String toString() {
        return "AgentTracer[name=" + name + ", id=" + id + (closed ? ", closed" : "") + "]";
    }

    private static final class Activation implements Scope {
        final AgentTracer tracer;
        final Thread thread;
        private boolean done;

        Activation(AgentTracer tracer, Thread thread) {
            this.tracer = tracer;
            this.thread = thread;
        }

        @Override
        public void close() {
            if (Thread.currentThread() != thread) {
                throw new IllegalStateException("A tracer scope must be closed on the thread that opened it ("
                        + thread.getName() + "), not on " + Thread.currentThread().getName());
            }
            deactivate();
        }

        void deactivate() {
            if (!done) {
                done = true;
                Deque<Activation> stack = ACTIVE.get();
                if (stack != null) {
                    stack.remove(this);
                    if (stack.isEmpty()) {
                        ACTIVE.remove(); // leave no thread-local behind on pooled threads
                    }
                }
            }
        }
    }

    private static String defaultName() {
        return "agent_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    private static String requireNonBlank(String value, String what) {
        if (value.isBlank()) {
            throw new IllegalArgumentException("AgentTracer " + what + " must not be blank");
        }
        return value;
    }
}

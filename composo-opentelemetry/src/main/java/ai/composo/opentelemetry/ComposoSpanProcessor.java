package ai.composo.opentelemetry;

import ai.composo.model.LLMInteraction;
import ai.composo.tracing.AgentTracer;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns LLM spans into LLM interactions of the {@link AgentTracer} that was active when the span
 * started: the tracer active on the starting thread, or else the tracer of the span's parent span (so
 * spans started on other threads under a traced span still land in the right agent). Understands the
 * OpenTelemetry GenAI conventions and OpenInference LLM spans; see {@link SpanInteractions}.
 *
 * <pre>{@code
 * SdkTracerProvider provider = SdkTracerProvider.builder()
 *     .addSpanProcessor(new ComposoSpanProcessor())
 *     .build();
 * }</pre>
 *
 * Spans started while no tracer is active are ignored. An LLM span that cannot be converted (for
 * example because message content capture is switched off) is reported as a warning and not recorded.
 */
public final class ComposoSpanProcessor implements SpanProcessor {
    private static final System.Logger LOG = System.getLogger(ComposoSpanProcessor.class.getName());

    private final Map<String, AgentTracer> tracerBySpan = new ConcurrentHashMap<>();

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
        AgentTracer tracer = AgentTracer.current().orElse(null);
        if (tracer == null) {
            SpanContext parent = span.getParentSpanContext();
            if (parent.isValid()) {
                tracer = tracerBySpan.get(key(parent));
            }
        }
        if (tracer != null) {
            tracerBySpan.put(key(span.getSpanContext()), tracer);
        }
    }

    @Override
    public boolean isStartRequired() {
        return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {
        AgentTracer tracer = tracerBySpan.remove(key(span.getSpanContext()));
        if (tracer == null) {
            return;
        }
        Optional<LLMInteraction> interaction;
        try {
            interaction = SpanInteractions.fromAttributes(span.getAttributes());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Composo: LLM span ''{0}'' not recorded for agent ''{1}'': {2}",
                    span.getName(), tracer.name(), e.getMessage());
            return;
        }
        interaction.ifPresent(i -> {
            try {
                tracer.recordInteraction(i);
            } catch (IllegalStateException e) {
                LOG.log(Level.WARNING, "Composo: LLM span ''{0}'' ended after its agent was closed, not recorded: {1}",
                        span.getName(), e.getMessage());
            }
        });
    }

    @Override
    public boolean isEndRequired() {
        return true;
    }

    @Override
    public CompletableResultCode shutdown() {
        tracerBySpan.clear();
        return CompletableResultCode.ofSuccess();
    }

    /** Spans started under a tracer that have not ended yet (for diagnostics and tests). */
    int pendingSpans() {
        return tracerBySpan.size();
    }

    private static String key(SpanContext context) {
        return context.getTraceId() + ':' + context.getSpanId();
    }
}

package io.modelgate.telemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.vertx.core.MultiMap;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.concurrent.TimeUnit;

/**
 * Where the gateway's spans begin. Off unless an OTLP endpoint is configured ({@link TracingSwitch}): then
 * {@link #call} answers null and the data plane does no tracing work at all. On, each data-plane call gets a server
 * span continuing the caller's {@code traceparent} (through the configured propagators), and each upstream attempt a
 * client span whose context goes upstream ({@link CallTrace}). Spans are started on the event loop (sampling decided,
 * ids drawn) and named, given their attributes and ended from the call's record, off it.
 */
@Singleton
public class Tracing {

    /** The instrumentation scope of the gateway's spans. */
    static final String SCOPE = "io.modelgate";
    /** Span times are epoch nanoseconds; call times are {@link System#nanoTime()}: this converts one into the other. */
    private static final long EPOCH_MINUS_NANO_TIME = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis()) - System.nanoTime();
    private static final TextMapGetter<MultiMap> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(MultiMap carrier) {
            return carrier.names();
        }

        @Override
        public String get(MultiMap carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final boolean enabled;
    private final Tracer tracer;
    private final TextMapPropagator propagator;
    private final boolean recordSubject;

    /** Tracing that is off: for what is built outside the container (tests). */
    public static Tracing off() {
        return new Tracing(OpenTelemetry.noop(), true, false);
    }

    @Inject
    Tracing(OpenTelemetry openTelemetry, @ConfigProperty(name = TracingSwitch.SDK_DISABLED) boolean sdkDisabled, TracingConfig config) {
        this(openTelemetry, sdkDisabled, config.recordSubject());
    }

    private Tracing(OpenTelemetry openTelemetry, boolean sdkDisabled, boolean recordSubject) {
        this.enabled = !sdkDisabled;
        this.tracer = openTelemetry.getTracer(SCOPE);
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
        this.recordSubject = recordSubject;
    }

    /** Whether spans are made and exported. */
    public boolean enabled() {
        return enabled;
    }

    /** Whether a call's span names its caller ({@code enduser.id}): off unless an operator turns it on. */
    public boolean recordsSubject() {
        return recordSubject;
    }

    /**
     * The trace of a data-plane call that arrived at {@code startedNanos} with {@code headers}: a server span named
     * {@code name} for now (renamed once the call knows its operation and model); null when tracing is off.
     */
    public CallTrace call(MultiMap headers, String name, long startedNanos) {
        if (!enabled) {
            return null;
        }
        Context parent = propagator.extract(Context.root(), headers, HEADERS);
        Span server = tracer.spanBuilder(name).setParent(parent).setSpanKind(SpanKind.SERVER)
                .setStartTimestamp(epochNanos(startedNanos), TimeUnit.NANOSECONDS).startSpan();
        return new CallTrace(this, server, startedNanos);
    }

    /** A span of {@code kind} under {@code parent}, started at {@code startedNanos}. */
    Span child(Context parent, String name, SpanKind kind, long startedNanos) {
        return tracer.spanBuilder(name).setParent(parent).setSpanKind(kind)
                .setStartTimestamp(epochNanos(startedNanos), TimeUnit.NANOSECONDS).startSpan();
    }

    /** The headers that carry {@code context} to another service ({@code traceparent}, {@code tracestate}, …). */
    MultiMap headers(Context context) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        propagator.inject(context, headers, MultiMap::set);
        return headers;
    }

    /**
     * A span that stands alone, started now, for work that belongs to no one call (a key set fetched, an upstream token
     * obtained, which calls share); a span that records nothing when tracing is off.
     */
    public Span standalone(String name, SpanKind kind) {
        return enabled ? tracer.spanBuilder(name).setNoParent().setSpanKind(kind).startSpan() : Span.getInvalid();
    }

    /** {@link System#nanoTime()} as the epoch nanoseconds spans are timed in. */
    public static long epochNanos(long nanoTime) {
        return nanoTime + EPOCH_MINUS_NANO_TIME;
    }
}

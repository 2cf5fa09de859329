package io.modelgate.telemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import io.quarkus.arc.All;
import io.vertx.core.MultiMap;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Where the gateway's spans begin. Off unless an OTLP endpoint is configured ({@link TracingSwitch}): then
 * {@link #call} answers null and the data plane does no tracing work at all. On, each data-plane call gets a server
 * span continuing the caller's {@code traceparent} (through the configured propagators), and each upstream attempt a
 * client span whose context goes upstream ({@link CallTrace}). Spans are started on the event loop (ids drawn,
 * sampled by the SDK's configured sampler) and named, given their attributes and ended from the call's record, off it.
 * A call's spans are {@link CallSpan}s, delivered once ended to the span processors Quarkus gave the SDK, so they
 * leave through the same batch processor and OTLP exporter ({@code export.OtlpExport}) as the SDK's own spans (a
 * key-set fetch, an upstream token).
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
    private final Sampler sampler;
    private final IdGenerator ids = IdGenerator.random(); // for the spans that describe the SDK (call spans draw their own)
    /** The processors an ended call span goes to: the SDK's ({@code export.OtlpExport}'s batch processor), less those that take no ended span. */
    private final SpanProcessor processors;
    /** What the SDK says of this process and the gateway's tracer, learnt once: every exported call span asks. */
    private volatile Description description;

    /** Tracing that is off: for what is built outside the container (tests). */
    public static Tracing off() {
        return new Tracing(OpenTelemetry.noop(), true, false, List.of());
    }

    /** Tracing through {@code sdk}, its call spans ended into {@code processors}: for what is built outside the container (tests). */
    public static Tracing of(OpenTelemetrySdk sdk, List<SpanProcessor> processors) {
        return new Tracing(sdk, false, false, processors);
    }

    @Inject
    Tracing(OpenTelemetry openTelemetry, @ConfigProperty(name = TracingSwitch.SDK_DISABLED) boolean sdkDisabled, TracingConfig config,
            @All List<SpanProcessor> processors) {
        this(openTelemetry, sdkDisabled, config.recordSubject(), processors);
    }

    /** Tracing through {@code openTelemetry}'s SDK, its call spans going to {@code processors}. */
    Tracing(OpenTelemetry openTelemetry, boolean sdkDisabled, boolean recordSubject, List<SpanProcessor> processors) {
        this.enabled = !sdkDisabled && openTelemetry instanceof OpenTelemetrySdk;
        this.tracer = openTelemetry.getTracer(SCOPE);
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
        this.recordSubject = recordSubject;
        this.sampler = enabled ? ((OpenTelemetrySdk) openTelemetry).getSdkTracerProvider().getSampler() : Sampler.alwaysOff();
        this.processors = SpanProcessor.composite(processors.stream().filter(SpanProcessor::isEndRequired).toList());
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
        return new CallTrace(this, start(parent, name, SpanKind.SERVER, startedNanos), startedNanos);
    }

    /**
     * A call span of {@code kind} under {@code parent} (the caller's context, or the call's own span), started at
     * {@code startedNanos}: in the parent's trace or a new one, sampled as the SDK's sampler decides.
     */
    CallSpan start(Context parent, String name, SpanKind kind, long startedNanos) {
        SpanContext parentSpan = Span.fromContext(parent).getSpanContext();
        long traceIdHigh;
        long traceIdLow;
        String traceId;
        if (parentSpan instanceof CallSpanContext call) { // the call's own span: its trace id as it is
            traceIdHigh = call.traceIdHigh();
            traceIdLow = call.traceIdLow();
            traceId = call.getTraceId();
        } else if (parentSpan.isValid()) { // a caller's traceparent
            ByteBuffer bytes = ByteBuffer.wrap(parentSpan.getTraceIdBytes());
            traceIdHigh = bytes.getLong();
            traceIdLow = bytes.getLong();
            traceId = parentSpan.getTraceId();
        } else {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            traceIdHigh = random.nextLong();
            traceIdLow = nonZero(random);
            traceId = CallSpanContext.hex(traceIdHigh, traceIdLow); // the sampler reads it
        }
        SamplingResult sampling = sampler.shouldSample(parent, traceId, name, kind, Attributes.empty(), List.of());
        boolean sampled = sampling.getDecision() == SamplingDecision.RECORD_AND_SAMPLE;
        CallSpanContext context = new CallSpanContext(traceIdHigh, traceIdLow, traceId, nonZero(ThreadLocalRandom.current()),
                sampled ? TraceFlags.getSampled() : TraceFlags.getDefault(), sampling.getUpdatedTraceState(parentSpan.getTraceState()));
        return new CallSpan(this, context, parentSpan, kind, name, epochNanos(startedNanos));
    }

    /** A random id part that is not zero (an all-zero id is invalid), as the SDK's id generator draws them. */
    private static long nonZero(ThreadLocalRandom random) {
        long id;
        do {
            id = random.nextLong();
        } while (id == 0);
        return id;
    }

    /** A call span has ended, sampled: the SDK's processors take it from here (to the batch and the exporter). */
    void ended(CallSpan span) {
        processors.onEnd(span);
    }

    /** The resource the SDK describes this process with ({@code service.name}, …), which call spans carry too. */
    Resource resource() {
        return description().resource();
    }

    /** The instrumentation scope of the gateway's spans, as the SDK names it. */
    InstrumentationScopeInfo scope() {
        return description().scope();
    }

    private record Description(Resource resource, InstrumentationScopeInfo scope) {
    }

    /**
     * Read from a span of the SDK's own, started under a sampled parent and never ended (so never exported), for what
     * the SDK alone knows: the resource it was configured with and the scope it gives the gateway's tracer. A sampler
     * that does not follow its parent (plain {@code traceidratio}) is asked again with other trace ids.
     */
    private Description description() {
        Description known = description;
        for (int attempt = 0; known == null && attempt < 1_000; attempt++) {
            SpanContext sampledParent = SpanContext.createFromRemoteParent(ids.generateTraceId(), ids.generateSpanId(),
                    TraceFlags.getSampled(), TraceState.getDefault());
            if (tracer.spanBuilder("modelgate.describe").setParent(Context.root().with(Span.wrap(sampledParent))).startSpan()
                    instanceof ReadableSpan probe) {
                description = known = new Description(probe.toSpanData().getResource(), probe.getInstrumentationScopeInfo());
            }
        }
        if (known == null) {
            throw new IllegalStateException("the OpenTelemetry SDK's sampler recorded none of 1,000 spans");
        }
        return known;
    }

    /** The headers that carry {@code context} to another service ({@code traceparent}, {@code tracestate}, …). */
    MultiMap headers(Context context) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        inject(context, headers);
        return headers;
    }

    /** Writes the headers that carry {@code context} to another service into {@code headers}, in place of any it had. */
    void inject(Context context, MultiMap headers) {
        propagator.inject(context, headers, MultiMap::set);
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

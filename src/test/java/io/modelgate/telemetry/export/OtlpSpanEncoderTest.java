package io.modelgate.telemetry.export;

import com.google.protobuf.InvalidProtocolBufferException;
import io.modelgate.telemetry.CallTrace;
import io.modelgate.telemetry.Tracing;
import io.modelgate.testing.SpansEnded;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanLimits;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The gateway's OTLP encoder writes what the OpenTelemetry SDK's own marshaler writes: the same spans decode, with
 * the OTLP protocol's own classes, to the same messages field by field, whatever the attributes, events, links,
 * statuses, trace states, resources and scopes, and whatever the size of a message (lengths of one, two and three bytes).
 */
class OtlpSpanEncoderTest {

    private static final String[] TEXTS = {"", "a", "gpt-4o", "chat gpt-4o", "modèle", "日本語のモデル", "emoji \uD83D\uDE80 in a name",
            "x".repeat(127), "y".repeat(128), "z".repeat(20_000), "quote \" and \\ backslash", "null\u0000byte"};

    @Test
    void batchesDecodeToWhatTheSdksMarshalerWrites() throws Exception {
        OtlpSpanEncoder encoder = new OtlpSpanEncoder(); // one encoder for every batch, as the exporter keeps it
        for (long seed = 1; seed <= 40; seed++) {
            List<SpanData> spans = randomSpans(new Random(seed), 1 + (int) (seed % 7) * 9);
            encoder.encode(spans);
            byte[] ours = new EncodedBatch(encoder).toByteArray();
            List<String> expected = normalized(sdkBytes(spans));
            List<String> actual = normalized(ours);
            for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
                assertEquals(expected.get(i), actual.get(i), "seed " + seed + ", span " + i);
            }
            assertEquals(expected.size(), actual.size(), "seed " + seed);
            assertEquals(ExportTraceServiceRequest.parseFrom(ours).getResourceSpansList().stream().map(ResourceSpans::getResource).distinct().count(),
                    ExportTraceServiceRequest.parseFrom(ours).getResourceSpansCount(), "one ResourceSpans a resource");
        }
    }

    @Test
    void anEmptyBatchIsAnEmptyRequest() throws Exception {
        OtlpSpanEncoder encoder = new OtlpSpanEncoder();
        encoder.encode(List.of());
        EncodedBatch request = new EncodedBatch(encoder);
        assertEquals(0, request.getBinarySerializedSize());
        assertEquals(ExportTraceServiceRequest.getDefaultInstance(), ExportTraceServiceRequest.parseFrom(request.toByteArray()));
    }

    @Test
    void aBatchLargerThanTheFirstArrayGrowsIt() throws Exception {
        OtlpSpanEncoder encoder = new OtlpSpanEncoder();
        List<SpanData> spans = new ArrayList<>();
        Random random = new Random(99);
        while (spans.size() < 3_000) {
            spans.addAll(randomSpans(random, 50));
        }
        encoder.encode(spans);
        byte[] ours = new EncodedBatch(encoder).toByteArray();
        assertEquals(normalized(sdkBytes(spans)), normalized(ours));
    }

    /**
     * The keys and values a gateway repeats on every span (written once, then copied) and those it does not (a subject
     * per call, keys made per span beyond what is kept): batch after batch through one encoder, still the SDK's bytes.
     */
    @Test
    void attributesRepeatedAcrossSpansAndBatchesDecodeToWhatTheSdkWrites() throws Exception {
        List<AttributeKey<String>> keys = List.of(AttributeKey.stringKey("gen_ai.operation.name"), AttributeKey.stringKey("gen_ai.request.model"),
                AttributeKey.stringKey("modelgate.role"), AttributeKey.stringKey("modelgate.decision"));
        AttributeKey<Boolean> stream = AttributeKey.booleanKey("gen_ai.request.stream");
        AttributeKey<Long> tokens = AttributeKey.longKey("gen_ai.usage.input_tokens");
        AttributeKey<String> subject = AttributeKey.stringKey("enduser.id");
        Random random = new Random(7);
        OtlpSpanEncoder encoder = new OtlpSpanEncoder();
        for (int batch = 0; batch < 6; batch++) {
            List<SpanData> ended = new ArrayList<>();
            SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(SpansEnded.into(ended)).build();
            for (int i = 0; i < 300; i++) {
                Span span = provider.get("io.modelgate").spanBuilder("chat").setStartTimestamp(1_700_000_000_000_000_000L, TimeUnit.NANOSECONDS).startSpan();
                for (AttributeKey<String> key : keys) {
                    // mostly the same few values (some equal but not the same object), now and then another
                    span.setAttribute(key, random.nextInt(10) == 0 ? text(random) : new String(new char[]{'v', (char) ('0' + random.nextInt(3))}));
                }
                span.setAttribute(stream, random.nextBoolean());
                span.setAttribute(tokens, (long) random.nextInt(1_000));
                span.setAttribute(subject, "user-" + batch + "-" + i);
                if (batch == 3) { // more keys than are kept, each made for this span
                    span.setAttribute(AttributeKey.stringKey("per.span." + i % (KeyValueCache.MAX_KEYS + 7)), "v0");
                }
                span.end(1_700_000_000_002_000_000L, TimeUnit.NANOSECONDS);
            }
            encoder.encode(ended);
            assertEquals(normalized(sdkBytes(ended)), normalized(new EncodedBatch(encoder).toByteArray()), "batch " + batch);
        }
    }

    /**
     * The gateway's own call spans, whose ids are numbers (not the SDK's hex strings), in new traces and in callers'
     * traces, with shared and own attributes: the same bytes as the SDK writes for them, each client span under its
     * call's span.
     */
    @Test
    void callSpansDecodeToWhatTheSdkWritesForThem() throws Exception {
        List<SpanData> ended = new ArrayList<>();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .setTracerProvider(SdkTracerProvider.builder().setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "modelgate"))).build())
                .build();
        Tracing tracing = Tracing.of(sdk, List.of(SpansEnded.into(ended)));
        Attributes deployment = Attributes.of(AttributeKey.stringKey("gen_ai.provider.name"), "openai", AttributeKey.longKey("server.port"), 443L);
        Random random = new Random(3);
        for (int i = 0; i < 20; i++) {
            MultiMap headers = MultiMap.caseInsensitiveMultiMap();
            if (i % 2 == 1) {
                headers.add("traceparent", "00-" + String.format("%016x%016x", random.nextLong(), random.nextLong() | 1) + "-"
                        + String.format("%016x", random.nextLong() | 1) + "-01");
            }
            CallTrace trace = tracing.call(headers, "POST /v1/chat/completions", System.nanoTime());
            CallTrace.Attempt attempt = trace.upstream("chat gpt-4o", System.nanoTime());
            attempt.span().describe(deployment);
            attempt.answered(i % 3 == 0 ? 502 : 200);
            trace.server().setAttribute(AttributeKey.stringKey("modelgate.role"), "internal_user");
            trace.end(System.nanoTime(), i % 3 == 0);
        }
        assertEquals(40, ended.size());
        OtlpSpanEncoder encoder = new OtlpSpanEncoder();
        encoder.encode(ended);
        byte[] ours = new EncodedBatch(encoder).toByteArray();
        assertEquals(normalized(sdkBytes(ended)), normalized(ours));
        List<io.opentelemetry.proto.trace.v1.Span> spans = ExportTraceServiceRequest.parseFrom(ours).getResourceSpans(0).getScopeSpans(0).getSpansList();
        for (int i = 0; i < spans.size(); i += 2) { // each call's client span, then its own
            assertEquals(spans.get(i + 1).getSpanId(), spans.get(i).getParentSpanId(), "span " + i);
            assertEquals(spans.get(i + 1).getTraceId(), spans.get(i).getTraceId());
            assertEquals(16, spans.get(i).getTraceId().size());
        }
    }

    static byte[] sdkBytes(Collection<SpanData> spans) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TraceRequestMarshaler.create(spans).writeBinaryTo(out);
        return out.toByteArray();
    }

    /**
     * A request as a sorted list of (resource, scope, span): the two encoders may order resources and scopes
     * differently (the SDK groups them in hash maps), which OTLP does not give a meaning to.
     */
    static List<String> normalized(byte[] request) throws InvalidProtocolBufferException {
        List<String> spans = new ArrayList<>();
        for (ResourceSpans resourceSpans : ExportTraceServiceRequest.parseFrom(request).getResourceSpansList()) {
            for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
                for (io.opentelemetry.proto.trace.v1.Span span : scopeSpans.getSpansList()) {
                    spans.add(resourceSpans.getResource() + resourceSpans.getSchemaUrl()
                            + "|" + scopeSpans.getScope() + scopeSpans.getSchemaUrl() + "|" + span);
                }
            }
        }
        spans.sort(Comparator.naturalOrder());
        return spans;
    }

    /** Spans of the SDK's own, from two resources and three scopes, with everything a span can carry. */
    private static List<SpanData> randomSpans(Random random, int count) {
        List<SpanData> ended = new ArrayList<>();
        SpanLimits limits = SpanLimits.builder().setMaxNumberOfAttributes(6).setMaxNumberOfEvents(2).setMaxNumberOfLinks(2)
                .setMaxNumberOfAttributesPerEvent(2).setMaxNumberOfAttributesPerLink(2).build();
        List<SdkTracerProvider> providers = List.of(
                SdkTracerProvider.builder().setSpanLimits(limits).addSpanProcessor(SpansEnded.into(ended))
                        .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "modelgate"), "https://opentelemetry.io/schemas/1.24.0")).build(),
                SdkTracerProvider.builder().setSpanLimits(limits).addSpanProcessor(SpansEnded.into(ended))
                        .setResource(Resource.create(randomAttributes(random, 4))).build());
        for (int i = 0; i < count; i++) {
            SdkTracerProvider provider = providers.get(random.nextInt(providers.size()));
            SpanBuilder builder = switch (random.nextInt(3)) {
                case 0 -> provider.get("io.modelgate").spanBuilder(text(random));
                case 1 -> provider.tracerBuilder("io.modelgate.upstream").setInstrumentationVersion("1.2.3").build().spanBuilder(text(random));
                default -> provider.tracerBuilder("scope ü").setSchemaUrl("https://example.test/schema").build().spanBuilder(text(random));
            };
            builder.setSpanKind(SpanKind.values()[random.nextInt(SpanKind.values().length)]);
            switch (random.nextInt(3)) {
                case 0 -> builder.setNoParent();
                case 1 -> builder.setParent(Context.root().with(Span.wrap(context(random, true))));
                default -> builder.setParent(Context.root().with(Span.wrap(context(random, false))));
            }
            for (int link = random.nextInt(4); link > 0; link--) {
                builder.addLink(context(random, random.nextBoolean()), randomAttributes(random, 3));
            }
            builder.setStartTimestamp(1_700_000_000_000_000_000L + random.nextInt(1_000_000), TimeUnit.NANOSECONDS);
            Span span = builder.startSpan();
            span.setAllAttributes(randomAttributes(random, 8));
            for (int event = random.nextInt(4); event > 0; event--) {
                span.addEvent(text(random), randomAttributes(random, 3), 1_700_000_000_000_000_000L + random.nextInt(1_000_000), TimeUnit.NANOSECONDS);
            }
            switch (random.nextInt(4)) {
                case 0 -> span.setStatus(StatusCode.ERROR, text(random));
                case 1 -> span.setStatus(StatusCode.OK);
                case 2 -> span.setStatus(StatusCode.ERROR);
                default -> { }
            }
            span.end(1_700_000_000_002_000_000L + random.nextInt(1_000_000), TimeUnit.NANOSECONDS);
        }
        return ended;
    }

    private static SpanContext context(Random random, boolean remote) {
        String trace = String.format("%016x%016x", random.nextLong() | 1, random.nextLong());
        String span = String.format("%016x", random.nextLong() | 1);
        TraceFlags flags = random.nextBoolean() ? TraceFlags.getSampled() : TraceFlags.getDefault();
        TraceState state = random.nextBoolean() ? TraceState.getDefault()
                : TraceState.builder().put("vendor", "v" + random.nextInt(100)).put("other", "x").build();
        return remote ? SpanContext.createFromRemoteParent(trace, span, flags, state) : SpanContext.create(trace, span, flags, state);
    }

    private static Attributes randomAttributes(Random random, int most) {
        AttributesBuilder attributes = Attributes.builder();
        for (int i = random.nextInt(most + 1); i > 0; i--) {
            String key = random.nextInt(5) == 0 ? "long.key." + "k".repeat(200) : "gen_ai.attribute." + random.nextInt(12);
            switch (random.nextInt(8)) {
                case 0 -> attributes.put(key, text(random));
                case 1 -> attributes.put(key, random.nextBoolean());
                case 2 -> attributes.put(key, random.nextInt(3) == 0 ? 0 : random.nextLong());
                case 3 -> attributes.put(key, random.nextInt(3) == 0 ? -0.0 : random.nextDouble() * 1e6 - 5e5);
                case 4 -> attributes.put(AttributeKey.stringArrayKey(key), List.of(text(random), text(random)));
                case 5 -> attributes.put(AttributeKey.booleanArrayKey(key), List.of(true, false, random.nextBoolean()));
                case 6 -> attributes.put(AttributeKey.longArrayKey(key), List.of(0L, -1L, random.nextLong()));
                default -> attributes.put(AttributeKey.doubleArrayKey(key), random.nextBoolean() ? List.of() : List.of(0.0, 1.5, random.nextDouble()));
            }
        }
        return attributes.build();
    }

    private static String text(Random random) {
        return TEXTS[random.nextInt(TEXTS.length)];
    }
}

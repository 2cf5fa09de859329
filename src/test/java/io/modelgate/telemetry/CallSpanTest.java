package io.modelgate.telemetry;

import io.modelgate.testing.SpansEnded;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A call's spans are the gateway's own, not the SDK's, yet reach the exporter as the SDK's would: in the caller's trace,
 * sampled by the configured sampler, with the SDK's resource and the gateway's scope, and only once ended.
 */
class CallSpanTest {

    private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
    private static final String CALLER_SPAN = "b7ad6b7169203331";
    private static final AttributeKey<String> MODEL = AttributeKey.stringKey("gen_ai.request.model");

    private final List<SpanData> exported = new CopyOnWriteArrayList<>();

    private Tracing tracing(Sampler sampler) {
        SpanProcessor processor = SpansEnded.into(exported);
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .setTracerProvider(SdkTracerProvider.builder().setSampler(sampler)
                        .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "modelgate-test"))).build())
                .build();
        return new Tracing(sdk, false, false, List.of(processor));
    }

    private static MultiMap caller(String flags) {
        return MultiMap.caseInsensitiveMultiMap().add("traceparent", "00-" + TRACE + "-" + CALLER_SPAN + "-" + flags);
    }

    @Test
    void aSampledCallIsExportedOnceEndedInTheCallersTraceWithTheSdksResourceAndLastValues() {
        CallTrace trace = tracing(Sampler.parentBased(Sampler.alwaysOff())).call(caller("01"), "POST /v1/chat/completions", System.nanoTime());
        CallTrace.Attempt attempt = trace.upstream("chat upstream-model", System.nanoTime());
        trace.server().setAttribute(MODEL, "first");
        trace.server().setAttribute(MODEL, "gpt-gw");
        trace.server().updateName("chat gpt-gw");
        attempt.answered(502);
        assertTrue(exported.isEmpty(), "nothing leaves before the call ends");

        trace.end(System.nanoTime(), true);
        trace.server().setAttribute(MODEL, "after the end");

        assertEquals(2, exported.size(), exported.toString());
        SpanData client = exported.get(0);
        SpanData server = exported.get(1);
        assertEquals("chat gpt-gw", server.getName());
        assertEquals(SpanKind.SERVER, server.getKind());
        assertEquals(TRACE, server.getTraceId(), "the caller's trace is continued");
        assertEquals(CALLER_SPAN, server.getParentSpanId());
        assertEquals("gpt-gw", server.getAttributes().get(MODEL), "a key set again keeps its last value; none after the end");
        assertEquals(1, server.getAttributes().size());
        assertEquals(StatusCode.ERROR, server.getStatus().getStatusCode());
        assertEquals("modelgate-test", server.getResource().getAttribute(AttributeKey.stringKey("service.name")));
        assertEquals(Tracing.SCOPE, server.getInstrumentationScopeInfo().getName());
        assertTrue(server.getEndEpochNanos() >= server.getStartEpochNanos());

        assertEquals(SpanKind.CLIENT, client.getKind());
        assertEquals(TRACE, client.getTraceId());
        assertEquals(server.getSpanId(), client.getParentSpanId(), "the upstream attempt is the call's child");
        assertNotEquals(server.getSpanId(), client.getSpanId());
        assertEquals(502L, client.getAttributes().get(SpanAttributes.HTTP_STATUS));
        assertEquals("502", client.getAttributes().get(SpanAttributes.ERROR_TYPE));
        assertEquals("00-" + TRACE + "-" + client.getSpanId() + "-01", attempt.headers().get("traceparent"),
                "the upstream continues the trace under the attempt's span");

        trace.server().end(System.nanoTime(), TimeUnit.NANOSECONDS);
        assertEquals(2, exported.size(), "a span ends once");
    }

    @Test
    void anUnsampledCallHandsItsContextOnAndExportsNothing() {
        CallTrace trace = tracing(Sampler.parentBased(Sampler.alwaysOn())).call(caller("00"), "chat", System.nanoTime());
        CallTrace.Attempt attempt = trace.upstream("chat upstream-model", System.nanoTime());
        trace.server().setAttribute(MODEL, "gpt-gw");

        assertFalse(trace.recording());
        assertTrue(attempt.headers().get("traceparent").startsWith("00-" + TRACE + "-"), attempt.headers().toString());
        assertTrue(attempt.headers().get("traceparent").endsWith("-00"), "unsampled upstream too");
        trace.end(System.nanoTime(), false);
        assertTrue(exported.isEmpty(), exported.toString());
    }

    @Test
    void aNewTraceIsSampledAsTheSamplerSays() {
        Tracing never = tracing(Sampler.parentBased(Sampler.traceIdRatioBased(0.0)));
        CallTrace dropped = never.call(MultiMap.caseInsensitiveMultiMap(), "chat", System.nanoTime());
        dropped.end(System.nanoTime(), false);
        assertTrue(exported.isEmpty());

        CallTrace kept = tracing(Sampler.parentBased(Sampler.alwaysOn())).call(MultiMap.caseInsensitiveMultiMap(), "chat", System.nanoTime());
        kept.end(System.nanoTime(), false);
        assertEquals(1, exported.size());
        assertFalse(exported.get(0).getParentSpanContext().isValid(), "a root span: no caller context");
        assertNotEquals(TRACE, exported.get(0).getTraceId());
    }
}

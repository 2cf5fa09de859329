package io.modelgate.telemetry.export;

import io.modelgate.testing.SpansEnded;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.modelgate.telemetry.export.OtlpSpanEncoderTest.normalized;
import static io.modelgate.telemetry.export.OtlpSpanEncoderTest.sdkBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Call spans written into batches as they end: a batch leaves when full or old, decodes to what the SDK's marshaler
 * writes for the same spans (also once its encoder is reused), and while too many batches are being sent spans are
 * dropped, not queued without end.
 */
class CallSpanBatchTest {

    private static final Duration NEVER = Duration.ofHours(1);

    /** A transport that keeps each request; a send is done when the test completes its result. */
    private static final class Collector implements OtlpSpanExporter.Transport {
        final List<byte[]> requests = new ArrayList<>();
        final List<Integer> counts = new ArrayList<>();
        final List<CompletableResultCode> results = new ArrayList<>();

        @Override
        public CompletableResultCode send(EncodedBatch request, int spanCount) {
            requests.add(request.toByteArray());
            counts.add(spanCount);
            CompletableResultCode result = new CompletableResultCode();
            results.add(result);
            return result;
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    @Test
    void aFullBatchLeavesAtOnceAndDecodesToWhatTheSdkWritesForItsSpans() throws Exception {
        List<SpanData> spans = spans(provider("modelgate"), 10);
        Collector collector = new Collector();
        CallSpanBatch batch = new CallSpanBatch(collector, 4, NEVER, 100);
        for (int i = 0; i < 8; i++) {
            batch.add(spans.get(i));
            assertEquals((i + 1) / 4, collector.requests.size(), "after span " + (i + 1));
        }
        collector.results.forEach(CompletableResultCode::succeed); // their encoders write the next batches
        batch.add(spans.get(8));
        batch.add(spans.get(9));
        assertEquals(2, collector.requests.size(), "two spans wait for more");
        batch.flush();
        assertEquals(List.of(4, 4, 2), collector.counts);
        assertEquals(normalized(sdkBytes(spans.subList(0, 4))), normalized(collector.requests.get(0)));
        assertEquals(normalized(sdkBytes(spans.subList(4, 8))), normalized(collector.requests.get(1)));
        assertEquals(normalized(sdkBytes(spans.subList(8, 10))), normalized(collector.requests.get(2)));
    }

    @Test
    void aBatchLeavesOnceItsFirstSpanIsScheduleDelayOld() throws Exception {
        Collector collector = new Collector();
        CallSpanBatch batch = new CallSpanBatch(collector, 100, Duration.ofMillis(50), 1000);
        batch.add(spans(provider("modelgate"), 1).get(0));
        batch.flushIfDue();
        assertEquals(0, collector.requests.size(), "not yet due");
        Thread.sleep(60);
        batch.flushIfDue();
        assertEquals(List.of(1), collector.counts);
        batch.flushIfDue();
        assertEquals(1, collector.requests.size(), "nothing more to send");
    }

    @Test
    void whileMaxQueueSizeSpansAreBeingSentMoreAreDropped() {
        List<SpanData> spans = spans(provider("modelgate"), 7);
        Collector collector = new Collector();
        CallSpanBatch batch = new CallSpanBatch(collector, 2, NEVER, 4); // two batches of two in flight at most
        for (int i = 0; i < 5; i++) {
            batch.add(spans.get(i));
        }
        assertEquals(List.of(2, 2), collector.counts);
        assertEquals(1, batch.dropped(), "the fifth span found both batches still being sent");
        collector.results.get(0).fail(); // answered, even if refused: its room is free again
        batch.add(spans.get(5));
        batch.add(spans.get(6));
        assertEquals(List.of(2, 2, 2), collector.counts);
        assertEquals(1, batch.dropped());
    }

    @Test
    void spansOfAnotherResourceLeaveInABatchOfTheirOwn() throws Exception {
        List<SpanData> first = spans(provider("modelgate"), 2);
        List<SpanData> second = spans(provider("modelgate-canary"), 1);
        Collector collector = new Collector();
        CallSpanBatch batch = new CallSpanBatch(collector, 100, NEVER, 1000);
        batch.add(first.get(0));
        batch.add(second.get(0));
        batch.add(first.get(1));
        batch.flush();
        assertEquals(List.of(1, 1, 1), collector.counts);
        for (byte[] request : collector.requests) {
            assertEquals(1, ExportTraceServiceRequest.parseFrom(request).getResourceSpansCount());
        }
        assertTrue(ExportTraceServiceRequest.parseFrom(collector.requests.get(1)).getResourceSpans(0).getResource().toString()
                .contains("modelgate-canary"));
        assertEquals(normalized(sdkBytes(List.of(first.get(1)))), normalized(collector.requests.get(2)));
    }

    private static SdkTracerProvider provider(String service) {
        return SdkTracerProvider.builder().setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), service)))
                .addSpanProcessor(SpansEnded.into(new ArrayList<>())).build();
    }

    /** {@code count} ended spans of {@code provider}'s gateway tracer, shaped as a call's. */
    private static List<SpanData> spans(SdkTracerProvider provider, int count) {
        List<SpanData> spans = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Span span = provider.get("io.modelgate").spanBuilder("chat gpt-4o").startSpan();
            span.setAttribute("gen_ai.operation.name", "chat");
            span.setAttribute("gen_ai.usage.input_tokens", 100L + i);
            span.setAttribute("modelgate.role", i % 2 == 0 ? "internal_user" : "admin");
            span.end();
            spans.add(((ReadableSpan) span).toSpanData());
        }
        return spans;
    }
}

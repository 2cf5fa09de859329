package io.modelgate.telemetry.export;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import java.util.Collection;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The gateway's OTLP span exporter: each batch the batch processor hands it is written by {@link OtlpSpanEncoder} on
 * the processor's own thread and sent by Quarkus's OTLP sender (HTTP or gRPC, with its TLS, headers, compression and
 * retries), whose work on an event loop is then a copy of the bytes.
 */
final class OtlpSpanExporter implements SpanExporter {

    /** What sends an encoded batch: Quarkus's HTTP or gRPC sender behind the SDK's exporter logic. */
    interface Transport {
        CompletableResultCode send(EncodedBatch request, int spanCount);

        CompletableResultCode shutdown();
    }

    private final Transport transport;
    private OtlpSpanEncoder encoder = new OtlpSpanEncoder();
    private CompletableResultCode sending = CompletableResultCode.ofSuccess();

    OtlpSpanExporter(Transport transport) {
        this.transport = transport;
    }

    /** Called by one thread at a time (the batch processor's); synchronized against a flush at shutdown all the same. */
    @Override
    public synchronized CompletableResultCode export(Collection<SpanData> spans) {
        if (spans.isEmpty()) {
            return CompletableResultCode.ofSuccess();
        }
        if (!sending.isDone()) {
            // the last batch outlived the processor's export timeout and may still be read by its sender
            encoder = new OtlpSpanEncoder();
        }
        encoder.encode(spans);
        sending = transport.send(new EncodedBatch(encoder), spans.size());
        return sending;
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess(); // nothing is held between batches
    }

    @Override
    public CompletableResultCode shutdown() {
        return transport.shutdown();
    }

    /** A transport from two functions (the SDK's {@code HttpExporter} and {@code GrpcExporter} have no common type). */
    static Transport transport(BiFunction<EncodedBatch, Integer, CompletableResultCode> send,
            Supplier<CompletableResultCode> shutdown) {
        return new Transport() {
            @Override
            public CompletableResultCode send(EncodedBatch request, int spanCount) {
                return send.apply(request, spanCount);
            }

            @Override
            public CompletableResultCode shutdown() {
                return shutdown.get();
            }
        };
    }
}

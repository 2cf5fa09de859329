package io.modelgate.telemetry.export;

import io.modelgate.telemetry.CallSpan;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The processor spans end into on their way out: a call span ({@link CallSpan}: a data-plane call, an upstream
 * attempt, a tool call) is written at once into the {@link CallSpanBatch}; the SDK's own spans (a key set or an upstream
 * token fetched, now and then) go through the SDK's batch processor. Both leave through one OTLP transport.
 */
final class ExportingSpanProcessor implements SpanProcessor {

    private final CallSpanBatch calls;
    private final SpanProcessor others;
    private final Runnable stopTimer;

    ExportingSpanProcessor(CallSpanBatch calls, SpanProcessor others, Runnable stopTimer) {
        this.calls = calls;
        this.others = others;
        this.stopTimer = stopTimer;
    }

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
        others.onStart(parentContext, span);
    }

    @Override
    public boolean isStartRequired() {
        return others.isStartRequired();
    }

    @Override
    public void onEnd(ReadableSpan span) {
        if (span instanceof CallSpan call) {
            if (call.getSpanContext().isSampled()) {
                calls.add(call);
            }
        } else {
            others.onEnd(span);
        }
    }

    @Override
    public boolean isEndRequired() {
        return true;
    }

    @Override
    public CompletableResultCode forceFlush() {
        return CompletableResultCode.ofAll(List.of(calls.flush(), others.forceFlush()));
    }

    /** The last call spans are sent before the transport closes (the SDK's processor closes it). */
    @Override
    public CompletableResultCode shutdown() {
        stopTimer.run();
        calls.flush().join(10, TimeUnit.SECONDS);
        return others.shutdown();
    }
}

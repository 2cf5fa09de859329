package io.modelgate.telemetry.export;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's call spans written as OTLP protobuf the moment they end, on the thread that ends them (the one that
 * drains call records), into the batch being built, instead of queued as objects for the SDK's batch processor to write
 * later. Queued, every span lived on through young collections, reachable from the queue in the old generation, and was
 * read again out of cache to be written (bench/CHANGES.md, session 28); written as it ends, its data is still in cache
 * and it dies young. The same batch settings as the SDK's processor ({@code quarkus.otel.bsp.*}): a batch leaves when
 * it holds {@code max.export.batch.size} spans or its first span is {@code schedule.delay} old ({@link #flushIfDue},
 * on a timer); while {@code max.queue.size} spans are being sent, more are dropped, counted and logged.
 */
final class CallSpanBatch {

    private static final Logger LOG = Logger.getLogger(CallSpanBatch.class);
    private static final long DROPPED_LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final OtlpSpanExporter.Transport transport;
    private final int maxSpans;
    private final long delayNanos;
    private final int mostInFlight;
    /** Encoders whose batch has been sent, to write the next ones: each keeps its array and what it learnt of attributes. */
    private final ArrayDeque<OtlpSpanEncoder> idle = new ArrayDeque<>();
    private OtlpSpanEncoder current;
    private Resource currentResource;
    private InstrumentationScopeInfo currentScope;
    private long currentSince;
    private int inFlight;
    private long dropped;
    private long droppedLoggedAt = System.nanoTime() - DROPPED_LOG_INTERVAL_NANOS;

    CallSpanBatch(OtlpSpanExporter.Transport transport, int maxSpans, Duration delay, int maxQueued) {
        this.transport = transport;
        this.maxSpans = Math.max(1, maxSpans);
        this.delayNanos = delay.toNanos();
        this.mostInFlight = Math.max(1, maxQueued / this.maxSpans);
    }

    /** Writes an ended span into the batch being built (begun if none is), which leaves once full. */
    synchronized void add(SpanData span) {
        Resource resource = span.getResource();
        InstrumentationScopeInfo scope = span.getInstrumentationScopeInfo();
        if (current != null && (resource != currentResource || scope != currentScope)) {
            flush(); // call spans share the SDK's resource and scope objects: another one begins another batch
        }
        if (current == null) {
            if (inFlight >= mostInFlight) {
                dropped(span);
                return;
            }
            current = idle.isEmpty() ? new OtlpSpanEncoder() : idle.pop();
            current.begin(resource, scope);
            currentResource = resource;
            currentScope = scope;
            currentSince = System.nanoTime();
        }
        current.add(span);
        if (current.spanCount() >= maxSpans) {
            flush();
        }
    }

    /** Sends the batch being built if its first span has waited {@code schedule.delay}. */
    synchronized void flushIfDue() {
        if (current != null && System.nanoTime() - currentSince >= delayNanos) {
            flush();
        }
    }

    /** Sends the batch being built, however small: done when the collector has answered. */
    synchronized CompletableResultCode flush() {
        OtlpSpanEncoder batch = current;
        if (batch == null) {
            return CompletableResultCode.ofSuccess();
        }
        current = null;
        batch.finish();
        inFlight++;
        CompletableResultCode sent = transport.send(new EncodedBatch(batch), batch.spanCount());
        sent.whenComplete(() -> sent(batch));
        return sent;
    }

    private synchronized void sent(OtlpSpanEncoder batch) {
        inFlight--;
        idle.push(batch);
    }

    private void dropped(SpanData span) {
        dropped++;
        long now = System.nanoTime();
        if (now - droppedLoggedAt >= DROPPED_LOG_INTERVAL_NANOS) {
            droppedLoggedAt = now;
            LOG.warnf("%d call spans dropped so far: %d batches (quarkus.otel.bsp.max.queue.size spans) are still being sent to the OTLP collector",
                    dropped, inFlight);
        }
    }

    /** How many spans were dropped because too many were being sent. */
    synchronized long dropped() {
        return dropped;
    }
}

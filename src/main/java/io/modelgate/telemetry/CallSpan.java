package io.modelgate.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.common.InstrumentationLibraryInfo;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A span of a data-plane call, kept by the gateway itself rather than by the SDK's general-purpose span: its context is
 * drawn and sampled when the call arrives (so {@code traceparent} can go upstream), its name and attributes are written
 * by one thread at a time as the call moves on, and once ended it is its own immutable {@link SpanData}, handed to the
 * SDK's span processors (the batch processor and the gateway's OTLP exporter, {@code export.OtlpExport}). The SDK's span guards every
 * attribute with a lock and a hash map and copies itself for export; a call's spans need none of that, and on a
 * model call that work was a fifth of what tracing cost (bench/CHANGES.md, session 22).
 * <p>
 * Recording means sampled (the SDK's record-only decision is not used): an unsampled call's span still carries its
 * context upstream and ignores everything else.
 */
public final class CallSpan implements Span, ReadableSpan, SpanData {

    private final Tracing tracing;
    private final SpanContext context;
    private final SpanContext parent;
    private final SpanKind kind;
    private final long startEpochNanos;
    private String name;
    private CallAttributes attributes;
    private StatusData status = StatusData.unset();
    private long endEpochNanos;

    CallSpan(Tracing tracing, SpanContext context, SpanContext parent, SpanKind kind, String name, long startEpochNanos) {
        this.tracing = tracing;
        this.context = context;
        this.parent = parent;
        this.kind = kind;
        this.name = name;
        this.startEpochNanos = startEpochNanos;
    }

    @Override
    public <T> Span setAttribute(AttributeKey<T> key, T value) {
        if (key != null && value != null && isRecording() && !hasEnded()) {
            if (attributes == null) {
                attributes = new CallAttributes();
            }
            attributes.put(key, value); // a key set again keeps its last value, as on the SDK's span
        }
        return this;
    }

    /**
     * Gives a span that has none yet the attributes {@code shared} holds (what every attempt on a deployment says of
     * it), kept by reference and never copied: immutable, made once, read by the exporter as they are. Attributes set
     * after come on top, a key set again replacing its shared value for this span alone.
     */
    public CallSpan describe(Attributes shared) {
        if (isRecording() && !hasEnded()) {
            if (attributes == null) {
                attributes = new CallAttributes(shared);
            } else {
                attributes.share(shared);
            }
        }
        return this;
    }

    @Override
    public Span addEvent(String name, Attributes attributes) {
        return this; // the gateway's call spans have no events
    }

    @Override
    public Span addEvent(String name, Attributes attributes, long timestamp, TimeUnit unit) {
        return this;
    }

    @Override
    public Span setStatus(StatusCode code, String description) {
        if (code != null && isRecording() && !hasEnded()) {
            status = StatusData.create(code, description);
        }
        return this;
    }

    @Override
    public Span recordException(Throwable exception, Attributes attributes) {
        return this; // a call's failure is its error.type and status; stack traces are not the gateway's to export
    }

    @Override
    public Span updateName(String name) {
        if (name != null && !hasEnded()) {
            this.name = name;
        }
        return this;
    }

    @Override
    public void end() {
        end(Tracing.epochNanos(System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    /** Ends the span at {@code timestamp}: from then on it is immutable, and the SDK's processors get it if sampled. */
    @Override
    public void end(long timestamp, TimeUnit unit) {
        if (hasEnded()) {
            return;
        }
        endEpochNanos = Math.max(unit.toNanos(timestamp), startEpochNanos);
        if (isRecording()) {
            tracing.ended(this);
        }
    }

    @Override
    public SpanContext getSpanContext() {
        return context;
    }

    @Override
    public boolean isRecording() {
        return context.isSampled();
    }

    @Override
    public SpanContext getParentSpanContext() {
        return parent;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public SpanData toSpanData() {
        return this;
    }

    @Override
    @Deprecated
    public InstrumentationLibraryInfo getInstrumentationLibraryInfo() {
        InstrumentationScopeInfo scope = getInstrumentationScopeInfo();
        return InstrumentationLibraryInfo.create(scope.getName(), scope.getVersion(), scope.getSchemaUrl());
    }

    @Override
    public InstrumentationScopeInfo getInstrumentationScopeInfo() {
        return tracing.scope();
    }

    @Override
    public boolean hasEnded() {
        return endEpochNanos != 0;
    }

    @Override
    public long getLatencyNanos() {
        return (hasEnded() ? endEpochNanos : Tracing.epochNanos(System.nanoTime())) - startEpochNanos;
    }

    @Override
    public SpanKind getKind() {
        return kind;
    }

    @Override
    public <T> T getAttribute(AttributeKey<T> key) {
        return getAttributes().get(key);
    }

    @Override
    public Attributes getAttributes() {
        return attributes == null ? Attributes.empty() : attributes;
    }

    @Override
    public StatusData getStatus() {
        return status;
    }

    @Override
    public long getStartEpochNanos() {
        return startEpochNanos;
    }

    @Override
    public List<EventData> getEvents() {
        return List.of();
    }

    @Override
    public List<LinkData> getLinks() {
        return List.of();
    }

    @Override
    public long getEndEpochNanos() {
        return endEpochNanos;
    }

    @Override
    public int getTotalRecordedEvents() {
        return 0;
    }

    @Override
    public int getTotalRecordedLinks() {
        return 0;
    }

    @Override
    public int getTotalAttributeCount() {
        return attributes == null ? 0 : attributes.totalCount(); // a key set again replaces its value: not a drop
    }

    @Override
    public Resource getResource() {
        return tracing.resource();
    }

    @Override
    public String toString() {
        return "CallSpan{" + name + ", " + context + "}";
    }
}

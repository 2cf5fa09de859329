package io.modelgate.telemetry;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A call span's context, its ids kept as numbers and spelled in hex only when asked (a {@code traceparent} going
 * upstream, a sampler reading the trace id). The SDK's context holds hex strings, checks them digit by digit when made,
 * and the exporter turns them back into bytes: for a call's two spans, work on the event loop and on the exporting
 * thread whose result nobody read. A call's spans share one trace id, and its hex once spelled.
 */
public final class CallSpanContext implements SpanContext {

    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);

    private final long traceIdHigh;
    private final long traceIdLow;
    private final long spanId;
    private final TraceFlags flags;
    private final TraceState state;
    /** Spelled on first request; a race spells the same string twice. */
    private String traceIdHex;
    private String spanIdHex;

    CallSpanContext(long traceIdHigh, long traceIdLow, String traceIdHex, long spanId, TraceFlags flags, TraceState state) {
        this.traceIdHigh = traceIdHigh;
        this.traceIdLow = traceIdLow;
        this.traceIdHex = traceIdHex;
        this.spanId = spanId;
        this.flags = flags;
        this.state = state;
    }

    /** The trace id's first eight bytes, as a big-endian number. */
    public long traceIdHigh() {
        return traceIdHigh;
    }

    /** The trace id's last eight bytes, as a big-endian number. */
    public long traceIdLow() {
        return traceIdLow;
    }

    /** The span id's eight bytes, as a big-endian number. */
    public long spanIdValue() {
        return spanId;
    }

    @Override
    public String getTraceId() {
        String hex = traceIdHex;
        if (hex == null) {
            traceIdHex = hex = hex(traceIdHigh, traceIdLow);
        }
        return hex;
    }

    @Override
    public String getSpanId() {
        String hex = spanIdHex;
        if (hex == null) {
            spanIdHex = hex = hex(spanId);
        }
        return hex;
    }

    /**
     * {@code ids} in lowercase hex, sixteen digits each. Not the API's {@code TraceId.fromLongs}: it spells into a
     * per-thread buffer that the W3C propagator is filling when it asks a context for its ids.
     */
    static String hex(long... ids) {
        byte[] digits = new byte[16 * ids.length];
        for (int i = 0; i < ids.length; i++) {
            for (int digit = 0; digit < 16; digit++) {
                digits[16 * i + digit] = HEX_DIGITS[(int) (ids[i] >>> (60 - 4 * digit)) & 0xF];
            }
        }
        return new String(digits, StandardCharsets.ISO_8859_1);
    }

    @Override
    public byte[] getTraceIdBytes() {
        return ByteBuffer.allocate(16).putLong(traceIdHigh).putLong(traceIdLow).array();
    }

    @Override
    public byte[] getSpanIdBytes() {
        return ByteBuffer.allocate(8).putLong(spanId).array();
    }

    @Override
    public TraceFlags getTraceFlags() {
        return flags;
    }

    @Override
    public TraceState getTraceState() {
        return state;
    }

    @Override
    public boolean isValid() {
        return true; // ids are drawn non-zero
    }

    @Override
    public boolean isRemote() {
        return false;
    }

    /** Equal to any span context with the same ids, flags, state and remoteness, as the SDK's contexts compare. */
    @Override
    public boolean equals(Object other) {
        return other instanceof SpanContext context && getTraceId().equals(context.getTraceId()) && getSpanId().equals(context.getSpanId())
                && flags.equals(context.getTraceFlags()) && state.equals(context.getTraceState()) && !context.isRemote();
    }

    @Override
    public int hashCode() {
        return Objects.hash(getTraceId(), getSpanId(), flags, state, false);
    }

    @Override
    public String toString() {
        return "CallSpanContext{traceId=" + getTraceId() + ", spanId=" + getSpanId() + ", flags=" + flags.asHex() + "}";
    }
}

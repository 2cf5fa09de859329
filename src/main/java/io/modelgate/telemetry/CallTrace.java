package io.modelgate.telemetry;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.vertx.core.MultiMap;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The spans of one traced data-plane call: its server span, and a client span for each upstream attempt (a failed-over
 * attempt keeps its own). Made and added to on the call's event loop; {@link #end} names and ends them from the call's
 * record on the thread that drains records, once the call is over and nothing adds to it any more.
 */
public final class CallTrace {

    private final Tracing tracing;
    private final CallSpan server;
    private final long startedNanos;
    private final List<Attempt> attempts = new ArrayList<>(1);

    CallTrace(Tracing tracing, CallSpan server, long startedNanos) {
        this.tracing = tracing;
        this.server = server;
        this.startedNanos = startedNanos;
    }

    /** One upstream attempt: a client span, carried upstream in the request's headers, and how the attempt ended. */
    public final class Attempt {
        private final CallSpan span;
        private Attributes description = Attributes.empty();
        private long endedNanos;
        private int status;
        private String error;

        private Attempt(CallSpan span) {
            this.span = span;
        }

        /** Writes {@code traceparent} (and the other propagators' headers) into the upstream request's {@code headers}. */
        public void writeHeaders(MultiMap headers) {
            tracing.inject(Context.root().with(span), headers);
        }

        /** The headers {@link #writeHeaders} writes, on their own. */
        public MultiMap headers() {
            return tracing.headers(Context.root().with(span));
        }

        /** The upstream answered with {@code status}; the attempt lasts until the call ends, unless it was given up. */
        public void answered(int status) {
            this.status = status;
        }

        /** The attempt failed ({@code errorType}: what went wrong, as {@code error.type} names it) at {@code nanos}. */
        public void failed(String errorType, long nanos) {
            this.error = errorType;
            this.endedNanos = nanos;
        }

        /** The attempt's answer was not the one relayed (failed over from), at {@code nanos}. */
        public void givenUp(long nanos) {
            this.endedNanos = nanos;
        }

        /**
         * Describes the attempt by {@code shared}: what every attempt on its deployment says (provider, model,
         * address), given to its span as they are, and read again when the call ends.
         */
        public void describe(Attributes shared) {
            description = shared;
            span.describe(shared);
        }

        /** What {@link #describe} was given; empty when nothing was. */
        public Attributes description() {
            return description;
        }

        /** The client span, to name and describe before {@link CallTrace#end}. */
        public CallSpan span() {
            return span;
        }

        public int status() {
            return status;
        }
    }

    /** An upstream attempt starting now, named {@code name} for now. */
    public Attempt upstream(String name, long startedNanos) {
        CallSpan span = tracing.start(Context.root().with(server), name, SpanKind.CLIENT, startedNanos);
        Attempt attempt = new Attempt(span);
        attempts.add(attempt);
        return attempt;
    }

    /** The headers that carry the call's own span to a server it calls on its behalf ({@code traceparent}, …). */
    public MultiMap headers() {
        return tracing.headers(Context.root().with(server));
    }

    /**
     * Whether the call's spans are recorded (sampled): an unsampled call still hands its context on, but nothing is
     * read or computed to describe spans nobody will see.
     */
    public boolean recording() {
        return server.isRecording();
    }

    /** The call's server span, to name and describe before {@link #end}. */
    public CallSpan server() {
        return server;
    }

    public List<Attempt> attempts() {
        return attempts;
    }

    public long startedNanos() {
        return startedNanos;
    }

    /**
     * Ends every span: an attempt still open when the call ended ends with it; {@code failed} marks the call's span as an
     * error (a 5xx or an upstream failure, as the server-span conventions say; a refused caller is not the gateway's error).
     */
    public void end(long endedNanos, boolean failed) {
        for (Attempt attempt : attempts) {
            if (attempt.error != null) {
                attempt.span.setAttribute(SpanAttributes.ERROR_TYPE, attempt.error);
                attempt.span.setStatus(StatusCode.ERROR);
            } else if (attempt.status >= 500) {
                attempt.span.setAttribute(SpanAttributes.ERROR_TYPE, Integer.toString(attempt.status));
                attempt.span.setStatus(StatusCode.ERROR);
            }
            if (attempt.status > 0) {
                attempt.span.setAttribute(SpanAttributes.HTTP_STATUS, attempt.status);
            }
            attempt.span.end(Tracing.epochNanos(attempt.endedNanos > 0 ? attempt.endedNanos : endedNanos), TimeUnit.NANOSECONDS);
        }
        if (failed) {
            server.setStatus(StatusCode.ERROR);
        }
        server.end(Tracing.epochNanos(endedNanos), TimeUnit.NANOSECONDS);
    }
}

package io.modelgate.telemetry.export;

import io.modelgate.telemetry.CallSpanContext;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;

import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * A span as OTLP's protobuf {@code Span} message ({@code opentelemetry/proto/trace/v1/trace.proto}), written straight
 * from its {@link SpanData} into the batch's {@link ProtoWriter}, attributes as {@code KeyValue}s: nothing is built per
 * span or per attribute (the SDK's marshaler builds an object for each).
 */
final class SpanMessage {

    // Span
    private static final int SPAN_TRACE_ID = 1, SPAN_SPAN_ID = 2, SPAN_TRACE_STATE = 3, SPAN_PARENT_SPAN_ID = 4, SPAN_NAME = 5,
            SPAN_KIND = 6, SPAN_START = 7, SPAN_END = 8, SPAN_ATTRIBUTES = 9, SPAN_DROPPED_ATTRIBUTES = 10, SPAN_EVENTS = 11,
            SPAN_DROPPED_EVENTS = 12, SPAN_LINKS = 13, SPAN_DROPPED_LINKS = 14, SPAN_STATUS = 15, SPAN_FLAGS = 16;
    // Span.Event, Span.Link, Status
    private static final int EVENT_TIME = 1, EVENT_NAME = 2, EVENT_ATTRIBUTES = 3, EVENT_DROPPED_ATTRIBUTES = 4;
    private static final int LINK_TRACE_ID = 1, LINK_SPAN_ID = 2, LINK_TRACE_STATE = 3, LINK_ATTRIBUTES = 4,
            LINK_DROPPED_ATTRIBUTES = 5, LINK_FLAGS = 6;
    private static final int STATUS_MESSAGE = 2, STATUS_CODE = 3;
    // KeyValue, AnyValue, ArrayValue
    private static final int KEY_VALUE_KEY = 1, KEY_VALUE_VALUE = 2;
    private static final int ANY_STRING = 1, ANY_BOOL = 2, ANY_INT = 3, ANY_DOUBLE = 4, ANY_ARRAY = 5;
    private static final int ARRAY_VALUES = 1;
    /** SpanFlags: the low byte is the W3C trace flags; these say whether the parent (or link) is known to be remote. */
    private static final int FLAGS_HAS_IS_REMOTE = 0x100, FLAGS_IS_REMOTE = 0x200;

    private final ProtoWriter out;
    /** Writes one attribute where {@link #attributesField} says: no lambda made per span. */
    private final AttributeWriter attributeWriter = new AttributeWriter();
    /** Attributes written before, as bytes: kept for the encoder's life (batch after batch). */
    private final KeyValueCache keyValues = new KeyValueCache();

    SpanMessage(ProtoWriter out) {
        this.out = out;
    }

    /** Writes {@code span}'s fields: the content of a {@code Span} message, without its tag and length. */
    void write(SpanData span) {
        SpanContext context = span.getSpanContext();
        if (context instanceof CallSpanContext call) { // ids kept as numbers: written as they are
            out.idField(SPAN_TRACE_ID, call.traceIdHigh(), call.traceIdLow());
            out.idField(SPAN_SPAN_ID, call.spanIdValue());
        } else {
            out.hexIdField(SPAN_TRACE_ID, context.getTraceId());
            out.hexIdField(SPAN_SPAN_ID, context.getSpanId());
        }
        traceStateField(SPAN_TRACE_STATE, context.getTraceState());
        SpanContext parent = span.getParentSpanContext();
        if (parent instanceof CallSpanContext call) {
            out.idField(SPAN_PARENT_SPAN_ID, call.spanIdValue());
        } else if (parent.isValid()) {
            out.hexIdField(SPAN_PARENT_SPAN_ID, parent.getSpanId());
        }
        out.stringField(SPAN_NAME, span.getName());
        out.varintField(SPAN_KIND, kind(span.getKind()));
        out.fixed64Field(SPAN_START, span.getStartEpochNanos());
        out.fixed64Field(SPAN_END, span.getEndEpochNanos());
        int attributes = attributesField(SPAN_ATTRIBUTES, span.getAttributes());
        out.varintField(SPAN_DROPPED_ATTRIBUTES, dropped(span.getTotalAttributeCount(), attributes));
        List<EventData> events = span.getEvents();
        for (EventData event : events) {
            writeEvent(event);
        }
        out.varintField(SPAN_DROPPED_EVENTS, dropped(span.getTotalRecordedEvents(), events.size()));
        List<LinkData> links = span.getLinks();
        for (LinkData link : links) {
            writeLink(link);
        }
        out.varintField(SPAN_DROPPED_LINKS, dropped(span.getTotalRecordedLinks(), links.size()));
        StatusData status = span.getStatus();
        int statusMessage = out.begin(SPAN_STATUS, 1);
        out.stringField(STATUS_MESSAGE, status.getDescription());
        out.varintField(STATUS_CODE, status.getStatusCode().ordinal()); // UNSET 0, OK 1, ERROR 2: OTLP's numbers too
        out.end(statusMessage);
        out.fixed32Field(SPAN_FLAGS, flags(context, parent.isRemote()));
    }

    private void writeEvent(EventData event) {
        int message = out.begin(SPAN_EVENTS, 1);
        out.fixed64Field(EVENT_TIME, event.getEpochNanos());
        out.stringField(EVENT_NAME, event.getName());
        int attributes = attributesField(EVENT_ATTRIBUTES, event.getAttributes());
        out.varintField(EVENT_DROPPED_ATTRIBUTES, dropped(event.getTotalAttributeCount(), attributes));
        out.end(message);
    }

    private void writeLink(LinkData link) {
        int message = out.begin(SPAN_LINKS, 1);
        SpanContext context = link.getSpanContext();
        out.hexIdField(LINK_TRACE_ID, context.getTraceId());
        out.hexIdField(LINK_SPAN_ID, context.getSpanId());
        traceStateField(LINK_TRACE_STATE, context.getTraceState());
        int attributes = attributesField(LINK_ATTRIBUTES, link.getAttributes());
        out.varintField(LINK_DROPPED_ATTRIBUTES, dropped(link.getTotalAttributeCount(), attributes));
        out.fixed32Field(LINK_FLAGS, flags(context, context.isRemote()));
        out.end(message);
    }

    /** A dropped count (a {@code uint32}): what was recorded less what is kept. */
    private static int dropped(int recorded, int kept) {
        return Math.max(0, recorded - kept);
    }

    private static int flags(SpanContext context, boolean remote) {
        return (context.getTraceFlags().asByte() & 0xFF) | FLAGS_HAS_IS_REMOTE | (remote ? FLAGS_IS_REMOTE : 0);
    }

    /** SpanKind's OTLP number: the API's kinds in the proto's order, after its UNSPECIFIED 0. */
    private static int kind(SpanKind kind) {
        return switch (kind) {
            case INTERNAL -> 1;
            case SERVER -> 2;
            case CLIENT -> 3;
            case PRODUCER -> 4;
            case CONSUMER -> 5;
        };
    }

    /** A trace state as W3C's {@code tracestate} header spells it: {@code key=value} pairs joined by commas. */
    private void traceStateField(int field, TraceState state) {
        if (state.isEmpty()) {
            return;
        }
        StringBuilder text = new StringBuilder();
        state.forEach((key, value) -> {
            if (!text.isEmpty()) {
                text.append(',');
            }
            text.append(key).append('=').append(value);
        });
        out.stringField(field, text.toString());
    }

    /** A key as {@code KeyValue}'s key field: tag, length and UTF-8 bytes. */
    private static byte[] keyField(String key) {
        ProtoWriter field = new ProtoWriter(3 * key.length() + 8);
        field.stringField(KEY_VALUE_KEY, key);
        return Arrays.copyOf(field.array(), field.position());
    }

    /** One {@code KeyValue} in {@code field} per attribute; answers how many were written. */
    int attributesField(int field, Attributes attributes) {
        attributeWriter.field = field;
        attributeWriter.written = 0;
        attributes.forEach(attributeWriter);
        return attributeWriter.written;
    }

    /**
     * One {@code KeyValue} per attribute, its value the {@code AnyValue} of the attribute's type; the key's bytes, and a
     * repeated value's whole {@code KeyValue}, copied from {@link KeyValueCache}.
     */
    private final class AttributeWriter implements BiConsumer<AttributeKey<?>, Object> {

        int field;
        int written;

        @Override
        public void accept(AttributeKey<?> key, Object value) {
            written++;
            KeyValueCache.Entry entry = keyValues.entry(key, SpanMessage::keyField);
            boolean cacheable = KeyValueCache.cacheable(value);
            if (cacheable) {
                byte[] known = entry.keyValue(value);
                if (known != null) {
                    out.bytesField(field, known);
                    return;
                }
            }
            int keyValue = out.begin(field, 1);
            int contentAt = out.position();
            out.write(entry.keyField, 0, entry.keyField.length);
            int anyValue = out.begin(KEY_VALUE_VALUE, 1);
            switch (key.getType()) {
                case STRING, BOOLEAN, LONG, DOUBLE -> writeValue(value);
                default -> { // the array types
                    int array = out.begin(ANY_ARRAY, 1);
                    for (Object element : (List<?>) value) {
                        int elementValue = out.begin(ARRAY_VALUES, 1);
                        writeValue(element);
                        out.end(elementValue);
                    }
                    out.end(array);
                }
            }
            out.end(anyValue);
            if (cacheable && entry.keepsValues()) {
                entry.keep(value, Arrays.copyOfRange(out.array(), contentAt, out.position()));
            }
            out.end(keyValue);
        }

        /**
         * An AnyValue's member, written whatever its value (which member is present says the value's type), but for an
         * empty string, which the SDK's encoder leaves out (an AnyValue with no member) and so does this one.
         */
        private void writeValue(Object value) {
            if (value instanceof String string) {
                out.stringField(ANY_STRING, string);
            } else if (value instanceof Boolean bool) {
                out.writeVarint(ANY_BOOL, bool ? 1 : 0);
            } else if (value instanceof Long number) {
                out.writeVarint(ANY_INT, number);
            } else if (value instanceof Double number) {
                out.writeDouble(ANY_DOUBLE, number);
            } else if (value != null) {
                out.stringField(ANY_STRING, value.toString());
            }
        }
    }
}

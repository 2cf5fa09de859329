package io.modelgate.telemetry.export;

import io.netty.buffer.ByteBuf;
import io.opentelemetry.exporter.internal.marshal.Marshaler;
import io.opentelemetry.exporter.internal.marshal.ProtoFieldInfo;
import io.opentelemetry.exporter.internal.marshal.Serializer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A batch {@link OtlpSpanEncoder} wrote, handed to Quarkus's OTLP senders (HTTP or gRPC) as the request they send: an
 * {@code ExportTraceServiceRequest} whose {@code resource_spans} are already bytes, so what the sender does on an event
 * loop is copy them. A message field and a {@code bytes} field look the same on the wire, which is how the already
 * written messages pass through the SDK's serializer unchanged.
 */
final class EncodedBatch extends Marshaler {

    private static final ProtoFieldInfo RESOURCE_SPANS = ProtoFieldInfo.create(OtlpSpanEncoder.REQUEST_RESOURCE_SPANS,
            OtlpSpanEncoder.REQUEST_RESOURCE_SPANS << 3 | ProtoWriter.LENGTH_DELIMITED, "resourceSpans");

    private final byte[] bytes;
    private final int[] segments; // start, length, start, length, …
    private final int size;

    /** The batch {@code encoder} last wrote; its array must not be written again while this is being sent. */
    EncodedBatch(OtlpSpanEncoder encoder) {
        this.bytes = encoder.bytes();
        int count = encoder.resourceSpansCount();
        this.segments = new int[2 * count];
        int total = 0;
        for (int index = 0; index < count; index++) {
            int length = encoder.resourceSpansLength(index);
            segments[2 * index] = encoder.resourceSpansStart(index);
            segments[2 * index + 1] = length;
            total += ProtoWriter.varintSize(RESOURCE_SPANS.getTag()) + ProtoWriter.varintSize(length) + length;
        }
        this.size = total;
    }

    @Override
    public int getBinarySerializedSize() {
        return size;
    }

    @Override
    protected void writeTo(Serializer output) throws IOException {
        for (int at = 0; at < segments.length; at += 2) {
            // slice(): the serializer writes a buffer's capacity, from its array offset
            output.writeByteBuffer(RESOURCE_SPANS, ByteBuffer.wrap(bytes, segments[at], segments[at + 1]).slice());
        }
    }

    /** Writes the whole request into {@code out}: each resource's tag and length, then the bytes written before. */
    void writeTo(ByteBuf out) {
        byte[] header = new byte[20];
        for (int at = 0; at < segments.length; at += 2) {
            int length = ProtoWriter.putVarint(header, ProtoWriter.putVarint(header, 0, RESOURCE_SPANS.getTag()), segments[at + 1]);
            out.writeBytes(header, 0, length);
            out.writeBytes(bytes, segments[at], segments[at + 1]);
        }
    }

    /** The whole request's bytes, as a collector receives them (for tests). */
    byte[] toByteArray() {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(size);
            writeBinaryTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "EncodedBatch{" + size + " bytes, " + segments.length / 2 + " resources " + Arrays.toString(segments) + "}";
    }
}

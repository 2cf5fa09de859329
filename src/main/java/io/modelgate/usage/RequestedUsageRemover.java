package io.modelgate.usage;

import io.modelgate.json.JsonObjectScan;
import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;

/**
 * Takes out of a chat completions stream the usage chunk the gateway asked for on the caller's behalf
 * ({@code stream_options.include_usage}, which the caller did not set): the event whose {@code usage} is an object and
 * whose {@code choices} is empty. Its usage goes to the {@link UsageReader}; every other byte reaches the caller as
 * the upstream sent it. Complete events pass at once; only an event cut across chunks waits for its end (a caller
 * cannot use half an event), so in the usual stream, one event per chunk, chunks pass through untouched.
 */
public final class RequestedUsageRemover {

    private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);

    private final UsageReader reader;
    /** The start of an event that has not ended yet. */
    private byte[] pending = new byte[0];
    private int pendingLength;

    public RequestedUsageRemover(UsageReader reader) {
        this.reader = reader;
    }

    /** What to relay of {@code chunk}: its complete events but the usage chunk; the rest waits for its end. */
    public Buffer chunk(Buffer chunk) {
        byte[] bytes;
        int from;
        int to;
        ByteBuf buf = chunk.getByteBuf();
        if (pendingLength == 0 && buf.hasArray()) {
            bytes = buf.array();
            from = buf.arrayOffset() + buf.readerIndex();
            to = buf.arrayOffset() + buf.writerIndex();
        } else {
            bytes = new byte[pendingLength + chunk.length()];
            System.arraycopy(pending, 0, bytes, 0, pendingLength);
            chunk.getBytes(0, chunk.length(), bytes, pendingLength);
            from = 0;
            to = bytes.length;
        }
        boolean untouched = pendingLength == 0;
        Buffer out = null; // built only when something is left out or held back
        int passedFrom = from;
        int eventStart = from;
        for (int i = from; i < to; i++) {
            int end = eventEnd(bytes, i, to);
            if (end < 0) {
                continue;
            }
            if (isRequestedUsage(bytes, eventStart, i)) {
                out = append(out, bytes, passedFrom, eventStart);
                passedFrom = end;
                untouched = false;
            }
            eventStart = end;
            i = end - 1;
        }
        pendingLength = to - eventStart;
        if (pendingLength > 0) {
            untouched = false;
            if (pending.length < pendingLength) {
                pending = new byte[Math.max(pendingLength, pending.length * 2)];
            }
            System.arraycopy(bytes, eventStart, pending, 0, pendingLength);
        }
        if (untouched) {
            return chunk;
        }
        return append(out, bytes, passedFrom, eventStart);
    }

    /** What is still held when the upstream's answer ends: an unterminated last event, relayed as it is. */
    public Buffer end() {
        Buffer rest = pendingLength == 0 ? null : Buffer.buffer().appendBytes(pending, 0, pendingLength);
        pendingLength = 0;
        return rest;
    }

    /** When a blank line starts at {@code i} (the end of an event), where it ends; else -1. */
    private static int eventEnd(byte[] bytes, int i, int to) {
        if (bytes[i] != '\n' && bytes[i] != '\r') {
            return -1;
        }
        int next = i + (bytes[i] == '\r' && i + 1 < to && bytes[i + 1] == '\n' ? 2 : 1);
        if (next < to && (bytes[next] == '\n' || bytes[next] == '\r')) {
            return next + (bytes[next] == '\r' && next + 1 < to && bytes[next + 1] == '\n' ? 2 : 1);
        }
        return -1;
    }

    /** Whether the event in {@code bytes[from, to)} is the usage chunk; if so its usage is read. */
    private boolean isRequestedUsage(byte[] bytes, int from, int to) {
        if (!UsageReader.mayCarryUsage(bytes, from, to)) { // most chunks: "usage":null
            return false;
        }
        int data = UsageReader.indexOf(bytes, from, to, DATA);
        if (data < 0) {
            return false;
        }
        int start = data + DATA.length;
        if (start < to && bytes[start] == ' ') {
            start++;
        }
        int end = start;
        while (end < to && bytes[end] != '\n' && bytes[end] != '\r') {
            end++;
        }
        boolean[] usageChunk = {false, false}; // a usage object, no choices
        try {
            JsonObjectScan.scan(bytes, start, end, (keyStart, keyEnd, escaped, valueStart, valueEnd) -> {
                if (JsonObjectScan.keyIs(bytes, keyStart, keyEnd, escaped, "usage")) {
                    usageChunk[0] = bytes[valueStart] == '{';
                } else if (JsonObjectScan.keyIs(bytes, keyStart, keyEnd, escaped, "choices")) {
                    usageChunk[1] = isEmptyArray(bytes, valueStart, valueEnd);
                }
                return true;
            });
        } catch (JsonObjectScan.Malformed | JsonObjectScan.NotAnObject e) {
            return false;
        }
        if (usageChunk[0]) { // every chunk carries "usage": null once usage is asked for; only an object is worth reading
            reader.dataLine(bytes, start, end);
        }
        return usageChunk[0] && usageChunk[1];
    }

    private static boolean isEmptyArray(byte[] bytes, int from, int to) {
        if (bytes[from] != '[') {
            return false;
        }
        for (int i = from + 1; i < to - 1; i++) {
            if (bytes[i] != ' ' && bytes[i] != '\t' && bytes[i] != '\n' && bytes[i] != '\r') {
                return false;
            }
        }
        return true;
    }

    private static Buffer append(Buffer out, byte[] bytes, int from, int to) {
        Buffer result = out == null ? Buffer.buffer(Math.max(16, to - from)) : out;
        return to > from ? result.appendBytes(bytes, from, to - from) : result;
    }
}

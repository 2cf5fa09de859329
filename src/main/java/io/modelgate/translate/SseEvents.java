package io.modelgate.translate;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads server-sent events out of a byte stream that arrives in arbitrary pieces: an event is handed on as soon as
 * its blank line arrives, with its {@code event:} name (null when it has none) and its {@code data:} lines joined.
 * Comments and other fields are skipped, as the SSE specification says.
 */
public final class SseEvents {

    /** Receives each complete event. */
    @FunctionalInterface
    public interface Handler {
        void event(String name, String data);
    }

    /** Receives each complete event's data as the bytes that arrived, {@code data[from, to)}, valid during the call. */
    @FunctionalInterface
    public interface BytesHandler {
        void event(String name, byte[] data, int from, int to);
    }

    private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "event:".getBytes(StandardCharsets.US_ASCII);

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private byte[] pending = new byte[0];
    private int length;

    /** Reads a piece of the stream, handing each event it completes to {@code handler}. */
    public void feed(byte[] bytes, Handler handler) {
        feed(bytes, (BytesHandler) (name, data, from, to) -> handler.event(name, new String(data, from, to - from, StandardCharsets.UTF_8)));
    }

    /** Reads a piece of the stream, handing each event it completes to {@code handler} as bytes. */
    public void feed(byte[] bytes, BytesHandler handler) {
        feed(bytes, 0, bytes.length, handler);
    }

    /** Reads the piece {@code bytes[from, from + size)} of the stream, handing each event it completes to {@code handler} as bytes. */
    public void feed(byte[] bytes, int from, int size, BytesHandler handler) {
        byte[] data;
        int start;
        int length;
        if (this.length == 0) { // the usual case: nothing left over, the piece is read where it lies
            data = bytes;
            start = from;
            length = from + size;
        } else {
            if (this.length + size > pending.length) {
                pending = Arrays.copyOf(pending, Math.max(pending.length * 2, this.length + size));
            }
            System.arraycopy(bytes, from, pending, this.length, size);
            data = pending;
            start = 0;
            length = this.length + size;
        }
        int first = start;
        for (int i = newline(data, start, length); i < length; i = newline(data, i + 1, length)) {
            if (i + 1 < length && data[i + 1] == '\n') {
                dispatch(data, start, i, handler);
                start = i + 2;
                i++;
            } else if (i > first && i + 2 < length && data[i - 1] == '\r' && data[i + 1] == '\r' && data[i + 2] == '\n') {
                dispatch(data, start, i - 1, handler);
                start = i + 3;
                i += 2;
            }
        }
        int rest = length - start;
        if (rest > pending.length) {
            pending = new byte[Math.max(rest, pending.length * 2)];
        }
        System.arraycopy(data, start, pending, 0, rest);
        this.length = rest;
    }

    /** Whether part of an event is still waiting for its blank line. */
    public boolean partial() {
        for (int i = 0; i < length; i++) {
            if (pending[i] != '\n' && pending[i] != '\r') {
                return true;
            }
        }
        return false;
    }

    /** Reads the lines of one event, {@code pending[from, to)}, byte by byte: only a {@code data:} value is decoded. */
    private static void dispatch(byte[] pending, int from, int to, BytesHandler handler) {
        String name = null;
        int dataFrom = -1;
        int dataTo = -1;
        java.io.ByteArrayOutputStream more = null; // a data value of several lines: rare
        int line = from;
        while (line < to) {
            int end = newline(pending, line, to);
            int stop = end > line && pending[end - 1] == '\r' ? end - 1 : end;
            if (startsWith(pending, line, stop, DATA)) {
                int valueFrom = valueStart(pending, line + DATA.length, stop);
                if (dataFrom < 0) {
                    dataFrom = valueFrom;
                    dataTo = stop;
                } else {
                    if (more == null) {
                        more = new java.io.ByteArrayOutputStream();
                        more.write(pending, dataFrom, dataTo - dataFrom);
                    }
                    more.write('\n');
                    more.write(pending, valueFrom, stop - valueFrom);
                }
            } else if (startsWith(pending, line, stop, EVENT)) {
                int valueFrom = valueStart(pending, line + EVENT.length, stop);
                name = new String(pending, valueFrom, stop - valueFrom, StandardCharsets.UTF_8);
            }
            line = end + 1;
        }
        if (more != null) {
            byte[] joined = more.toByteArray();
            handler.event(name, joined, 0, joined.length);
        } else if (dataFrom >= 0 || name != null) {
            handler.event(name, pending, Math.max(dataFrom, 0), Math.max(dataTo, 0));
        }
    }

    /**
     * Where the first line feed in {@code bytes[from, to)} is; {@code to} when there is none. Eight bytes at a time: a
     * stream's lines are hundreds of bytes long, and every byte of every translated stream passes through here twice.
     */
    static int newline(byte[] bytes, int from, int to) {
        int at = from;
        for (; at <= to - Long.BYTES; at += Long.BYTES) {
            long word = (long) LONGS.get(bytes, at) ^ NEWLINES; // a line feed is now a zero byte
            long zeros = (word - ONES) & ~word & HIGHS; // the lowest flag is always a true one
            if (zeros != 0) {
                return at + (Long.numberOfTrailingZeros(zeros) >>> 3);
            }
        }
        while (at < to && bytes[at] != '\n') {
            at++;
        }
        return at;
    }

    private static boolean startsWith(byte[] pending, int from, int to, byte[] field) {
        if (to - from < field.length) {
            return false;
        }
        for (int i = 0; i < field.length; i++) {
            if (pending[from + i] != field[i]) {
                return false;
            }
        }
        return true;
    }

    /** Where a field's value starts: after its colon, less the one space the specification allows there. */
    private static int valueStart(byte[] pending, int from, int to) {
        return from < to && pending[from] == ' ' ? from + 1 : from;
    }
}

package io.modelgate.translate;

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

    private byte[] pending = new byte[0];
    private int length;

    /** Reads a piece of the stream, handing each event it completes to {@code handler}. */
    public void feed(byte[] bytes, Handler handler) {
        if (length + bytes.length > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pending.length * 2, length + bytes.length));
        }
        System.arraycopy(bytes, 0, pending, length, bytes.length);
        length += bytes.length;
        int start = 0;
        for (int i = 0; i < length; i++) {
            if (pending[i] == '\n' && (i + 1 < length && pending[i + 1] == '\n')) {
                dispatch(start, i, handler);
                start = i + 2;
                i++;
            } else if (pending[i] == '\n' && i > 0 && i + 2 < length && pending[i - 1] == '\r' && pending[i + 1] == '\r' && pending[i + 2] == '\n') {
                dispatch(start, i - 1, handler);
                start = i + 3;
                i += 2;
            }
        }
        System.arraycopy(pending, start, pending, 0, length - start);
        length -= start;
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

    private void dispatch(int from, int to, Handler handler) {
        String name = null;
        StringBuilder data = null;
        for (String line : new String(pending, from, to - from, StandardCharsets.UTF_8).split("\r?\n")) {
            if (line.startsWith("data:")) {
                String value = line.substring(line.startsWith("data: ") ? 6 : 5);
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            } else if (line.startsWith("event:")) {
                name = line.substring(line.startsWith("event: ") ? 7 : 6);
            }
        }
        if (data != null || name != null) {
            handler.event(name, data == null ? "" : data.toString());
        }
    }
}

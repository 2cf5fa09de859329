package io.modelgate.responses;

import io.modelgate.json.JsonObjectScan;
import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Finds the id of a created response in the answer as it is relayed, without holding or re-serialising it: the
 * top-level {@code "id"} of a JSON answer, or {@code response.id} of a stream's first event
 * ({@code response.created}). Both come first in OpenAI's answers, so only their first bytes are copied (a JSON
 * answer's beginning, a stream's first {@code data:} line) and read with {@link JsonObjectScan}; the reader gives up
 * after {@link #SCAN_LIMIT} bytes. Pure: bytes in, the id (or nothing) out.
 */
public final class ResponseIdReader {

    /** How far into an answer the id is looked for. */
    static final int SCAN_LIMIT = 64 * 1024;
    /** A scan that failed this near the end of what has arrived may only have run out of bytes (a cut escape, say). */
    private static final int CUT_SHORT = 6;
    private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);

    private final boolean eventStream;
    /** What is read: a JSON answer's first bytes, or the first data line of a stream. */
    private byte[] held = new byte[1024];
    private int length;
    private boolean done;
    private String id;
    /** Event streams: where in a line the reader is, and how much of {@code data:} the line has matched. */
    private Line line = Line.START;
    private int matched;

    private enum Line { START, SKIP, DATA }

    public ResponseIdReader(boolean eventStream) {
        this.eventStream = eventStream;
    }

    /** The id, once found; null until then, or when the answer has none where it should. */
    public String id() {
        return id;
    }

    public void feed(Buffer chunk) {
        if (done) {
            return;
        }
        if (eventStream) {
            feedEvents(chunk);
        } else {
            hold(chunk, 0, chunk.length());
            readAnswer();
        }
    }

    /** Holds the first {@code data:} line; once it is complete, reads it. Other lines are skipped. */
    private void feedEvents(Buffer chunk) {
        for (int i = 0; i < chunk.length() && !done; i++) {
            byte b = chunk.getByte(i);
            switch (line) {
                case START -> {
                    if (b == DATA[matched]) {
                        if (++matched == DATA.length) {
                            line = Line.DATA;
                        }
                    } else if (b == '\n' || b == '\r') {
                        matched = 0;
                    } else {
                        line = Line.SKIP;
                    }
                }
                case SKIP -> {
                    if (b == '\n') {
                        line = Line.START;
                        matched = 0;
                    }
                }
                case DATA -> {
                    int end = i;
                    while (end < chunk.length() && chunk.getByte(end) != '\n' && chunk.getByte(end) != '\r') {
                        end++;
                    }
                    hold(chunk, i, end);
                    readFirstEvent(end < chunk.length());
                    i = end;
                }
            }
        }
    }

    private void hold(Buffer chunk, int from, int to) {
        int take = Math.min(to - from, SCAN_LIMIT - length);
        if (length + take > held.length) {
            held = Arrays.copyOf(held, Math.max(length + take, Math.min(SCAN_LIMIT, held.length * 2)));
        }
        chunk.getBytes(from, from + take, held, length);
        length += take;
        if (length == SCAN_LIMIT) {
            done = true; // further than any id is
        }
    }

    /** A plain answer: the top-level {@code id}, once enough of the answer has arrived to hold it. */
    private void readAnswer() {
        readId(0);
    }

    /** A stream's first event: {@code response.id}, which comes first in the response, so before the line is whole. */
    private void readFirstEvent(boolean lineComplete) {
        try {
            int response = JsonObjectScan.valueStart(held, 0, length, "response");
            if (response < 0 || response < length && held[response] != '{') {
                done = true;
            } else if (response < length) {
                readId(response);
            }
        } catch (JsonObjectScan.Malformed e) {
            stopUnlessCut(e);
        } catch (JsonObjectScan.NotAnObject e) {
            done = !blank();
        }
        done |= lineComplete; // whatever the first event held, nothing further is read
    }

    /** The {@code id} member of the object at {@code from}. */
    private void readId(int from) {
        try {
            JsonObjectScan.scan(held, from, length, (keyStart, keyEnd, escaped, valueStart, valueEnd) -> {
                if (JsonObjectScan.keyIs(held, keyStart, keyEnd, escaped, "id")) {
                    found(valueStart, valueEnd);
                    return false;
                }
                return true;
            });
            done = true; // the object was read whole (or up to its id)
        } catch (JsonObjectScan.Malformed e) {
            stopUnlessCut(e);
        } catch (JsonObjectScan.NotAnObject e) {
            done = !blank();
        }
    }

    /** Whether only white space has arrived: the object has yet to begin. */
    private boolean blank() {
        for (int i = 0; i < length; i++) {
            if (held[i] != ' ' && held[i] != '\t' && held[i] != '\n' && held[i] != '\r') {
                return false;
            }
        }
        return true;
    }

    /** A scan that failed well before the end of what has arrived met malformed JSON; nearer, perhaps only the end. */
    private void stopUnlessCut(JsonObjectScan.Malformed e) {
        done |= e.offset() < length - CUT_SHORT;
    }

    private void found(int valueStart, int valueEnd) {
        if (held[valueStart] == '"') {
            id = JsonObjectScan.text(held, valueStart, valueEnd);
        }
        done = true;
    }
}

package io.modelgate.responses;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Finds the id of a created response in the answer as it is relayed, without holding or re-serialising it: the
 * top-level {@code "id"} of a JSON answer, or {@code response.id} of a stream's first event
 * ({@code response.created}). Both come first in OpenAI's answers, so only the first chunk or two are parsed; the
 * reader gives up after {@link #SCAN_LIMIT} bytes. Pure: bytes in, the id (or nothing) out.
 */
public final class ResponseIdReader {

    /** How far into an answer the id is looked for. */
    static final int SCAN_LIMIT = 64 * 1024;
    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);

    private final boolean eventStream;
    private JsonParser parser;
    private int scanned;
    private boolean done;
    private String id;
    /** Where the JSON parser is: depth, and whether the field it reads the value of is the one wanted. */
    private int depth;
    private boolean inResponse;
    private boolean idNext;
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
        int length = Math.min(chunk.length(), SCAN_LIMIT - scanned);
        byte[] bytes = chunk.getBytes(0, length);
        scanned += length;
        if (eventStream) {
            feedEvents(bytes);
        } else {
            parse(bytes, 0, length);
        }
        if (scanned >= SCAN_LIMIT) {
            done = true;
        }
    }

    /** Passes the value of the stream's first {@code data:} line to the JSON parser; other lines are skipped. */
    private void feedEvents(byte[] bytes) {
        for (int i = 0; i < bytes.length && !done; i++) {
            byte b = bytes[i];
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
                    while (end < bytes.length && bytes[end] != '\n' && bytes[end] != '\r') {
                        end++;
                    }
                    parse(bytes, i, end);
                    // the first data line is over: whatever it held, nothing further is read
                    done |= end < bytes.length;
                    i = end;
                }
            }
        }
    }

    private void parse(byte[] bytes, int from, int to) {
        try {
            if (parser == null) {
                parser = JSON.createNonBlockingByteArrayParser();
            }
            ((ByteArrayFeeder) parser.getNonBlockingInputFeeder()).feedInput(bytes, from, to);
            JsonToken token;
            while (!done && (token = parser.nextToken()) != null && token != JsonToken.NOT_AVAILABLE) {
                read(token);
            }
        } catch (IOException | RuntimeException e) {
            done = true; // not JSON after all: there is no id to learn
        }
    }

    private void read(JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT, START_ARRAY -> {
                depth++;
                if (eventStream && depth == 2 && !inResponse && token == JsonToken.START_OBJECT && idNext) {
                    inResponse = true;
                }
                idNext = false;
            }
            case END_OBJECT, END_ARRAY -> {
                depth--;
                if (depth == 0 || eventStream && depth == 1 && inResponse) {
                    done = true;
                }
            }
            case FIELD_NAME -> {
                String name = parser.currentName();
                int wantedDepth = eventStream ? 2 : 1;
                idNext = depth == wantedDepth && "id".equals(name) && (!eventStream || inResponse)
                        || eventStream && depth == 1 && "response".equals(name);
            }
            default -> {
                if (idNext && token == JsonToken.VALUE_STRING && depth == (eventStream ? 2 : 1)) {
                    id = parser.getText();
                    done = true;
                }
                idNext = false;
            }
        }
    }
}

package io.modelgate.usage;

import io.modelgate.json.JsonObjectScan;
import io.modelgate.policy.ApiFamily;
import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Learns the usage an upstream reports in an answer as the answer is relayed, without holding or re-serialising it:
 * only what can carry usage is parsed.
 *
 * <ul>
 * <li>An event stream is read line by line; a {@code data:} line is parsed only if it contains {@code "usage"}, and
 * then only for its top-level {@code usage} or the one of its {@code response} (Responses' {@code response.completed})
 * or {@code message} (Anthropic's {@code message_start}). A line is held only while it spans chunks, up to
 * {@link #MAX_LINE} bytes.</li>
 * <li>A JSON answer: its top-level {@code usage} when the answer is at most {@link #WHOLE} bytes (all of it is held,
 * and read exactly); a longer one (a large embeddings list) keeps only its last {@link #TAIL} bytes, where every
 * family puts {@code usage}, and takes the last usage object found there.</li>
 * </ul>
 * Pure: bytes in, {@link TokenUsage} out, the same however the answer was cut into chunks.
 */
public final class UsageReader {

    static final int MAX_LINE = 8 * 1024 * 1024;
    static final int WHOLE = 256 * 1024;
    static final int TAIL = 16 * 1024;
    private static final byte[] USAGE = "\"usage\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NOTHING_HELD = new byte[0];

    private final ApiFamily family;
    private final boolean events;
    private final ReportedUsage reported = new ReportedUsage();
    /** Why the answer ended, read when asked for (a traced call); null when not. */
    private final FinishReasons finishReasons;
    /** Events: the start of a line that has not ended yet; a JSON answer: its first bytes, then its last. */
    private byte[] held = NOTHING_HELD; // made when first needed: most streams' lines end within the piece they came in
    private int length;
    /** Events: the line being held is too long to be read, and is skipped to its end. */
    private boolean skipping;
    /** JSON answers: bytes seen in all; past {@link #WHOLE}, {@code held} is a ring of the last {@link #TAIL}. */
    private long seen;
    private boolean answerRead;

    public UsageReader(ApiFamily family, boolean events) {
        this(family, events, false);
    }

    /** {@code readFinishReasons}: also learn why the answer ended ({@link #finishReasons}), which costs a look at every event. */
    public UsageReader(ApiFamily family, boolean events, boolean readFinishReasons) {
        this.family = family;
        this.events = events;
        this.finishReasons = readFinishReasons ? new FinishReasons() : null;
    }

    /** Why the answer ended, as the upstream said it, so far; empty when it did not say or this reader was not asked. */
    public java.util.List<String> finishReasons() {
        if (finishReasons == null) {
            return java.util.List.of();
        }
        if (!events) {
            readAnswer();
        }
        return finishReasons.reasons();
    }

    public void feed(Buffer chunk) {
        ByteBuf buf = chunk.getByteBuf();
        if (buf.hasArray()) {
            feed(buf.array(), buf.arrayOffset() + buf.readerIndex(), buf.arrayOffset() + buf.writerIndex());
        } else {
            byte[] bytes = chunk.getBytes();
            feed(bytes, 0, bytes.length);
        }
    }

    public void feed(byte[] bytes, int from, int to) {
        if (events) {
            feedLines(bytes, from, to);
        } else {
            feedAnswer(bytes, from, to);
        }
    }

    /** The usage reported so far; null when none was (a call with unknown tokens). */
    public TokenUsage usage() {
        if (!events) {
            readAnswer();
        }
        return reported.usage(family);
    }

    private void feedLines(byte[] bytes, int from, int to) {
        int start = from;
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\n' || bytes[i] == '\r') {
                if (length == 0 && !skipping) {
                    line(bytes, start, i);
                } else {
                    hold(bytes, start, i);
                    if (!skipping) {
                        line(held, 0, length);
                    }
                    length = 0;
                    skipping = false;
                }
                start = i + 1;
            }
        }
        if (start < to) {
            hold(bytes, start, to);
        }
    }

    private void hold(byte[] bytes, int from, int to) {
        if (skipping) {
            return;
        }
        int take = to - from;
        if (length + take > MAX_LINE) {
            skipping = true;
            length = 0;
            return;
        }
        ensure(length + take);
        System.arraycopy(bytes, from, held, length, take);
        length += take;
    }

    private void ensure(int capacity) {
        if (capacity > held.length) {
            held = Arrays.copyOf(held, Math.max(capacity, Math.max(256, held.length * 2)));
        }
    }

    /** One whole line of the stream. */
    private void line(byte[] bytes, int from, int to) {
        if (to - from < DATA.length || !startsWith(bytes, from, DATA)) {
            return;
        }
        int data = from + DATA.length;
        if (data < to && bytes[data] == ' ') {
            data++;
        }
        dataLine(bytes, data, to);
    }

    /**
     * The payload of one {@code data:} line, or one event's data when a reader of the stream's events hands them on
     * (then the stream's lines are not split a second time here): read when it may carry usage.
     */
    public void dataLine(byte[] bytes, int from, int to) {
        if (finishReasons != null) {
            finishReasons.read(bytes, from, to);
        }
        if (mayCarryUsage(bytes, from, to)) {
            readUsageOf(bytes, from, to, true);
        }
    }

    /**
     * The counts of a chat completions usage object of the stream, read by a reader of its events that parses them
     * anyway (a translator), each -1 when the object does not give it: taken as if this reader had read the object in
     * the event, which is then not handed to it.
     */
    public void chatCounts(long prompt, long cached, long completion, long reasoning) {
        reported.counts(prompt, cached, completion, reasoning);
    }

    /** Why the answer ended, found so by a reader of the stream's events; kept when finish reasons are read. */
    public void finishReason(String reason) {
        if (finishReasons != null) {
            finishReasons.add(reason);
        }
    }

    /**
     * Whether {@code bytes[from, to)} names {@code "usage"} other than as {@code "usage": null}: a chat stream asked for
     * usage carries {@code "usage":null} in every chunk but the last, and those need no reading.
     */
    static boolean mayCarryUsage(byte[] bytes, int from, int to) {
        for (int at = indexOf(bytes, from, to, USAGE); at >= 0; at = indexOf(bytes, at + USAGE.length, to, USAGE)) {
            int i = skipSpace(bytes, at + USAGE.length, to);
            if (i >= to || bytes[i] != ':') {
                return true; // a string "usage", not a key: the whole line decides
            }
            i = skipSpace(bytes, i + 1, to);
            if (!(to - i >= 4 && bytes[i] == 'n' && bytes[i + 1] == 'u' && bytes[i + 2] == 'l' && bytes[i + 3] == 'l')) {
                return true;
            }
        }
        return false;
    }

    static int skipSpace(byte[] bytes, int i, int to) {
        while (i < to && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\n' || bytes[i] == '\r')) {
            i++;
        }
        return i;
    }

    /** Reads the {@code usage} of the object in {@code bytes[from, to)}, or (once deeper) of its response or message. */
    private void readUsageOf(byte[] bytes, int from, int to, boolean descend) {
        try {
            JsonObjectScan.scan(bytes, from, to, (keyStart, keyEnd, escaped, valueStart, valueEnd) -> {
                if (bytes[valueStart] != '{') {
                    return true;
                }
                if (JsonObjectScan.keyIs(bytes, keyStart, keyEnd, escaped, "usage")) {
                    reported.read(bytes, valueStart, valueEnd);
                } else if (descend && (JsonObjectScan.keyIs(bytes, keyStart, keyEnd, escaped, "response")
                        || JsonObjectScan.keyIs(bytes, keyStart, keyEnd, escaped, "message"))) {
                    readUsageOf(bytes, valueStart, valueEnd, false);
                }
                return true;
            });
        } catch (JsonObjectScan.Malformed | JsonObjectScan.NotAnObject e) {
            // not JSON ([DONE], a comment, a cut line): carries no usage
        }
    }

    private void feedAnswer(byte[] bytes, int from, int to) {
        int take = to - from;
        if (seen + take <= WHOLE) {
            ensure(length + take);
            System.arraycopy(bytes, from, held, length, take);
            length += take;
        } else {
            if (seen <= WHOLE) { // from here on only the last TAIL bytes are kept, in a ring
                byte[] ring = new byte[TAIL];
                int keep = Math.min(length, TAIL);
                for (int j = 0; j < keep; j++) { // the byte at position p of the answer sits at p % TAIL
                    ring[(int) ((seen - keep + j) % TAIL)] = held[length - keep + j];
                }
                held = ring;
                length = keep;
            }
            for (int i = Math.max(from, to - TAIL); i < to; i++) {
                held[(int) ((seen + i - from) % TAIL)] = bytes[i];
            }
            length = (int) Math.min(TAIL, length + take);
        }
        seen += take;
    }

    private void readAnswer() {
        if (answerRead) {
            return;
        }
        answerRead = true;
        if (seen <= WHOLE) {
            readUsageOf(held, 0, length, false);
            if (finishReasons != null) {
                finishReasons.read(held, 0, length);
            }
            return;
        }
        byte[] tail = new byte[length];
        int start = (int) (seen % TAIL);
        for (int i = 0; i < length; i++) {
            tail[i] = held[(start + i) % TAIL];
        }
        readLastUsage(tail);
        if (finishReasons != null) {
            finishReasons.read(tail, 0, tail.length);
        }
    }

    /** The last {@code "usage": {…}} member in a JSON text's tail, whatever its depth. */
    private void readLastUsage(byte[] tail) {
        for (int at = lastIndexOf(tail, tail.length, USAGE); at >= 0; at = lastIndexOf(tail, at, USAGE)) {
            int i = skipSpace(tail, at + USAGE.length);
            if (i < tail.length && tail[i] == ':') {
                i = skipSpace(tail, i + 1);
                int end = i < tail.length && tail[i] == '{' ? objectEnd(tail, i) : -1;
                if (end > 0) {
                    reported.read(tail, i, end);
                    return;
                }
            }
        }
    }

    private static int skipSpace(byte[] bytes, int i) {
        while (i < bytes.length && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\n' || bytes[i] == '\r')) {
            i++;
        }
        return i;
    }

    /** Where the object that opens at {@code from} closes (exclusive); -1 when it does not close in {@code bytes}. */
    static int objectEnd(byte[] bytes, int from) {
        int depth = 0;
        boolean inString = false;
        for (int i = from; i < bytes.length; i++) {
            byte b = bytes[i];
            if (inString) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '{' || b == '[') {
                depth++;
            } else if ((b == '}' || b == ']') && --depth == 0) {
                return i + 1;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] bytes, int from, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[from + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Where {@code what} first occurs in {@code bytes[from, to)}, or -1. Keyed on its last byte, which for
     * {@code "usage"} is a quote: the scan tests one byte per position and compares the rest only at a quote.
     */
    static int indexOf(byte[] bytes, int from, int to, byte[] what) {
        int last = what.length - 1;
        byte end = what[last];
        for (int i = from + last; i < to; i++) {
            if (bytes[i] == end && bytes[i - last] == what[0] && startsWith(bytes, i - last, what)) {
                return i - last;
            }
        }
        return -1;
    }

    private static int lastIndexOf(byte[] bytes, int before, byte[] what) {
        for (int i = Math.min(before - 1, bytes.length - what.length); i >= 0; i--) {
            if (bytes[i] == what[0] && startsWith(bytes, i, what)) {
                return i;
            }
        }
        return -1;
    }
}

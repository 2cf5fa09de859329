package io.modelgate.inspect;

import io.modelgate.json.JsonObjectScan;
import io.modelgate.error.GatewayException;
import io.modelgate.error.ErrorKind;
import com.fasterxml.jackson.core.io.JsonStringEncoder;

import io.vertx.core.buffer.Buffer;


/**
 * A JSON request body read once ({@link JsonObjectScan}) for the top-level fields the gateway needs ({@code model},
 * {@code stream}, and for the Responses API {@code previous_response_id} and {@code store}), remembering where the
 * model's value sits so it can be replaced by splicing bytes: the rest of the body is forwarded exactly as the caller
 * sent it, never re-serialised.
 *
 * <p>The whole document is validated so that malformed JSON is refused here, and a second {@code model} key is
 * refused too: otherwise the gateway could authorise one model while the upstream honours another.
 */
public final class InspectedBody implements ModelRequest {

    /** The body: {@code bytes[from..to)}, the caller's own bytes as received, never copied by the gateway. */
    private final byte[] bytes;
    private final int from;
    private final int to;
    private final String model;
    private final boolean stream;
    private final int modelStart;
    private final int modelEnd;
    private final String previousResponseId;
    private final boolean store;
    /** Where {@code stream_options}' value is (-1: not given), and whether it asks for the usage chunk. */
    private final int streamOptionsStart;
    private final int streamOptionsEnd;
    private final boolean includesUsage;
    /** {@code stream_options.include_usage} is to be set on the forwarded body. */
    private final boolean askUsage;

    private InspectedBody(byte[] bytes, int from, int to, String model, boolean stream, int modelStart, int modelEnd,
            String previousResponseId, boolean store, int streamOptionsStart, int streamOptionsEnd, boolean includesUsage, boolean askUsage) {
        this.bytes = bytes;
        this.from = from;
        this.to = to;
        this.model = model;
        this.stream = stream;
        this.modelStart = modelStart;
        this.modelEnd = modelEnd;
        this.previousResponseId = previousResponseId;
        this.store = store;
        this.streamOptionsStart = streamOptionsStart;
        this.streamOptionsEnd = streamOptionsEnd;
        this.includesUsage = includesUsage;
        this.askUsage = askUsage;
    }

    /** Reads a body; throws {@link GatewayException} (400) saying what is wrong with it. */
    public static InspectedBody inspect(byte[] bytes) {
        return inspect(bytes, 0, bytes.length);
    }

    /**
     * Reads the body {@code bytes[from..to)} where it lies (the array of the buffer it arrived in): it is kept, not
     * copied, and forwarded as slices of it around what changes.
     */
    public static InspectedBody inspect(byte[] bytes, int from, int to) {
        if (to == from) {
            throw new GatewayException(ErrorKind.INVALID_REQUEST, "The request body is empty; send a JSON object with a \"model\" field.");
        }
        Fields fields = new Fields(bytes, from);
        try {
            JsonObjectScan.scan(bytes, from, to, fields);
        } catch (JsonObjectScan.NotAnObject e) {
            throw new GatewayException(ErrorKind.INVALID_REQUEST, "The request body must be a JSON object.");
        } catch (JsonObjectScan.Malformed e) {
            throw new GatewayException(ErrorKind.INVALID_JSON, "The request body is not valid JSON (" + e.getMessage() + " at "
                    + position(bytes, from, e.offset()) + ").");
        }
        if (fields.model == null || fields.model.isBlank()) {
            throw new GatewayException(ErrorKind.INVALID_REQUEST, "The request names no model: set \"model\" to one of the models GET /v1/models lists.", "model");
        }
        return new InspectedBody(bytes, from, to, fields.model, Boolean.TRUE.equals(fields.stream), fields.modelStart, fields.modelEnd,
                fields.previousResponseId == null || fields.previousResponseId.isEmpty() ? null : fields.previousResponseId,
                !Boolean.FALSE.equals(fields.store), fields.streamOptionsStart, fields.streamOptionsEnd,
                fields.streamOptionsStart >= 0 && StreamOptions.includeUsage(bytes, fields.streamOptionsStart, fields.streamOptionsEnd), false);
    }

    /** The top-level fields the gateway reads, as the scan reports members; each may be given once. */
    private static final class Fields implements JsonObjectScan.Members {
        private final byte[] bytes;
        private final int from;
        private String model;
        private int modelStart = -1;
        private int modelEnd = -1;
        private Boolean stream;
        private Boolean store;
        private String previousResponseId;
        private int streamOptionsStart = -1;
        private int streamOptionsEnd = -1;

        Fields(byte[] bytes, int from) {
            this.bytes = bytes;
            this.from = from;
        }

        @Override
        public boolean member(int keyStart, int keyEnd, boolean keyEscaped, int valueStart, int valueEnd) {
            byte first = bytes[valueStart];
            if (JsonObjectScan.keyIs(bytes, keyStart, keyEnd, keyEscaped, "model")) {
                if (model != null) {
                    throw new GatewayException(ErrorKind.INVALID_REQUEST, "The field \"model\" appears more than once.", "model");
                }
                if (first != '"') {
                    throw new GatewayException(ErrorKind.INVALID_REQUEST, "The field \"model\" must be a string.", "model");
                }
                model = text(valueStart, valueEnd);
                modelStart = valueStart;
                modelEnd = valueEnd;
            } else if (JsonObjectScan.keyIs(bytes, keyStart, keyEnd, keyEscaped, "stream")) {
                stream = flag("stream", first, stream);
            } else if (JsonObjectScan.keyIs(bytes, keyStart, keyEnd, keyEscaped, "stream_options")) {
                if (streamOptionsStart >= 0) {
                    throw new GatewayException(ErrorKind.INVALID_REQUEST, "The field \"stream_options\" appears more than once.",
                            "stream_options");
                }
                if (first != '{' && first != 'n') {
                    throw new GatewayException(ErrorKind.INVALID_REQUEST, "The field \"stream_options\" must be an object.",
                            "stream_options");
                }
                streamOptionsStart = valueStart;
                streamOptionsEnd = valueEnd;
            } else if (JsonObjectScan.keyIs(bytes, keyStart, keyEnd, keyEscaped, "store")) {
                store = flag("store", first, store);
            } else if (JsonObjectScan.keyIs(bytes, keyStart, keyEnd, keyEscaped, "previous_response_id")) {
                if (previousResponseId != null) {
                    throw new GatewayException(ErrorKind.INVALID_REQUEST, "The field \"previous_response_id\" appears more than once.",
                            "previous_response_id");
                }
                if (first != '"' && first != 'n') {
                    throw new GatewayException(ErrorKind.INVALID_REQUEST, "The field \"previous_response_id\" must be a string.",
                            "previous_response_id");
                }
                previousResponseId = first == 'n' ? "" : text(valueStart, valueEnd);
            }
            return true;
        }

        private String text(int start, int end) {
            String text = JsonObjectScan.text(bytes, start, end);
            if (text == null) {
                throw new GatewayException(ErrorKind.INVALID_JSON, "The request body is not valid JSON (a string at "
                        + position(bytes, from, start) + " is not valid UTF-8).");
            }
            return text;
        }
    }

    /** A boolean field given once: true, false, or null (false); {@code first} is its value's first byte. */
    private static Boolean flag(String field, byte first, Boolean seen) {
        if (seen != null) {
            throw new GatewayException(ErrorKind.INVALID_REQUEST, "The field \"" + field + "\" appears more than once.", field);
        }
        if (first == 'n') {
            return false;
        }
        if (first != 't' && first != 'f') {
            throw new GatewayException(ErrorKind.INVALID_REQUEST, "The field \"" + field + "\" must be true or false.", field);
        }
        return first == 't';
    }

    /** Line and column (from 1) of a byte offset in a body starting at {@code from}, for the message that says where it went wrong. */
    private static String position(byte[] bytes, int from, int offset) {
        int line = 1;
        int lineStart = from;
        for (int i = from; i < offset && i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return "line " + line + ", column " + (offset - lineStart + 1);
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public boolean stream() {
        return stream;
    }

    @Override
    public String previousResponseId() {
        return previousResponseId;
    }

    @Override
    public boolean stored() {
        return store;
    }

    @Override
    public boolean includesStreamUsage() {
        return includesUsage;
    }

    @Override
    public ModelRequest askingForStreamUsage() {
        return includesUsage ? this : new InspectedBody(bytes, from, to, model, stream, modelStart, modelEnd, previousResponseId, store,
                streamOptionsStart, streamOptionsEnd, false, true);
    }

    /** The body as the upstream gets it: slices of the caller's bytes around what changes, nothing copied. */
    @Override
    public Buffer withModel(String upstreamModel) {
        return Buffer.buffer(splices(upstreamModel).wrap(bytes, from, to));
    }

    /** The body as received, with only the value of {@code model} replaced (and {@code include_usage} set, if asked). */
    public byte[] bytesWithModel(String upstreamModel) {
        return splices(upstreamModel).apply(bytes, from, to);
    }

    private Splices splices(String upstreamModel) {
        Splices splices = new Splices();
        if (!upstreamModel.equals(model)) {
            splices.add(modelStart, modelEnd, quoted(upstreamModel));
        }
        if (askUsage) {
            if (streamOptionsStart < 0) { // a member of its own, first: "stream_options":{"include_usage":true},
                splices.add(firstMember(), firstMember(), StreamOptions.member(bytes[firstMember()] == '}'));
            } else {
                splices.add(streamOptionsStart, streamOptionsEnd, StreamOptions.withUsage(bytes, streamOptionsStart, streamOptionsEnd));
            }
        }
        return splices;
    }

    /** Where the object's first member starts (or its closing brace, if it has none). */
    private int firstMember() {
        int i = from;
        while (bytes[i] != '{') {
            i++;
        }
        i++;
        while (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\n' || bytes[i] == '\r') {
            i++;
        }
        return i;
    }

    private static byte[] quoted(String value) {
        byte[] escaped = JsonStringEncoder.getInstance().quoteAsUTF8(value);
        byte[] result = new byte[escaped.length + 2];
        result[0] = '"';
        System.arraycopy(escaped, 0, result, 1, escaped.length);
        result[result.length - 1] = '"';
        return result;
    }

    @Override
    public String toString() {
        return "InspectedBody[model=" + model + ", stream=" + stream + ", " + (to - from) + " bytes]";
    }
}

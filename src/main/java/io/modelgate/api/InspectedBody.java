package io.modelgate.api;

import io.modelgate.error.GatewayException;
import io.modelgate.error.ErrorKind;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.JsonStringEncoder;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;

/**
 * A JSON request body read once with a streaming parser for the top-level fields the gateway needs
 * ({@code model}, {@code stream}, and for the Responses API {@code previous_response_id} and {@code store}),
 * remembering where the model's value sits so it can be replaced by
 * splicing bytes: the rest of the body is forwarded exactly as the caller sent it, never re-serialised.
 *
 * <p>The whole document is scanned so that malformed JSON is refused here, and a second {@code model}
 * key is refused too: otherwise the gateway could authorise one model while the upstream honours another.
 */
public final class InspectedBody implements ModelRequest {

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).build())
            .build();

    /** Bodies from this size on are forwarded as slices around the new model name rather than copied whole. */
    private static final int SPLICE_IN_PLACE = 64 * 1024;

    private final byte[] bytes;
    private final String model;
    private final boolean stream;
    private final int modelStart;
    private final int modelEnd;
    private final String previousResponseId;
    private final boolean store;

    private InspectedBody(byte[] bytes, String model, boolean stream, int modelStart, int modelEnd, String previousResponseId,
            boolean store) {
        this.bytes = bytes;
        this.model = model;
        this.stream = stream;
        this.modelStart = modelStart;
        this.modelEnd = modelEnd;
        this.previousResponseId = previousResponseId;
        this.store = store;
    }

    /** Reads a body; throws {@link GatewayException} (400) saying what is wrong with it. */
    public static InspectedBody inspect(byte[] bytes) {
        if (bytes.length == 0) {
            throw new GatewayException(ErrorKind.INVALID_REQUEST, "The request body is empty; send a JSON object with a \"model\" field.");
        }
        String model = null;
        Boolean stream = null;
        String previousResponseId = null;
        Boolean store = null;
        int modelStart = -1;
        int modelEnd = -1;
        try (JsonParser parser = JSON.createParser(bytes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new GatewayException(ErrorKind.INVALID_REQUEST, "The request body must be a JSON object.");
            }
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("model".equals(field)) {
                    if (model != null) {
                        throw new GatewayException(ErrorKind.INVALID_REQUEST, "The field \"model\" appears more than once.", "model");
                    }
                    if (value != JsonToken.VALUE_STRING) {
                        throw new GatewayException(ErrorKind.INVALID_REQUEST, "The field \"model\" must be a string.", "model");
                    }
                    modelStart = (int) parser.currentTokenLocation().getByteOffset();
                    model = parser.getText();
                    modelEnd = (int) parser.currentLocation().getByteOffset();
                } else if ("stream".equals(field)) {
                    stream = flag(field, value, stream);
                } else if ("store".equals(field)) {
                    store = flag(field, value, store);
                } else if ("previous_response_id".equals(field)) {
                    if (previousResponseId != null) {
                        throw new GatewayException(ErrorKind.INVALID_REQUEST, "The field \"previous_response_id\" appears more than once.",
                                field);
                    }
                    if (value != JsonToken.VALUE_STRING && value != JsonToken.VALUE_NULL) {
                        throw new GatewayException(ErrorKind.INVALID_REQUEST, "The field \"previous_response_id\" must be a string.", field);
                    }
                    previousResponseId = value == JsonToken.VALUE_NULL ? "" : parser.getText();
                } else {
                    parser.skipChildren();
                }
            }
            if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw new GatewayException(ErrorKind.INVALID_JSON, "The request body is not valid JSON.");
            }
        } catch (JsonParseException e) {
            throw new GatewayException(ErrorKind.INVALID_JSON, "The request body is not valid JSON (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ").");
        } catch (IOException e) {
            throw new GatewayException(ErrorKind.INVALID_JSON, "The request body is not valid JSON.");
        }
        if (model == null || model.isBlank()) {
            throw new GatewayException(ErrorKind.INVALID_REQUEST, "The request names no model: set \"model\" to one of the models GET /v1/models lists.", "model");
        }
        return new InspectedBody(bytes, model, Boolean.TRUE.equals(stream), modelStart, modelEnd,
                previousResponseId == null || previousResponseId.isEmpty() ? null : previousResponseId, !Boolean.FALSE.equals(store));
    }

    /** A boolean field given once: true, false, or null (false). */
    private static Boolean flag(String field, JsonToken value, Boolean seen) {
        if (seen != null) {
            throw new GatewayException(ErrorKind.INVALID_REQUEST, "The field \"" + field + "\" appears more than once.", field);
        }
        if (value == JsonToken.VALUE_NULL) {
            return false;
        }
        if (!value.isBoolean()) {
            throw new GatewayException(ErrorKind.INVALID_REQUEST, "The field \"" + field + "\" must be true or false.", field);
        }
        return value == JsonToken.VALUE_TRUE;
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
    public Buffer withModel(String upstreamModel) {
        if (bytes.length < SPLICE_IN_PLACE || upstreamModel.equals(model)) {
            return Buffer.buffer(bytesWithModel(upstreamModel));
        }
        // a large body (a 100k-token context) is not copied to change a few bytes: the three parts are sent as they are
        return Buffer.buffer(Unpooled.wrappedBuffer(Unpooled.wrappedBuffer(bytes, 0, modelStart), Unpooled.wrappedBuffer(quoted(upstreamModel)),
                Unpooled.wrappedBuffer(bytes, modelEnd, bytes.length - modelEnd)));
    }

    /** The body as received, with only the value of {@code model} replaced. */
    public byte[] bytesWithModel(String upstreamModel) {
        if (upstreamModel.equals(model)) {
            return bytes;
        }
        byte[] replacement = quoted(upstreamModel);
        byte[] result = new byte[bytes.length - (modelEnd - modelStart) + replacement.length];
        System.arraycopy(bytes, 0, result, 0, modelStart);
        System.arraycopy(replacement, 0, result, modelStart, replacement.length);
        System.arraycopy(bytes, modelEnd, result, modelStart + replacement.length, bytes.length - modelEnd);
        return result;
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
        return "InspectedBody[model=" + model + ", stream=" + stream + ", " + bytes.length + " bytes]";
    }
}

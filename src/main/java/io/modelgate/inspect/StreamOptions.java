package io.modelgate.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A chat request's {@code stream_options}, as far as usage goes: whether it asks for the final usage chunk, and the
 * value that does. Only this small object is ever re-serialised; the rest of the body is spliced around it.
 */
final class StreamOptions {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] MEMBER = "\"stream_options\":{\"include_usage\":true}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MEMBER_AND_COMMA = "\"stream_options\":{\"include_usage\":true},".getBytes(StandardCharsets.US_ASCII);

    private StreamOptions() {
    }

    /** Whether the value in {@code body[start, end)} (an object or null, already validated) sets include_usage to true. */
    static boolean includeUsage(byte[] body, int start, int end) {
        JsonNode options = read(body, start, end);
        return options.path("include_usage").asBoolean(false) && options.path("include_usage").isBoolean();
    }

    /** The value with {@code include_usage} set to true, everything else in it kept. */
    static byte[] withUsage(byte[] body, int start, int end) {
        JsonNode read = read(body, start, end);
        ObjectNode options = read.isObject() ? (ObjectNode) read : JSON.createObjectNode();
        options.put("include_usage", true);
        try {
            return JSON.writeValueAsBytes(options);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A {@code stream_options} member to put first in an object: followed by a comma unless the object was empty. */
    static byte[] member(boolean emptyObject) {
        return emptyObject ? MEMBER : MEMBER_AND_COMMA; // the splice only reads them
    }

    private static JsonNode read(byte[] body, int start, int end) {
        try {
            return JSON.readTree(body, start, end - start);
        } catch (IOException e) {
            throw new IllegalStateException("stream_options was validated", e);
        }
    }
}

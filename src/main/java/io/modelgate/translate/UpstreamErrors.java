package io.modelgate.translate;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;

/**
 * The message of an error an upstream answered in its own family's shape — OpenAI's {@code {"error":{"message"}}},
 * vLLM's {@code {"object":"error","message"}}, Anthropic's {@code {"type":"error","error":{"message"}}} — so that it can
 * be written again in the caller's.
 */
public final class UpstreamErrors {

    private static final int MAX_TEXT = 500;

    private UpstreamErrors() {
    }

    /** The message of an error body; its start, as text, when it is not JSON. */
    public static String message(byte[] body) {
        JsonNode json = Json.parse(body, 0, body.length);
        if (json != null && json.isObject()) {
            return message(json);
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        return text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) + "…" : text;
    }

    static String message(JsonNode error) {
        JsonNode inner = error.path("error");
        String message = inner.isTextual() ? inner.asText() : Json.text(inner.get("message"), null);
        if (message == null) {
            message = Json.text(error.get("message"), Json.text(error.get("detail"), "the upstream reported an error"));
        }
        return message;
    }
}

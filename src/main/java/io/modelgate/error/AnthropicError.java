package io.modelgate.error;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Errors as Anthropic's Messages API writes them, for the {@code /v1/messages} paths:
 * {@code {"type":"error","error":{"type":"…","message":"…"}}}. The status is the same as on the OpenAI paths;
 * only the body's shape and its {@code type} names differ, so Anthropic's SDKs raise their own exception classes.
 */
public final class AnthropicError {

    private static final JsonFactory JSON = new JsonFactory();

    private AnthropicError() {
    }

    public static byte[] body(GatewayException e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(160);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("type", "error");
            json.writeObjectFieldStart("error");
            json.writeStringField("type", type(e.kind()));
            json.writeStringField("message", e.getMessage());
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
        return out.toByteArray();
    }

    /** Anthropic's error type for a status: its documented set, one per status class. */
    static String type(ErrorKind kind) {
        return switch (kind.status()) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            default -> kind.status() >= 500 ? "api_error" : "invalid_request_error";
        };
    }
}

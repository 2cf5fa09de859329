package io.modelgate.error;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The shapes an error is written in, each written here and nowhere else. The status is the same in both; only the
 * body and its type names differ, so each family's SDKs raise their own exception classes.
 */
public enum ErrorShape {

    /**
     * OpenAI's, for the data plane and the admin API: {@code {"error":{"message","type","param","code"}}}, with
     * {@code problems} (one per field) when the admin API refuses a policy object. Documented by {@link OpenAiErrorBody}.
     */
    OPENAI {
        @Override
        void write(GatewayException e, JsonGenerator json) throws IOException {
            json.writeObjectFieldStart("error");
            json.writeStringField("message", e.getMessage());
            json.writeStringField("type", e.kind().type());
            json.writeStringField("param", e.param());
            json.writeStringField("code", e.kind().code());
            if (!e.problems().isEmpty()) {
                json.writeArrayFieldStart("problems");
                for (FieldProblem problem : e.problems()) {
                    json.writeStartObject();
                    json.writeStringField("field", problem.field());
                    json.writeStringField("message", problem.message());
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
            json.writeEndObject();
        }

        @Override
        void writeRelayed(int status, String message, JsonGenerator json) throws IOException {
            json.writeObjectFieldStart("error");
            json.writeStringField("message", message);
            json.writeStringField("type", status == 401 ? "authentication_error" : status == 403 ? "permission_error"
                    : status == 429 ? "rate_limit_error" : status >= 500 ? "server_error" : "invalid_request_error");
            json.writeNullField("param");
            json.writeNullField("code");
            json.writeEndObject();
        }
    },

    /** Anthropic's Messages API's, on {@code /v1/messages…}: {@code {"type":"error","error":{"type","message"}}}. */
    ANTHROPIC {
        @Override
        void write(GatewayException e, JsonGenerator json) throws IOException {
            writeRelayed(e.kind().status(), e.getMessage(), json);
        }

        @Override
        void writeRelayed(int status, String message, JsonGenerator json) throws IOException {
            json.writeStringField("type", "error");
            json.writeObjectFieldStart("error");
            json.writeStringField("type", anthropicType(status));
            json.writeStringField("message", message);
            json.writeEndObject();
        }
    };

    public static final String CONTENT_TYPE = "application/json";
    private static final JsonFactory JSON = new JsonFactory();

    /** The body of an error in this shape. */
    public byte[] body(GatewayException e) {
        return written(json -> write(e, json));
    }

    /**
     * The body of an error an upstream of another family answered with {@code status} (a translated call's), in this
     * shape: its message, and the type this family gives the status.
     */
    public byte[] relayedBody(int status, String message) {
        return written(json -> writeRelayed(status, message, json));
    }

    private interface Writing {
        void into(JsonGenerator json) throws IOException;
    }

    private static byte[] written(Writing writing) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(160);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            writing.into(json);
            json.writeEndObject();
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
        return out.toByteArray();
    }

    abstract void write(GatewayException e, JsonGenerator json) throws IOException;

    abstract void writeRelayed(int status, String message, JsonGenerator json) throws IOException;

    /** Anthropic's error type for a status: its documented set, one per status class. */
    static String anthropicType(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    }
}

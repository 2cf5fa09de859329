package io.modelgate.error;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one place that writes error JSON: {@code {"error":{"message","type","param","code"}}}.
 * Both the Vert.x data-plane routes and the REST exception mappers render through it.
 */
public final class OpenAiError {

    public static final String CONTENT_TYPE = "application/json";
    /** Sent with every 401, as RFC 6750 asks. */
    public static final String WWW_AUTHENTICATE = "WWW-Authenticate";

    private static final JsonFactory JSON = new JsonFactory();

    private OpenAiError() {
    }

    public static byte[] body(GatewayException e) {
        return body(e.kind(), e.getMessage(), e.param());
    }

    public static byte[] body(ErrorKind kind, String message, String param) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(160);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeObjectFieldStart("error");
            json.writeStringField("message", message);
            json.writeStringField("type", kind.type());
            json.writeStringField("param", param);
            json.writeStringField("code", kind.code());
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The {@code WWW-Authenticate} challenge for a 401 of this kind. */
    public static String challenge(ErrorKind kind) {
        return kind == ErrorKind.MISSING_TOKEN ? "Bearer realm=\"modelgate\""
                : "Bearer realm=\"modelgate\", error=\"invalid_token\"";
    }
}

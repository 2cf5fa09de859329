package io.modelgate.error;

import java.util.Map;

/**
 * An error as it leaves, whatever HTTP layer sends it (the data plane's routes, the admin API's exception mappers):
 * its status, the headers the error contract asks for, and its body in the caller's shape.
 */
public record ErrorAnswer(int status, Map<String, String> headers, byte[] body) {

    /** Sent with every 401, as RFC 6750 asks. */
    public static final String WWW_AUTHENTICATE = "WWW-Authenticate";

    public static ErrorAnswer of(GatewayException e, ErrorShape shape) {
        ErrorKind kind = e.kind();
        Map<String, String> headers = switch (kind.status()) {
            case 401 -> Map.of(WWW_AUTHENTICATE, kind == ErrorKind.MISSING_TOKEN ? "Bearer realm=\"modelgate\""
                    : "Bearer realm=\"modelgate\", error=\"invalid_token\"");
            case 413 -> Map.of("Connection", "close"); // the rest of the body is not read
            default -> Map.of();
        };
        return new ErrorAnswer(kind.status(), headers, shape.body(e));
    }

    public String contentType() {
        return ErrorShape.CONTENT_TYPE;
    }
}

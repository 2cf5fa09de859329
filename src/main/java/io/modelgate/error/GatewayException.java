package io.modelgate.error;

/**
 * A failure that reaches the caller as an OpenAI-shaped error. The message is shown to the caller:
 * it says what was wrong and what to do, and never contains a token or a secret.
 */
public class GatewayException extends RuntimeException {

    private final ErrorKind kind;
    private final String param;

    public GatewayException(ErrorKind kind, String message) {
        this(kind, message, null);
    }

    public GatewayException(ErrorKind kind, String message, String param) {
        super(message, null, false, false);
        this.kind = kind;
        this.param = param;
    }

    public ErrorKind kind() {
        return kind;
    }

    public String param() {
        return param;
    }
}

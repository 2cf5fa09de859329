package io.modelgate.error;

import java.util.List;

/**
 * A failure that reaches the caller as an OpenAI-shaped error. The message is shown to the caller:
 * it says what was wrong and what to do, and never contains a token or a secret.
 */
public class GatewayException extends RuntimeException {

    private final ErrorKind kind;
    private final String param;
    private final List<FieldProblem> problems;

    public GatewayException(ErrorKind kind, String message) {
        this(kind, message, null);
    }

    public GatewayException(ErrorKind kind, String message, String param) {
        this(kind, message, param, List.of());
    }

    /** A request refused for what is wrong in several of its fields, each named. */
    public GatewayException(ErrorKind kind, String message, String param, List<FieldProblem> problems) {
        super(message, null, false, false);
        this.kind = kind;
        this.param = param;
        this.problems = List.copyOf(problems);
    }

    public ErrorKind kind() {
        return kind;
    }

    public String param() {
        return param;
    }

    public List<FieldProblem> problems() {
        return problems;
    }
}

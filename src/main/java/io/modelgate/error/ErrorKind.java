package io.modelgate.error;

/**
 * Every error a caller can see, with its HTTP status and the OpenAI error {@code type} and
 * {@code code} it carries. Adding a failure mode means adding a constant here, nothing else.
 */
public enum ErrorKind {
    MISSING_TOKEN(401, "authentication_error", "missing_token"),
    INVALID_TOKEN(401, "authentication_error", "invalid_token"),
    EXPIRED_TOKEN(401, "authentication_error", "token_expired"),
    NO_GATEWAY_ROLE(403, "permission_error", "no_gateway_role"),
    MODEL_NOT_PERMITTED(403, "permission_error", "model_not_permitted"),
    ADMIN_ONLY(403, "permission_error", "insufficient_role"),
    MODEL_NOT_FOUND(404, "invalid_request_error", "model_not_found"),
    NOT_FOUND(404, "invalid_request_error", "not_found"),
    ALREADY_EXISTS(409, "invalid_request_error", "already_exists"),
    PRECONDITION_FAILED(412, "invalid_request_error", "precondition_failed"),
    POLICY_STORE_UNAVAILABLE(503, "service_unavailable", "policy_store_unavailable"),
    METHOD_NOT_ALLOWED(405, "invalid_request_error", "method_not_allowed"),
    INVALID_JSON(400, "invalid_request_error", "invalid_json"),
    INVALID_REQUEST(400, "invalid_request_error", "invalid_request"),
    INVALID_POLICY(400, "invalid_request_error", "invalid_policy"),
    UNSUPPORTED_MEDIA_TYPE(415, "invalid_request_error", "unsupported_media_type"),
    REQUEST_TOO_LARGE(413, "invalid_request_error", "request_too_large"),
    UPSTREAM_RATE_LIMITED(429, "rate_limit_error", "upstream_rate_limited"),
    RATE_LIMIT_EXCEEDED(429, "rate_limit_error", "rate_limit_exceeded"),
    BUDGET_EXCEEDED(429, "budget_exceeded", "budget_exceeded"),
    UPSTREAM_ERROR(502, "upstream_error", "upstream_error"),
    UPSTREAM_UNAVAILABLE(502, "upstream_error", "upstream_unavailable"),
    UPSTREAM_AUTH_ERROR(502, "upstream_auth_error", "upstream_auth_error"),
    UPSTREAM_TIMEOUT(504, "upstream_error", "upstream_timeout"),
    NOT_READY(503, "service_unavailable", "policy_not_loaded"),
    IDP_UNAVAILABLE(503, "service_unavailable", "identity_provider_unavailable"),
    INTERNAL(500, "server_error", "internal_error");

    private final int status;
    private final String type;
    private final String code;

    ErrorKind(int status, String type, String code) {
        this.status = status;
        this.type = type;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String code() {
        return code;
    }
}

package io.modelgate.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.modelgate.control.PolicyConflictException;
import io.modelgate.policy.PolicyValidationException;
import io.modelgate.store.DatabaseFailure;
import io.modelgate.error.ErrorAnswer;
import io.modelgate.error.ErrorKind;
import io.modelgate.error.ErrorShape;
import io.modelgate.error.FieldProblem;
import io.modelgate.error.GatewayException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every admin API failure as the same OpenAI-shaped error the data plane answers with, written by {@link ErrorShape}. */
public class AdminErrors {

    private static final Logger LOG = Logger.getLogger(AdminErrors.class);

    static Response response(Throwable failure) {
        GatewayException error = failure instanceof GatewayException g ? g
                : new GatewayException(ErrorKind.INTERNAL, "The request could not be completed.");
        ErrorAnswer answer = ErrorAnswer.of(error, ErrorShape.OPENAI);
        Response.ResponseBuilder response = Response.status(answer.status()).type(answer.contentType()).entity(answer.body());
        answer.headers().forEach(response::header);
        return response.build();
    }

    @ServerExceptionMapper
    public Response invalid(PolicyValidationException e) {
        return response(new GatewayException(ErrorKind.INVALID_POLICY, e.getMessage(), e.problems().get(0).field(),
                e.problems().stream().map(p -> new FieldProblem(p.field(), p.message())).toList()));
    }

    @ServerExceptionMapper
    public Response conflict(PolicyConflictException e) {
        ErrorKind kind = e instanceof PolicyConflictException.NotFound ? ErrorKind.NOT_FOUND
                : e instanceof PolicyConflictException.Stale ? ErrorKind.PRECONDITION_FAILED : ErrorKind.ALREADY_EXISTS;
        return response(new GatewayException(kind, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response gateway(GatewayException e) {
        return response(e);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        return response(new GatewayException(ErrorKind.INVALID_JSON, "The request body is not valid JSON."));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        ErrorKind kind = switch (status) {
            case 404 -> ErrorKind.NOT_FOUND;
            case 405 -> ErrorKind.METHOD_NOT_ALLOWED;
            case 415 -> ErrorKind.UNSUPPORTED_MEDIA_TYPE;
            default -> status < 500 ? ErrorKind.INVALID_REQUEST : ErrorKind.INTERNAL;
        };
        if (e.getCause() instanceof JsonProcessingException) {
            kind = ErrorKind.INVALID_JSON;
        }
        return response(new GatewayException(kind, kind == ErrorKind.INVALID_JSON ? "The request body is not valid JSON."
                : "The request could not be served (" + status + ")."));
    }

    /** Anything else: the policy store being unreachable answers 503 (nothing was changed), the rest 500. */
    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 100)
    public Response unexpected(RuntimeException e) {
        if (DatabaseFailure.unreachable(e)) {
            LOG.warnf("Admin request failed: the policy store is unreachable (%s)", e.getClass().getSimpleName());
            return response(new GatewayException(ErrorKind.POLICY_STORE_UNAVAILABLE,
                    "The policy store (PostgreSQL) is unreachable, so the policy cannot be read or changed right now; "
                            + "nothing was changed. Gateway traffic is still served from the last policy loaded."));
        }
        LOG.error("Admin request failed", e);
        return response(e);
    }
}

package io.modelgate.gateway;

import io.modelgate.policy.ApiFamily;
import io.modelgate.error.AnthropicError;
import io.modelgate.error.OpenAiError;
import io.modelgate.error.GatewayException;
import io.modelgate.error.ErrorKind;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;

/**
 * Ends a data-plane exchange with an error in the shape of the API the caller called (OpenAI's, or Anthropic's on
 * {@code /v1/messages}), whatever went wrong.
 */
public final class ErrorResponses {

    private static final Logger LOG = Logger.getLogger(ErrorResponses.class);

    private ErrorResponses() {
    }

    public static void send(RoutingContext ctx, Throwable failure) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            // The caller went away (or was answered): there is no one left to tell.
            LOG.debugf("Not answering %s %s, the exchange is over: %s", ctx.request().method(), ctx.request().path(), failure);
            return;
        }
        GatewayException error = failure instanceof GatewayException e ? e : internal(ctx, failure);
        ctx.put(CallFacts.ERROR, error.kind().code());
        if (response.headWritten()) {
            // Part of a body already reached the caller: the only honest signal left is to cut it off.
            response.reset();
            return;
        }
        response.setStatusCode(error.kind().status())
                .putHeader(HttpHeaders.CONTENT_TYPE, OpenAiError.CONTENT_TYPE);
        boolean anthropic = family(ctx.request()) == ApiFamily.ANTHROPIC;
        if (error.kind().status() == 401) {
            response.putHeader(OpenAiError.WWW_AUTHENTICATE, OpenAiError.challenge(error.kind()));
        }
        if (error.kind() == ErrorKind.REQUEST_TOO_LARGE) {
            response.putHeader(HttpHeaders.CONNECTION, "close");
        }
        response.end(Buffer.buffer(anthropic ? AnthropicError.body(error) : OpenAiError.body(error)));
    }

    /** The API family of a request as it arrived (see {@link ApiFamily#of(String, boolean)}). */
    static ApiFamily family(HttpServerRequest request) {
        return ApiFamily.of(request.path(), request.headers().contains(ApiFamily.ANTHROPIC_VERSION));
    }

    private static GatewayException internal(RoutingContext ctx, Throwable failure) {
        LOG.errorf(failure, "Unexpected failure serving %s %s", ctx.request().method(), ctx.request().path());
        return new GatewayException(ErrorKind.INTERNAL, "Modelgate failed unexpectedly; the failure has been logged.");
    }
}

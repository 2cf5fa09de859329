package io.modelgate.gateway;

import io.modelgate.error.ErrorAnswer;
import io.modelgate.error.ErrorKind;
import io.modelgate.error.ErrorShape;
import io.modelgate.error.GatewayException;
import io.modelgate.policy.ApiFamily;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;

/**
 * The render stage: what the gateway itself answers — an error in the shape of the API the caller called, whatever
 * went wrong, or a JSON document of its own (the model list, {@code /v1/me}). Relayed answers are the upstream's.
 */
final class Render {

    private static final Logger LOG = Logger.getLogger(Render.class);

    private Render() {
    }

    /** The error shape of a request as it arrived: Anthropic's on the Messages paths (see {@link ApiFamily#of}). */
    static ErrorShape shapeOf(HttpServerRequest request) {
        return ApiFamily.of(request.path(), request.headers().contains(ApiFamily.ANTHROPIC_VERSION)) == ApiFamily.ANTHROPIC
                ? ErrorShape.ANTHROPIC : ErrorShape.OPENAI;
    }

    /** Ends the call with the error {@code failure} stands for, and notes it on the call. */
    static void error(Call call, Throwable failure) {
        if (call.over()) { // the caller went away (or was answered): there is no one left to tell
            LOG.debugf("Not answering %s %s, the exchange is over: %s", call.request().method(), call.request().path(), failure);
            return;
        }
        GatewayException error = failure instanceof GatewayException e ? e : internal(call.request(), failure);
        call.failed(error.kind());
        error(call.exchange, error, call.shape);
    }

    /** Ends an exchange that is not a call (an unknown path or method) with an error. */
    static void error(RoutingContext exchange, GatewayException error, ErrorShape shape) {
        HttpServerResponse response = exchange.response();
        if (response.headWritten()) {
            // Part of a body already reached the caller: the only honest signal left is to cut it off.
            response.reset();
            return;
        }
        ErrorAnswer answer = ErrorAnswer.of(error, shape);
        response.setStatusCode(answer.status()).putHeader(HttpHeaders.CONTENT_TYPE, answer.contentType());
        answer.headers().forEach(response::putHeader);
        response.end(Buffer.buffer(answer.body()));
    }

    /** Answers with a JSON document of the gateway's own. */
    static Future<Void> json(Call call, JsonObject document) {
        return json(call, document.toBuffer());
    }

    /** Answers with a JSON document of the gateway's own, already written. */
    static Future<Void> json(Call call, Buffer document) {
        return call.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(document);
    }

    private static GatewayException internal(HttpServerRequest request, Throwable failure) {
        LOG.errorf(failure, "Unexpected failure serving %s %s", request.method(), request.path());
        return new GatewayException(ErrorKind.INTERNAL, "Modelgate failed unexpectedly; the failure has been logged.");
    }
}

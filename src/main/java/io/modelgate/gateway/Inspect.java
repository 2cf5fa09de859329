package io.modelgate.gateway;

import io.modelgate.inspect.Endpoint;
import io.modelgate.inspect.InspectedBody;
import io.modelgate.inspect.InspectedForm;
import io.modelgate.inspect.ModelRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import jakarta.inject.Singleton;

/**
 * The inspect stage: the body is read once, after the caller is authenticated and up to the endpoint's limit, and
 * read for what decides the call — the model, the stream flag, what limits and metering need — without being
 * re-serialised ({@link InspectedBody}, {@link InspectedForm}).
 */
@Singleton
final class Inspect {

    /** Forms from this size on are scanned off the event loop. */
    private static final long LARGE_FORM = 1024 * 1024;

    private final Vertx vertx;
    private final long maxBodyBytes;
    private final long maxUploadBytes;

    Inspect(Vertx vertx, GatewayConfig config) {
        this.vertx = vertx;
        this.maxBodyBytes = config.maxBodySize().asLongValue();
        this.maxUploadBytes = config.maxUploadSize().asLongValue();
    }

    /**
     * Pauses the request and watches it for failures, reading nothing: call it first thing, so that a body broken
     * while the caller is being authenticated is still answered.
     */
    RequestBody expect(Call call, Endpoint endpoint) {
        return RequestBody.expect(call, endpoint.body() == Endpoint.Body.MULTIPART ? maxUploadBytes : maxBodyBytes);
    }

    /** Reads the body and what it asks; the call keeps it. */
    Future<ModelRequest> asked(Call call, Endpoint endpoint, RequestBody expected) {
        boolean multipart = endpoint.body() == Endpoint.Body.MULTIPART;
        String contentType = call.request().getHeader(HttpHeaders.CONTENT_TYPE);
        return expected.read().compose(body -> inspect(body, multipart, contentType)).map(asked -> {
            call.inspected(asked);
            return asked;
        });
    }

    /**
     * A large form (an audio file) is scanned on a worker thread: its delimiters take milliseconds to find in 25 MB, too
     * long to hold an event loop.
     */
    private Future<ModelRequest> inspect(RequestBody body, boolean multipart, String contentType) {
        if (!multipart) {
            return Future.succeededFuture(body.inspectJson());
        }
        if (body.length() < LARGE_FORM) {
            return Future.succeededFuture(InspectedForm.inspect(body.buffer(), contentType));
        }
        return vertx.executeBlocking(() -> InspectedForm.inspect(body.buffer(), contentType), false);
    }
}

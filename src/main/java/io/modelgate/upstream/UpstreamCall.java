package io.modelgate.upstream;

import io.modelgate.inspect.Endpoint;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

import java.util.function.Function;

/**
 * What to send to a model's deployments: the operation (and the stored response it acts on, if any), the
 * caller's query string where the operation passes it on, the caller's body (rewritten per deployment to carry
 * that deployment's model name; null for an operation without one) with its content type, whether the caller
 * asked for a stream, and the caller headers that may travel upstream (never its token).
 */
public record UpstreamCall(Endpoint endpoint, String responseId, String query, Function<String, Buffer> bodyWithModel,
        String contentType, boolean stream, MultiMap headers, String requestId) {

    /** The body as this deployment must receive it; null when the operation sends none. */
    public Buffer body(Deployment deployment) {
        return bodyWithModel == null ? null : bodyWithModel.apply(deployment.upstreamModel());
    }
}

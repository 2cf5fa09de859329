package io.modelgate.upstream;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

import java.util.function.Function;

/**
 * What to send to a model's deployments: the operation, the caller's body (rewritten per deployment
 * to carry that deployment's model name), whether the caller asked for a stream, and the caller
 * headers that may travel upstream (never its Authorization).
 */
public record UpstreamCall(Endpoint endpoint, Function<String, Buffer> bodyWithModel, boolean stream,
        MultiMap headers, String requestId) {

    /** The body as this deployment must receive it. */
    public Buffer body(Deployment deployment) {
        return bodyWithModel.apply(deployment.upstreamModel());
    }
}

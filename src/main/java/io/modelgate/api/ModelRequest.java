package io.modelgate.api;

import io.vertx.core.buffer.Buffer;

/**
 * What the gateway reads from a request that names a model, whatever carries it (a JSON body, a multipart
 * form): only the fields that decide where the call goes. The body itself is forwarded as the caller sent it,
 * with nothing changed but the model's name.
 */
public interface ModelRequest {

    /** The model the caller asked for. */
    String model();

    /** Whether the caller asked for server-sent events. */
    boolean stream();

    /** The Responses API's {@code previous_response_id}; null when not given. */
    default String previousResponseId() {
        return null;
    }

    /** Whether the upstream keeps the answer (the Responses API's {@code store}, true unless false). */
    default boolean stored() {
        return false;
    }

    /** The body for an upstream that calls the model {@code upstreamModel}. */
    Buffer withModel(String upstreamModel);
}

package io.modelgate.inspect;

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

    /** A chat stream: whether the caller asked for the final usage chunk ({@code stream_options.include_usage}). */
    default boolean includesStreamUsage() {
        return false;
    }

    /** The same request, forwarded asking the upstream for the usage chunk (which the caller then does not get). */
    default ModelRequest askingForStreamUsage() {
        return this;
    }

    /** The body for an upstream that calls the model {@code upstreamModel}. */
    Buffer withModel(String upstreamModel);
}

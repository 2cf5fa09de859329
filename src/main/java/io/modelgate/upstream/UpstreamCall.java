package io.modelgate.upstream;

import io.modelgate.inspect.Endpoint;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What to send to a model's deployments: the operation (and the stored response it acts on, if any), the
 * caller's query string where the operation passes it on, the caller's body (rewritten per deployment to carry
 * that deployment's model name; null for an operation without one) with its content type, whether the caller
 * asked for a stream, and the caller's headers, of which only {@link #PASSED_HEADERS} travel upstream (never its
 * token, its cookies).
 */
public record UpstreamCall(Endpoint endpoint, String responseId, String query, Function<String, Buffer> bodyWithModel,
        String contentType, boolean stream, MultiMap callerHeaders, String requestId, Consumer<MultiMap> traceHeaders) {

    public UpstreamCall(Endpoint endpoint, String responseId, String query, Function<String, Buffer> bodyWithModel, String contentType,
            boolean stream, MultiMap callerHeaders, String requestId) {
        this(endpoint, responseId, query, bodyWithModel, contentType, stream, callerHeaders, requestId, null);
    }

    /**
     * The same call carrying a trace to the upstream: {@code headers} writes an attempt's ({@code traceparent}, …) into
     * the upstream request's headers, each attempt being a span of its own.
     */
    public UpstreamCall traced(Consumer<MultiMap> headers) {
        return new UpstreamCall(endpoint, responseId, query, bodyWithModel, contentType, stream, callerHeaders, requestId, headers);
    }

    /** Caller headers that may travel upstream; everything else (Authorization, x-api-key, cookies) stays in the gateway. */
    public static final List<String> PASSED_HEADERS = List.of("Accept", "User-Agent", "OpenAI-Beta", "anthropic-version",
            "anthropic-beta");

    /** Hands each caller header that travels upstream (its first value) to {@code header}, read where the caller sent it. */
    public void passedHeaders(BiConsumer<String, String> header) {
        for (String name : PASSED_HEADERS) {
            String value = callerHeaders.get(name);
            if (value != null) {
                header.accept(name, value);
            }
        }
    }

    /** Whether the caller sent a header that travels upstream. */
    public boolean callerSent(String passedHeader) {
        return callerHeaders.contains(passedHeader);
    }

    /** The body as this deployment must receive it; null when the operation sends none. */
    public Buffer body(Deployment deployment) {
        return bodyWithModel == null ? null : bodyWithModel.apply(deployment.upstreamModel());
    }
}

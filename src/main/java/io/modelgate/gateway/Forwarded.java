package io.modelgate.gateway;

import io.modelgate.inspect.Endpoint;
import io.modelgate.inspect.ModelRequest;
import io.modelgate.upstream.UpstreamCall;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What an upstream gets of the caller's request: the operation, the body with each deployment's model name spliced
 * in, the few caller headers that may travel, and a request id. Never the caller's token, nor its cookies.
 */
final class Forwarded {

    /** Caller headers that may travel upstream; everything else (Authorization, x-api-key, cookies) stays here. */
    private static final List<String> HEADERS = List.of("Accept", "User-Agent", "OpenAI-Beta", "anthropic-version", "anthropic-beta");

    private Forwarded() {
    }

    /** A call that names its model in the body, as the upstream gets it. */
    static UpstreamCall modelCall(Call call, Endpoint endpoint, ModelRequest forwarded, String contentType) {
        return new UpstreamCall(endpoint, null, query(call, endpoint), forwarded::withModel, contentType, forwarded.stream(),
                headers(call.request()), requestId(call));
    }

    /** An operation on a stored response, as the upstream gets it: no body. */
    static UpstreamCall storedResponseCall(Call call, Endpoint endpoint, String responseId) {
        return new UpstreamCall(endpoint, responseId, query(call, endpoint), null, null, false, headers(call.request()), requestId(call));
    }

    /** Anthropic's query ({@code ?beta=true}) travels on; OpenAI's create operations take none. */
    private static String query(Call call, Endpoint endpoint) {
        return endpoint.passesQuery() ? call.request().query() : null;
    }

    private static MultiMap headers(HttpServerRequest request) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        for (String name : HEADERS) {
            String value = request.getHeader(name);
            if (value != null) {
                headers.add(name, value);
            }
        }
        return headers;
    }

    /** The caller's X-Request-Id when it is a sane token, else a fresh one; echoed to the caller and upstream. */
    private static String requestId(Call call) {
        String given = call.request().getHeader("X-Request-Id");
        String id;
        if (given != null && given.length() <= 128 && given.chars().allMatch(c -> c > 32 && c < 127)) {
            id = given;
        } else {
            ThreadLocalRandom random = ThreadLocalRandom.current(); // unique enough for tracing, and no SecureRandom lock
            id = new UUID(random.nextLong(), random.nextLong()).toString();
        }
        call.response().putHeader("X-Request-Id", id);
        return id;
    }
}

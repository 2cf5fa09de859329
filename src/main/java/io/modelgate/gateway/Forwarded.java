package io.modelgate.gateway;

import io.modelgate.inspect.Endpoint;
import io.modelgate.inspect.ModelRequest;
import io.modelgate.upstream.UpstreamCall;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What an upstream gets of the caller's request: the operation, the body with each deployment's model name spliced
 * in, the few caller headers that may travel ({@link UpstreamCall#PASSED_HEADERS}), and a request id. Never the
 * caller's token, nor its cookies.
 */
final class Forwarded {

    private Forwarded() {
    }

    /** A call that names its model in the body, as the upstream gets it. */
    static UpstreamCall modelCall(Call call, Endpoint endpoint, ModelRequest forwarded, String contentType) {
        return new UpstreamCall(endpoint, null, query(call, endpoint), forwarded::withModel, contentType, forwarded.stream(),
                call.request().headers(), requestId(call));
    }

    /**
     * A translated call, as the upstream gets it: the translated body, and of the caller's headers only those that mean
     * the same in the upstream's API (its {@code anthropic-beta} means nothing to a chat server).
     */
    static UpstreamCall translated(Call call, Translate.Plan plan, boolean stream) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        String userAgent = call.request().getHeader(HttpHeaders.USER_AGENT);
        if (userAgent != null) {
            headers.add(HttpHeaders.USER_AGENT, userAgent);
        }
        return new UpstreamCall(plan.upstream(), null, null, plan::body, "application/json", stream, headers, requestId(call));
    }

    /** An operation on a stored response, as the upstream gets it: no body. */
    static UpstreamCall storedResponseCall(Call call, Endpoint endpoint, String responseId) {
        return new UpstreamCall(endpoint, responseId, query(call, endpoint), null, null, false, call.request().headers(), requestId(call));
    }

    /** Anthropic's query ({@code ?beta=true}) travels on; OpenAI's create operations take none. */
    private static String query(Call call, Endpoint endpoint) {
        return endpoint.passesQuery() ? call.request().query() : null;
    }

    /** The caller's X-Request-Id when it is a sane token, else a fresh one; echoed to the caller and upstream. */
    private static String requestId(Call call) {
        String given = call.request().getHeader("X-Request-Id");
        String id;
        if (given != null && sane(given)) {
            id = given;
        } else {
            ThreadLocalRandom random = ThreadLocalRandom.current(); // unique enough for tracing, and no SecureRandom lock
            id = new UUID(random.nextLong(), random.nextLong()).toString();
        }
        call.response().putHeader("X-Request-Id", id);
        return id;
    }

    /** Short and printable ASCII only: echoed in headers and logs, so nothing a caller sends can break a line. */
    private static boolean sane(String id) {
        if (id.length() > 128) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c <= 32 || c >= 127) {
                return false;
            }
        }
        return true;
    }
}

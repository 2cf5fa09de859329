package io.modelgate.gateway;

import io.modelgate.error.GatewayException;
import io.modelgate.error.ErrorKind;
import io.modelgate.upstream.Deployment;
import io.modelgate.upstream.HttpUpstream;
import io.modelgate.upstream.mock.MockUpstream;
import io.modelgate.upstream.UpstreamBrokenException;
import io.modelgate.upstream.UpstreamCall;
import io.modelgate.upstream.UpstreamConnectException;
import io.modelgate.upstream.RelayTap;
import io.modelgate.policy.UpstreamKind;
import io.modelgate.upstream.UpstreamResponse;
import io.modelgate.upstream.UpstreamTimeoutException;
import io.modelgate.upstream.UpstreamTransport;
import io.modelgate.upstream.credential.UpstreamAuthException;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Sends a call to a model's deployments in order, failing over while nothing has reached the caller,
 * and relays the chosen response as it arrives: status, headers, then the body chunk by chunk
 * (server-sent events included) with back-pressure. A caller who goes away cancels the upstream call.
 */
@Singleton
public class UpstreamRelay {

    private static final Logger LOG = Logger.getLogger(UpstreamRelay.class);
    /** Fresh-connection retries per deployment after a pooled connection closed before any response. */
    private static final int STALE_CONNECTION_RETRIES = 2;
    /** Response headers that describe one hop, or must not be passed from an upstream to callers. */
    private static final MultiMap NOT_RELAYED = names("connection", "keep-alive", "transfer-encoding", "te",
            "trailer", "upgrade", "proxy-authenticate", "proxy-connection", "set-cookie", "server", "date");

    private final Map<UpstreamKind, UpstreamTransport> transports;
    private final GatewayMetrics metrics;

    UpstreamRelay(HttpUpstream http, MockUpstream mock, GatewayMetrics metrics) {
        this.transports = Map.of(UpstreamKind.OPENAI, http, UpstreamKind.AZURE, http, UpstreamKind.ANTHROPIC, http,
                UpstreamKind.MOCK, mock);
        this.metrics = metrics;
    }

    /** Relays the call; the returned future completes once the response to the caller has ended. */
    public Future<Void> relay(RoutingContext ctx, String model, List<Deployment> ordered, UpstreamCall call, RelayTap.Factory taps) {
        if (ordered.isEmpty()) {
            return Future.failedFuture(new GatewayException(ErrorKind.UPSTREAM_UNAVAILABLE,
                    "Model '" + model + "' has no deployment configured. Ask an operator to add one."));
        }
        return new Attempts(ctx, model, ordered, call, taps).attempt(0, 0);
    }

    /** One call's way through its deployments. */
    private final class Attempts {
        private final RoutingContext ctx;
        private final String model;
        private final List<Deployment> ordered;
        private final UpstreamCall call;
        private final RelayTap.Factory taps;

        Attempts(RoutingContext ctx, String model, List<Deployment> ordered, UpstreamCall call, RelayTap.Factory taps) {
            this.ctx = ctx;
            this.model = model;
            this.ordered = ordered;
            this.call = call;
            this.taps = taps;
        }

        private Future<Void> attempt(int index, int staleRetries) {
            Deployment deployment = ordered.get(index);
            boolean lastChance = index == ordered.size() - 1;
            long started = System.nanoTime();
            return transports.get(deployment.kind()).send(deployment, call)
                    .onSuccess(head -> {
                        metrics.upstreamLatency(model, deployment.label(), Duration.ofNanos(System.nanoTime() - started));
                        ctx.put(CallFacts.UPSTREAM, deployment.label());
                    })
                    .recover(failure -> {
                        if (failure instanceof UpstreamConnectException stale && stale.staleConnection() && staleRetries < STALE_CONNECTION_RETRIES
                                && !callerGone(ctx)) {
                            LOG.debugf("Retrying %s: %s", deployment.label(), failure.getMessage());
                            return attempt(index, staleRetries + 1).map(v -> (UpstreamResponse) null);
                        }
                        if (failure instanceof UpstreamConnectException && !lastChance && !callerGone(ctx)) {
                            LOG.warnf("Failing over from %s: %s", deployment.label(), failure.getMessage());
                            return attempt(index + 1, 0).map(v -> (UpstreamResponse) null);
                        }
                        return Future.failedFuture(toGatewayException(model, failure));
                    })
                    .compose(response -> {
                        if (response == null) {
                            return Future.succeededFuture(); // a later attempt answered the caller
                        }
                        if (callerGone(ctx)) {
                            response.cancel();
                            return Future.succeededFuture();
                        }
                        if (response.status() >= 500 && !lastChance) {
                            LOG.warnf("Failing over from %s: it answered %d", deployment.label(), response.status());
                            response.discard();
                            return attempt(index + 1, 0);
                        }
                        GatewayException mapped = mapStatus(model, deployment, response.status());
                        if (mapped != null) {
                            response.discard();
                            copyRetryAfter(response.headers(), ctx.response());
                            return Future.failedFuture(mapped);
                        }
                        return pipe(ctx, response, taps.open(deployment, response));
                    });
        }
    }

    /**
     * Copies the upstream response to the caller chunk by chunk, pausing the upstream while the caller's
     * write queue is full. A caller who leaves cancels the upstream exchange, but only while it is still
     * running: once the upstream response has ended (or failed) its pooled connection may already serve another call.
     */
    private static Future<Void> pipe(RoutingContext ctx, UpstreamResponse response, RelayTap tap) {
        HttpServerResponse out = ctx.response();
        out.setStatusCode(response.status());
        response.headers().forEach(header -> {
            if (!NOT_RELAYED.contains(header.getKey()) && !LimitGate.replaced(ctx, header.getKey())) {
                out.headers().add(header.getKey(), header.getValue());
            }
        });
        if (!out.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
            out.setChunked(true);
        }
        Promise<Void> relayed = Promise.promise();
        ReadStream<Buffer> body = response.body();
        // over once its body ended or failed (cut for silence, reset by the upstream): then there is nothing to cancel
        boolean[] upstreamOver = {false};
        out.closeHandler(v -> {
            if (!upstreamOver[0]) {
                response.cancel();
            }
            relayed.tryFail(new IllegalStateException("the caller went away"));
        });
        body.exceptionHandler(failure -> {
            upstreamOver[0] = true;
            relayed.tryFail(failure instanceof UpstreamTimeoutException
                    ? new GatewayException(ErrorKind.UPSTREAM_TIMEOUT, "The upstream fell silent mid-answer.") : failure);
        });
        body.handler(chunk -> {
            if (out.closed() || out.ended()) {
                return;
            }
            Buffer passed = tap.chunk(chunk);
            if (passed == null || passed.length() == 0) {
                return;
            }
            out.write(passed);
            if (out.writeQueueFull()) {
                body.pause();
                out.drainHandler(v -> body.resume());
            }
        });
        body.endHandler(v -> {
            upstreamOver[0] = true;
            Buffer rest = tap.end();
            if (!out.closed() && !out.ended()) {
                (rest == null || rest.length() == 0 ? out.end() : out.end(rest)).onComplete(relayed);
            } else {
                relayed.tryComplete();
            }
        });
        body.resume();
        return relayed.future();
    }

    /** A set of header names looked up as headers are: hashed case-insensitively, nothing allocated per lookup. */
    private static MultiMap names(String... names) {
        MultiMap set = MultiMap.caseInsensitiveMultiMap();
        for (String name : names) {
            set.add(name, "");
        }
        return set;
    }

    /** Upstream answers the caller must not see as such; null when the response is relayed unchanged. */
    private static GatewayException mapStatus(String model, Deployment deployment, int status) {
        if (status == 401 || status == 403) {
            LOG.warnf("%s refused Modelgate's credentials (%d)", deployment.label(), status);
            return new GatewayException(ErrorKind.UPSTREAM_ERROR, "The upstream of model '" + model
                    + "' refused Modelgate's credentials. This is a gateway configuration problem; tell an operator.");
        }
        if (status == 429) {
            return new GatewayException(ErrorKind.UPSTREAM_RATE_LIMITED, "The upstream of model '" + model
                    + "' is rate limiting requests. Retry after a pause.");
        }
        if (status == 504) {
            return new GatewayException(ErrorKind.UPSTREAM_TIMEOUT, "The upstream of model '" + model + "' timed out.");
        }
        if (status >= 500) {
            return new GatewayException(ErrorKind.UPSTREAM_ERROR, "The upstream of model '" + model + "' failed (HTTP "
                    + status + "). Retry later.");
        }
        return null;
    }

    private static void copyRetryAfter(MultiMap upstreamHeaders, HttpServerResponse out) {
        String retryAfter = upstreamHeaders.get("Retry-After");
        if (retryAfter != null && !out.headWritten()) {
            out.putHeader("Retry-After", retryAfter);
        }
    }

    private static GatewayException toGatewayException(String model, Throwable failure) {
        if (failure instanceof GatewayException e) {
            return e;
        }
        if (failure instanceof UpstreamAuthException auth) {
            return new GatewayException(ErrorKind.UPSTREAM_AUTH_ERROR, "Modelgate could not authenticate to the upstream of model '"
                    + model + "' with credential '" + auth.credential() + "': " + auth.getMessage()
                    + ". This is a gateway configuration problem; tell an operator.");
        }
        if (failure instanceof UpstreamTimeoutException) {
            return new GatewayException(ErrorKind.UPSTREAM_TIMEOUT, "The upstream of model '" + model
                    + "' did not answer in time.");
        }
        if (failure instanceof UpstreamConnectException || failure instanceof UpstreamBrokenException) {
            LOG.warnf("Upstream of %s unavailable: %s", model, failure.getMessage());
            return new GatewayException(ErrorKind.UPSTREAM_UNAVAILABLE, "No upstream of model '" + model
                    + "' could be reached. Retry later.");
        }
        LOG.errorf(failure, "Unexpected upstream failure for %s", model);
        return new GatewayException(ErrorKind.UPSTREAM_ERROR, "The call to the upstream of model '" + model + "' failed.");
    }

    private static boolean callerGone(RoutingContext ctx) {
        return ctx.response().closed();
    }
}

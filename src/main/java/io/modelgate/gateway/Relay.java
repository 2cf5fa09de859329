package io.modelgate.gateway;

import io.modelgate.error.ErrorKind;
import io.modelgate.error.GatewayException;
import io.modelgate.telemetry.CallTrace;
import io.modelgate.upstream.Deployment;
import io.modelgate.upstream.UpstreamBrokenException;
import io.modelgate.upstream.UpstreamCall;
import io.modelgate.upstream.UpstreamConnectException;
import io.modelgate.upstream.UpstreamResponse;
import io.modelgate.upstream.UpstreamTimeoutException;
import io.modelgate.upstream.credential.UpstreamAuthException;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.streams.ReadStream;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * The relay stage: sends a call to its deployments in order — each through the transport its deployment was compiled
 * with — failing over while nothing has reached the caller, and relays the chosen answer as it arrives: status,
 * headers, then the body chunk by chunk (server-sent events included) with back-pressure, through the call's
 * {@link AnswerWatches}. A caller who goes away cancels the upstream exchange.
 */
@Singleton
final class Relay {

    private static final Logger LOG = Logger.getLogger(Relay.class);
    /** Fresh-connection retries per deployment after a pooled connection closed before any response. */
    private static final int STALE_CONNECTION_RETRIES = 2;
    /** Response headers that describe one hop, or must not be passed from an upstream to callers. */
    private static final MultiMap NOT_RELAYED = names("connection", "keep-alive", "transfer-encoding", "te",
            "trailer", "upgrade", "proxy-authenticate", "proxy-connection", "set-cookie", "server", "date");

    /** How a relay ended that did not fail. */
    sealed interface Relayed permits Relayed.Answered, Relayed.CallerLeft {
        /** The caller got the answer of {@code deployment}, to its end. */
        record Answered(Deployment deployment) implements Relayed {
        }

        /** The caller left before an answer was chosen; the upstream exchange was cancelled. */
        record CallerLeft() implements Relayed {
        }
    }

    private final GatewayMetrics metrics;

    Relay(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    /** Relays the call; completes once the answer to the caller has ended, fails with the caller's error. */
    Future<Relayed> send(Call call, String model, List<Deployment> ordered, UpstreamCall upstreamCall, AnswerWatches watches) {
        if (ordered.isEmpty()) {
            return Future.failedFuture(new GatewayException(ErrorKind.UPSTREAM_UNAVAILABLE,
                    "Model '" + model + "' has no deployment configured. Ask an operator to add one."));
        }
        return new Attempts(call, model, ordered, upstreamCall).attempt(0, 0).compose(attempt -> {
            if (attempt instanceof Chosen chosen) {
                return pipe(call, chosen.response(), watches.open(chosen.deployment(), chosen.response()))
                        .map(new Relayed.Answered(chosen.deployment()));
            }
            return Future.succeededFuture(new Relayed.CallerLeft());
        });
    }

    /** What trying the deployments came to, short of a failure. */
    private sealed interface Attempt permits Chosen, Abandoned {
    }

    /** The answer to relay: a deployment's response, head arrived, body not yet read. */
    private record Chosen(Deployment deployment, UpstreamResponse response) implements Attempt {
    }

    /** The caller left while the upstream was being asked. */
    private record Abandoned() implements Attempt {
    }

    /** One call's way through its deployments. */
    private final class Attempts {
        private final Call call;
        private final String model;
        private final List<Deployment> ordered;
        private final UpstreamCall upstreamCall;

        Attempts(Call call, String model, List<Deployment> ordered, UpstreamCall upstreamCall) {
            this.call = call;
            this.model = model;
            this.ordered = ordered;
            this.upstreamCall = upstreamCall;
        }

        Future<Attempt> attempt(int index, int staleRetries) {
            Deployment deployment = ordered.get(index);
            boolean lastChance = index == ordered.size() - 1;
            long started = System.nanoTime();
            CallTrace.Attempt traced = call.trace == null ? null : CallSpans.attempt(call, deployment, started);
            return deployment.transport().send(deployment, traced == null ? upstreamCall : upstreamCall.traced(traced::writeHeaders)).transform(sent -> {
                if (sent.failed()) {
                    Throwable failure = sent.cause();
                    if (traced != null) {
                        traced.failed(failure.getClass().getSimpleName(), System.nanoTime());
                    }
                    if (failure instanceof UpstreamConnectException stale && stale.staleConnection()
                            && staleRetries < STALE_CONNECTION_RETRIES && !call.response().closed()) {
                        LOG.debugf("Retrying %s: %s", deployment.label(), failure.getMessage());
                        return attempt(index, staleRetries + 1);
                    }
                    if (failure instanceof UpstreamConnectException && !lastChance && !call.response().closed()) {
                        LOG.warnf("Failing over from %s: %s", deployment.label(), failure.getMessage());
                        return attempt(index + 1, 0);
                    }
                    return Future.failedFuture(toGatewayException(model, failure));
                }
                UpstreamResponse response = sent.result();
                long answered = System.nanoTime();
                metrics.upstreamLatency(model, deployment.label(), answered - started);
                if (traced != null) {
                    traced.answered(response.status());
                }
                call.answeredBy(deployment);
                if (call.response().closed()) {
                    response.cancel();
                    return Future.succeededFuture(new Abandoned());
                }
                if (response.status() >= 500 && !lastChance) {
                    LOG.warnf("Failing over from %s: it answered %d", deployment.label(), response.status());
                    if (traced != null) {
                        traced.givenUp(answered);
                    }
                    response.discard();
                    return attempt(index + 1, 0);
                }
                GatewayException mapped = mapStatus(model, deployment, response.status());
                if (mapped != null) {
                    response.discard();
                    copyRetryAfter(response.headers(), call.response());
                    return Future.failedFuture(mapped);
                }
                return Future.succeededFuture(new Chosen(deployment, response));
            });
        }
    }

    /**
     * Copies the upstream response to the caller chunk by chunk, pausing the upstream while the caller's write queue is
     * full. A caller who leaves cancels the upstream exchange, but only while it is still running: once the upstream
     * response has ended (or failed) its pooled connection may already serve another call.
     */
    private static Future<Void> pipe(Call call, UpstreamResponse response, AnswerWatch watch) {
        HttpServerResponse out = call.response();
        out.setStatusCode(response.status());
        boolean rewritten = watch.rewrites();
        response.headers().forEach(header -> {
            if (!NOT_RELAYED.contains(header.getKey()) && !Admit.replaced(call, header.getKey())
                    && !(rewritten && "content-length".equalsIgnoreCase(header.getKey()))) {
                out.headers().add(header.getKey(), header.getValue());
            }
        });
        // Without a length, the answer goes chunked from its first piece on; one handed over whole at the end (a
        // translated answer, a short stream that arrived in one read) goes with its length, as the upstream's would
        boolean lengthKnown = out.headers().contains(HttpHeaders.CONTENT_LENGTH);
        Promise<Void> relayed = Promise.promise();
        ReadStream<Buffer> body = response.body();
        // over once its body ended or failed (cut for silence, reset by the upstream): then there is nothing to cancel
        boolean[] upstreamOver = {false};
        out.closeHandler(v -> {
            if (!upstreamOver[0]) {
                response.cancel();
            }
            if (out.ended()) { // the whole answer was handed to the connection before the caller closed it
                relayed.tryComplete();
            } else {
                relayed.tryFail(new IllegalStateException("the caller went away"));
            }
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
            Buffer passed = watch.chunk(chunk);
            if (passed == null || passed.length() == 0) {
                return;
            }
            call.answerStarts();
            if (!lengthKnown && !out.isChunked()) {
                out.setChunked(true);
            }
            out.write(passed);
            if (out.writeQueueFull()) {
                body.pause();
                out.drainHandler(v -> body.resume());
            }
        });
        body.endHandler(v -> {
            upstreamOver[0] = true;
            Buffer rest = watch.end();
            if (!out.closed() && !out.ended()) {
                call.answerStarts();
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

    /** Upstream answers the caller must not see as such; null when the answer is relayed unchanged. */
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
}

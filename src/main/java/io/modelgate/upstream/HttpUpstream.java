package io.modelgate.upstream;

import io.modelgate.policy.Api;
import io.modelgate.policy.ApiFamily;
import io.modelgate.policy.UpstreamKind;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.streams.ReadStream;
import io.modelgate.upstream.credential.UpstreamTokens;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Calls OpenAI-compatible, Azure OpenAI and Anthropic upstreams over HTTP with pooled, keep-alive, non-blocking
 * clients. The deployment's key is added here; nothing of the caller's credentials is.
 *
 * <p>Each event loop has a client (and so a connection pool) of its own, as Envoy's workers do: Vert.x's
 * pool hands out whichever idle connection was used last, whatever event loop it lives on, and a request
 * served on one loop but relayed over a connection of another crosses threads four times (stream set-up,
 * request write, response, flow-control ack), each a wake-up of the other loop. With one pool per loop the
 * whole exchange stays on the thread that received the caller's request.
 */
@Singleton
public class HttpUpstream implements UpstreamTransport {

    private static final String ANTHROPIC_VERSION = ApiFamily.ANTHROPIC_VERSION;
    /** One of Netty's pooled chunks (1 MiB with {@code quarkus.netty.allocator-max-order=7}): the most sent at once. */
    static final int BODY_PIECE = PooledByteBufAllocator.defaultPageSize() << PooledByteBufAllocator.defaultMaxOrder();

    /** The client of the event loop a call is made on; calls from other threads share {@link #otherThreads}. */
    private final ThreadLocal<HttpClient> eventLoopClient;
    private final HttpClient otherThreads;
    private final Set<HttpClient> clients = ConcurrentHashMap.newKeySet();
    private final UpstreamTokens tokens;
    /** The bodies being watched for silence, per event loop (see {@link SilenceWatch}). */
    private final ThreadLocal<SilenceWatch.Sweep> sweeps;

    HttpUpstream(Vertx vertx, UpstreamConfig config, UpstreamTokens tokens) {
        this.tokens = tokens;
        this.sweeps = ThreadLocal.withInitial(() -> new SilenceWatch.Sweep(vertx));
        HttpClientOptions options = new HttpClientOptions()
                .setKeepAlive(true)
                .setTcpNoDelay(true)
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setDecompressionSupported(false)
                .setVerifyHost(true);
        PoolOptions pool = new PoolOptions().setHttp1MaxSize(config.maxConnectionsPerHost());
        Supplier<HttpClient> newClient = () -> {
            HttpClient client = vertx.httpClientBuilder().with(options).with(pool).build();
            clients.add(client);
            return client;
        };
        this.eventLoopClient = ThreadLocal.withInitial(newClient);
        this.otherThreads = newClient.get();
    }

    @PreDestroy
    void close() {
        clients.forEach(HttpClient::close);
    }

    private HttpClient client() {
        return Context.isOnEventLoopThread() ? eventLoopClient.get() : otherThreads;
    }

    @Override
    public Future<UpstreamResponse> send(Deployment deployment, UpstreamCall call) {
        if (deployment.credential().isEmpty()) {
            return send(deployment, call, null);
        }
        Future<Optional<String>> secret = tokens.secretFor(deployment.credential().get());
        if (secret.succeeded()) { // a static key, or a token still fresh: no future to wait on
            return send(deployment, call, secret.result().orElse(null));
        }
        return secret.compose(credentialSecret -> send(deployment, call, credentialSecret.orElse(null)));
    }

    /** Sends the call with the credential's secret ({@code null}: without authentication). */
    private Future<UpstreamResponse> send(Deployment deployment, UpstreamCall call, String credentialSecret) {
        // Vert.x times the silence before the response head; Response's watch times it between body chunks
        long silenceMs = (call.stream() ? deployment.streamTimeout() : deployment.readTimeout()).toMillis();
        RequestOptions options = target(deployment, call)
                .setMethod(call.endpoint().method())
                .setConnectTimeout(deployment.connectTimeout().toMillis())
                .setIdleTimeout(silenceMs);
        return client().request(options).compose(request -> {
            call.passedHeaders(request::putHeader);
            if (call.contentType() != null) {
                request.putHeader(HttpHeaders.CONTENT_TYPE, call.contentType());
            }
            request.putHeader("X-Request-Id", call.requestId());
            if (call.traceHeaders() != null) {
                call.traceHeaders().accept(request.headers());
            }
            if (deployment.kind() == UpstreamKind.ANTHROPIC && !call.callerSent(ANTHROPIC_VERSION)) {
                request.putHeader(ANTHROPIC_VERSION, deployment.apiVersion());
            }
            if (credentialSecret != null) {
                authenticate(deployment, request, credentialSecret);
            }
            Buffer body = call.body(deployment);
            return (body == null ? request.send() : send(request, body)).compose(response -> {
                response.pause();
                return Future.succeededFuture(new Response(request, response, silenceMs, deployment.label()));
            }, failure -> Future.failedFuture(classify(deployment, failure, false)));
        }, failure -> Future.failedFuture(classify(deployment, failure, true)));
    }

    /**
     * Sends a body. The socket writes from direct memory, so Netty copies a heap body into a direct buffer on its way
     * out; a body larger than a pooled chunk would get a new unpooled one (zeroed, then freed by a cleaner: 4 % of the
     * gateway's CPU in a profile of 400 KB prompts with Quarkus's 64 KiB chunks), so such a body is written in pieces that
     * each fit a pooled one. A body that fits one is written at once (each piece is a write system call of its own).
     */
    static Future<HttpClientResponse> send(HttpClientRequest request, Buffer body) {
        int length = body.length();
        if (length <= BODY_PIECE) {
            return request.send(body);
        }
        request.putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(length));
        for (int at = 0; at < length; at += BODY_PIECE) {
            request.write(body.slice(at, Math.min(length, at + BODY_PIECE)));
        }
        request.end();
        return request.response();
    }

    /**
     * Where an operation goes: OpenAI paths below the base URL (which ends in {@code /v1}), Azure's deployment
     * paths (its Responses API under {@code /openai/v1}), Anthropic's {@code /v1/...} below its base URL. Built from
     * the base URL the snapshot already parsed, so no URL is parsed per request.
     */
    static RequestOptions target(Deployment deployment, UpstreamCall call) {
        URI base = deployment.baseUrl();
        boolean ssl = "https".equalsIgnoreCase(base.getScheme());
        String basePath = base.getRawPath() == null ? "" : base.getRawPath();
        String operation = call.endpoint().path(call.responseId() == null ? null : URLEncoder.encode(call.responseId(), StandardCharsets.UTF_8));
        String query = call.query() == null || call.query().isEmpty() ? "" : "?" + call.query();
        String path = switch (deployment.kind()) {
            case AZURE -> call.endpoint().api() == Api.RESPONSES
                    ? basePath + "/openai/v1/" + operation + query
                    : basePath + "/openai/deployments/" + URLEncoder.encode(deployment.upstreamModel(), StandardCharsets.UTF_8)
                            + "/" + operation + "?api-version=" + URLEncoder.encode(deployment.apiVersion(), StandardCharsets.UTF_8);
            case ANTHROPIC -> basePath + "/v1/" + operation + query;
            case OPENAI, MOCK -> basePath + "/" + operation + query;
        };
        return new RequestOptions()
                .setHost(base.getHost())
                .setPort(base.getPort() != -1 ? base.getPort() : ssl ? 443 : 80)
                .setSsl(ssl)
                .setURI(path);
    }

    /**
     * Static keys go where each vendor wants them: Azure OpenAI's in {@code api-key}, Anthropic's in
     * {@code x-api-key}; every token (an Anthropic-compatible endpoint behind an IdP too), and every other key,
     * in {@code Authorization}.
     */
    private static void authenticate(Deployment deployment, HttpClientRequest request, String secret) {
        boolean staticKey = deployment.credential().map(c -> c.key() != null).orElse(false);
        if (staticKey && deployment.kind() == UpstreamKind.AZURE) {
            request.putHeader("api-key", secret);
        } else if (staticKey && deployment.kind() == UpstreamKind.ANTHROPIC) {
            request.putHeader("x-api-key", secret);
        } else {
            request.putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + secret);
        }
    }

    /**
     * Failures while obtaining a connection mean nothing was sent, so the caller may fail over; after
     * the request went out, a silence is a timeout and anything else a broken exchange.
     */
    private static RuntimeException classify(Deployment deployment, Throwable failure, boolean connecting) {
        if (failure instanceof HttpClosedException) {
            // A pooled keep-alive connection closed under the request before any response: a stale connection.
            return new UpstreamConnectException(deployment.label(), failure, true);
        }
        if (connecting || failure instanceof ConnectException || failure instanceof ConnectTimeoutException) {
            return new UpstreamConnectException(deployment.label(), failure);
        }
        if (failure instanceof TimeoutException) {
            return new UpstreamTimeoutException(deployment.label());
        }
        return new UpstreamBrokenException(deployment.label(), failure);
    }

    private final class Response implements UpstreamResponse {
        private final HttpClientRequest request;
        private final HttpClientResponse response;
        private final long silenceMs;
        private final String deployment;
        private SilenceWatch silence;

        Response(HttpClientRequest request, HttpClientResponse response, long silenceMs, String deployment) {
            this.request = request;
            this.response = response;
            this.silenceMs = silenceMs;
            this.deployment = deployment;
        }

        @Override
        public int status() {
            return response.statusCode();
        }

        @Override
        public MultiMap headers() {
            return response.headers();
        }

        @Override
        public ReadStream<Buffer> body() {
            if (silence == null) {
                silence = SilenceWatch.watch(sweeps.get(), request, response, silenceMs, deployment);
            }
            return silence;
        }

        @Override
        public void cancel() {
            if (silence != null) {
                silence.stop();
            }
            response.exceptionHandler(ignored -> {
            }); // the reset below is expected; nothing to report
            request.reset();
        }

        @Override
        public void discard() {
            response.exceptionHandler(ignored -> {
            });
            response.handler(ignored -> {
            });
            response.resume();
        }
    }
}

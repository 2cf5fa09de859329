package io.modelgate.upstream;

import io.netty.channel.ConnectTimeoutException;
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
import io.modelgate.upstream.credential.CredentialSource;
import io.modelgate.upstream.credential.UpstreamTokens;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.ConnectException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * Calls OpenAI-compatible and Azure OpenAI upstreams over HTTP with one pooled, keep-alive,
 * non-blocking client. The deployment's key is added here; nothing of the caller's credentials is.
 */
@ApplicationScoped
public class HttpUpstream implements UpstreamTransport {

    private final HttpClient client;
    private final UpstreamTokens tokens;

    HttpUpstream(Vertx vertx, UpstreamConfig config, UpstreamTokens tokens) {
        this.tokens = tokens;
        HttpClientOptions options = new HttpClientOptions()
                .setKeepAlive(true)
                .setTcpNoDelay(true)
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setDecompressionSupported(false)
                .setVerifyHost(true);
        this.client = vertx.httpClientBuilder()
                .with(options)
                .with(new PoolOptions().setHttp1MaxSize(config.maxConnectionsPerHost()))
                .build();
    }

    @PreDestroy
    void close() {
        client.close();
    }

    @Override
    public Future<UpstreamResponse> send(Deployment deployment, UpstreamCall call) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(url(deployment, call.endpoint()))
                .setConnectTimeout(deployment.connectTimeout().toMillis())
                .setIdleTimeout(deployment.readTimeout().toMillis());
        Future<Optional<String>> secret = deployment.credential().map(tokens::secretFor)
                .orElseGet(() -> Future.succeededFuture(Optional.empty()));
        return secret.compose(credentialSecret -> client.request(options)
                .recover(failure -> Future.failedFuture(classify(deployment, failure, true)))
                .compose(request -> {
                    request.headers().setAll(call.headers());
                    request.putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
                    request.putHeader("X-Request-Id", call.requestId());
                    credentialSecret.ifPresent(value -> authenticate(deployment, request, value));
                    return request.send(call.body(deployment))
                            .<UpstreamResponse>map(response -> {
                                response.pause();
                                return new Response(request, response);
                            })
                            .recover(failure -> Future.failedFuture(classify(deployment, failure, false)));
                }));
    }

    /** The upstream URL of an operation: OpenAI paths below the base URL, or Azure's deployment paths. */
    static String url(Deployment deployment, Endpoint endpoint) {
        String base = deployment.baseUrl().toString();
        if (deployment.kind() == UpstreamKind.AZURE) {
            return base + "/openai/deployments/" + URLEncoder.encode(deployment.upstreamModel(), StandardCharsets.UTF_8)
                    + "/" + endpoint.path() + "?api-version="
                    + URLEncoder.encode(deployment.apiVersion(), StandardCharsets.UTF_8);
        }
        return base + "/" + endpoint.path();
    }

    /** Azure OpenAI takes static keys in {@code api-key}; every token, and every other key, goes in {@code Authorization}. */
    private static void authenticate(Deployment deployment, HttpClientRequest request, String secret) {
        boolean azureKey = deployment.kind() == UpstreamKind.AZURE
                && deployment.credential().map(c -> c.source() instanceof CredentialSource.ApiKey).orElse(false);
        if (azureKey) {
            request.putHeader("api-key", secret);
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

    private record Response(HttpClientRequest request, HttpClientResponse response) implements UpstreamResponse {
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
            return response;
        }

        @Override
        public void cancel() {
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

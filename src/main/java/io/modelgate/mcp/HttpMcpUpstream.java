package io.modelgate.mcp;

import io.modelgate.snapshot.ServedMcpServer;
import io.modelgate.upstream.UpstreamBrokenException;
import io.modelgate.upstream.UpstreamConnectException;
import io.modelgate.upstream.UpstreamConfig;
import io.modelgate.upstream.UpstreamResponse;
import io.modelgate.upstream.UpstreamTimeoutException;
import io.modelgate.upstream.credential.UpstreamTokens;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.streams.ReadStream;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.net.URI;
import java.util.concurrent.TimeoutException;

/**
 * MCP servers over Streamable HTTP, with a pooled keep-alive client. The server's credential is added here: a static
 * key in the server's {@code auth_header} (else {@code Authorization: Bearer}), a token the gateway obtained (or
 * exchanged the caller's token for) in {@code Authorization}. A call's silence is bounded by the server's timeout — before the answer's head and between
 * the events of a streamed one.
 */
@Singleton
class HttpMcpUpstream implements McpUpstream {

    private final HttpClient client;
    private final UpstreamTokens tokens;

    HttpMcpUpstream(Vertx vertx, UpstreamConfig config, UpstreamTokens tokens) {
        this.tokens = tokens;
        this.client = vertx.httpClientBuilder()
                .with(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true).setDecompressionSupported(false)
                        .setConnectTimeout((int) config.connectTimeout().toMillis()))
                .with(new PoolOptions().setHttp1MaxSize(config.maxConnectionsPerHost()))
                .build();
    }

    @PreDestroy
    void close() {
        client.close();
    }

    @Override
    public Future<UpstreamResponse> send(ServedMcpServer server, CharSequence callerToken, HttpMethod method, MultiMap headers, Buffer body) {
        if (server.credential().isEmpty()) {
            return send(server, method, headers, body, null);
        }
        boolean staticKey = server.credential().get().key() != null;
        return tokens.secretFor(server.credential().get(), callerToken).compose(secret -> send(server, method, headers, body,
                secret.map(value -> staticKey && server.authHeader() != null ? new String[] {server.authHeader(), value}
                        : new String[] {HttpHeaders.AUTHORIZATION.toString(), "Bearer " + value}).orElse(null)));
    }

    private Future<UpstreamResponse> send(ServedMcpServer server, HttpMethod method, MultiMap headers, Buffer body, String[] credential) {
        URI url = server.url();
        boolean ssl = "https".equalsIgnoreCase(url.getScheme());
        String path = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        RequestOptions options = new RequestOptions().setMethod(method).setHost(url.getHost())
                .setPort(url.getPort() != -1 ? url.getPort() : ssl ? 443 : 80).setSsl(ssl).setURI(path)
                .setIdleTimeout(server.timeout().toMillis());
        return client.request(options).compose(request -> {
            request.headers().addAll(headers);
            if (credential != null) {
                request.putHeader(credential[0], credential[1]);
            }
            Future<HttpClientResponse> sent = body == null ? request.send() : request.send(body);
            return sent.<UpstreamResponse>map(response -> {
                response.pause();
                return new Answer(request, response);
            }).recover(failure -> Future.failedFuture(classify(server, failure, false)));
        }, failure -> Future.failedFuture(classify(server, failure, true)));
    }

    private static RuntimeException classify(ServedMcpServer server, Throwable failure, boolean connecting) {
        if (connecting) {
            return new UpstreamConnectException(server.name(), failure);
        }
        return failure instanceof TimeoutException ? new UpstreamTimeoutException(server.name())
                : new UpstreamBrokenException(server.name(), failure);
    }

    private record Answer(HttpClientRequest request, HttpClientResponse response) implements UpstreamResponse {
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
            });
            request.reset();
        }

        @Override
        public void discard() {
            response.handler(ignored -> {
            });
            response.resume();
        }
    }
}

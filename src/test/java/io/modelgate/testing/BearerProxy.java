package io.modelgate.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;

import java.util.concurrent.TimeUnit;

/**
 * A reverse proxy in front of the gateway that adds a bearer token to every request and passes everything else —
 * Host and Origin included — and every answer (server-sent events as they stream) unchanged: for clients that cannot
 * send a token themselves, such as the MCP conformance suite.
 */
public final class BearerProxy implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final HttpClient client;

    public BearerProxy(int targetPort, String token) throws Exception {
        client = vertx.createHttpClient();
        server = vertx.createHttpServer().requestHandler(in -> {
            in.pause();
            RequestOptions options = new RequestOptions().setMethod(in.method()).setHost("127.0.0.1").setPort(targetPort).setURI(in.uri());
            client.request(options).onFailure(failure -> in.response().setStatusCode(502).end()).onSuccess(out -> {
                in.headers().forEach(header -> out.putHeader(header.getKey(), header.getValue()));
                out.putHeader("Authorization", "Bearer " + token);
                out.setChunked(!in.headers().contains("Content-Length"));
                out.response().onFailure(failure -> in.response().setStatusCode(502).end()).onSuccess(answer -> {
                    in.response().setStatusCode(answer.statusCode());
                    answer.headers().forEach(header -> in.response().putHeader(header.getKey(), header.getValue()));
                    if (!answer.headers().contains("Content-Length")) {
                        in.response().setChunked(true);
                    }
                    answer.pipeTo(in.response());
                });
                in.pipeTo(out);
            });
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    public int port() {
        return server.actualPort();
    }

    @Override
    public void close() {
        vertx.close();
    }
}

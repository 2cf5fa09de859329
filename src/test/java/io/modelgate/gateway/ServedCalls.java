package io.modelgate.gateway;

import io.modelgate.snapshot.PolicySnapshot;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A stage under test on a real HTTP exchange, without Quarkus: a Vert.x server whose one route turns each request into
 * a {@link Call} (as the data-plane routes do) and hands it to the test's handler, and a client to send it requests.
 */
final class ServedCalls implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ServedCalls(PolicySnapshot snapshot, Consumer<Call> handler) throws Exception {
        Router router = Router.router(vertx);
        router.route().handler(exchange -> handler.accept(new Call("chat", Render.shapeOf(exchange.request()), exchange, snapshot)));
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    /** Serves every request as a call against {@code snapshot} (null: no policy loaded yet). */
    static ServedCalls serving(PolicySnapshot snapshot, Consumer<Call> handler) throws Exception {
        return new ServedCalls(snapshot, handler);
    }

    Vertx vertx() {
        return vertx;
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path)).timeout(Duration.ofSeconds(10));
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body) throws Exception {
        return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}

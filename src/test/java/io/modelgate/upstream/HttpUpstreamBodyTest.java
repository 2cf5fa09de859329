package io.modelgate.upstream;

import io.netty.buffer.Unpooled;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Bodies reach the upstream byte for byte, with their length declared, whether sent whole or in pieces. */
class HttpUpstreamBodyTest {

    private static Vertx vertx;
    private static HttpServer server;
    private static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        // answers "<content-length header>|<transfer-encoding header>|<bytes received>|<sha-256>"
        server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> request.response()
                .end(request.getHeader("Content-Length") + "|" + request.getHeader("Transfer-Encoding") + "|"
                        + body.length() + "|" + sha256(body.getBytes())))).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        client = vertx.createHttpClient();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aSmallBodyIsSentWhole() throws Exception {
        byte[] body = "{\"model\":\"m\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals(body.length + "|null|" + body.length + "|" + sha256(body), post(Buffer.buffer(body)));
    }

    @Test
    void aBodyLargerThanAPooledChunkArrivesWholeInPieces() throws Exception {
        byte[] head = new byte[2 * HttpUpstream.BODY_PIECE + 123];
        byte[] model = "\"renamed\"".getBytes(StandardCharsets.UTF_8);
        byte[] tail = new byte[HttpUpstream.BODY_PIECE - 7];
        Random random = new Random(42);
        random.nextBytes(head);
        random.nextBytes(tail);
        // as the gateway forwards a spliced body: slices of the caller's bytes around the new model name
        Buffer body = Buffer.buffer(Unpooled.wrappedBuffer(Unpooled.wrappedBuffer(head), Unpooled.wrappedBuffer(model),
                Unpooled.wrappedBuffer(tail)));
        byte[] expected = body.getBytes();
        assertEquals(expected.length + "|null|" + expected.length + "|" + sha256(expected), post(body));
    }

    private static String post(Buffer body) throws Exception {
        return client.request(HttpMethod.POST, server.actualPort(), "127.0.0.1", "/")
                .compose(request -> HttpUpstream.send(request, body))
                .compose(HttpClientResponse::body)
                .map(Buffer::toString)
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

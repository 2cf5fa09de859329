package io.modelgate.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelgate.translate.SseEvents;
import io.modelgate.error.ErrorKind;
import io.modelgate.error.GatewayException;
import io.modelgate.upstream.UpstreamResponse;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import java.util.function.Consumer;

/**
 * An MCP server's answer to the caller: status and the headers that mean something to an MCP client, then the body
 * as it arrives (JSON, or server-sent events streamed through event by event), or — for an answer the gateway must
 * rewrite, a list — whole, rewritten. A caller who leaves cancels the upstream exchange.
 */
final class McpRelay {

    /** Rewrites a whole answer: its bytes and whether they are server-sent events, to the bytes the caller gets. */
    interface Rewrite extends BiFunction<byte[], Boolean, byte[]> {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private McpRelay() {
    }

    /**
     * @param head    sets further headers of the caller's answer (a sealed session) once the upstream's head is known
     * @param rewrite null: the body streams through as it comes
     */
    static void relay(McpGate gate, RoutingContext exchange, String server, JsonNode id, Future<UpstreamResponse> sent,
            Consumer<UpstreamResponse> head, Rewrite rewrite) {
        relay(gate, exchange, server, id, sent, head, rewrite, null);
    }

    /**
     * As above; with {@code eachMessage}, a stream's messages that carry a method (the server's requests and
     * notifications) are each rewritten as they come — without their event ids, which then name nothing to resume.
     */
    static void relay(McpGate gate, RoutingContext exchange, String server, JsonNode id, Future<UpstreamResponse> sent,
            Consumer<UpstreamResponse> head, Rewrite rewrite, UnaryOperator<ObjectNode> eachMessage) {
        sent.onFailure(failure -> gate.fail(exchange, id, failure)).onSuccess(answer -> {
            HttpServerResponse response = exchange.response();
            if (response.closed()) {
                answer.cancel();
                return;
            }
            if (answer.status() == 401 || answer.status() == 403) { // the server refused the gateway's credential, not the caller's
                answer.discard();
                gate.fail(exchange, id, new GatewayException(ErrorKind.UPSTREAM_AUTH_ERROR, "MCP server " + server
                        + " refused Modelgate's credentials (HTTP " + answer.status() + "). This is a gateway configuration problem;"
                        + " tell an operator."));
                return;
            }
            response.setStatusCode(answer.status());
            copy(answer.headers(), response, HttpHeaders.CONTENT_TYPE.toString(), HttpHeaders.CACHE_CONTROL.toString(),
                    McpEndpoint.PROTOCOL_VERSION, HttpHeaders.ALLOW.toString());
            head.accept(answer);
            if (answer.eventStream()) {
                response.putHeader("X-Accel-Buffering", "no");
            }
            if (rewrite != null && answer.status() / 100 == 2) {
                collect(answer).onFailure(failure -> gate.fail(exchange, id, failure))
                        .onSuccess(all -> response.end(Buffer.buffer(rewrite.apply(all.getBytes(), answer.eventStream()))));
                return;
            }
            if (eachMessage != null && answer.eventStream() && answer.status() / 100 == 2) {
                streamRewritten(answer, response, eachMessage);
                return;
            }
            if (answer.headers().get(HttpHeaders.CONTENT_LENGTH) == null) {
                response.setChunked(true);
            } else {
                response.putHeader(HttpHeaders.CONTENT_LENGTH, answer.headers().get(HttpHeaders.CONTENT_LENGTH));
            }
            response.closeHandler(closed -> answer.cancel());
            answer.body().pipe().endOnFailure(true).to(response);
        });
    }

    /** Events one by one, those carrying a method rewritten (only they are parsed), with the caller's pace respected. */
    private static void streamRewritten(UpstreamResponse answer, HttpServerResponse response, UnaryOperator<ObjectNode> eachMessage) {
        response.setChunked(true);
        response.closeHandler(closed -> answer.cancel());
        response.drainHandler(drained -> answer.body().resume());
        SseEvents events = new SseEvents();
        answer.body().handler(piece -> {
            events.feed(piece.getBytes(), (SseEvents.Handler) (name, data) -> {
                ObjectNode message = data.contains("\"method\"") ? message(data) : null; // only those are rewritten
                response.write(event(message == null ? data : eachMessage.apply(message)));
            });
            if (response.writeQueueFull()) {
                answer.body().pause();
            }
        }).exceptionHandler(failure -> response.reset()).endHandler(end -> response.end());
        answer.body().resume();
    }

    /** A JSON-RPC message as an event of the caller's stream. */
    static Buffer event(Object message) {
        return Buffer.buffer("event: message\ndata: " + message + "\n\n");
    }

    /** An event's data as a message; null when it is no JSON object (a priming event's empty data, say). */
    static ObjectNode message(String data) {
        try {
            return JSON.readTree(data) instanceof ObjectNode message ? message : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    /** The whole body of an answer. */
    static Future<Buffer> collect(UpstreamResponse answer) {
        Promise<Buffer> all = Promise.promise();
        Buffer buffer = Buffer.buffer();
        answer.body().handler(buffer::appendBuffer).exceptionHandler(all::tryFail).endHandler(v -> all.tryComplete(buffer));
        answer.body().resume();
        return all.future();
    }

    private static void copy(MultiMap from, HttpServerResponse to, String... names) {
        for (String name : names) {
            String value = from.get(name);
            if (value != null) {
                to.putHeader(name, value);
            }
        }
    }
}

package io.modelgate.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelgate.snapshot.ServedMcpServer;
import io.modelgate.translate.SseEvents;
import io.modelgate.upstream.UpstreamResponse;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.HashSet;

/**
 * The aggregate's own streams, each server's merged into one and every message renamed for {@code /mcp}
 * ({@link AggregateMessages}): a 2025-revision session's GET stream, and a 2026-07-28 {@code subscriptions/listen}
 * (one acknowledgement first, for what the servers agreed to together; one result last). Servers that offer no
 * stream are left out; with none, the caller is told so. The stream ends when every server's has; a caller who leaves
 * closes them all. Events carry no ids: one server's id would resume nothing on another.
 */
final class McpMergedStream {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACKNOWLEDGED = "notifications/subscriptions/acknowledged";

    private McpMergedStream() {
    }

    /** GET in a session: every member server's stream. */
    static void get(McpUpstream upstreams, RoutingContext http, McpGate.Visitor visitor, List<ServedMcpServer> servers,
            Map<String, String> upstreamSessions) {
        List<Future<UpstreamResponse>> asked = new ArrayList<>();
        for (ServedMcpServer server : servers) {
            MultiMap headers = McpEndpoint.upstreamHeaders(http, upstreamSessions.get(server.name()));
            headers.remove("Last-Event-ID");
            headers.set(HttpHeaders.ACCEPT, "text/event-stream");
            asked.add(upstreams.send(server, visitor.token(), HttpMethod.GET, headers, null));
        }
        merge(http, servers, asked, null, () -> McpGate.answer(http, 405, JsonRpc.error(null, JsonRpc.INVALID_REQUEST,
                "No MCP server of this session offers a stream")));
    }

    /**
     * {@code subscriptions/listen} (2026-07-28): asked of each server for what of the caller's filter is its own (a
     * server with nothing to listen for is not asked), resource URIs as that server knows them.
     */
    static void listen(McpUpstream upstreams, AggregateExchange exchange) {
        JsonRpc.Message message = exchange.message();
        JsonNode filter = message.params().path("notifications");
        List<ServedMcpServer> asked = new ArrayList<>();
        List<Future<UpstreamResponse>> answers = new ArrayList<>();
        for (ServedMcpServer server : exchange.servers()) {
            ObjectNode own = AggregateMessages.filterFor(server.name(), filter);
            if (own.isEmpty()) {
                continue;
            }
            ObjectNode request = message.tree().deepCopy();
            request.with("params").set("notifications", own);
            asked.add(server);
            answers.add(upstreams.send(server, exchange.visitor().token(), HttpMethod.POST, exchange.headers(server),
                    Buffer.buffer(request.toString())));
        }
        merge(exchange.http(), asked, answers, message.id(), () -> McpGate.answer(exchange.http(), 200, JsonRpc.error(message.id(),
                JsonRpc.INVALID_PARAMS, "No MCP server you may use offers what this subscription asks for")));
    }

    /** {@code listenId}: the {@code subscriptions/listen} request's id, null for a GET stream. */
    private static void merge(RoutingContext http, List<ServedMcpServer> servers, List<Future<UpstreamResponse>> asked, JsonNode listenId,
            Runnable noStream) {
        Future.join(asked).onComplete(done -> {
            List<UpstreamResponse> streams = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (int i = 0; i < asked.size(); i++) {
                UpstreamResponse answer = asked.get(i).succeeded() ? asked.get(i).result() : null;
                if (answer != null && answer.status() == 200 && answer.eventStream()) {
                    streams.add(answer);
                    names.add(servers.get(i).name());
                } else if (answer != null) {
                    answer.discard();
                }
            }
            HttpServerResponse response = http.response();
            if (streams.isEmpty() || response.closed()) {
                streams.forEach(UpstreamResponse::cancel);
                noStream.run();
                return;
            }
            response.setStatusCode(200).setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream")
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache").putHeader("X-Accel-Buffering", "no");
            response.closeHandler(closed -> streams.forEach(UpstreamResponse::cancel));
            Merged merged = new Merged(response, streams.size(), listenId);
            for (int i = 0; i < streams.size(); i++) {
                pipe(streams.get(i), names.get(i), merged);
            }
        });
    }

    private static void pipe(UpstreamResponse stream, String server, Merged merged) {
        SseEvents events = new SseEvents();
        stream.body().handler(piece -> events.feed(piece.getBytes(), (SseEvents.Handler) (name, data) -> {
            ObjectNode message = McpRelay.message(data);
            if (message != null) {
                merged.message(server, message);
            }
        })).exceptionHandler(failure -> merged.ended(server)).endHandler(end -> merged.ended(server));
        stream.body().resume();
    }

    /**
     * What the caller's stream has seen. For a listen: until every server acknowledged (or ended), what arrives waits;
     * then one acknowledgement goes first, for what the servers agreed to together; a server's own result is dropped
     * and one goes last.
     */
    private static final class Merged {
        private final HttpServerResponse response;
        private final JsonNode listenId;
        private final ObjectNode agreed = JSON.createObjectNode();
        private final List<ObjectNode> waiting = new ArrayList<>();
        /** Servers that acknowledged or ended: until all have, a listen's messages wait. */
        private final Set<String> settled = new HashSet<>();
        private final Set<String> ended = new HashSet<>();
        private final int servers;
        private boolean acknowledgementSent;

        Merged(HttpServerResponse response, int servers, JsonNode listenId) {
            this.response = response;
            this.servers = servers;
            this.listenId = listenId;
        }

        void message(String server, ObjectNode message) {
            if (listenId != null && ACKNOWLEDGED.equals(message.path("method").asText())) {
                AggregateMessages.agree(agreed, server, message.path("params").path("notifications"));
                settled.add(server);
                flushWhenAcknowledged();
            } else if (listenId != null && message.has("id") && !message.has("method")) {
                return; // the server's subscription ended; the caller's ends when all have
            } else if (listenId != null && settled.size() < servers) {
                waiting.add(AggregateMessages.fromServer(server, message));
            } else {
                write(AggregateMessages.fromServer(server, message));
            }
        }

        void ended(String server) {
            if (!ended.add(server)) {
                return;
            }
            settled.add(server);
            flushWhenAcknowledged();
            if (ended.size() == servers && !response.ended()) {
                if (listenId != null) {
                    write(JSON.createObjectNode().put("jsonrpc", "2.0").<ObjectNode>set("id", listenId)
                            .set("result", JSON.createObjectNode().put("resultType", "complete").set("_meta", JSON.createObjectNode())));
                }
                response.end();
            }
        }

        private void flushWhenAcknowledged() {
            if (listenId == null || settled.size() < servers || acknowledgementSent) {
                return;
            }
            acknowledgementSent = true;
            ObjectNode params = JSON.createObjectNode();
            params.set("notifications", agreed);
            params.putObject("_meta").set("io.modelcontextprotocol/subscriptionId", listenId);
            write(JSON.createObjectNode().put("jsonrpc", "2.0").put("method", ACKNOWLEDGED).set("params", params));
            waiting.forEach(this::write);
            waiting.clear();
        }

        private void write(ObjectNode message) {
            if (!response.ended()) {
                response.write(McpRelay.event(message));
            }
        }
    }
}

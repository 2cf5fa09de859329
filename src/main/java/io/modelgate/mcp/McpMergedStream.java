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

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The aggregate's own stream (GET {@code /mcp} in a 2025-revision session): the stream of every server of the
 * session, merged into one, each message renamed for {@code /mcp} ({@link AggregateMessages}). Servers that offer no
 * stream (405) are left out; with none, the caller gets the 405. It ends when every server's stream has; a caller who
 * leaves closes them all. Events carry no ids: one server's id would resume nothing on another, so a reconnecting
 * caller starts afresh.
 */
final class McpMergedStream {

    private static final ObjectMapper JSON = new ObjectMapper();

    private McpMergedStream() {
    }

    static void open(McpUpstream upstreams, RoutingContext http, McpGate.Visitor visitor, List<ServedMcpServer> servers,
            Map<String, String> upstreamSessions) {
        List<Future<UpstreamResponse>> asked = new ArrayList<>();
        for (ServedMcpServer server : servers) {
            MultiMap headers = McpEndpoint.upstreamHeaders(http.request(), upstreamSessions.get(server.name()));
            headers.remove("Last-Event-ID");
            headers.set(HttpHeaders.ACCEPT, "text/event-stream");
            asked.add(upstreams.send(server, visitor.token(), HttpMethod.GET, headers, null));
        }
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
                McpGate.answer(http, 405, JsonRpc.error(null, JsonRpc.INVALID_REQUEST, "No MCP server of this session offers a stream"));
                return;
            }
            response.setStatusCode(200).setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream")
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache").putHeader("X-Accel-Buffering", "no");
            response.closeHandler(closed -> streams.forEach(UpstreamResponse::cancel));
            int[] open = {streams.size()};
            for (int i = 0; i < streams.size(); i++) {
                pipe(streams.get(i), names.get(i), response, () -> {
                    if (--open[0] == 0 && !response.ended()) {
                        response.end();
                    }
                });
            }
        });
    }

    /** One server's events into the merged stream, renamed; {@code ended} when its stream ends or breaks. */
    private static void pipe(UpstreamResponse stream, String server, HttpServerResponse response, Runnable ended) {
        SseEvents events = new SseEvents();
        stream.body().handler(piece -> events.feed(piece.getBytes(), (SseEvents.Handler) (name, data) -> {
            ObjectNode message = parse(data);
            if (message != null && !response.ended()) {
                response.write(Buffer.buffer("event: message\ndata: " + AggregateMessages.fromServer(server, message) + "\n\n"));
            }
        })).exceptionHandler(failure -> ended.run()).endHandler(end -> ended.run());
        stream.body().resume();
    }

    private static ObjectNode parse(String data) {
        try {
            JsonNode node = JSON.readTree(data);
            return node instanceof ObjectNode object ? object : null;
        } catch (IOException notJson) {
            return null; // a priming event (empty data) or something that is not a message
        }
    }
}

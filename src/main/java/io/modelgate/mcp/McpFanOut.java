package io.modelgate.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelgate.snapshot.ServedMcpServer;
import io.modelgate.translate.SseEvents;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One JSON-RPC request to each of several servers at once, for what the aggregate endpoint answers from all of them
 * (initialize, the lists): each server's answer read whole — JSON, or the event that answers it in a stream — or, when
 * the server fails, an error naming it. One server's failure never fails the others.
 */
final class McpFanOut {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A server's answer: the response message (its result or error) and the answer's headers (its session id). */
    record Answer(ServedMcpServer server, JsonNode response, MultiMap headers) {
        boolean succeeded() {
            return response.has("result");
        }

        JsonNode result() {
            return response.path("result");
        }
    }

    private McpFanOut() {
    }

    /** {@code message} sent to each server with its headers, answers in the servers' order. */
    static Future<List<Answer>> ask(McpUpstream upstreams, CharSequence callerToken, List<ServedMcpServer> servers, java.util.function.Function<ServedMcpServer, MultiMap> headers,
            java.util.function.Function<ServedMcpServer, ObjectNode> message) {
        List<Future<Answer>> asked = new ArrayList<>();
        for (ServedMcpServer server : servers) {
            ObjectNode sent = message.apply(server);
            asked.add(upstreams.send(server, callerToken, HttpMethod.POST, headers.apply(server), Buffer.buffer(sent.toString()))
                    .compose(answer -> McpRelay.collect(answer).map(body -> new Answer(server,
                            response(body.getBytes(), answer.eventStream(), sent.get("id"), server), answer.headers())))
                    .recover(failure -> Future.succeededFuture(new Answer(server, failed(sent.get("id"), server, failure),
                            MultiMap.caseInsensitiveMultiMap()))));
        }
        return Future.join(asked).map(all -> asked.stream().map(Future::result).toList());
    }

    /** The response to {@code id} in a server's answer, or an error saying it gave none. */
    static JsonNode response(byte[] body, boolean events, JsonNode id, ServedMcpServer server) {
        if (!events) {
            JsonNode message = parse(body);
            return message != null && message.has("id") ? message : noAnswer(id, server);
        }
        JsonNode[] found = {null};
        new SseEvents().feed(body, (SseEvents.Handler) (name, data) -> {
            JsonNode message = parse(data.getBytes(StandardCharsets.UTF_8));
            if (found[0] == null && message != null && id.equals(message.get("id")) && (message.has("result") || message.has("error"))) {
                found[0] = message;
            }
        });
        return found[0] != null ? found[0] : noAnswer(id, server);
    }

    private static JsonNode parse(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            return null;
        }
    }

    private static JsonNode noAnswer(JsonNode id, ServedMcpServer server) {
        return parse(JsonRpc.error(id, JsonRpc.UPSTREAM_FAILED, "MCP server " + server.name() + " gave no answer to the request"));
    }

    private static JsonNode failed(JsonNode id, ServedMcpServer server, Throwable failure) {
        return parse(JsonRpc.error(id, JsonRpc.UPSTREAM_FAILED, McpGate.upstreamError(failure).getMessage() + " (" + server.name() + ")"));
    }
}

package io.modelgate.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelgate.snapshot.ServedMcpServer;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One exchange on {@code /mcp}: who, what they sent, the servers in play (those the caller's roles reach) and each
 * one's session there (none when {@code stateless}).
 */
record AggregateExchange(RoutingContext http, McpGate.Visitor visitor, JsonRpc.Message message, List<ServedMcpServer> servers,
        Map<String, String> upstreamSessions, boolean stateless) {

    /** The caller's MCP headers for a server, with the caller's session there. */
    MultiMap headers(ServedMcpServer server) {
        return McpEndpoint.upstreamHeaders(http, upstreamSessions.get(server.name()));
    }

    /** A server in play, by name. */
    Optional<ServedMcpServer> server(String name) {
        return servers.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** Answers the request with its result. */
    void answer(JsonNode result) {
        McpGate.answer(http, 200, JsonRpc.result(message.id(), result));
    }
}

package io.modelgate.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelgate.policy.McpServer;
import io.modelgate.snapshot.ServedMcpServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Resources and completions on {@code /mcp}: a read or (un)subscription of {@code mcp://<server>/<uri>}
 * ({@link ResourceNames}) goes to that server as {@code <uri>}; a completion to the server its prompt or template names.
 */
@Singleton
class McpAggregateResources {

    private final McpGate gate;
    private final McpUpstream upstreams;

    McpAggregateResources(McpGate gate, McpUpstreams upstreams) {
        this.gate = gate;
        this.upstreams = upstreams;
    }

    /** The server a resource URI of {@code /mcp} names, if the caller reaches it; else the exchange is answered {@code -32002}. */
    private static Optional<ServedMcpServer> resourceServer(AggregateExchange exchange, ResourceNames.Named named) {
        JsonRpc.Message message = exchange.message();
        Optional<ServedMcpServer> server = named == null ? Optional.empty() : exchange.server(named.server());
        if (server.isEmpty()) {
            McpGate.refuse(exchange.http(), "resource_not_found", 200, JsonRpc.error(message.id(), JsonRpc.RESOURCE_NOT_FOUND,
                    "No resource '" + message.params().path("uri").asText("") + "' is yours to use: URIs on /mcp are "
                            + ResourceNames.PREFIX + "<server>/<uri>, of a server your roles reach"));
        } else {
            McpCall.of(exchange.http()).server = named.server();
        }
        return server;
    }

    /** The request as the server is to get it: its resource under the server's own URI. */
    private static ObjectNode withUri(JsonRpc.Message message, String uri) {
        ObjectNode request = message.tree().deepCopy();
        request.with("params").put("uri", uri);
        return request;
    }

    /** A (un)subscription of {@code mcp://<server>/<uri>}: on that server as {@code <uri>}; updates come on the merged stream. */
    void subscription(AggregateExchange exchange) {
        ResourceNames.Named named = ResourceNames.parse(exchange.message().params().path("uri").asText(null));
        Optional<ServedMcpServer> server = resourceServer(exchange, named);
        server.ifPresent(s -> McpRelay.relay(gate, exchange.http(), s.name(), exchange.message().id(), upstreams.send(s,
                exchange.visitor().token(), HttpMethod.POST, McpHeaders.renamed(exchange.headers(s), named.uri()),
                Buffer.buffer(withUri(exchange.message(), named.uri()).toString())), answer -> {
        }, null));
    }

    /** A read of {@code mcp://<server>/<uri>}: on that server as {@code <uri>}; the contents come back named as listed. */
    void read(AggregateExchange exchange) {
        JsonRpc.Message message = exchange.message();
        ResourceNames.Named named = ResourceNames.parse(message.params().path("uri").asText(null));
        Optional<ServedMcpServer> server = resourceServer(exchange, named);
        if (server.isEmpty()) {
            return;
        }
        ObjectNode request = withUri(message, named.uri());
        McpFanOut.ask(upstreams, exchange.visitor().token(), List.of(server.get()), s -> McpHeaders.renamed(exchange.headers(s), named.uri()),
                s -> request).onSuccess(answers -> {
            JsonNode response = answers.get(0).response().deepCopy();
            response.path("result").path("contents").forEach(content -> {
                if (content instanceof ObjectNode item && item.hasNonNull("uri")) {
                    item.put("uri", ResourceNames.namespaced(named.server(), item.get("uri").asText()));
                }
            });
            McpGate.answer(exchange.http(), 200, response.toString().getBytes(StandardCharsets.UTF_8));
        });
    }

    /**
     * A completion of a prompt's argument ({@code ref/prompt}, named {@code <server>__<name>}) or a template's
     * ({@code ref/resource}, in the {@code mcp://<server>/} space): sent to that server in its own names.
     */
    void complete(AggregateExchange exchange) {
        JsonRpc.Message message = exchange.message();
        JsonNode ref = message.params().path("ref");
        boolean prompt = "ref/prompt".equals(ref.path("type").asText());
        String named = ref.path(prompt ? "name" : "uri").asText("");
        int split = named.indexOf(McpServer.TOOL_SEPARATOR);
        ResourceNames.Named resource = prompt ? null : ResourceNames.parse(named);
        String serverName = prompt ? (split > 0 ? named.substring(0, split) : null) : resource == null ? null : resource.server();
        Optional<ServedMcpServer> server = serverName == null ? Optional.empty() : exchange.server(serverName);
        if (server.isEmpty()) {
            McpGate.refuse(exchange.http(), "not_found", 200, JsonRpc.error(message.id(), JsonRpc.INVALID_PARAMS,
                    "completion/complete: no prompt or resource template '" + named + "' is yours to use on /mcp"));
            return;
        }
        McpCall.of(exchange.http()).server = serverName;
        ObjectNode request = message.tree().deepCopy();
        request.with("params").with("ref").put(prompt ? "name" : "uri",
                prompt ? named.substring(split + McpServer.TOOL_SEPARATOR.length()) : resource.uri());
        McpRelay.relay(gate, exchange.http(), serverName, message.id(), upstreams.send(server.get(), exchange.visitor().token(),
                HttpMethod.POST, exchange.headers(server.get()), Buffer.buffer(request.toString())), answer -> {
        }, null);
    }
}

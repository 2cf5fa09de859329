package io.modelgate.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelgate.policy.McpServer;
import io.modelgate.snapshot.ServedMcpServer;
import io.vertx.core.Future;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * The lists of {@code /mcp}: tools, prompts, resources and resource templates gathered from every server in play (all
 * their pages, at most {@link #MAX_PAGES} each), what the caller may use of them, each named for {@code /mcp}.
 */
@Singleton
class McpAggregateLists {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_PAGES = 20;

    private final McpUpstream upstreams;

    McpAggregateLists(McpUpstreams upstreams) {
        this.upstreams = upstreams;
    }

    /** What a list method lists, and how an item is named on {@code /mcp}: by its server's prefix, or in its server's URI space. */
    enum Listing {
        TOOLS("tools", "name"), PROMPTS("prompts", "name"), RESOURCES("resources", "uri"), TEMPLATES("resourceTemplates", "uriTemplate");

        final String kind;
        final String key;

        Listing(String kind, String key) {
            this.kind = kind;
            this.key = key;
        }

        String rename(String server, String value) {
            return key.equals("name") ? server + McpServer.TOOL_SEPARATOR + value : ResourceNames.namespaced(server, value);
        }
    }

    /** Every server's list (all its pages), what the caller may use of it, each item named as {@link Listing} says. */
    void list(AggregateExchange exchange, Listing listing) {
        String kind = listing.kind;
        List<ServedMcpServer> servers = exchange.stateless() ? exchange.servers()
                : exchange.servers().stream().filter(s -> exchange.upstreamSessions().containsKey(s.name())).toList();
        List<Future<ArrayNode>> lists = servers.stream().map(server -> pages(exchange, server, kind, null, NODES.arrayNode(), 0)).toList();
        Future.join(lists).onComplete(done -> {
            ArrayNode all = NODES.arrayNode();
            for (int i = 0; i < servers.size(); i++) {
                String server = servers.get(i).name();
                if (lists.get(i).failed()) {
                    continue; // a server that fails lists nothing; the others still do
                }
                for (JsonNode item : lists.get(i).result()) {
                    String name = item.path(listing.key).asText("");
                    if (!name.isEmpty() && (listing != Listing.TOOLS || McpTools.visible(exchange.visitor(), server, name))) {
                        all.add(((ObjectNode) item.deepCopy()).put(listing.key, listing.rename(server, name)));
                    }
                }
            }
            ObjectNode result = NODES.objectNode();
            result.set(kind, all);
            if (exchange.stateless()) {
                result.put("resultType", "complete").put("ttlMs", 0).put("cacheScope", "private"); // decided per caller: never shared
            }
            exchange.answer(result);
        });
    }

    private Future<ArrayNode> pages(AggregateExchange exchange, ServedMcpServer server, String kind, String cursor, ArrayNode items, int page) {
        ObjectNode request = exchange.message().tree().deepCopy();
        ObjectNode params = request.with("params");
        if (cursor == null) {
            params.remove("cursor");
        } else {
            params.put("cursor", cursor);
        }
        return McpFanOut.ask(upstreams, exchange.visitor().token(), List.of(server), exchange::headers, s -> request).compose(answers -> {
            McpFanOut.Answer answer = answers.get(0);
            if (!answer.succeeded()) {
                return Future.failedFuture(answer.response().path("error").path("message").asText("failed"));
            }
            answer.result().path(kind).forEach(items::add);
            String next = answer.result().path("nextCursor").asText(null);
            return next == null || next.isEmpty() || page + 1 >= MAX_PAGES ? Future.succeededFuture(items)
                    : pages(exchange, server, kind, next, items, page + 1);
        });
    }
}

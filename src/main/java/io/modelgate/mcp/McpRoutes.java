package io.modelgate.mcp;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Where MCP requests enter: {@code /mcp}, every server the caller may use as one, and {@code /mcp/<server>} (POST a message; GET the 2025 revisions' server stream; DELETE a
 * session) and its protected-resource metadata. Plain Vert.x routes on the event loop, ahead of Quarkus's HTTP
 * security as the data plane's are: each exchange is authenticated by {@link McpEndpoint} and answers in JSON-RPC.
 */
@ApplicationScoped
public class McpRoutes {

    /** The data plane's place among Quarkus's filters: after CORS, before its authentication. */
    static final int ORDER = -250;

    private final McpEndpoint endpoint;
    private final McpAggregate aggregate;
    private final ProtectedResource resource;

    McpRoutes(McpEndpoint endpoint, McpAggregate aggregate, ProtectedResource resource) {
        this.endpoint = endpoint;
        this.aggregate = aggregate;
        this.resource = resource;
    }

    void register(@Observes Router router) {
        router.post("/mcp").order(ORDER).handler(aggregate::post);
        router.get("/mcp").order(ORDER).handler(aggregate::streamOrEnd);
        router.delete("/mcp").order(ORDER).handler(aggregate::streamOrEnd);
        router.get(ProtectedResource.WELL_KNOWN + "/mcp").order(ORDER).handler(exchange -> exchange.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(Buffer.buffer(resource.metadata(exchange.request(), "/mcp"))));
        router.post("/mcp/:server").order(ORDER).handler(exchange -> endpoint.post(exchange, exchange.pathParam("server")));
        router.get("/mcp/:server").order(ORDER).handler(exchange -> endpoint.streamOrEnd(exchange, exchange.pathParam("server")));
        router.delete("/mcp/:server").order(ORDER).handler(exchange -> endpoint.streamOrEnd(exchange, exchange.pathParam("server")));
        router.get(ProtectedResource.WELL_KNOWN + "/mcp/:server").order(ORDER).handler(exchange -> exchange.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(Buffer.buffer(resource.metadata(exchange.request(), "/mcp/" + exchange.pathParam("server")))));
    }
}

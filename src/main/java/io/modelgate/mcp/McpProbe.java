package io.modelgate.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelgate.snapshot.ActivePolicy;
import io.modelgate.snapshot.ServedMcpServer;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

/**
 * "Test connection" for an MCP server of the policy in force: begins a session with it as a client would (with the
 * gateway's credential for it), lists its tools and ends the session — what an operator checks after adding a server.
 * The tools are the server's own, before any role's grants; those its {@code allowed_tools}/{@code disallowed_tools}
 * keep from everyone are marked.
 */
@Singleton
public class McpProbe {

    /** What the test found: whether it worked, what was said, the server's tool names. */
    public record Probe(boolean ok, String message, List<String> tools) {
    }

    private final ActivePolicy policy;
    private final McpUpstream upstreams;

    McpProbe(ActivePolicy policy, McpUpstreams upstreams) {
        this.policy = policy;
        this.upstreams = upstreams;
    }

    public Future<Probe> tools(String serverName) {
        ServedMcpServer server = policy.isLoaded() ? policy.snapshot().mcpServer(serverName).orElse(null) : null;
        if (server == null) {
            return Future.succeededFuture(new Probe(false, "There is no MCP server '" + serverName + "' in the policy in force"
                    + " (a server just added reaches it within a second).", List.of()));
        }
        ObjectNode initialize = request(1, "initialize");
        ((ObjectNode) initialize.get("params")).put("protocolVersion", McpRevisions.LATEST_SESSION)
                .<ObjectNode>set("capabilities", JsonNodeFactory.instance.objectNode())
                .putObject("clientInfo").put("name", "modelgate-test-connection").put("version", "1");
        return McpFanOut.ask(upstreams, null, List.of(server), s -> headers(null), s -> initialize).compose(begun -> {
            McpFanOut.Answer answer = begun.get(0);
            if (!answer.succeeded()) {
                return Future.succeededFuture(new Probe(false, "initialize failed: " + error(answer.response()), List.of()));
            }
            String session = answer.headers().get(McpEndpoint.SESSION);
            String version = answer.result().path("protocolVersion").asText(McpRevisions.LATEST_SESSION);
            MultiMap headers = headers(session).add(McpEndpoint.PROTOCOL_VERSION, version);
            return McpFanOut.ask(upstreams, null, List.of(server), s -> headers, s -> request(2, "tools/list")).map(listed -> {
                if (session != null) {
                    upstreams.send(server, null, io.vertx.core.http.HttpMethod.DELETE, headers, null).onSuccess(a -> a.discard());
                }
                McpFanOut.Answer list = listed.get(0);
                if (!list.succeeded()) {
                    return new Probe(false, "tools/list failed: " + error(list.response()), List.of());
                }
                List<String> tools = new ArrayList<>();
                var access = policy.snapshot().mcpAccess();
                list.result().path("tools").forEach(tool -> { // what the server's own lists keep from everyone is said so
                    String name = tool.path("name").asText();
                    tools.add(access.offers(server.name(), name) ? name : name + " (not offered)");
                });
                String name = answer.result().path("serverInfo").path("name").asText("the server");
                return new Probe(true, name + " answered (protocol " + version + ") with " + tools.size() + " tools.", tools);
            });
        });
    }

    private static ObjectNode request(int id, String method) {
        ObjectNode request = JsonNodeFactory.instance.objectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
        request.putObject("params");
        return request;
    }

    private static MultiMap headers(String session) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add(HttpHeaders.CONTENT_TYPE, "application/json")
                .add(HttpHeaders.ACCEPT, "application/json, text/event-stream");
        if (session != null) {
            headers.add(McpEndpoint.SESSION, session);
        }
        return headers;
    }

    private static String error(JsonNode response) {
        return response.path("error").path("message").asText("no answer");
    }
}

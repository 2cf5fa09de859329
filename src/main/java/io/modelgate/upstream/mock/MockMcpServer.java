package io.modelgate.upstream.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelgate.upstream.UpstreamResponse;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The built-in MCP server ({@code transport: mock}): a small ticket desk with tools, a prompt and resources, speaking
 * Streamable HTTP as a real server does — the 2025 revisions with a session it hands out on {@code initialize} and then
 * requires, and 2026-07-28 statelessly — answering in JSON, or in server-sent events when a call reports progress.
 * In-process, for dev mode and tests: no network, nothing kept between calls.
 */
@Singleton
public class MockMcpServer {

    private static final List<String> TICKETS = List.of("MOCK-1", "MOCK-2");

    public static final String LATEST_SESSION_VERSION = "2025-11-25";
    public static final String STATELESS_VERSION = "2026-07-28";
    private static final Set<String> SESSION_VERSIONS = Set.of("2025-03-26", "2025-06-18", LATEST_SESSION_VERSION);
    private static final String SESSION_PREFIX = "mock-session-";

    private final Vertx vertx;

    MockMcpServer(Vertx vertx) {
        this.vertx = vertx;
    }

    /** The answer to one HTTP exchange with the server. */
    public Future<UpstreamResponse> answer(HttpMethod method, MultiMap headers, Buffer body) {
        return Future.succeededFuture(exchange(method, headers, body).toResponse(vertx, 5));
    }

    private MockAnswer exchange(HttpMethod method, MultiMap headers, Buffer body) {
        if (method == HttpMethod.DELETE) {
            return MockAnswer.json(200, MockAnswer.JSON.createObjectNode());
        }
        if (method != HttpMethod.POST) {
            return new MockAnswer(405, MultiMap.caseInsensitiveMultiMap().add(HttpHeaders.ALLOW, "POST, DELETE"), List.of(), false);
        }
        JsonNode message;
        try {
            message = MockAnswer.JSON.readTree(body.getBytes());
        } catch (IOException e) {
            return rpcError(400, null, -32700, "Parse error");
        }
        JsonNode id = message.get("id");
        String rpcMethod = message.path("method").asText(null);
        if (rpcMethod == null || id == null) {
            return new MockAnswer(202, MultiMap.caseInsensitiveMultiMap(), List.of(), false); // a notification or a response
        }
        boolean stateless = STATELESS_VERSION.equals(headers.get("MCP-Protocol-Version"));
        if ("initialize".equals(rpcMethod) && !stateless) {
            return initialize(id, message.path("params").path("protocolVersion").asText(""));
        }
        String session = headers.get("Mcp-Session-Id");
        if (!stateless && (session == null || !session.startsWith(SESSION_PREFIX))) {
            return rpcError(session == null ? 400 : 404, id, -32000, session == null ? "Bad Request: Mcp-Session-Id header is required"
                    : "Session not found");
        }
        ObjectNode params = message.path("params") instanceof ObjectNode object ? object : MockAnswer.JSON.createObjectNode();
        return call(id, rpcMethod, params, stateless);
    }

    private static MockAnswer initialize(JsonNode id, String requested) {
        ObjectNode result = MockAnswer.JSON.createObjectNode()
                .put("protocolVersion", SESSION_VERSIONS.contains(requested) ? requested : LATEST_SESSION_VERSION);
        ObjectNode capabilities = result.putObject("capabilities");
        capabilities.putObject("tools").put("listChanged", false);
        capabilities.putObject("prompts").put("listChanged", false);
        capabilities.putObject("resources").put("listChanged", false).put("subscribe", false);
        capabilities.putObject("logging");
        capabilities.putObject("completions");
        result.set("serverInfo", serverInfo());
        result.put("instructions", "A mock ticket desk: search, read and (if you may) delete tickets.");
        MockAnswer answer = MockAnswer.json(200, response(id, result));
        answer.headers().add("Mcp-Session-Id", SESSION_PREFIX + UUID.randomUUID());
        return answer;
    }

    private static MockAnswer call(JsonNode id, String method, ObjectNode params, boolean stateless) {
        ObjectNode result = MockAnswer.JSON.createObjectNode();
        switch (method) {
            case "ping", "logging/setLevel" -> {
                if (stateless) {
                    return rpcError(404, id, -32601, "Method not found: " + method + " is not part of " + STATELESS_VERSION);
                }
            }
            case "server/discover" -> {
                result.putArray("supportedVersions").add(STATELESS_VERSION);
                result.set("capabilities", MockAnswer.JSON.createObjectNode().<ObjectNode>set("tools", MockAnswer.JSON.createObjectNode()));
                result.putObject("_meta").set("io.modelcontextprotocol/serverInfo", serverInfo());
            }
            case "tools/list" -> result.set("tools", tools());
            case "tools/call" -> {
                return toolCall(id, params.path("name").asText(""), params.path("arguments"), params.path("_meta").path("progressToken"),
                        stateless);
            }
            case "prompts/list" -> result.putArray("prompts").addObject().put("name", "summarize_ticket")
                    .put("description", "Summarise a ticket for a status report")
                    .putArray("arguments").addObject().put("name", "id").put("required", true);
            case "prompts/get" -> {
                ObjectNode message = result.put("description", "Summarise a ticket").putArray("messages").addObject().put("role", "user");
                message.putObject("content").put("type", "text")
                        .put("text", "Summarise ticket " + params.path("arguments").path("id").asText("?") + " in two sentences.");
            }
            case "resources/list" -> result.putArray("resources").addObject().put("uri", "mock://docs/readme").put("name", "readme")
                    .put("mimeType", "text/markdown");
            case "resources/templates/list" -> result.putArray("resourceTemplates").addObject()
                    .put("uriTemplate", "mock://tickets/{id}").put("name", "ticket");
            case "resources/read" -> result.putArray("contents").addObject().put("uri", params.path("uri").asText())
                    .put("mimeType", "text/markdown").put("text", "# Mock ticket desk\nTickets MOCK-1 and MOCK-2 are open.");
            case "completion/complete" -> { // ticket ids, for the prompt's id and the ticket template's {id}
                String typed = params.path("argument").path("value").asText("");
                List<String> ids = TICKETS.stream().filter(ticket -> ticket.startsWith(typed)).toList();
                ObjectNode completion = result.putObject("completion").put("total", ids.size()).put("hasMore", false);
                ids.forEach(completion.putArray("values")::add);
            }
            default -> {
                return rpcError(stateless ? 404 : 200, id, -32601, "Method not found: " + method);
            }
        }
        if (stateless) {
            result.put("resultType", "complete");
        }
        return MockAnswer.json(200, response(id, result));
    }

    private static ArrayNode tools() {
        ArrayNode tools = MockAnswer.JSON.createArrayNode();
        tool(tools, "search_tickets", "Find tickets whose title contains the query", "query", "string");
        tool(tools, "get_ticket", "Read one ticket by its id", "id", "string");
        tool(tools, "delete_ticket", "Delete a ticket for good", "id", "string");
        tool(tools, "echo", "Answer with the text given", "text", "string");
        tool(tools, "count", "Count to n, reporting progress on the way", "n", "integer");
        return tools;
    }

    private static void tool(ArrayNode tools, String name, String description, String argument, String type) {
        ObjectNode schema = tools.addObject().put("name", name).put("description", description).putObject("inputSchema").put("type", "object");
        schema.putObject("properties").putObject(argument).put("type", type);
        schema.putArray("required").add(argument);
    }

    private static MockAnswer toolCall(JsonNode id, String tool, JsonNode arguments, JsonNode progressToken, boolean stateless) {
        String text = switch (tool) {
            case "search_tickets" -> "MOCK-1: Printer on fire (matches '" + arguments.path("query").asText() + "')\nMOCK-2: VPN drops";
            case "get_ticket" -> "Ticket " + arguments.path("id").asText() + ": open, assigned to the mock desk.";
            case "delete_ticket" -> "Deleted ticket " + arguments.path("id").asText() + ".";
            case "echo" -> arguments.path("text").asText();
            case "count" -> "Counted to " + Math.max(0, Math.min(100, arguments.path("n").asInt())) + ".";
            default -> null;
        };
        if (text == null) {
            return rpcError(200, id, -32602, "Unknown tool: " + tool);
        }
        ObjectNode result = MockAnswer.JSON.createObjectNode();
        result.putArray("content").addObject().put("type", "text").put("text", text);
        result.put("isError", false);
        if (stateless) {
            result.put("resultType", "complete");
        }
        if (!"count".equals(tool) || progressToken.isMissingNode()) {
            return MockAnswer.json(200, response(id, result));
        }
        int n = Math.max(0, Math.min(100, arguments.path("n").asInt()));
        List<Buffer> events = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            ObjectNode progress = MockAnswer.JSON.createObjectNode().put("jsonrpc", "2.0").put("method", "notifications/progress");
            progress.putObject("params").put("progress", i).put("total", n).set("progressToken", progressToken);
            events.add(MockAnswer.event("message", progress));
        }
        events.add(MockAnswer.event("message", response(id, result)));
        return MockAnswer.events(events);
    }

    private static ObjectNode serverInfo() {
        return MockAnswer.JSON.createObjectNode().put("name", "modelgate-mock-mcp").put("version", "1.0.0");
    }

    private static ObjectNode response(JsonNode id, JsonNode result) {
        ObjectNode response = MockAnswer.JSON.createObjectNode().put("jsonrpc", "2.0");
        response.set("id", id);
        response.set("result", result);
        return response;
    }

    private static MockAnswer rpcError(int status, JsonNode id, int code, String message) {
        ObjectNode body = MockAnswer.JSON.createObjectNode().put("jsonrpc", "2.0");
        body.set("id", id);
        body.putObject("error").put("code", code).put("message", message);
        return MockAnswer.json(status, body);
    }
}

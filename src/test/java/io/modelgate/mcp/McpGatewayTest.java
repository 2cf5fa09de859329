package io.modelgate.mcp;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelgate.testing.TestIdentityProvider;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /mcp/<server>} as MCP clients see it, through the official Java SDK and by hand (policy:
 * src/test/resources/test-policy.yaml; the server {@code desk} is the built-in mock ticket desk).
 */
@QuarkusTest
class McpGatewayTest {

    private static final String INITIALIZE = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},
             "clientInfo":{"name":"test","version":"1"}}}""";

    @TestHTTPResource("/")
    URL gateway;

    @Test
    void aSessionClientSeesOnlyTheToolsItsRolesGrantAndCallsThem() {
        try (McpSyncClient client = sessionClient(idp().tokenWithRoles("alice", "basic_user"))) {
            McpSchema.InitializeResult init = client.initialize();
            assertEquals("modelgate-mock-mcp", init.serverInfo().name());
            List<String> tools = client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
            assertEquals(List.of("search_tickets", "get_ticket", "echo", "count"), tools); // no delete_ticket
            McpSchema.CallToolResult echoed = client.callTool(new McpSchema.CallToolRequest("echo", Map.of("text", "hello desk")));
            assertEquals("hello desk", ((McpSchema.TextContent) echoed.content().get(0)).text());
            McpError denied = assertThrows(McpError.class,
                    () -> client.callTool(new McpSchema.CallToolRequest("delete_ticket", Map.of("id", "MOCK-1"))));
            assertTrue(denied.getMessage().contains("may not call tool 'delete_ticket'"), denied.getMessage());
        }
        try (McpSyncClient client = sessionClient(idp().tokenWithRoles("dana", "ds-team"))) { // desk/* grants all of it
            client.initialize();
            assertTrue(client.listTools().tools().stream().anyMatch(tool -> tool.name().equals("delete_ticket")));
            client.callTool(new McpSchema.CallToolRequest("delete_ticket", Map.of("id", "MOCK-1")));
        }
    }

    @Test
    void aStatelessClientOfRevision20260728IsServedWithoutASession() {
        io.modelcontextprotocol.modern.client.McpSyncClient client = io.modelcontextprotocol.modern.client.McpClient
                .sync(io.modelcontextprotocol.modern.client.transport.HttpClientMcpTransport.builder(gateway.toString() + "mcp/desk")
                        .requestCustomizer(io.modelcontextprotocol.modern.client.transport.McpHttpRequestCustomizer.fromSync(
                                (request, headers, context) -> headers.set("Authorization", "Bearer " + idp().tokenWithRoles("alice", "basic_user"))))
                        .build())
                .callTimeout(Duration.ofSeconds(10)).build();
        List<String> tools = client.tools().list().tools().stream().map(io.modelcontextprotocol.modern.McpSchema.Tool::name).toList();
        assertEquals(List.of("search_tickets", "get_ticket", "echo", "count"), tools);
        io.modelcontextprotocol.modern.McpSchema.CallToolResult result = client.tool("echo").arguments(Map.of("text", "stateless")).call();
        assertTrue(result.toString().contains("stateless"), result.toString());
    }

    @Test
    void theSessionIdIsSealedAndServesOnlyItsOwner() {
        String alice = idp().tokenWithRoles("alice", "basic_user");
        String session = post(alice, null, INITIALIZE).statusCode(200).header(McpEndpoint.SESSION, startsWith("mgs1."))
                .header(McpEndpoint.SESSION, not(containsString("mock-session"))).extract().header(McpEndpoint.SESSION);
        String list = """
                {"jsonrpc":"2.0","id":2,"method":"tools/list"}""";
        post(alice, session, list).statusCode(200).body("result.tools.name", is(List.of("search_tickets", "get_ticket", "echo", "count")));
        post(idp().tokenWithRoles("bob", "basic_user"), session, list).statusCode(404).body("error.message", startsWith("Session not found"));
        int middle = session.length() / 2;
        post(alice, session.substring(0, middle) + (session.charAt(middle) == 'x' ? 'y' : 'x') + session.substring(middle + 1), list)
                .statusCode(404);
    }

    @Test
    void progressStreamsBackAsServerSentEvents() {
        String alice = idp().tokenWithRoles("alice", "basic_user");
        String session = post(alice, null, INITIALIZE).extract().header(McpEndpoint.SESSION);
        String body = post(alice, session, """
                {"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"count","arguments":{"n":3},"_meta":{"progressToken":"p1"}}}""")
                .statusCode(200).header("Content-Type", startsWith("text/event-stream")).extract().asString();
        assertEquals(3, body.split("notifications/progress", -1).length - 1, body);
        assertTrue(body.contains("Counted to 3."), body);
    }

    @Test
    void withoutATokenTheAnswerSaysWhereToGetOne() {
        given().contentType("application/json").body(INITIALIZE).post("/mcp/desk").then().statusCode(401)
                .header("WWW-Authenticate", is("Bearer resource_metadata=\"" + gateway.toString().replaceAll("/$", "")
                        + "/.well-known/oauth-protected-resource/mcp/desk\""))
                .body("error.code", is(JsonRpc.ACCESS_DENIED)).body("id", nullValue());
        given().get("/.well-known/oauth-protected-resource/mcp/desk").then().statusCode(200)
                .body("resource", endsWith("/mcp/desk")).body("authorization_servers[0]", is(TestIdentityProvider.ISSUER))
                .body("bearer_methods_supported", is(List.of("header")));
    }

    @Test
    void serversTheCallerMayNotUseAndBadMessagesAreRefused() {
        String alice = idp().tokenWithRoles("alice", "basic_user");
        post(alice, null, INITIALIZE, "/mcp/nowhere").statusCode(403).body("error.message", containsString("may not use MCP server 'nowhere'"));
        post(idp().tokenWithRoles("root", "proxy_admin"), null, INITIALIZE, "/mcp/nowhere").statusCode(404)
                .body("error.message", containsString("No MCP server named 'nowhere'"));
        post(alice, null, "{not json").statusCode(400).body("error.code", is(JsonRpc.PARSE_ERROR));
        post(alice, null, "[" + INITIALIZE + "]").statusCode(400).body("error.code", is(JsonRpc.INVALID_REQUEST));
        String oversized = "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\""
                + "x".repeat(4 * 1024 * 1024) + "\"}}}"; // over modelgate.mcp.max-message-size (4M)
        post(alice, null, oversized).statusCode(413).body("error.code", is(JsonRpc.INVALID_REQUEST))
                .body("error.message", containsString("larger than"));
        String session = post(alice, null, INITIALIZE).statusCode(200).extract().header(McpEndpoint.SESSION);
        post(alice, session, "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"tickets/teleport\"}").statusCode(200)
                .body("error.code", is(JsonRpc.METHOD_NOT_FOUND)).body("id", is(6)); // the server's own answer, relayed
        String aggregate = post(alice, null, INITIALIZE, "/mcp").statusCode(200).extract().header(McpEndpoint.SESSION);
        post(alice, aggregate, "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tickets/teleport\"}", "/mcp").statusCode(200)
                .body("error.code", is(JsonRpc.METHOD_NOT_FOUND)).body("id", is(7));
        given().header("Authorization", "Bearer " + alice).header("Origin", "https://evil.example").contentType("application/json")
                .body(INITIALIZE).post("/mcp/desk").then().statusCode(403);
        given().header("Authorization", "Bearer " + alice).header("Origin", "http://localhost:6274").contentType("application/json")
                .accept("application/json, text/event-stream").body(INITIALIZE).post("/mcp/desk").then().statusCode(200);
    }

    @Test
    void aStatelessRequestWhoseHeadersContradictItsBodyIsRefused() {
        String call = """
                {"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"echo","arguments":{"text":"x"},
                 "_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}""";
        given().header("Authorization", "Bearer " + idp().tokenWithRoles("alice", "basic_user")).contentType("application/json")
                .accept("application/json, text/event-stream").header("MCP-Protocol-Version", "2026-07-28").header("Mcp-Method", "tools/call")
                .header("Mcp-Name", "search_tickets").body(call).post("/mcp/desk").then().statusCode(400)
                .body("error.code", is(JsonRpc.HEADER_MISMATCH));
    }

    @Test
    void everyExchangeIsCountedByServerMethodToolAndOutcomeWithoutTheCaller() {
        String alice = idp().tokenWithRoles("metrics-alice", "basic_user");
        String session = post(alice, null, INITIALIZE).extract().header(McpEndpoint.SESSION);
        post(alice, session, """
                {"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"echo","arguments":{"text":"m"}}}""").statusCode(200);
        post(alice, session, """
                {"jsonrpc":"2.0","id":8,"method":"tools/call","params":{"name":"delete_ticket","arguments":{"id":"1"}}}""").statusCode(200);
        post(alice, session, """
                {"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"made_up_by_the_caller","arguments":{}}}""").statusCode(200);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("modelgate_mcp_requests_total{method=\"tools/call\",outcome=\"ok\",server=\"desk\",tool=\"echo\"}"), metrics);
        assertTrue(metrics.contains("modelgate_mcp_requests_total{method=\"tools/call\",outcome=\"refused\",server=\"desk\",tool=\"-\"}"),
                "a refused call names no tool: the caller chose the name");
        assertTrue(metrics.contains("modelgate_mcp_request_duration_seconds_count{method=\"initialize\",server=\"desk\",tool=\"-\"}"));
        assertTrue(!metrics.contains("made_up_by_the_caller") && !metrics.contains("metrics-alice"));
    }

    @Test
    void everyToolCallIsStoredAsUsageByCallerServerToolRoleAndOutcomeApartFromModelUsage() {
        String caller = idp().tokenWithRoles("tool-usage-alice", "basic_user");
        String session = post(caller, null, INITIALIZE).extract().header(McpEndpoint.SESSION);
        for (int id = 20; id < 22; id++) {
            post(caller, session, "{\"jsonrpc\":\"2.0\",\"id\":" + id
                    + ",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"u\"}}}").statusCode(200);
        }
        post(caller, session, """
                {"jsonrpc":"2.0","id":22,"method":"tools/call","params":{"name":"delete_ticket","arguments":{"id":"1"}}}""").statusCode(200);
        String aggregate = post(caller, null, INITIALIZE, "/mcp").extract().header(McpEndpoint.SESSION);
        post(caller, aggregate, """
                {"jsonrpc":"2.0","id":23,"method":"tools/call","params":{"name":"desk__count","arguments":{"n":2}}}""", "/mcp").statusCode(200);
        post(caller, session, "{\"jsonrpc\":\"2.0\",\"id\":24,\"method\":\"tools/list\"}").statusCode(200); // not a tool call
        String admin = idp().tokenWithRoles("tool-usage-admin", "proxy_admin");
        String rows = "/admin/api/usage/tools?subject=tool-usage-alice&group_by=server,tool,role,outcome";
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().auth().oauth2(admin).get(rows)
                .then().statusCode(200).body("totals.calls", is(4)));
        given().auth().oauth2(admin).get(rows).then()
                .body("object", is("tool_calls"))
                .body("rows.size()", is(3))
                .body("rows[0].tool", is("count")).body("rows[0].role", is("internal_user")).body("rows[0].outcome", is("ok"))
                .body("rows[1].tool", is("delete_ticket")).body("rows[1].role", is("none")).body("rows[1].outcome", is("tool_not_permitted"))
                .body("rows[2].tool", is("echo")).body("rows[2].calls", is(2)).body("rows[2].outcome", is("ok"))
                .body("rows[2].mean_duration_ms", org.hamcrest.Matchers.greaterThanOrEqualTo(0));
        String csv = given().auth().oauth2(admin).accept("text/csv").get("/admin/api/usage/tools?subject=tool-usage-alice&outcome=ok")
                .then().statusCode(200).extract().asString();
        assertEquals("server,tool,calls,duration_ms,mean_duration_ms", csv.lines().findFirst().orElseThrow());
        assertTrue(csv.contains("desk,echo,2,") && csv.contains("desk,count,1,") && !csv.contains("delete_ticket"), csv);
        given().auth().oauth2(admin).get("/admin/api/usage?subject=tool-usage-alice").then().statusCode(200)
                .body("totals.requests", is(0)); // tool calls are not model usage
        given().auth().oauth2(admin).get("/admin/api/usage/tools?group_by=model").then().statusCode(400)
                .body("error.message", containsString("server, tool, outcome"));
        given().auth().oauth2(caller).get("/admin/api/usage/tools").then().statusCode(403);
        given().auth().oauth2(caller).get("/v1/me").then().statusCode(200) // the caller sees their own, by tool
                .body("usage_this_month.by_tool.find { it.tool == 'echo' }.calls", is(2))
                .body("usage_this_month.by_model.size()", is(0));
    }

    @Test
    void aLimitOnAServersToolCallsRefusesTheCallsOverIt() {
        String limited = idp().tokenWithRoles("mcp-limited", "basic_user"); // test-policy: 2 tool calls a minute on notes
        String session = post(limited, null, INITIALIZE, "/mcp/notes").statusCode(200).extract().header(McpEndpoint.SESSION);
        String call = """
                {"jsonrpc":"2.0","id":11,"method":"tools/call","params":{"name":"echo","arguments":{"text":"once more"}}}""";
        post(limited, session, call, "/mcp/notes").statusCode(200).body("result.content[0].text", is("once more"));
        post(limited, session, "{\"jsonrpc\":\"2.0\",\"id\":12,\"method\":\"tools/list\"}", "/mcp/notes").statusCode(200); // not a call
        post(limited, session, call, "/mcp/notes").statusCode(200);
        post(limited, session, call, "/mcp/notes").statusCode(429).header("Retry-After", org.hamcrest.Matchers.notNullValue())
                .body("error.code", is(JsonRpc.LIMIT_REACHED)).body("error.message", containsString("mcp-notes-rate")).body("id", is(11));
        String other = idp().tokenWithRoles("mcp-unlimited", "basic_user");
        String theirs = post(other, null, INITIALIZE, "/mcp/notes").extract().header(McpEndpoint.SESSION);
        post(other, theirs, call, "/mcp/notes").statusCode(200);
    }

    @Test
    void anUnreachableServerIsAJsonRpcErrorNamingIt() {
        post(idp().tokenWithRoles("root", "proxy_admin"), null, INITIALIZE, "/mcp/closed-desk").statusCode(200)
                .body("error.code", is(JsonRpc.UPSTREAM_FAILED)).body("error.message", containsString("closed-desk")).body("id", is(1));
    }

    private McpSyncClient sessionClient(String token) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(gateway.toString().replaceAll("/$", ""))
                .endpoint("/mcp/desk").jsonMapper(new JacksonMcpJsonMapper(new com.fasterxml.jackson.databind.ObjectMapper()))
                .httpRequestCustomizer((builder, method, uri, body, context) -> builder.header("Authorization", "Bearer " + token))
                .build();
        return McpClient.sync(transport).requestTimeout(Duration.ofSeconds(10)).build();
    }

    private static ValidatableResponse post(String token, String session, String body) {
        return post(token, session, body, "/mcp/desk");
    }

    private static ValidatableResponse post(String token, String session, String body, String path) {
        var request = given().header("Authorization", "Bearer " + token).contentType("application/json")
                .accept("application/json, text/event-stream").header("MCP-Protocol-Version", "2025-06-18");
        if (session != null) {
            request.header(McpEndpoint.SESSION, session);
        }
        return request.body(body).post(path).then();
    }

    private static TestIdentityProvider idp() {
        return TestIdentityProvider.current();
    }
}

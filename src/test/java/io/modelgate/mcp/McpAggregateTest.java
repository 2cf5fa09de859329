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
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /mcp}: every server a caller's roles reach as one, tools named {@code <server>__<tool>} (policy:
 * src/test/resources/test-policy.yaml; {@code desk} and {@code notes} are the built-in mock, notes offering two tools).
 */
@QuarkusTest
class McpAggregateTest {

    private static final List<String> ALICES_TOOLS = List.of("desk__search_tickets", "desk__get_ticket", "desk__echo", "desk__count",
            "notes__echo");

    @TestHTTPResource("/")
    URL gateway;

    @Test
    void aSessionClientSeesEveryServersToolsItMayUseUnderPrefixedNamesAndCallsThem() {
        try (McpSyncClient client = sessionClient(idp().tokenWithRoles("alice", "basic_user"))) {
            McpSchema.InitializeResult init = client.initialize();
            assertEquals("modelgate", init.serverInfo().name());
            assertTrue(init.instructions().contains("\ndesk: A mock ticket desk") && init.instructions().contains("\nnotes: "), init.instructions());
            assertEquals(ALICES_TOOLS, client.listTools().tools().stream().map(McpSchema.Tool::name).toList());
            assertEquals("from desk", text(client.callTool(new McpSchema.CallToolRequest("desk__echo", Map.of("text", "from desk")))));
            assertEquals("from notes", text(client.callTool(new McpSchema.CallToolRequest("notes__echo", Map.of("text", "from notes")))));
            for (String refused : List.of("desk__delete_ticket", "notes__search_tickets", "nowhere__echo", "echo")) {
                McpError e = assertThrows(McpError.class, () -> client.callTool(new McpSchema.CallToolRequest(refused, Map.of())), refused);
                assertTrue(e.getMessage().contains(refused.startsWith("desk") || refused.startsWith("notes") ? "may not call" : "is yours to use"),
                        e.getMessage());
            }
            assertEquals(List.of("desk__summarize_ticket", "notes__summarize_ticket"),
                    client.listPrompts().prompts().stream().map(McpSchema.Prompt::name).toList());
            McpSchema.GetPromptResult prompt = client.getPrompt(new McpSchema.GetPromptRequest("notes__summarize_ticket", Map.of("id", "MOCK-2")));
            assertTrue(prompt.messages().get(0).content().toString().contains("MOCK-2"), prompt.toString());
        }
    }

    @Test
    void resourcesAreListedAndReadInEachServersUriSpaceAndCompletionsReachTheServerTheyName() {
        try (McpSyncClient client = sessionClient(idp().tokenWithRoles("alice", "basic_user"))) {
            client.initialize();
            assertEquals(List.of("mcp://desk/mock://docs/readme", "mcp://notes/mock://docs/readme"),
                    client.listResources().resources().stream().map(McpSchema.Resource::uri).toList());
            assertEquals(List.of("mcp://desk/mock://tickets/{id}", "mcp://notes/mock://tickets/{id}"),
                    client.listResourceTemplates().resourceTemplates().stream().map(McpSchema.ResourceTemplate::uriTemplate).toList());
            McpSchema.ReadResourceResult read = client.readResource(new McpSchema.ReadResourceRequest("mcp://notes/mock://docs/readme"));
            McpSchema.TextResourceContents contents = (McpSchema.TextResourceContents) read.contents().get(0);
            assertEquals("mcp://notes/mock://docs/readme", contents.uri(), "named as listed");
            assertTrue(contents.text().contains("Mock ticket desk"), contents.text());
            for (String unknown : List.of("mock://docs/readme", "mcp://nowhere/mock://docs/readme")) {
                McpError e = assertThrows(McpError.class, () -> client.readResource(new McpSchema.ReadResourceRequest(unknown)), unknown);
                assertEquals(JsonRpc.RESOURCE_NOT_FOUND, e.getJsonRpcError().code(), e.getMessage());
            }
            McpSchema.CompleteResult ids = client.completeCompletion(new McpSchema.CompleteRequest(
                    new McpSchema.PromptReference("desk__summarize_ticket"), new McpSchema.CompleteRequest.CompleteArgument("id", "MOCK-")));
            assertEquals(List.of("MOCK-1", "MOCK-2"), ids.completion().values());
            McpSchema.CompleteResult templated = client.completeCompletion(new McpSchema.CompleteRequest(
                    new McpSchema.ResourceReference("mcp://desk/mock://tickets/{id}"), new McpSchema.CompleteRequest.CompleteArgument("id", "MOCK-2")));
            assertEquals(List.of("MOCK-2"), templated.completion().values());
            assertThrows(McpError.class, () -> client.completeCompletion(new McpSchema.CompleteRequest(
                    new McpSchema.PromptReference("summarize_ticket"), new McpSchema.CompleteRequest.CompleteArgument("id", "M"))));
        }
    }

    @Test
    void aStatelessClientGetsTheSameToolsAndCallsThem() {
        var client = io.modelcontextprotocol.modern.client.McpClient
                .sync(io.modelcontextprotocol.modern.client.transport.HttpClientMcpTransport.builder(gateway.toString() + "mcp")
                        .requestCustomizer(io.modelcontextprotocol.modern.client.transport.McpHttpRequestCustomizer.fromSync(
                                (request, headers, context) -> headers.set("Authorization", "Bearer " + idp().tokenWithRoles("alice", "basic_user"))))
                        .build())
                .callTimeout(Duration.ofSeconds(10)).build();
        assertEquals(ALICES_TOOLS, client.tools().list().tools().stream().map(io.modelcontextprotocol.modern.McpSchema.Tool::name).toList());
        assertTrue(client.tool("notes__echo").arguments(Map.of("text", "stateless notes")).call().toString().contains("stateless notes"));
    }

    @Test
    void aCallerWithoutMcpGrantsAndWhatIsServedPerServerAreRefused() {
        given().auth().oauth2(idp().tokenWithRoles("cora", "cred-tester")).contentType("application/json")
                .accept("application/json, text/event-stream").body(initialize()).post("/mcp").then().statusCode(403)
                .body("error.message", containsString("No MCP server is granted"));
        String alice = idp().tokenWithRoles("alice", "basic_user");
        String session = given().auth().oauth2(alice).contentType("application/json").accept("application/json, text/event-stream")
                .body(initialize()).post("/mcp").then().statusCode(200).extract().header(McpEndpoint.SESSION);
        given().auth().oauth2(alice).contentType("application/json").accept("application/json, text/event-stream")
                .header(McpEndpoint.SESSION, session).body("""
                        {"jsonrpc":"2.0","id":5,"method":"tasks/list","params":{}}""")
                .post("/mcp").then().statusCode(200).body("error.code", is(JsonRpc.METHOD_NOT_FOUND))
                .body("error.message", containsString("/mcp/<server>"));
        given().auth().oauth2(alice).contentType("application/json").accept("application/json, text/event-stream")
                .header("MCP-Protocol-Version", "2026-07-28").header("Mcp-Method", "ping").body("""
                        {"jsonrpc":"2.0","id":6,"method":"ping","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",
                         "io.modelcontextprotocol/clientCapabilities":{}}}}""")
                .post("/mcp").then().statusCode(404).body("error.code", is(JsonRpc.METHOD_NOT_FOUND)); // removed in 2026-07-28
        given().auth().oauth2(alice).header(McpEndpoint.SESSION, session).delete("/mcp").then().statusCode(204);
        given().auth().oauth2(alice).get("/mcp").then().statusCode(405);
    }

    private static String initialize() {
        return """
                {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},
                 "clientInfo":{"name":"test","version":"1"}}}""";
    }

    private static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    private McpSyncClient sessionClient(String token) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(gateway.toString().replaceAll("/$", ""))
                .endpoint("/mcp").jsonMapper(new JacksonMcpJsonMapper(new com.fasterxml.jackson.databind.ObjectMapper()))
                .httpRequestCustomizer((builder, method, uri, body, context) -> builder.header("Authorization", "Bearer " + token))
                .build();
        return McpClient.sync(transport).requestTimeout(Duration.ofSeconds(10)).build();
    }

    private static TestIdentityProvider idp() {
        return TestIdentityProvider.current();
    }
}

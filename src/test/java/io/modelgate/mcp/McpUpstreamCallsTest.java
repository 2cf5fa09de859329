package io.modelgate.mcp;

import io.modelgate.testing.TestIdentityProvider;
import io.modelgate.testing.TestUpstream;
import io.modelgate.testing.TokenEndpointStub;
import io.modelgate.testing.TestUpstream.RecordedRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an upstream MCP server receives through the gateway (the recording test upstream as server {@code recorded},
 * its key in {@code X-API-Key}): the gateway's credential and the server's own session, never the caller's token or
 * cookies; on {@code /mcp} the tool's own name, in the body and in {@code Mcp-Name}.
 */
@QuarkusTest
class McpUpstreamCallsTest {

    @Test
    void theServerGetsTheGatewaysKeyAndItsOwnSessionNeverTheCallersToken() {
        String admin = TestIdentityProvider.current().tokenWithRoles("root", "proxy_admin");
        TestUpstream.current().clear();
        String session = caller(admin).body("""
                {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},
                 "clientInfo":{"name":"t","version":"1"}}}""").post("/mcp/recorded").then().statusCode(200)
                .extract().header(McpEndpoint.SESSION);
        assertFalse(session.contains("upstream-session-1"), "the server's own session id never reaches the caller");
        caller(admin).header(McpEndpoint.SESSION, session).body("""
                {"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"echo","arguments":{}}}""")
                .post("/mcp/recorded").then().statusCode(200).body("result.content[0].text", is("called echo"));

        List<RecordedRequest> seen = TestUpstream.current().requests().stream().filter(r -> r.path().equals("/mcp")).toList();
        assertEquals(2, seen.size());
        for (RecordedRequest request : seen) {
            assertEquals(System.getenv(TestUpstream.API_KEY_ENV), request.headers().get("x-api-key"), "the server's credential");
            assertNull(request.headers().get("authorization"), "the caller's token stays in the gateway");
            assertNull(request.headers().get("cookie"));
            assertTrue(request.headers().values().stream().noneMatch(value -> value.contains(admin)));
        }
        assertNull(seen.get(0).headers().get("mcp-session-id"));
        assertEquals("upstream-session-1", seen.get(1).headers().get("mcp-session-id"), "the server's own session, unsealed for it");
    }

    @Test
    void onTheAggregateTheServerGetsItsToolsOwnNameInTheBodyAndInMcpName() {
        String admin = TestIdentityProvider.current().tokenWithRoles("root", "proxy_admin");
        TestUpstream.current().clear();
        caller(admin).header("MCP-Protocol-Version", "2026-07-28").header("Mcp-Method", "tools/call").header("Mcp-Name", "recorded__echo")
                .body("""
                        {"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"recorded__echo","arguments":{},
                         "_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}""")
                .post("/mcp").then().statusCode(200).body("result.content[0].text", is("called echo"));
        RecordedRequest call = TestUpstream.current().requests().stream().filter(r -> r.path().equals("/mcp")).findFirst().orElseThrow();
        assertEquals("echo", call.json().path("params").path("name").asText());
        assertEquals("echo", call.headers().get("mcp-name"));
        assertEquals("tools/call", call.headers().get("mcp-method"));
    }

    @Test
    void aServerBehindAnOAuth2CredentialGetsTheGatewaysTokenRefreshedBeforeItExpires() {
        String admin = TestIdentityProvider.current().tokenWithRoles("root", "proxy_admin");
        String call = """
                {"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"echo","arguments":{},
                 "_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}""";
        // a token living 4 s is refreshed at half its life, ahead of expiry, while calls go on with the valid one
        TestUpstream.current().tokenEndpoints().lifetimeSeconds(4);
        try {
            TestUpstream.current().clear();
            stateless(admin).body(call).post("/mcp/recorded-oauth").then().statusCode(200).body("result.content[0].text", is("called echo"));
            String first = mcpAuthorizations().get(0);
            await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                stateless(admin).body(call).post("/mcp/recorded-oauth").then().statusCode(200);
                List<String> seen = mcpAuthorizations();
                assertFalse(first.equals(seen.get(seen.size() - 1)), "still the first token: " + seen);
            });
        } finally {
            TestUpstream.current().tokenEndpoints().lifetimeSeconds(3600);
        }
        List<String> tokens = mcpAuthorizations();
        assertTrue(tokens.stream().allMatch(token -> token.startsWith("Bearer idp-token-")), tokens.toString());
        assertTrue(tokens.stream().noneMatch(token -> token.contains(admin)));
    }

    @Test
    void aServerBehindTokenExchangeGetsATokenExchangedForEachCallersOwnNeverTheCallersToken() {
        String alice = TestIdentityProvider.current().tokenWithRoles("exchange-alice", "proxy_admin");
        String bob = TestIdentityProvider.current().tokenWithRoles("exchange-bob", "proxy_admin");
        String call = """
                {"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"echo","arguments":{},
                 "_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}""";
        TestUpstream.current().clear();
        TestUpstream.current().tokenEndpoints().clear();
        for (String token : List.of(alice, alice, bob)) {
            stateless(token).body(call).post("/mcp/exchanged").then().statusCode(200).body("result.content[0].text", is("called echo"));
        }
        List<String> presented = mcpAuthorizations();
        assertEquals(3, presented.size());
        assertTrue(presented.stream().allMatch(token -> token.matches("Bearer exchanged-\\d+-for-recorded-mcp")), presented.toString());
        assertEquals(presented.get(0), presented.get(1), "a caller's exchanged token is kept for their next call");
        assertFalse(presented.get(0).equals(presented.get(2)), "each caller gets their own");
        List<TokenEndpointStub.TokenRequest> exchanges = TestUpstream.current().tokenEndpoints().requests();
        assertEquals(List.of(alice, bob), exchanges.stream().map(r -> r.form().get("subject_token")).toList());
        assertTrue(exchanges.stream().allMatch(r -> "recorded-mcp".equals(r.form().get("audience"))
                && "urn:ietf:params:oauth:grant-type:token-exchange".equals(r.form().get("grant_type"))
                && "client_secret_basic".equals(r.authentication())), exchanges.toString());
        assertTrue(TestUpstream.current().requests().stream().flatMap(r -> r.headers().values().stream())
                .noneMatch(value -> value.contains(alice) || value.contains(bob)), "no caller token reaches the server");
    }

    @Test
    void aRefusedExchangeIsAJsonRpcErrorNamingTheCredentialAndReachesNoServer() {
        String alice = TestIdentityProvider.current().tokenWithRoles("exchange-alice", "proxy_admin");
        TestUpstream.current().clear();
        stateless(alice).body("""
                {"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":"echo","arguments":{},
                 "_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}""")
                .post("/mcp/exchange-refused").then().statusCode(200).body("id", is(6))
                .body("error.message", org.hamcrest.Matchers.containsString("idp-exchange-refused"))
                .body("error.message", org.hamcrest.Matchers.containsString("invalid_target"))
                .body("error.message", org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(alice)));
        assertTrue(mcpAuthorizations().isEmpty(), "nothing was sent to the server");
    }

    @Test
    void theAggregateStreamMergesTheServersStreamsAndTheCallersAnswerReachesOnlyTheServerThatAsked() {
        String alice = TestIdentityProvider.current().tokenWithRoles("stream-alice", "mcp-relay");
        String session = aggregateSession(alice, "roots");
        String stream = given().auth().oauth2(alice).accept("text/event-stream").header(McpEndpoint.SESSION, session).get("/mcp")
                .then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("text/event-stream")).extract().asString();
        assertTrue(stream.contains("\"id\":\"recorded/7\"") && stream.contains("\"method\":\"roots/list\""), stream);
        assertTrue(stream.contains("\"uri\":\"mcp://recorded/file:///watched.txt\""), "named as on /mcp: " + stream);
        TestUpstream.current().clear();
        caller(alice).header(McpEndpoint.SESSION, session).body("""
                {"jsonrpc":"2.0","id":"recorded/7","result":{"roots":[{"uri":"file:///work","name":"work"}]}}""")
                .post("/mcp").then().statusCode(202);
        await().atMost(Duration.ofSeconds(5)).until(() -> !mcpRequests().isEmpty()); // passed on after the caller's 202
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> mcpRequests().size() == 1); // and to no other
        List<RecordedRequest> answers = mcpRequests();
        assertEquals(1, answers.size(), "only the server that asked hears the answer");
        assertEquals(7, answers.get(0).json().path("id").asInt(), "with the id it sent");
        assertEquals("file:///work", answers.get(0).json().path("result").path("roots").path(0).path("uri").asText());
        assertEquals("upstream-session-1", answers.get(0).headers().get("mcp-session-id"));
    }

    @Test
    void aStatelessSubscriptionOnTheAggregateIsOneStreamOfTheServersItConcerns() {
        String alice = TestIdentityProvider.current().tokenWithRoles("listen-alice", "mcp-relay");
        TestUpstream.current().clear();
        String stream = caller(alice).header("MCP-Protocol-Version", "2026-07-28").header("Mcp-Method", "subscriptions/listen").body("""
                {"jsonrpc":"2.0","id":"sub-1","method":"subscriptions/listen","params":{"notifications":{
                  "resourceSubscriptions":["mcp://recorded/file:///watched.txt","mcp://exchanged/file:///other.txt"]},
                 "_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}""")
                .post("/mcp").then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("text/event-stream")).extract().asString();
        List<String> messages = stream.lines().filter(line -> line.startsWith("data: ")).map(line -> line.substring(6)).toList();
        assertTrue(messages.get(0).contains("notifications/subscriptions/acknowledged")
                && messages.get(0).contains("\"mcp://recorded/file:///watched.txt\"") && messages.get(0).contains("\"mcp://exchanged/file:///other.txt\"")
                && messages.get(0).contains("\"io.modelcontextprotocol/subscriptionId\":\"sub-1\""), "one acknowledgement, first: " + messages);
        assertEquals(1, messages.stream().filter(m -> m.contains("acknowledged")).count(), messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.contains("resources/updated") && m.contains("\"mcp://recorded/file:///watched.txt\"")));
        assertTrue(messages.stream().anyMatch(m -> m.contains("resources/updated") && m.contains("\"mcp://exchanged/file:///other.txt\"")));
        assertTrue(messages.get(messages.size() - 1).contains("\"id\":\"sub-1\"") && messages.get(messages.size() - 1).contains("result"),
                "one result, last: " + messages);
        List<RecordedRequest> asked = TestUpstream.current().requests().stream().filter(r -> r.path().equals("/mcp")).toList();
        assertEquals(2, asked.size(), "only the servers the subscription concerns are asked");
        assertTrue(asked.stream().allMatch(r -> r.json().path("params").path("notifications").path("resourceSubscriptions").size() == 1
                && r.json().path("params").path("notifications").path("resourceSubscriptions").get(0).asText().startsWith("file:///")));
    }

    @Test
    void aServersRequestInsideAToolCallOnTheAggregateIsAnsweredToThatServerAlone() {
        String alice = TestIdentityProvider.current().tokenWithRoles("ask-alice", "mcp-relay");
        String session = aggregateSession(alice, "elicitation");
        String answer = caller(alice).header(McpEndpoint.SESSION, session).body("""
                {"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"recorded__ask","arguments":{}}}""")
                .post("/mcp").then().statusCode(200).extract().asString();
        assertTrue(answer.contains("\"id\":\"recorded/\\\"e1\\\"\"") && answer.contains("elicitation/create"), answer);
        assertTrue(answer.contains("\"text\":\"asked\""), answer);
        TestUpstream.current().clear();
        caller(alice).header(McpEndpoint.SESSION, session).body("""
                {"jsonrpc":"2.0","id":"recorded/\\"e1\\"","result":{"action":"accept","content":{}}}""").post("/mcp").then().statusCode(202);
        await().atMost(Duration.ofSeconds(5)).until(() -> !mcpRequests().isEmpty());
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> mcpRequests().size() == 1);
        List<RecordedRequest> answers = mcpRequests();
        assertEquals(1, answers.size());
        assertEquals("e1", answers.get(0).json().path("id").asText());
    }

    @Test
    void aServerRefusingTheGatewaysCredentialIsNotTheCallersFault() {
        String admin = TestIdentityProvider.current().tokenWithRoles("root", "proxy_admin");
        caller(admin).body("""
                {"jsonrpc":"2.0","id":4,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},
                 "clientInfo":{"name":"t","version":"1"}}}""").post("/mcp/refusing").then().statusCode(200)
                .header("WWW-Authenticate", org.hamcrest.Matchers.nullValue())
                .body("id", is(4)).body("error.code", is(JsonRpc.UPSTREAM_FAILED))
                .body("error.message", org.hamcrest.Matchers.containsString("MCP server refusing refused Modelgate's credentials"));
    }

    /** A 2025-revision session on /mcp for a client with one capability. */
    private static String aggregateSession(String token, String capability) {
        return caller(token).body("""
                {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{"%s":{}},
                 "clientInfo":{"name":"t","version":"1"}}}""".formatted(capability)).post("/mcp").then().statusCode(200)
                .extract().header(McpEndpoint.SESSION);
    }

    private static List<RecordedRequest> mcpRequests() {
        return TestUpstream.current().requests().stream().filter(r -> r.path().equals("/mcp")).toList();
    }

    private static List<String> mcpAuthorizations() {
        return TestUpstream.current().requests().stream().filter(r -> r.path().equals("/mcp")).map(r -> r.headers().get("authorization")).toList();
    }

    private static RequestSpecification stateless(String token) {
        return caller(token).header("MCP-Protocol-Version", "2026-07-28").header("Mcp-Method", "tools/call").header("Mcp-Name", "echo");
    }

    private static RequestSpecification caller(String token) {
        return given().auth().oauth2(token).cookie("session", "caller-cookie").contentType("application/json")
                .accept("application/json, text/event-stream");
    }
}

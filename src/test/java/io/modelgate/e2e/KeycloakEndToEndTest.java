package io.modelgate.e2e;

import io.modelgate.testing.KeycloakEnvironment;
import io.modelgate.testing.KeycloakServer;
import io.modelgate.testing.ProtectedModelServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.modelgate.testing.GatewayCalls.chat;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end against a real Keycloak: its users and service accounts call Modelgate, and Modelgate
 * obtains its own client-credentials tokens from it to call a model server that accepts nothing else.
 */
@QuarkusTest
@TestProfile(KeycloakEndToEndTest.WithKeycloak.class)
class KeycloakEndToEndTest {

    public static class WithKeycloak implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(KeycloakEnvironment.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("modelgate.bootstrap.litellm-config", "${modelgate.test.keycloak.policy-file}");
        }
    }

    // ---- callers ----

    @Test
    void aUserSignedInWithPasswordGrantCallsTheGatewayWithRolesFromRealmAccess() {
        String alice = KeycloakServer.passwordGrant(KeycloakServer.CLI_CLIENT, null, "alice", "alice-pw");
        chat(alice, "callers").statusCode(200).body("choices[0].message.content", is("verified"));
        chat(alice, "ds-mock").statusCode(403).body("error.code", is("model_not_permitted"));
        String dana = KeycloakServer.passwordGrant(KeycloakServer.CLI_CLIENT, null, "dana", "dana-pw");
        chat(dana, "ds-mock").statusCode(200);
        chat(dana, "callers").statusCode(403);
    }

    @Test
    void anMcpServerGetsEachCallersTokenExchangedAtKeycloakForOneBoundToIt() {
        for (String[] user : new String[][] {{"alice", "alice-pw"}, {"dana", "dana-pw"}}) {
            String token = KeycloakServer.passwordGrant(KeycloakServer.CLI_CLIENT, null, user[0], user[1]);
            given().auth().oauth2(token).contentType("application/json").accept("application/json, text/event-stream")
                    .header("MCP-Protocol-Version", "2026-07-28").header("Mcp-Method", "tools/call").header("Mcp-Name", "greet")
                    .body("""
                            {"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"greet","arguments":{},
                             "_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}""")
                    .post("/mcp/wiki").then().statusCode(200).body("result.content[0].text", is("hello " + user[0]));
        }
        assertEquals(List.of("alice", "dana"), KeycloakEnvironment.modelServer().mcpCallers(),
                "each call carried a token Keycloak issued for audience wiki-mcp, naming the caller");
    }

    @Test
    void aUserWithoutRolesIsRefused() {
        String nobody = KeycloakServer.passwordGrant(KeycloakServer.CLI_CLIENT, null, "nobody", "nobody-pw");
        chat(nobody, "callers").statusCode(403).body("error.code", is("no_gateway_role"));
    }

    @Test
    void aServiceAccountCallsTheGatewayWithRolesFromTheTopLevelRolesClaim() {
        String sdk = KeycloakServer.clientCredentials(KeycloakServer.SDK_CLIENT, KeycloakServer.SDK_CLIENT_SECRET, null);
        chat(sdk, "callers").statusCode(200);
        given().auth().oauth2(sdk).when().get("/v1/models").then().statusCode(200)
                .body("data.id", is(List.of("burst", "callers", "refresh")));
    }

    @Test
    void aTamperedKeycloakTokenIsRefused() {
        String alice = KeycloakServer.passwordGrant(KeycloakServer.CLI_CLIENT, null, "alice", "alice-pw");
        String[] parts = alice.split("\\.");
        chat(parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse(), "callers").statusCode(401);
    }

    // ---- Modelgate's own upstream tokens ----

    @Test
    void twoHundredConcurrentCallsWithNoTokenCachedCauseExactlyOneTokenRequest() throws Exception {
        String alice = KeycloakServer.passwordGrant(KeycloakServer.CLI_CLIENT, null, "alice", "alice-pw");
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            calls.add(() -> chat(alice, "burst").extract().statusCode());
        }
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            for (Future<Integer> status : pool.invokeAll(calls)) {
                assertEquals(200, status.get());
            }
        } finally {
            pool.shutdown();
        }
        ProtectedModelServer server = KeycloakEnvironment.modelServer();
        assertEquals(1, server.tokenRequests("burst"), "one token for 200 concurrent calls");
        assertEquals(200, server.accepted("burst").size());
        assertEquals(1, server.accepted("burst").stream().map(ProtectedModelServer.Accepted::tokenId).distinct().count());
    }

    @Test
    void theTokenIsRenewedBeforeItExpiresSoNoCallEverCarriesAnExpiredOne() throws Exception {
        String alice = KeycloakServer.passwordGrant(KeycloakServer.CLI_CLIENT, null, "alice", "alice-pw");
        ProtectedModelServer server = KeycloakEnvironment.modelServer();
        Instant end = Instant.now().plusSeconds(KeycloakEnvironment.UPSTREAM_TOKEN_SECONDS + 3);
        int calls = 0;
        while (Instant.now().isBefore(end)) {
            chat(alice, "refresh").statusCode(200);
            calls++;
            Thread.sleep(250);
        }
        assertEquals(0, server.rejected("refresh"), "the model server never saw an expired token");
        assertEquals(calls, server.accepted("refresh").size());
        long tokens = server.accepted("refresh").stream().map(ProtectedModelServer.Accepted::tokenId).distinct().count();
        assertEquals(2, tokens, "the first token, and the one renewed 5 s before it expired");
        assertEquals(2, server.tokenRequests("refresh"), "renewed once, by one background refresh");
        List<Long> issued = server.accepted("refresh").stream().map(ProtectedModelServer.Accepted::issuedAt).distinct().toList();
        long renewedAfter = issued.get(1) - issued.get(0);
        assertTrue(renewedAfter >= 8 && renewedAfter <= KeycloakEnvironment.UPSTREAM_TOKEN_SECONDS - 3,
                "renewed " + renewedAfter + " s after the first was issued");
    }
}

package io.modelgate.upstream.credential;

import io.modelgate.testing.TestIdentityProvider;
import io.modelgate.testing.GatewayCalls;
import io.modelgate.testing.LogCapture;
import io.modelgate.testing.TestUpstream;
import io.modelgate.testing.TestUpstream.RecordedRequest;
import io.modelgate.testing.TokenEndpointStub;
import io.modelgate.testing.TokenEndpointStub.TokenRequest;
import io.modelgate.snapshot.ActivePolicy;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Modelgate authenticates its own upstream calls with every kind of credential, against identity
 * provider endpoints in their documented shapes (stubs on 127.0.0.1; see TokenEndpointStub).
 */
@QuarkusTest
class UpstreamCredentialsTest {

    private static final String CLIENT_SECRET = System.getenv(TokenEndpointStub.CLIENT_SECRET_ENV);

    private String caller;
    @Inject
    ActivePolicy activePolicy;
    @Inject
    UpstreamTokens tokens;

    @BeforeEach
    void setUp() {
        TestUpstream.current().clear();
        caller = TestIdentityProvider.current().tokenWithRoles("carol", "cred-tester");
    }

    @Test
    void clientCredentialsWithClientSecretPostScopesAudienceAndExtraParameters() {
        chat("cred-oauth-post").statusCode(200);
        TokenRequest request = onlyTokenRequest();
        assertEquals("client_secret_post", request.authentication());
        assertEquals("gateway-upstream", request.clientId());
        assertEquals("llm.invoke llm.read", request.form().get("scope"));
        assertEquals("https://models.internal", request.form().get("audience"));
        assertEquals("model-server", request.form().get("resource"));
        assertTrue(upstreamAuthorization().startsWith("Bearer idp-token-"), upstreamAuthorization());
    }

    @Test
    void theTokenIsReusedAcrossCalls() {
        chat("cred-oauth-basic").statusCode(200);
        String first = upstreamAuthorization();
        for (int i = 0; i < 5; i++) {
            chat("cred-oauth-basic").statusCode(200);
        }
        assertEquals("client_secret_basic", TestUpstream.current().tokenEndpoints().requests().get(0).authentication());
        assertTrue(TestUpstream.current().requests().stream().allMatch(r -> first.equals(r.headers().get("authorization"))));
        assertTrue(TestUpstream.current().tokenEndpoints().requests().size() <= 1, "obtained at most once (maybe earlier)");
    }

    @Test
    void embeddingsCarryTheTokenToo() {
        given().auth().oauth2(caller).contentType(ContentType.JSON)
                .body("{\"model\":\"cred-oauth-basic\",\"input\":\"hello\"}")
                .when().post("/v1/embeddings").then().statusCode(200);
        RecordedRequest upstream = onlyUpstreamRequest();
        assertEquals("/ok/v1/embeddings", upstream.path());
        assertTrue(upstream.headers().get("authorization").startsWith("Bearer idp-token-"));
    }

    @Test
    void entraIdWithAClientSecretAuthenticatesAzureOpenAiByBearerToken() {
        chat("cred-entra-secret").statusCode(200);
        TokenRequest request = onlyTokenRequest();
        assertEquals("/azure/tenant-a/oauth2/v2.0/token", request.path());
        assertEquals("https://cognitiveservices.azure.com/.default", request.form().get("scope"));
        RecordedRequest upstream = onlyUpstreamRequest();
        assertTrue(upstream.headers().get("authorization").startsWith("Bearer entra-token-"));
        assertNull(upstream.headers().get("api-key"), "a token, not a key");
    }

    @Test
    void entraIdWorkloadIdentitySendsTheFederatedTokenAsClientAssertion() throws Exception {
        chat("cred-entra-workload").statusCode(200);
        TokenRequest request = onlyTokenRequest();
        assertEquals("/azure/tenant-b/oauth2/v2.0/token", request.path());
        assertEquals("client_assertion", request.authentication());
        assertEquals(Files.readString(TestUpstream.current().federatedTokenFile()), request.form().get("client_assertion"));
        assertNull(request.form().get("client_secret"));
        assertTrue(upstreamAuthorization().startsWith("Bearer entra-token-"));
    }

    @Test
    void entraIdManagedIdentityAsksTheMetadataEndpoint() {
        chat("cred-entra-managed").statusCode(200);
        TokenRequest request = onlyTokenRequest();
        assertEquals("GET", request.method());
        assertEquals("metadata", request.authentication());
        assertEquals("https://cognitiveservices.azure.com", request.form().get("resource"));
        assertEquals("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", request.form().get("client_id"));
        assertTrue(upstreamAuthorization().startsWith("Bearer msi-token-"));
    }

    @Test
    void anEntraIdCredentialNamingNoSignInFollowsAzuresDefaultOrderAndSaysWhichWay() throws Exception {
        chat("cred-entra-default").statusCode(200);
        TokenRequest request = onlyTokenRequest();
        assertEquals("metadata", request.authentication(), "no client secret or federated token in the environment: managed identity");
        assertNull(request.form().get("client_id"), "the system-assigned identity");
        assertTrue(upstreamAuthorization().startsWith("Bearer msi-token-"));

        UpstreamCredential credential = activePolicy.snapshot().credentials().stream()
                .filter(c -> c.name().equals("entra-default")).findFirst().orElseThrow();
        UpstreamTokens.Probe probe = tokens.probe(credential).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertTrue(probe.ok());
        assertEquals("A token was obtained by managed identity.", probe.message());
    }

    @Test
    void aCustomCredentialBeanIsCalledWithItsScope() {
        chat("cred-vault").statusCode(200);
        assertTrue(upstreamAuthorization().matches("Bearer vault-token-\\d+-for-llm"), upstreamAuthorization());
    }

    @Test
    void aLiteLlmCredentialSuppliesKeyAndBaseUrl() {
        chat("cred-litellm-style").statusCode(200);
        RecordedRequest upstream = onlyUpstreamRequest();
        assertEquals("/ok/v1/chat/completions", upstream.path());
        assertEquals("Bearer " + System.getenv(TestUpstream.API_KEY_ENV), upstream.headers().get("authorization"));
    }

    @Test
    void aRejectedClientGives502NamingTheCredentialAndIsNotRetriedInALoop() {
        for (int i = 0; i < 3; i++) {
            chat("cred-rejecting-idp").statusCode(502)
                    .body("error.type", is("upstream_auth_error"))
                    .body("error.message", containsString("'idp-rejecting'"))
                    .body("error.message", containsString("invalid_client"))
                    .body("error.message", not(containsString(CLIENT_SECRET)));
        }
        assertTrue(TestUpstream.current().tokenEndpoints().requests().size() <= 1, "at most one request per cool-down");
        assertEquals(List.of(), TestUpstream.current().requests(), "nothing was forwarded");
    }

    @Test
    void anUnreachableIdpFailsTheCallUnderTheFailPolicy() {
        chat("cred-idp-down").statusCode(502).body("error.code", is("upstream_auth_error"))
                .body("error.message", containsString("'idp-down'"));
        assertEquals(List.of(), TestUpstream.current().requests());
    }

    @Test
    void anUnreachableIdpForwardsWithoutAuthorizationUnderProceedWithoutAuth() {
        chat("cred-idp-down-lenient").statusCode(200);
        assertNull(onlyUpstreamRequest().headers().get("authorization"));
    }

    @Test
    void tokenFetchesAreMeasuredPerCredential() {
        chat("cred-oauth-post").statusCode(200);
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("modelgate_upstream_token_fetches_total{credential=\"idp-post\",outcome=\"success\"}"), metrics);
        assertTrue(metrics.contains("modelgate_upstream_token_expiry_seconds{credential=\"idp-post\"}"));
        assertFalse(metrics.contains(CLIENT_SECRET));
    }

    @Test
    void noSecretOrTokenReachesTheLogAndEachFailedRefreshWarnsOnce() {
        List<String> lines;
        try (LogCapture capture = new LogCapture()) {
            for (String model : List.of("cred-oauth-post", "cred-entra-secret", "cred-entra-workload", "cred-entra-managed",
                    "cred-vault", "cred-litellm-style", "cred-rejecting-idp", "cred-log-check", "cred-log-check")) {
                chat(model);
            }
            lines = capture.lines();
        }
        String upstreamKey = System.getenv(TestUpstream.API_KEY_ENV);
        for (String line : lines) {
            assertFalse(line.contains(CLIENT_SECRET) || line.contains(upstreamKey) || line.contains("idp-token-")
                    || line.contains("entra-token-") || line.contains("msi-token-") || line.contains("vault-token-"), line);
        }
        long warnings = lines.stream().filter(l -> l.startsWith("WARN") && l.contains("'idp-down-logged'")).count();
        assertEquals(1, warnings, "two calls within the cool-down share one warning: " + lines);
        assertTrue(lines.stream().anyMatch(l -> l.contains("'idp-down-logged'") && l.contains("proceed without Authorization")), lines.toString());
    }

    private ValidatableResponse chat(String model) {
        return GatewayCalls.chat(caller, model);
    }

    private static TokenRequest onlyTokenRequest() {
        List<TokenRequest> requests = TestUpstream.current().tokenEndpoints().requests();
        assertEquals(1, requests.size(), requests.toString());
        return requests.get(0);
    }

    private static RecordedRequest onlyUpstreamRequest() {
        List<RecordedRequest> requests = TestUpstream.current().requests();
        assertEquals(1, requests.size(), requests.toString());
        return requests.get(0);
    }

    private static String upstreamAuthorization() {
        return onlyUpstreamRequest().headers().get("authorization");
    }
}

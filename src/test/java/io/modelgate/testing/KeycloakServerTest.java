package io.modelgate.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.modelgate.testing.KeycloakServer.CLI_CLIENT;
import static io.modelgate.testing.KeycloakServer.SDK_CLIENT;
import static io.modelgate.testing.KeycloakServer.SDK_CLIENT_SECRET;
import static io.modelgate.testing.KeycloakServer.UPSTREAM_CLIENT;
import static io.modelgate.testing.KeycloakServer.UPSTREAM_CLIENT_SECRET;
import static io.modelgate.testing.KeycloakServer.UPSTREAM_SCOPE;
import static io.modelgate.testing.KeycloakServer.UPSTREAM_TOKEN_LIFESPAN;
import static io.modelgate.testing.KeycloakServer.jwtPayload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real Keycloak and its test realm issue the tokens the gateway's end-to-end tests rely on. */
class KeycloakServerTest {

    @BeforeAll
    static void startKeycloak() {
        KeycloakServer.ensureRunning();
    }

    @Test
    void discoveryNamesTheRealmAsIssuerOnLoopback() throws Exception {
        assertTrue(KeycloakServer.baseUrl().startsWith("http://127.0.0.1:"), KeycloakServer.baseUrl());
        HttpResponse<String> discovery = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(KeycloakServer.discoveryUrl())).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, discovery.statusCode());
        JsonNode document = new ObjectMapper().readTree(discovery.body());
        assertEquals(KeycloakServer.realmUrl(), document.get("issuer").asText());
        assertEquals(KeycloakServer.jwksUrl(), document.get("jwks_uri").asText());
        assertEquals(KeycloakServer.tokenUrl(), document.get("token_endpoint").asText());
    }

    @Test
    void passwordGrantForAliceCarriesHerRolesAndTheGatewayAudience() {
        JsonNode claims = jwtPayload(KeycloakServer.passwordGrant(CLI_CLIENT, null, "alice", "alice-pw"));

        assertEquals(List.of("basic_user"), strings(claims.get("roles")));
        assertEquals(List.of("basic_user"), strings(claims.at("/realm_access/roles")));
        assertTrue(strings(claims.get("aud")).contains("modelgate"), claims.toString());
        assertEquals(KeycloakServer.realmUrl(), claims.get("iss").asText());
        assertEquals("alice", claims.get("preferred_username").asText());
        assertEquals("alice@example.com", claims.get("email").asText());
        assertFalse(claims.get("sub").asText().isEmpty());
    }

    @Test
    void everyUserGetsExactlyTheRolesOfTheRealmFile() {
        assertEquals(List.of("ds-team"), roles("dana", "dana-pw"));
        assertEquals(List.of("proxy_admin"), roles("admin", "admin-pw"));
        assertEquals(List.of(), roles("nobody", "nobody-pw"));
        assertThrows(IllegalStateException.class, () -> KeycloakServer.passwordGrant(CLI_CLIENT, null, "alice", "wrong"));
    }

    @Test
    void sdkCallerServiceAccountIsABasicUser() {
        JsonNode claims = jwtPayload(KeycloakServer.clientCredentials(SDK_CLIENT, SDK_CLIENT_SECRET, null));

        assertEquals(List.of("basic_user"), strings(claims.get("roles")));
        assertTrue(strings(claims.get("aud")).contains("modelgate"), claims.toString());
        assertEquals(SDK_CLIENT, claims.get("azp").asText());
        assertEquals(KeycloakServer.realmUrl(), claims.get("iss").asText());
    }

    @Test
    void gatewayUpstreamTokenIsScopedToTheModelServerAndShortLived() {
        JsonNode claims = jwtPayload(KeycloakServer.clientCredentials(UPSTREAM_CLIENT, UPSTREAM_CLIENT_SECRET, UPSTREAM_SCOPE));

        assertTrue(Arrays.asList(claims.get("scope").asText().split(" ")).contains(UPSTREAM_SCOPE), claims.toString());
        assertTrue(strings(claims.get("aud")).contains("model-server"), claims.toString());
        assertEquals(UPSTREAM_TOKEN_LIFESPAN, lifespan(claims));

        // without the optional scope: neither the scope nor the audience
        JsonNode unscoped = jwtPayload(KeycloakServer.clientCredentials(UPSTREAM_CLIENT, UPSTREAM_CLIENT_SECRET, null));
        assertFalse(strings(unscoped.get("aud")).contains("model-server"), unscoped.toString());
    }

    @Test
    void accessTokenLifespanChangesAtRuntime() {
        try {
            KeycloakServer.setAccessTokenLifespan(UPSTREAM_CLIENT, 125);
            assertEquals(125, lifespan(jwtPayload(
                    KeycloakServer.clientCredentials(UPSTREAM_CLIENT, UPSTREAM_CLIENT_SECRET, UPSTREAM_SCOPE))));
        } finally {
            KeycloakServer.setAccessTokenLifespan(UPSTREAM_CLIENT, UPSTREAM_TOKEN_LIFESPAN);
        }
        assertEquals(UPSTREAM_TOKEN_LIFESPAN, lifespan(jwtPayload(
                KeycloakServer.clientCredentials(UPSTREAM_CLIENT, UPSTREAM_CLIENT_SECRET, UPSTREAM_SCOPE))));
    }

    private static List<String> roles(String user, String password) {
        return strings(jwtPayload(KeycloakServer.passwordGrant(CLI_CLIENT, null, user, password)).get("roles"));
    }

    private static long lifespan(JsonNode claims) {
        return claims.get("exp").asLong() - claims.get("iat").asLong();
    }

    /** A claim that is a string or an array of strings (aud is a string when there is one audience). */
    private static List<String> strings(JsonNode claim) {
        List<String> values = new ArrayList<>();
        if (claim == null || claim.isMissingNode() || claim.isNull()) {
            return values;
        }
        if (claim.isArray()) {
            claim.forEach(value -> values.add(value.asText()));
        } else {
            values.add(claim.asText());
        }
        return values;
    }
}

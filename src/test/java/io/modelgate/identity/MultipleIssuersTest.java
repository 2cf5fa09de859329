package io.modelgate.identity;

import io.modelgate.testing.TestIdentityProvider;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.smallrye.jwt.build.Jwt;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;

/**
 * Two trusted issuers at once (say Keycloak as the default tenant and Entra ID as tenant "entra"),
 * each token routed by its {@code iss} to the tenant that verifies it.
 */
@QuarkusTest
@TestProfile(MultipleIssuersTest.TwoIssuers.class)
class MultipleIssuersTest {

    static final String SECOND_ISSUER = "https://login.test.local/tenant-b/v2.0";

    public static class TwoIssuers implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(SecondIssuer.class));
        }
    }

    /** A second identity provider, configured as the named OIDC tenant "entra" with standard properties. */
    public static class SecondIssuer implements QuarkusTestResourceLifecycleManager {
        static TestIdentityProvider provider;

        @Override
        public Map<String, String> start() {
            provider = new TestIdentityProvider(SECOND_ISSUER, "entra-").startServer();
            return Map.of(
                    "quarkus.oidc.entra.auth-server-url", provider.baseUrl(),
                    "quarkus.oidc.entra.discovery-enabled", "false",
                    "quarkus.oidc.entra.jwks-path", provider.jwksUrl(),
                    "quarkus.oidc.entra.token.issuer", SECOND_ISSUER,
                    "quarkus.oidc.entra.token.audience", "api://modelgate",
                    "quarkus.oidc.entra.token.allow-jwt-introspection", "false",
                    "quarkus.oidc.entra.token.allow-opaque-token-introspection", "false");
        }

        @Override
        public void stop() {
            provider.stop();
        }
    }

    @Test
    void tokensOfEitherIssuerAreAccepted() {
        chat(TestIdentityProvider.current().tokenWithRoles("kc-user", "basic_user"), 200);
        chat(SecondIssuer.provider.token(c -> c.audience("api://modelgate").claim("roles", List.of("basic_user"))), 200);
        chat(SecondIssuer.provider.sign(SecondIssuer.provider.ecKid(),
                c -> c.audience("api://modelgate").claim("roles", List.of("basic_user"))), 200);
    }

    @Test
    void eachIssuerKeepsItsOwnAudienceAndKeys() {
        // The second issuer's token with the first issuer's audience.
        chat(SecondIssuer.provider.token(c -> c.claim("roles", List.of("basic_user"))), 401);
        // The second issuer's name on a token signed with the first issuer's key.
        chat(Jwt.issuer(SECOND_ISSUER).audience("api://modelgate").subject("mallory").claim("roles", List.of("basic_user"))
                .jws().keyId(TestIdentityProvider.RSA_KID)
                .sign(TestIdentityProvider.current().keyPair(TestIdentityProvider.RSA_KID).getPrivate()), 401);
    }

    @Test
    void anUnknownIssuerIsRefused() {
        TestIdentityProvider stranger = new TestIdentityProvider("https://stranger.test.local", "stranger-").startServer();
        try {
            chat(stranger.tokenWithRoles("x", "basic_user"), 401);
        } finally {
            stranger.stop();
        }
    }

    static void chat(String token, int status) {
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"model\":\"mock-chat\",\"messages\":[]}")
                .when().post("/v1/chat/completions").then().statusCode(status);
    }
}

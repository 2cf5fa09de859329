package io.modelgate.identity;

import io.modelgate.testing.TestIdentityProvider;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.modelgate.identity.MultipleIssuersTest.chat;
import static org.awaitility.Awaitility.await;

/**
 * A LiteLLM deployment's environment, unchanged: {@code JWT_PUBLIC_KEY_URL} with two comma-separated
 * JWKS URLs and {@code JWT_AUDIENCE}, with no {@code quarkus.oidc} issuer configured at all.
 */
@QuarkusTest
@TestProfile(LiteLlmJwtVariablesTest.LiteLlmEnvironment.class)
class LiteLlmJwtVariablesTest {

    static final String AUDIENCE = "litellm-proxy";

    public static class LiteLlmEnvironment implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(TwoJwksUrls.class));
        }
    }

    /** Two providers whose JWKS URLs go into JWT_PUBLIC_KEY_URL (as the property jwt.public-key-url). */
    public static class TwoJwksUrls implements QuarkusTestResourceLifecycleManager {
        static TestIdentityProvider azure;
        static TestIdentityProvider keycloak;

        @Override
        public Map<String, String> start() {
            azure = new TestIdentityProvider("https://login.test.local/tenant/v2.0", "azure-").startServer();
            keycloak = new TestIdentityProvider("https://keycloak.test.local/realms/llm", "kc-").startServer();
            return Map.of(
                    "jwt.public-key-url", azure.jwksUrl() + "," + keycloak.jwksUrl(),
                    "jwt.audience", AUDIENCE,
                    "quarkus.oidc.tenant-enabled", "false",
                    "quarkus.oidc.token.forced-jwk-refresh-interval", "1S");
        }

        @Override
        public void stop() {
            azure.stop();
            keycloak.stop();
        }
    }

    @Test
    void tokensSignedByKeysOfEitherUrlAreAccepted() {
        chat(TwoJwksUrls.azure.token(c -> c.audience(AUDIENCE).claim("roles", List.of("basic_user"))), 200);
        chat(TwoJwksUrls.keycloak.token(c -> c.audience(AUDIENCE).claim("roles", List.of("basic_user"))), 200);
        chat(TwoJwksUrls.keycloak.sign(TwoJwksUrls.keycloak.ecKid(), c -> c.audience(AUDIENCE).claim("roles", List.of("basic_user"))), 200);
    }

    @Test
    void theAudienceIsChecked() {
        chat(TwoJwksUrls.azure.token(c -> c.audience("some-other-api").claim("roles", List.of("basic_user"))), 401);
    }

    @Test
    void keysFromNoneOfTheUrlsAreRefused() {
        // The default test provider is not trusted here: no quarkus.oidc issuer is enabled.
        chat(TestIdentityProvider.current().token(c -> c.audience(AUDIENCE).claim("roles", List.of("basic_user"))), 401);
    }

    @Test
    void aKeyAddedToOneUrlIsFoundWithoutRestart() {
        TwoJwksUrls.keycloak.createKey("kc-rotated");
        String token = TwoJwksUrls.keycloak.sign("kc-rotated", c -> c.audience(AUDIENCE).claim("roles", List.of("basic_user")));
        chat(token, 401);
        TwoJwksUrls.keycloak.publish("kc-rotated");
        await().atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(400)).untilAsserted(() -> chat(token, 200));
    }
}

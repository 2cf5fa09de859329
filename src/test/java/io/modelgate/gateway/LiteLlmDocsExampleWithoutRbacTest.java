package io.modelgate.gateway;

import io.modelgate.testing.TestIdentityProvider;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.modelgate.gateway.LiteLlmDocsExampleTest.chat;

/** The same documented config with {@code enforce_rbac: false}: any mapped role may use every model. */
@QuarkusTest
@TestProfile(LiteLlmDocsExampleWithoutRbacTest.NoRbac.class)
class LiteLlmDocsExampleWithoutRbacTest {

    public static class NoRbac implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("modelgate.bootstrap.litellm-config", "classpath:litellm-docs-example-no-rbac.yaml");
        }
    }

    @Test
    void basicUserMayUseBothModels() {
        String token = TestIdentityProvider.current().tokenWithRoles("john", "basic_user");
        chat(token, "anthropic-claude", 200);
        chat(token, "openai-gpt-4o", 200);
    }

    @Test
    void aTokenWithoutRolesIsStillRefused() {
        chat(TestIdentityProvider.current().token(c -> c.subject("john")), "openai-gpt-4o", 403);
    }
}

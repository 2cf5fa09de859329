package io.modelgate.gateway;

import io.modelgate.testing.TestIdentityProvider;
import io.modelgate.testing.TestUpstream;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * LiteLLM's documented "Control Model Access with OIDC" config, imported unchanged as the bootstrap
 * policy: a {@code basic_user} may use {@code anthropic-claude} but not {@code openai-gpt-4o}.
 */
@QuarkusTest
@TestProfile(LiteLlmDocsExampleTest.DocsExample.class)
class LiteLlmDocsExampleTest {

    public static class DocsExample implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("modelgate.bootstrap.litellm-config", "classpath:litellm-docs-example.yaml");
        }
    }

    @Test
    void basicUserMayUseAnthropicClaudeButNotGpt4o() {
        TestUpstream.current().clear();
        String token = TestIdentityProvider.current().tokenWithRoles("john", "basic_user");
        chat(token, "anthropic-claude", 200);
        assertEquals("claude-3-5-haiku-20241022", TestUpstream.current().requests().get(0).json().path("model").asText(),
                "unprefixed models go to the default OpenAI-compatible base URL under their own name");
        chat(token, "openai-gpt-4o", 403);
        given().auth().oauth2(token).when().get("/v1/models").then().statusCode(200).body("data.id", is(java.util.List.of("anthropic-claude")));
    }

    @Test
    void aTokenWithoutRolesIsRefused() {
        chat(TestIdentityProvider.current().token(c -> c.subject("john")), "anthropic-claude", 403);
    }

    static void chat(String token, String model, int status) {
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .when().post("/v1/chat/completions").then().statusCode(status);
    }
}

package io.modelgate.gateway;

import io.modelgate.testing.TestIdentityProvider;
import io.modelgate.testing.TestUpstream;
import io.modelgate.testing.TestUpstream.RecordedRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A model on a self-hosted OpenAI-compatible server, configured as a LiteLLM config would name it
 * ({@code hosted_vllm/…} with the server's address without {@code /v1}): its chat calls reach the server under
 * {@code /v1}, and it is offered on what the server speaks and what translates to it, nothing else.
 */
@QuarkusTest
class SelfHostedProviderTest {

    private static RequestSpecification admin() {
        return given().auth().oauth2(TestIdentityProvider.current().tokenWithRoles("alice-admin", "proxy_admin"))
                .contentType(ContentType.JSON);
    }

    private static ValidatableResponse call(String path, String body) {
        // carol's IdP role maps to data_science, which holds ds-*
        return given().auth().oauth2(TestIdentityProvider.current().tokenWithRoles("carol", "ds-team"))
                .contentType(ContentType.JSON).body(body).when().post(path).then();
    }

    @Test
    void aVllmModelIsCalledUnderV1AndServedOnWhatVllmSpeaksOrIsTranslatedTo() {
        admin().body("""
                {"model_name": "ds-qwen", "mode": "chat",
                 "deployments": [{"model": "hosted_vllm/Qwen/Qwen3-32B", "api_base": "%s/ok"}]}"""
                .formatted(TestUpstream.current().baseUrl()))
                .when().post("/admin/api/models").then().statusCode(201);
        try {
            String chat = "{\"model\":\"ds-qwen\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
            TestUpstream.current().clear();
            await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50))
                    .untilAsserted(() -> call("/v1/chat/completions", chat).statusCode(200));
            List<RecordedRequest> seen = TestUpstream.current().requests();
            RecordedRequest last = seen.get(seen.size() - 1);
            assertEquals("/ok/v1/chat/completions", last.path());
            assertEquals("Qwen/Qwen3-32B", last.json().path("model").asText());

            call("/v1/embeddings", "{\"model\":\"ds-qwen\",\"input\":\"hi\"}").statusCode(400)
                    .body("error.message", containsString("It is served on /v1/chat/completions, /v1/responses, /v1/messages."));
            given().auth().oauth2(TestIdentityProvider.current().tokenWithRoles("carol", "ds-team"))
                    .when().get("/v1/models/ds-qwen").then().statusCode(200).body("id", equalTo("ds-qwen"));
        } finally {
            admin().when().delete("/admin/api/models/ds-qwen").then().statusCode(204);
        }
    }
}

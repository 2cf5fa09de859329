package io.modelgate.gateway;

import io.modelgate.testing.LogCapture;
import io.modelgate.testing.TestIdentityProvider;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each data-plane request leaves one access-log line: who, which model, what was decided, status, upstream; never the token. */
@QuarkusTest
class AccessLogTest {

    @Test
    void allowedDeniedAndUnauthenticatedRequestsAreLoggedWithoutTheToken() {
        String token = TestIdentityProvider.current().tokenWithRoles("alice-access-log", "basic_user");
        List<String> lines;
        try (LogCapture log = new LogCapture()) {
            chat(token, "mock-chat", 200);
            chat(token, "secret-model", 403);
            given().contentType(ContentType.JSON).body("{}").when().post("/v1/chat/completions").then().statusCode(401);
            Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> log.lines().stream().filter(l -> l.contains(" modelgate.access ")).count() >= 3);
            lines = log.lines().stream().filter(l -> l.contains(" modelgate.access ")).toList();
        }
        String allowed = only(lines, "model=mock-chat");
        assertTrue(allowed.startsWith("INFO modelgate.access POST /v1/chat/completions 200 "), allowed);
        assertTrue(allowed.contains("subject=alice-access-log") && allowed.contains("decision=allowed:internal_user")
                && allowed.contains("upstream=mock/mock-gpt#"), allowed);
        assertTrue(allowed.contains("duration_ms="), "the fields are MDC fields too, for JSON logs: " + allowed);

        String denied = only(lines, "model=secret-model");
        assertTrue(denied.contains(" 403 ") && denied.contains("decision=model_not_permitted") && denied.contains("upstream=-"), denied);

        String anonymous = lines.stream().filter(l -> l.contains(" 401 ")).findFirst().orElseThrow();
        assertTrue(anonymous.contains("subject=- ") && anonymous.contains("decision=missing_token"), anonymous);
        lines.forEach(line -> assertFalse(line.contains(token) || line.contains(token.substring(token.lastIndexOf('.') + 1)),
                "no token in the access log: " + line));
    }

    @Test
    void aTranslatedCallSaysWhereItWentWhatWasLeftOutAndTheUpstreamsOwnUsage() {
        String token = TestIdentityProvider.current().tokenWithRoles("alice-access-log", "basic_user");
        String line;
        try (LogCapture log = new LogCapture()) {
            given().header("x-api-key", token).contentType(ContentType.JSON).body("""
                    {"model":"vllm-chat","max_tokens":20,"top_k":3,"thinking":{"type":"enabled","budget_tokens":2000},
                     "messages":[{"role":"user","content":"hi"}]}""").when().post("/v1/messages").then().statusCode(200);
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> log.lines().stream().anyMatch(l -> l.contains("model=vllm-chat ")));
            line = only(log.lines().stream().filter(l -> l.contains(" modelgate.access ")).toList(), "model=vllm-chat");
        }
        assertTrue(line.contains("POST /v1/messages 200 ") && line.contains(" translated_to=/v1/chat/completions omitted=thinking "), line);
        assertTrue(line.contains("input_tokens=5 output_tokens=4"), "the recording upstream's chat usage, exactly: " + line);
    }

    @TestHTTPResource
    java.net.URL gateway;

    @Test
    void aStreamCutForFallingSilentIsLoggedAsAnUpstreamTimeout() throws Exception {
        String token = TestIdentityProvider.current().tokenWithRoles("alice-access-log", "basic_user");
        try (LogCapture log = new LogCapture()) {
            // the answer's head went out before the silence: the caller sees the stream cut
            java.net.http.HttpResponse<java.io.InputStream> response = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(gateway + "v1/chat/completions"))
                            .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                    "{\"model\":\"slow-stream\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                            .build(), java.net.http.HttpResponse.BodyHandlers.ofInputStream());
            try (java.io.InputStream body = response.body()) {
                body.readAllBytes();
            } catch (java.io.IOException cut) {
                // expected: cut mid-stream
            }
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> log.lines().stream().anyMatch(l -> l.contains("model=slow-stream ")));
            String line = only(log.lines().stream().filter(l -> l.contains(" modelgate.access ")).toList(), "model=slow-stream");
            assertTrue(line.contains("decision=upstream_timeout") && line.contains("upstream=openai/slow-model#1"), line);
            // the upstream exchange was over when the caller left: nothing is cancelled twice, nothing fails uncaught
            Awaitility.await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
                    .until(() -> log.lines().stream().noneMatch(l -> l.contains("Uncaught exception")));
        }
    }

    private static String only(List<String> lines, String marker) {
        List<String> matching = lines.stream().filter(l -> l.contains(marker + " ")).toList();
        assertEquals(1, matching.size(), marker + ": " + lines);
        return matching.get(0);
    }

    private static void chat(String token, String model, int status) {
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .when().post("/v1/chat/completions").then().statusCode(status);
    }
}

package io.modelgate.gateway;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.NotFoundException;
import com.anthropic.errors.PermissionDeniedException;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import io.modelgate.testing.TestIdentityProvider;
import io.modelgate.testing.TestUpstream;
import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.http.ContentType;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.List;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Anthropic's Messages API as Claude Code and the Anthropic SDKs call it, through the official Anthropic Java SDK. */
@QuarkusTest
class AnthropicMessagesTest {

    @TestHTTPResource("/")
    URL baseUrl;

    @BeforeEach
    void clearUpstream() {
        TestUpstream.current().clear();
    }

    private static String token(String subject, String... roles) {
        return TestIdentityProvider.current().tokenWithRoles(subject, roles);
    }

    /** ANTHROPIC_AUTH_TOKEN: the token as a bearer token. */
    private AnthropicClient withAuthToken(String token) {
        return AnthropicOkHttpClient.builder().baseUrl(baseUrl.toString().replaceAll("/$", "")).authToken(token).maxRetries(0).build();
    }

    /** ANTHROPIC_API_KEY: the token in x-api-key. */
    private AnthropicClient withApiKey(String token) {
        return AnthropicOkHttpClient.builder().baseUrl(baseUrl.toString().replaceAll("/$", "")).apiKey(token).maxRetries(0).build();
    }

    private static MessageCreateParams ask(String model, String text) {
        return MessageCreateParams.builder().model(model).maxTokens(256).addUserMessage(text).build();
    }

    private static String text(Message message) {
        return message.content().stream().flatMap(block -> block.text().stream()).map(b -> b.text()).collect(Collectors.joining());
    }

    @Test
    void createsAMessageWithTheTokenInEitherHeader() {
        String token = token("alice", "basic_user");
        assertEquals("Mock reply from claude-test: hello claude", text(withAuthToken(token).messages().create(ask("claude", "hello claude"))));
        assertEquals("Mock reply from claude-test: by api key", text(withApiKey(token).messages().create(ask("claude", "by api key"))));
    }

    @Test
    void streamsEventByEvent() {
        List<String> types;
        StringBuilder text = new StringBuilder();
        try (StreamResponse<RawMessageStreamEvent> stream = withApiKey(token("alice", "basic_user")).messages()
                .createStreaming(ask("claude", "stream to me"))) {
            List<RawMessageStreamEvent> events = stream.stream().toList();
            events.forEach(event -> event.contentBlockDelta().flatMap(delta -> delta.delta().text())
                    .ifPresent(delta -> text.append(delta.text())));
            types = events.stream().map(event -> event.isMessageStart() ? "start" : event.isMessageStop() ? "stop" : "other").toList();
        }
        assertEquals("Mock reply from claude-test: stream to me", text.toString());
        assertEquals("start", types.get(0));
        assertEquals("stop", types.get(types.size() - 1));
    }

    @Test
    void countsTokens() {
        assertEquals(3, withAuthToken(token("alice", "basic_user")).messages().countTokens(MessageCountTokensParams.builder()
                .model("claude").addUserMessage("three words here").build()).inputTokens());
    }

    @Test
    void errorsAreAnthropicShapedAndTheSdkRaisesItsOwnExceptions() {
        assertThrows(UnauthorizedException.class, () -> withApiKey("not-a-jwt").messages().create(ask("claude", "hi")));
        assertThrows(NotFoundException.class, () -> withApiKey(token("dana", "ds-team")).messages().create(ask("ds-missing", "hi")));
        assertThrows(PermissionDeniedException.class, () -> withApiKey(token("alice", "basic_user")).messages().create(ask("secret-model", "hi")));

        given().contentType(ContentType.JSON).body("{\"model\":\"claude\"}").when().post("/v1/messages").then()
                .statusCode(401).body("type", equalTo("error")).body("error.type", equalTo("authentication_error"));
        given().header("x-api-key", token("alice", "basic_user")).contentType(ContentType.JSON).body("{\"model\":\"claude\",")
                .when().post("/v1/messages").then().statusCode(400).body("type", equalTo("error"))
                .body("error.type", equalTo("invalid_request_error")).body("error.message", startsWith("The request body is not valid JSON"));
        given().header("x-api-key", token("alice", "basic_user")).header("Authorization", "Bearer " + token("bob", "basic_user"))
                .contentType(ContentType.JSON).body("{\"model\":\"claude\"}").when().post("/v1/messages").then()
                .statusCode(400).body("error.type", equalTo("invalid_request_error"))
                .body("error.message", equalTo("The request carries one token in Authorization and another in x-api-key; send one of them."));
        given().header("x-api-key", token("alice", "basic_user")).contentType(ContentType.JSON)
                .body("{\"model\":\"mock-embed-only\",\"max_tokens\":5,\"messages\":[]}").when().post("/v1/messages").then()
                .statusCode(400).body("error.type", equalTo("invalid_request_error"))
                .body("error.message", equalTo("The model 'mock-embed-only' is not served on /v1/messages. It is served on /v1/embeddings."));
        given().header("x-api-key", token("alice", "basic_user")).when().get("/v1/messages/nothing-here").then()
                .statusCode(404).body("type", equalTo("error")).body("error.type", equalTo("not_found_error"));
        assertTrue(TestUpstream.current().requests().isEmpty(), "nothing was forwarded");
    }

    @Test
    void anAnthropicUpstreamGetsItsKeyInXApiKeyAndTheCallersHeadersAndQuery() {
        given().header("x-api-key", token("alice", "basic_user")).header("anthropic-beta", "prompt-caching-2024-07-31")
                .contentType(ContentType.JSON).body("{\"model\":\"anthropic-upstream\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .when().post("/v1/messages?beta=true").then().statusCode(200).body("content[0].text", equalTo("Hello from the Anthropic upstream"));
        TestUpstream.RecordedRequest sent = TestUpstream.current().requests().get(0);
        assertEquals("/ok/v1/messages", sent.path());
        assertEquals("beta=true", sent.query());
        assertEquals("claude-upstream-1", sent.json().path("model").asText());
        assertEquals(System.getenv().getOrDefault(TestUpstream.API_KEY_ENV, sent.headers().get("x-api-key")), sent.headers().get("x-api-key"));
        assertNull(sent.headers().get("authorization"), "the caller's token stays at the gateway");
        assertEquals("2023-06-01", sent.headers().get("anthropic-version"), "defaulted when the caller sends none");
        assertEquals("prompt-caching-2024-07-31", sent.headers().get("anthropic-beta"));

        TestUpstream.current().clear();
        given().header("Authorization", "Bearer " + token("alice", "basic_user")).header("anthropic-version", "2023-01-01")
                .contentType(ContentType.JSON).body("{\"model\":\"anthropic-upstream\",\"messages\":[]}")
                .when().post("/v1/messages/count_tokens").then().statusCode(200).body("input_tokens", equalTo(7));
        sent = TestUpstream.current().requests().get(0);
        assertEquals("/ok/v1/messages/count_tokens", sent.path());
        assertEquals("2023-01-01", sent.headers().get("anthropic-version"), "the caller's own version travels");
        assertFalse(sent.headers().containsKey("authorization"));
    }

    @Test
    void anAnthropicCompatibleEndpointBehindAnIdpGetsABearerToken() {
        given().header("x-api-key", token("alice", "basic_user")).contentType(ContentType.JSON)
                .body("{\"model\":\"anthropic-idp\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .when().post("/v1/messages").then().statusCode(200);
        TestUpstream.RecordedRequest sent = TestUpstream.current().requests().stream()
                .filter(r -> r.path().endsWith("/v1/messages")).findFirst().orElseThrow();
        assertTrue(sent.headers().get("authorization").startsWith("Bearer "), sent.headers().toString());
        assertNull(sent.headers().get("x-api-key"));
    }

    @Test
    void modelsListInAShapeBothSdksRead() {
        given().header("x-api-key", token("alice", "basic_user")).header("anthropic-version", "2023-06-01").when().get("/v1/models")
                .then().statusCode(200).body("data.id", hasItem("claude")).body("data.type", hasItem("model"))
                .body("has_more", equalTo(false)).body("data.find { it.id == 'claude' }.apis", hasItem("/v1/messages"));
        assertEquals("claude", withApiKey(token("alice", "basic_user")).models().retrieve("claude").id());
    }
}

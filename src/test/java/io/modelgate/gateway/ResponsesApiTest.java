package io.modelgate.gateway;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCompactParams;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.inputitems.InputItemListParams;
import com.openai.models.responses.inputtokens.InputTokenCountParams;
import io.modelgate.responses.StoredResponse;
import io.modelgate.testing.TestIdentityProvider;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Responses API as Codex and the OpenAI Agents SDK use it, through the official OpenAI Java SDK. */
@QuarkusTest
class ResponsesApiTest {

    @TestHTTPResource("/v1")
    URL baseUrl;


    private OpenAIClient client(String token) {
        return OpenAIOkHttpClient.builder().baseUrl(baseUrl.toString()).apiKey(token).maxRetries(0).build();
    }

    private static String token(String subject, String... roles) {
        return TestIdentityProvider.current().tokenWithRoles(subject, roles);
    }

    private static String text(Response response) {
        return response.output().stream().flatMap(item -> item.message().stream())
                .flatMap(message -> message.content().stream()).flatMap(content -> content.outputText().stream())
                .map(output -> output.text()).collect(Collectors.joining());
    }

    private static ResponseCreateParams.Builder ask(String model, String input) {
        return ResponseCreateParams.builder().model(model).input(input);
    }

    @Test
    void createsRetrievesChainsAndDeletesAResponse() {
        OpenAIClient alice = client(token("alice", "basic_user"));
        Response first = alice.responses().create(ask("mock-chat", "remember the number 7").build());
        assertTrue(first.id().startsWith("resp_mock_"), first.id());
        assertEquals("Mock reply from mock-gpt: remember the number 7", text(first));

        Response read = alice.responses().retrieve(first.id());
        assertEquals(first.id(), read.id());
        assertEquals(text(first), text(read));

        Response second = alice.responses().create(ask("mock-chat", "what was it?").previousResponseId(first.id()).build());
        assertEquals("Mock reply from mock-gpt: what was it? (turn 2)", text(second), "the chain reached the upstream that keeps the first");

        assertEquals(1, alice.responses().inputItems().list(InputItemListParams.builder().responseId(first.id()).build()).data().size());

        alice.responses().delete(first.id());
        assertThrows(NotFoundException.class, () -> alice.responses().retrieve(first.id()));
        assertThrows(NotFoundException.class, () -> alice.responses().create(ask("mock-chat", "again").previousResponseId(first.id()).build()));
    }

    @Test
    void streamsTypedEventsAndRecordsTheStreamedResponse() {
        OpenAIClient alice = client(token("alice", "basic_user"));
        StringBuilder deltas = new StringBuilder();
        List<String> types;
        String id;
        try (StreamResponse<ResponseStreamEvent> stream = alice.responses().createStreaming(ask("mock-chat", "stream it").build())) {
            List<ResponseStreamEvent> events = stream.stream().toList();
            events.forEach(event -> event.outputTextDelta().ifPresent(delta -> deltas.append(delta.delta())));
            types = events.stream().map(event -> event.isCreated() ? "created" : event.isCompleted() ? "completed" : "other").toList();
            id = events.get(events.size() - 1).asCompleted().response().id();
        }
        assertEquals("Mock reply from mock-gpt: stream it", deltas.toString());
        assertEquals("created", types.get(0));
        assertEquals("completed", types.get(types.size() - 1));
        assertEquals(id, alice.responses().retrieve(id).id(), "the id seen in the first event was recorded as alice's");
    }

    @Test
    void anotherCallersResponseDoesNotExistForThem() {
        OpenAIClient alice = client(token("alice", "basic_user"));
        OpenAIClient bob = client(token("bob", "basic_user"));
        String id = alice.responses().create(ask("mock-chat", "mine").build()).id();

        assertThrows(NotFoundException.class, () -> bob.responses().retrieve(id));
        assertThrows(NotFoundException.class, () -> bob.responses().delete(id));
        assertThrows(NotFoundException.class, () -> bob.responses().cancel(id));
        assertThrows(NotFoundException.class, () -> bob.responses().inputItems().list(InputItemListParams.builder().responseId(id).build()));
        NotFoundException chained = assertThrows(NotFoundException.class,
                () -> bob.responses().create(ask("mock-chat", "yours now").previousResponseId(id).build()));
        assertTrue(chained.getMessage().contains("Previous response with id '" + id + "' not found"), chained.getMessage());
        // the same subject from the same issuer is the owner; bob's attempts changed nothing
        assertEquals(id, alice.responses().retrieve(id).id());
        // an administrator reaches anyone's
        assertEquals(id, client(token("root", "proxy_admin")).responses().retrieve(id).id());
    }

    @Test
    void anUnknownIdIsNotFoundAndNothingIsForwarded() {
        given().auth().oauth2(token("alice", "basic_user")).when().get("/v1/responses/resp_never_seen").then()
                .statusCode(404).body("error.message", equalTo("Response with id 'resp_never_seen' not found."))
                .body("error.type", equalTo("invalid_request_error"));
    }

    @Test
    void aChainContinuesOnlyWhereThePreviousResponseLives() {
        OpenAIClient alice = client(token("alice", "basic_user"));
        String id = alice.responses().create(ask("mock-chat", "start").build()).id();
        BadRequestException elsewhere = assertThrows(BadRequestException.class,
                () -> alice.responses().create(ask("mock-other-home", "continue").previousResponseId(id).build()));
        assertTrue(elsewhere.getMessage().contains("continue it with model 'mock-chat'"), elsewhere.getMessage());
        // a model of the same upstream (the mock) can continue it
        assertTrue(text(alice.responses().create(ask("claude", "continue").previousResponseId(id).build())).endsWith("(turn 2)"));
    }

    @Test
    void aResponseNotStoredIsNotRecorded() {
        OpenAIClient alice = client(token("alice", "basic_user"));
        String id = alice.responses().create(ask("mock-chat", "forget me").store(false).build()).id();
        assertThrows(NotFoundException.class, () -> alice.responses().retrieve(id));
    }

    @Test
    void countsInputTokensAndCompacts() {
        OpenAIClient alice = client(token("alice", "basic_user"));
        assertEquals(4, alice.responses().inputTokens().count(InputTokenCountParams.builder().model("mock-chat")
                .input("four words right here").build()).inputTokens());
        assertTrue(alice.responses().compact(ResponseCompactParams.builder().model("mock-chat").input("a long talk").build())
                .id().startsWith("resp_cmp_"));
    }

    @Test
    void aModelNotServedOnResponsesIsAClearBadRequest() {
        given().auth().oauth2(token("alice", "basic_user")).contentType(ContentType.JSON)
                .body("{\"model\":\"mock-embed-only\",\"input\":\"hi\"}").when().post("/v1/responses").then()
                .statusCode(400).body("error.param", equalTo("model"))
                .body("error.message", equalTo("The model 'mock-embed-only' is not served on /v1/responses. It is served on /v1/embeddings."));
    }

    @Test
    void theRecordReachesTheDatabaseForOtherReplicas() {
        String id = client(token("carol", "basic_user")).responses().create(ask("mock-chat", "persist").build()).id();
        // what another replica reads: written in the next batch, without holding the answer
        await().atMost(Duration.ofSeconds(2)).until(() -> QuarkusTransaction.requiringNew().call(
                () -> StoredResponse.<StoredResponse>list("id", id).stream().map(stored -> stored.subject + "@" + stored.model).toList()), equalTo(List.of("carol@mock-chat")));
        given().auth().oauth2(token("carol", "basic_user")).header("X-Request-Id", "trace-42").when().get("/v1/responses/" + id)
                .then().statusCode(200).body("id", equalTo(id)).body("status", equalTo("completed"))
                .header("X-Request-Id", equalTo("trace-42")).body("output[0].content[0].text", containsString("persist"));
    }
}

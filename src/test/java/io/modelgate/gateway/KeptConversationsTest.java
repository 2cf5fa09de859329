package io.modelgate.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.helpers.ResponseAccumulator;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseItem;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.inputitems.InputItemListParams;
import io.modelgate.testing.TestIdentityProvider;
import io.modelgate.testing.TestUpstream;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Responses API stays stateful on models whose upstreams keep no conversations (chat completions, Messages): the
 * gateway keeps what a caller stores, continues it with {@code previous_response_id}, and answers retrieve, input items
 * and delete itself, for the owner alone (and administrators) — through the official OpenAI SDK, the recording upstream
 * showing the whole conversation arriving as chat messages.
 */
@QuarkusTest
class KeptConversationsTest {

    @TestHTTPResource("/")
    URL baseUrl;

    @BeforeEach
    void clearUpstream() {
        TestUpstream.current().clear();
    }

    private OpenAIClient client(String subject, String role) {
        return OpenAIOkHttpClient.builder().baseUrl(baseUrl.toString().replaceAll("/$", "") + "/v1")
                .apiKey(TestIdentityProvider.current().tokenWithRoles(subject, role)).maxRetries(0).build();
    }

    private static ResponseCreateParams.Builder ask(String model, String input) {
        return ResponseCreateParams.builder().model(model).input(input);
    }

    private static String text(Response response) {
        return response.output().stream().flatMap(item -> item.message().stream())
                .map(message -> message.content().get(0).asOutputText().text()).findFirst().orElseThrow();
    }

    private static List<String> roles(JsonNode chat) {
        return chat.get("messages").findValuesAsText("role");
    }

    @Test
    void aConversationContinuesOnAChatOnlyServerWithEveryEarlierTurnSent() {
        OpenAIClient alice = client("alice", "basic_user");
        Response first = alice.responses().create(ask("vllm-chat", "first question").instructions("Be brief.").temperature(0.2).build());
        assertTrue(first.id().startsWith("resp_mg"), first.id());
        assertEquals(JsonValue.from(true), first._additionalProperties().get("store"), "stored unless asked not to, as OpenAI's API does");
        assertEquals("Be brief.", first.instructions().orElseThrow().asString(), "the response repeats the request's settings");
        assertEquals(0.2, first.temperature().orElseThrow(), 1e-9);

        Response second = alice.responses().create(ask("vllm-chat", "second question").previousResponseId(first.id()).build());
        assertEquals(first.id(), second.previousResponseId().orElseThrow());
        JsonNode chat = TestUpstream.current().requests().get(1).json();
        assertEquals(List.of("user", "assistant", "user"), roles(chat), "the earlier turn went with it, its instructions did not");
        assertEquals("first question", chat.at("/messages/0/content").asText());
        assertEquals("Hello from the upstream", chat.at("/messages/1/content").asText());
        assertEquals("second question", chat.at("/messages/2/content").asText());

        alice.responses().create(ask("vllm-chat", "third").previousResponseId(second.id()).instructions("Now in French.").build());
        JsonNode third = TestUpstream.current().requests().get(2).json();
        assertEquals(List.of("system", "user", "assistant", "user", "assistant", "user"), roles(third));
        assertEquals("Now in French.", third.at("/messages/0/content").asText());

        Response again = alice.responses().retrieve(second.id());
        assertEquals(second.id(), again.id());
        assertEquals(text(second), text(again));
    }

    @Test
    void aToolResultContinuesAStreamedToolCallByItsId() {
        FunctionTool shell = FunctionTool.builder().name("exec_command").strict(false).parameters(FunctionTool.Parameters.builder()
                .putAdditionalProperty("type", JsonValue.from("object"))
                .putAdditionalProperty("properties", JsonValue.from(Map.of("cmd", Map.of("type", "string")))).build()).build();
        OpenAIClient alice = client("alice", "basic_user");
        ResponseAccumulator accumulator = ResponseAccumulator.create();
        try (StreamResponse<ResponseStreamEvent> stream = alice.responses().createStreaming(
                ask("mock-chat-only", "please exec_command ls").addTool(shell).build())) {
            stream.stream().forEach(accumulator::accumulate);
        }
        Response asked = accumulator.response();
        ResponseFunctionToolCall call = asked.output().get(0).functionCall().orElseThrow();

        Response answered = alice.responses().create(ResponseCreateParams.builder().model("mock-chat-only").addTool(shell)
                .previousResponseId(asked.id()).inputOfResponse(List.of(ResponseInputItem.ofFunctionCallOutput(
                        ResponseInputItem.FunctionCallOutput.builder().callId(call.callId()).output("a.txt b.txt").build()))).build());
        assertEquals("Mock reply from qwen3-coder: the tool answered: a.txt b.txt", text(answered));
    }

    @Test
    void aConversationContinuesOnAMessagesOnlyServer() {
        OpenAIClient alice = client("alice", "basic_user");
        Response first = alice.responses().create(ask("mock-messages-only", "remember the word kiwi").build());
        Response second = alice.responses().create(ask("mock-messages-only", "which word?").previousResponseId(first.id()).build());
        assertTrue(second.id().startsWith("resp_mg"));
        List<ResponseItem> items = alice.responses().inputItems().list(InputItemListParams.builder().responseId(second.id())
                .order(InputItemListParams.Order.ASC).build()).data();
        assertEquals(3, items.size(), "the first turn's input and answer, then the second's input");
        assertEquals("remember the word kiwi", items.get(0).asResponseInputMessageItem().content().get(0).asInputText().text());
        assertEquals(text(first), items.get(1).asResponseOutputMessage().content().get(0).asOutputText().text());
        assertEquals("which word?", items.get(2).asResponseInputMessageItem().content().get(0).asInputText().text());
    }

    @Test
    void inputItemsComePageByPageNewestFirst() {
        OpenAIClient alice = client("alice", "basic_user");
        Response first = alice.responses().create(ask("vllm-chat", "one").build());
        Response second = alice.responses().create(ask("vllm-chat", "two").previousResponseId(first.id()).build());
        String path = "/v1/responses/" + second.id() + "/input_items";
        String token = TestIdentityProvider.current().tokenWithRoles("alice", "basic_user");
        String newest = given().auth().oauth2(token).queryParam("limit", 2).when().get(path).then().statusCode(200)
                .body("object", equalTo("list")).body("data.size()", equalTo(2)).body("has_more", equalTo(true))
                .body("data[0].content[0].text", equalTo("two")).body("data[1].content[0].text", equalTo("Hello from the upstream"))
                .extract().path("last_id");
        given().auth().oauth2(token).queryParam("after", newest).when().get(path).then().statusCode(200)
                .body("data.size()", equalTo(1)).body("data[0].content[0].text", equalTo("one")).body("has_more", equalTo(false));
        given().auth().oauth2(token).queryParam("limit", 0).when().get(path).then().statusCode(400).body("error.param", equalTo("limit"));
        given().auth().oauth2(token).queryParam("after", "msg_nowhere").when().get(path).then().statusCode(400)
                .body("error.param", equalTo("after"));
    }

    @Test
    void onlyItsOwnerAndAdministratorsReachAKeptConversation() {
        OpenAIClient alice = client("alice", "basic_user");
        OpenAIClient bob = client("bob", "basic_user");
        String id = alice.responses().create(ask("vllm-chat", "mine").build()).id();

        assertThrows(NotFoundException.class, () -> bob.responses().retrieve(id));
        assertThrows(NotFoundException.class, () -> bob.responses().delete(id));
        assertThrows(NotFoundException.class, () -> bob.responses().inputItems().list(InputItemListParams.builder().responseId(id).build()));
        NotFoundException continued = assertThrows(NotFoundException.class,
                () -> bob.responses().create(ask("vllm-chat", "yours now").previousResponseId(id).build()));
        assertTrue(continued.getMessage().contains("Previous response with id '" + id + "' not found"), continued.getMessage());
        assertEquals(1, TestUpstream.current().requests().size(), "bob's attempt reached no upstream");

        assertEquals(id, client("root", "proxy_admin").responses().retrieve(id).id());
        assertEquals(id, alice.responses().retrieve(id).id(), "bob's attempts changed nothing");
    }

    @Test
    void aDeletedResponseIsGoneAndItsConversationCannotBeContinued() {
        OpenAIClient alice = client("alice", "basic_user");
        Response first = alice.responses().create(ask("vllm-chat", "one").build());
        Response second = alice.responses().create(ask("vllm-chat", "two").previousResponseId(first.id()).build());

        given().auth().oauth2(TestIdentityProvider.current().tokenWithRoles("alice", "basic_user")).when()
                .delete("/v1/responses/" + first.id()).then().statusCode(200)
                .body("id", equalTo(first.id())).body("deleted", equalTo(true));
        assertThrows(NotFoundException.class, () -> alice.responses().retrieve(first.id()));
        NotFoundException broken = assertThrows(NotFoundException.class,
                () -> alice.responses().create(ask("vllm-chat", "three").previousResponseId(second.id()).build()));
        assertTrue(broken.getMessage().contains("'" + first.id() + "' it continues was deleted or has expired"), broken.getMessage());
        assertEquals(second.id(), alice.responses().retrieve(second.id()).id(), "the later turn itself is still there");
    }

    @Test
    void aResponseNotStoredIsNotKept() {
        OpenAIClient alice = client("alice", "basic_user");
        Response unstored = alice.responses().create(ask("vllm-chat", "forget this").store(false).build());
        assertEquals(JsonValue.from(false), unstored._additionalProperties().get("store"));
        assertThrows(NotFoundException.class, () -> alice.responses().retrieve(unstored.id()));
        assertThrows(NotFoundException.class,
                () -> alice.responses().create(ask("vllm-chat", "go on").previousResponseId(unstored.id()).build()));
    }

    @Test
    void aModelServedNativelyCannotContinueAKeptConversation() {
        OpenAIClient alice = client("alice", "basic_user");
        String id = alice.responses().create(ask("vllm-chat", "start").build()).id();
        BadRequestException refused = assertThrows(BadRequestException.class,
                () -> alice.responses().create(ask("gpt-upstream", "continue").previousResponseId(id).build()));
        assertTrue(refused.getMessage().contains("kept by Modelgate"), refused.getMessage());
        assertEquals(1, TestUpstream.current().requests().size(), "the refused call reached no upstream");
        assertThrows(BadRequestException.class, () -> alice.responses().cancel(id), "only background responses can be cancelled");
    }
}

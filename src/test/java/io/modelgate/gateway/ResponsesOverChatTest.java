package io.modelgate.gateway;

import com.openai.client.OpenAIClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.helpers.ResponseAccumulator;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.ResponseStreamEvent;
import io.modelgate.testing.SdkClients;
import io.modelgate.testing.TestUpstream;
import io.modelgate.testing.TestUpstream.RecordedRequest;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Responses API (what Codex speaks) on models whose upstreams speak only chat completions, through the official
 * OpenAI SDK: the recording upstream proves the call arrived as chat completions; the mock playing a chat-only server
 * drives a streamed tool round trip in which the client sends the whole conversation, as Codex does.
 */
@QuarkusTest
class ResponsesOverChatTest {

    @TestHTTPResource("/")
    URL baseUrl;

    @BeforeEach
    void clearUpstream() {
        TestUpstream.current().clear();
    }

    private OpenAIClient client() {
        return SdkClients.openAi(baseUrl);
    }

    @Test
    void aResponsesCallReachesAChatOnlyServerAsChatCompletions() {
        Response response = client().responses().create(ResponseCreateParams.builder().model("vllm-chat").instructions("Be brief.")
                .input("hello vllm").maxOutputTokens(100).store(false).build());

        assertEquals(ResponseStatus.COMPLETED, response.status().orElseThrow());
        assertEquals("Hello from the upstream", response.output().get(0).message().orElseThrow().content().get(0).asOutputText().text());
        assertEquals(9, response.usage().orElseThrow().totalTokens());
        assertTrue(response.id().startsWith("resp_"), response.id());

        RecordedRequest sent = TestUpstream.current().requests().get(0);
        assertEquals("/ok/v1/chat/completions", sent.path());
        JsonNode chat = sent.json();
        assertEquals("system", chat.at("/messages/0/role").asText());
        assertEquals("hello vllm", chat.at("/messages/1/content").asText());
        assertEquals(100, chat.path("max_tokens").asInt());
    }

    @Test
    void aStreamedToolRoundTripWithTheWholeConversationSent() {
        FunctionTool shell = FunctionTool.builder().name("exec_command").strict(false).parameters(FunctionTool.Parameters.builder()
                .putAdditionalProperty("type", JsonValue.from("object"))
                .putAdditionalProperty("properties", JsonValue.from(Map.of("cmd", Map.of("type", "string")))).build()).build();
        ResponseCreateParams first = ResponseCreateParams.builder().model("mock-chat-only").input("please exec_command ls").addTool(shell)
                .store(false).build();
        ResponseAccumulator accumulator = ResponseAccumulator.create();
        List<ResponseStreamEvent> events;
        try (StreamResponse<ResponseStreamEvent> stream = client().responses().createStreaming(first)) {
            events = stream.stream().peek(accumulator::accumulate).toList();
        }
        Response answer = accumulator.response();
        ResponseFunctionToolCall call = answer.output().get(0).functionCall().orElseThrow();
        assertEquals("exec_command", call.name());
        assertEquals("{\"cmd\":\"please exec_command ls\"}", call.arguments());
        assertTrue(events.get(0).isCreated());
        assertTrue(events.get(events.size() - 1).isCompleted());
        assertTrue(events.stream().filter(ResponseStreamEvent::isFunctionCallArgumentsDelta).count() > 2, "the arguments came in pieces");
        assertTrue(answer.usage().orElseThrow().outputTokens() > 0);

        List<ResponseInputItem> conversation = new ArrayList<>();
        conversation.add(ResponseInputItem.ofMessage(ResponseInputItem.Message.builder().role(ResponseInputItem.Message.Role.USER)
                .addInputTextContent("please exec_command ls").build()));
        conversation.add(ResponseInputItem.ofFunctionCall(call));
        conversation.add(ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder().callId(call.callId())
                .output("a.txt b.txt").build()));
        Response last = client().responses().create(first.toBuilder().inputOfResponse(conversation).build());
        assertEquals("Mock reply from qwen3-coder: the tool answered: a.txt b.txt",
                last.output().get(0).message().orElseThrow().content().get(0).asOutputText().text());
    }

    @Test
    void anUnknownConversationIsNotFoundAndTokensAreEstimated() {
        assertThrows(NotFoundException.class, () -> client().responses().create(ResponseCreateParams.builder().model("vllm-chat")
                .input("more").previousResponseId("resp_earlier").build()));
        given().auth().oauth2(SdkClients.userToken()).contentType(ContentType.JSON).body("{\"model\":\"vllm-chat\",\"input\":\"count these words\"}")
                .when().post("/v1/responses/input_tokens").then().statusCode(200).header(Translate.TOKEN_COUNT, "estimate")
                .body("object", equalTo("response.input_tokens")).body("input_tokens", greaterThan(0));
        given().auth().oauth2(SdkClients.userToken()).contentType(ContentType.JSON).body("{\"model\":\"vllm-chat\",\"input\":\"x\"}")
                .when().post("/v1/responses/compact").then().statusCode(400).body("error.message", containsString("cannot compact"));
        assertTrue(TestUpstream.current().requests().isEmpty(), "nothing was forwarded");
    }
}

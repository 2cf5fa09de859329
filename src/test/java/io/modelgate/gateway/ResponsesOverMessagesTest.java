package io.modelgate.gateway;

import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ResponseAccumulator;
import com.openai.errors.BadRequestException;
import com.openai.models.Reasoning;
import com.openai.models.ReasoningEffort;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.ResponseIncludable;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseReasoningItem;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
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
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Responses API (Codex) on models whose upstreams speak only Anthropic's Messages API, through the OpenAI SDK. */
@QuarkusTest
class ResponsesOverMessagesTest {

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
    void aResponsesCallReachesAnAnthropicServerAsAMessagesCall() {
        Response response = client().responses().create(ResponseCreateParams.builder().model("anthropic-upstream").instructions("Be brief.")
                .input("hello claude").store(false).build());
        assertEquals("Hello from the Anthropic upstream", response.output().get(0).message().orElseThrow().content().get(0).asOutputText().text());
        assertEquals(10, response.usage().orElseThrow().totalTokens());
        RecordedRequest sent = TestUpstream.current().requests().get(0);
        assertEquals("/ok/v1/messages", sent.path());
        assertEquals("Be brief.", sent.json().path("system").asText());
        assertEquals("2023-06-01", sent.headers().get("anthropic-version"));
    }

    @Test
    void inputTokensAreCountedByAnthropicsOwnCounter() {
        given().auth().oauth2(SdkClients.userToken()).contentType(ContentType.JSON)
                .body("{\"model\":\"anthropic-upstream\",\"instructions\":\"Be brief.\",\"input\":\"count me\",\"max_output_tokens\":50}")
                .when().post("/v1/responses/input_tokens").then().statusCode(200)
                .header(Translate.TOKEN_COUNT, (String) null)
                .body("object", equalTo("response.input_tokens")).body("input_tokens", equalTo(7));
        RecordedRequest sent = TestUpstream.current().requests().get(0);
        assertEquals("/ok/v1/messages/count_tokens", sent.path(), "the upstream's counter, not an estimate");
        assertEquals("Be brief.", sent.json().path("system").asText());
        assertTrue(sent.json().path("max_tokens").isMissingNode(), "count_tokens takes no max_tokens: " + sent.body());
    }

    @Test
    void aStreamedToolCallFromAMessagesServer() {
        FunctionTool shell = FunctionTool.builder().name("exec_command").strict(false).parameters(FunctionTool.Parameters.builder()
                .putAdditionalProperty("type", JsonValue.from("object"))
                .putAdditionalProperty("properties", JsonValue.from(Map.of("cmd", Map.of("type", "string")))).build()).build();
        ResponseAccumulator accumulator = ResponseAccumulator.create();
        try (StreamResponse<ResponseStreamEvent> stream = client().responses().createStreaming(ResponseCreateParams.builder()
                .model("mock-messages-only").input("run exec_command now").addTool(shell).store(false).build())) {
            stream.stream().forEach(accumulator::accumulate);
        }
        Response answer = accumulator.response();
        ResponseFunctionToolCall call = answer.output().get(0).functionCall().orElseThrow();
        assertEquals("exec_command", call.name());
        assertEquals("{\"cmd\":\"run exec_command now\"}", call.arguments());
        assertTrue(call.callId().startsWith("toolu_"), "Anthropic's tool-use id is the call id: " + call.callId());
        assertTrue(answer.usage().orElseThrow().inputTokens() > 0);
    }

    /**
     * Codex on Claude with reasoning: Claude's signed thinking comes back as a reasoning item, Codex hands it back with
     * the tool result (store false, the whole conversation), and the Messages server — which, like Anthropic's, refuses
     * a tool loop that lost its thinking and thinking whose signature does not match — answers the next turn thinking.
     */
    @Test
    void claudesThinkingTravelsThroughAToolLoopAsEncryptedReasoning() {
        FunctionTool shell = FunctionTool.builder().name("exec_command").strict(false).parameters(FunctionTool.Parameters.builder()
                .putAdditionalProperty("type", JsonValue.from("object"))
                .putAdditionalProperty("properties", JsonValue.from(Map.of("cmd", Map.of("type", "string")))).build()).build();
        ResponseCreateParams.Builder asked = ResponseCreateParams.builder().model("mock-messages-only").addTool(shell).store(false)
                .reasoning(Reasoning.builder().effort(ReasoningEffort.LOW).build()).addInclude(ResponseIncludable.REASONING_ENCRYPTED_CONTENT);
        ResponseAccumulator accumulator = ResponseAccumulator.create();
        try (StreamResponse<ResponseStreamEvent> stream = client().responses().createStreaming(asked.input("please exec_command ls").build())) {
            stream.stream().forEach(accumulator::accumulate);
        }
        Response first = accumulator.response();
        ResponseReasoningItem thinking = first.output().get(0).reasoning().orElseThrow();
        assertTrue(thinking.summary().get(0).text().startsWith("The mock considers: "), thinking.toString());
        assertTrue(thinking.encryptedContent().isPresent());
        ResponseFunctionToolCall call = first.output().get(1).functionCall().orElseThrow();

        List<ResponseInputItem> conversation = List.of(
                ResponseInputItem.ofMessage(ResponseInputItem.Message.builder().role(ResponseInputItem.Message.Role.USER)
                        .addInputTextContent("please exec_command ls").build()),
                ResponseInputItem.ofReasoning(thinking), ResponseInputItem.ofFunctionCall(call),
                ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder().callId(call.callId())
                        .output("a.txt").build()));
        Response second = client().responses().create(asked.inputOfResponse(conversation).build());
        assertTrue(second.output().get(0).isReasoning(), "thinking stayed on through the tool loop: " + second.output());
        assertEquals("Mock reply from claude-like: the tool answered: a.txt",
                second.output().get(1).message().orElseThrow().content().get(0).asOutputText().text());

        String forged = "[{\"type\":\"thinking\",\"thinking\":\"" + thinking.summary().get(0).text() + "\",\"signature\":\"forged\"}]";
        ResponseReasoningItem altered = thinking.toBuilder().encryptedContent("modelgate.thinking.v1."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(forged.getBytes(StandardCharsets.UTF_8))).build();
        BadRequestException refused = assertThrows(BadRequestException.class, () -> client().responses().create(asked.inputOfResponse(
                List.of(conversation.get(0), ResponseInputItem.ofReasoning(altered), conversation.get(2), conversation.get(3))).build()));
        assertTrue(refused.getMessage().contains("Invalid `signature`"), "the blocks reach Claude as they were handed back: "
                + refused.getMessage());
    }
}

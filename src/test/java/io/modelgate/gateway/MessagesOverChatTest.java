package io.modelgate.gateway;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.BadRequestException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import com.fasterxml.jackson.databind.JsonNode;
import io.modelgate.testing.SdkClients;
import io.modelgate.testing.TestUpstream;
import io.modelgate.testing.TestUpstream.RecordedRequest;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Anthropic's Messages API on models whose upstreams speak only chat completions, through the official Anthropic SDK:
 * the recording upstream proves the call arrived as chat completions, the mock playing a chat-only server drives tool
 * round trips and streams, and what cannot be translated is refused or named.
 */
@QuarkusTest
class MessagesOverChatTest {

    @TestHTTPResource("/")
    URL baseUrl;

    @BeforeEach
    void clearUpstream() {
        TestUpstream.current().clear();
    }

    private AnthropicClient client() {
        return SdkClients.anthropic(baseUrl);
    }

    private static Tool tool(String name) {
        return Tool.builder().name(name).description("Tells the " + name.replace('_', ' ')).inputSchema(Tool.InputSchema.builder()
                .properties(Tool.InputSchema.Properties.builder().putAdditionalProperty("city", JsonValue.from(Map.of("type", "string"))).build())
                .required(List.of("city")).build()).build();
    }

    private static Response messages(String body) {
        return given().header("x-api-key", SdkClients.userToken()).contentType(ContentType.JSON).body(body).when().post("/v1/messages");
    }

    @Test
    void aMessagesCallReachesAChatOnlyServerAsChatCompletionsAndIsAnsweredAsAMessage() {
        Message message = client().messages().create(MessageCreateParams.builder().model("vllm-chat").maxTokens(300)
                .system("You are terse.").addUserMessage("hello qwen").stopSequences(List.of("END")).build());

        assertEquals("Hello from the upstream", message.content().get(0).asText().text());
        assertEquals(StopReason.END_TURN, message.stopReason().orElseThrow());
        assertEquals(5, message.usage().inputTokens());
        assertEquals(4, message.usage().outputTokens());
        assertTrue(message.id().startsWith("msg_"), message.id());

        RecordedRequest sent = TestUpstream.current().requests().get(0);
        assertEquals("/ok/v1/chat/completions", sent.path(), "the upstream was called on chat completions");
        JsonNode chat = sent.json();
        assertEquals("Qwen/Qwen3-Coder", chat.path("model").asText());
        assertEquals("system", chat.path("messages").path(0).path("role").asText());
        assertEquals("You are terse.", chat.path("messages").path(0).path("content").asText());
        assertEquals("hello qwen", chat.path("messages").path(1).path("content").asText());
        assertEquals(300, chat.path("max_tokens").asInt(), "a self-hosted server gets max_tokens");
        assertEquals("END", chat.path("stop").path(0).asText());
        assertNull(sent.headers().get("anthropic-version"), "Anthropic's headers mean nothing to a chat server");
        assertNull(sent.headers().get("x-api-key"));
    }

    @Test
    void openAisOwnApiGetsItsFlavourOfChat() {
        messages("{\"model\":\"gpt-upstream\",\"max_tokens\":64,\"top_k\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .then().statusCode(200).header(Translate.OMITTED, "top_k").body("content[0].text", equalTo("Hello from the upstream"))
                // the translated answer is whole before it leaves: sent with its length, as the upstream's was, not chunked
                .header("Content-Length", notNullValue()).header("Transfer-Encoding", nullValue());
        JsonNode chat = TestUpstream.current().requests().get(0).json();
        assertEquals(64, chat.path("max_completion_tokens").asInt());
        assertTrue(chat.path("max_tokens").isMissingNode());
        assertTrue(chat.path("top_k").isMissingNode());
    }

    @Test
    void aStreamedToolRoundTripWithParallelCallsKeepsEveryArgument() {
        MessageCreateParams first = MessageCreateParams.builder().model("mock-chat-only").maxTokens(500).addTool(tool("get_weather"))
                .addTool(tool("get_time")).addUserMessage("use get_weather and get_time for Paris").build();
        MessageAccumulator accumulator = MessageAccumulator.create();
        List<RawMessageStreamEvent> events;
        try (StreamResponse<RawMessageStreamEvent> stream = client().messages().createStreaming(first)) {
            events = stream.stream().peek(accumulator::accumulate).toList();
        }
        Message answer = accumulator.message();
        List<ToolUseBlock> calls = answer.content().stream().flatMap(block -> block.toolUse().stream()).toList();
        assertEquals(List.of("get_weather", "get_time"), calls.stream().map(ToolUseBlock::name).toList());
        for (ToolUseBlock call : calls) {
            assertEquals(Map.of("city", "use get_weather and get_time for Paris"), call._input().convert(Map.class));
        }
        assertEquals(StopReason.TOOL_USE, answer.stopReason().orElseThrow());
        assertTrue(events.get(0).isMessageStart());
        assertTrue(events.get(events.size() - 1).isMessageStop());
        assertTrue(events.stream().filter(RawMessageStreamEvent::isContentBlockDelta).count() > 4,
                "the arguments arrived in pieces, each passed on as it came");
        assertTrue(answer.usage().outputTokens() > 0);

        MessageCreateParams second = first.toBuilder().addMessage(answer).addUserMessageOfContentBlockParams(calls.stream()
                .map(call -> ContentBlockParam.ofToolResult(ToolResultBlockParam.builder().toolUseId(call.id())
                        .content(call.name() + ": sunny at noon").build())).toList()).build();
        Message last = client().messages().create(second);
        assertEquals(StopReason.END_TURN, last.stopReason().orElseThrow());
        assertEquals("Mock reply from qwen3-coder: the tool answered: get_time: sunny at noon", last.content().get(0).asText().text());
    }

    @Test
    void anUpstreamErrorReachesTheCallerInAnthropicsShape() {
        BadRequestException refused = assertThrows(BadRequestException.class, () -> client().messages().create(MessageCreateParams.builder()
                .model("vllm-refusing").maxTokens(5).addUserMessage("hi").build()));
        assertTrue(refused.getMessage().contains("context too long"), refused.getMessage());
        messages("{\"model\":\"vllm-refusing\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").then()
                .statusCode(400).body("type", equalTo("error")).body("error.type", equalTo("invalid_request_error"))
                .body("error.message", equalTo("context too long"));
    }

    @Test
    void aPlatformToolThatIsOnlyOfferedIsLeftOutAndNamedButOneThatIsRequiredIsRefused() {
        String offered = """
                {"model":"vllm-chat","max_tokens":50,"messages":[{"role":"user","content":"hi"}],
                 "tools":[{"type":"web_search_20250305","name":"web_search","max_uses":3},
                          {"name":"read_file","input_schema":{"type":"object","properties":{"path":{"type":"string"}}}}]}""";
        messages(offered).then().statusCode(200).header(Translate.OMITTED, "tool:web_search")
                .header(Translate.TRANSLATED_TO, "/v1/chat/completions");
        JsonNode tools = TestUpstream.current().requests().get(0).json().path("tools");
        assertEquals(1, tools.size());
        assertEquals("read_file", tools.path(0).path("function").path("name").asText());

        TestUpstream.current().clear();
        messages(offered.replace("\"tools\"", "\"tool_choice\":{\"type\":\"tool\",\"name\":\"web_search\"},\"tools\"")).then()
                .statusCode(400).body("type", equalTo("error")).body("error.type", equalTo("invalid_request_error"))
                .body("error.message", containsString("tool_choice: the tool 'web_search' cannot be run"));
        messages("{\"model\":\"vllm-chat\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"document\","
                + "\"source\":{\"type\":\"base64\",\"media_type\":\"application/pdf\",\"data\":\"JVBERi0=\"}}]}]}").then()
                .statusCode(400).body("error.message", containsString("messages.0.content.0: document blocks"));
        assertTrue(TestUpstream.current().requests().isEmpty(), "nothing was forwarded");
    }

    @Test
    void tokensAreCountedByEstimateWithoutAskingTheUpstream() {
        long estimate = client().messages().countTokens(MessageCountTokensParams.builder().model("vllm-chat")
                .addUserMessage("a question of some forty characters here").build()).inputTokens();
        assertTrue(estimate >= 10 && estimate <= 20, "about a token per four characters, and a few for the message: " + estimate);
        given().header("x-api-key", SdkClients.userToken()).contentType(ContentType.JSON)
                .body("{\"model\":\"vllm-chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").when()
                .post("/v1/messages/count_tokens").then().statusCode(200).header(Translate.TOKEN_COUNT, "estimate")
                .body("input_tokens", greaterThan(0));
        assertTrue(TestUpstream.current().requests().isEmpty(), "the chat server has no counter to ask");
    }

    @Test
    void theModelListSaysWhichApisAreTranslated() {
        given().header("x-api-key", SdkClients.userToken()).header("anthropic-version", "2023-06-01").when().get("/v1/models").then().statusCode(200)
                .body("data.find { it.id == 'vllm-chat' }.apis", hasItem("/v1/messages"))
                .body("data.find { it.id == 'vllm-chat' }.translated_apis", equalTo(List.of("/v1/responses", "/v1/messages")))
                .body("data.find { it.id == 'claude' }.translated_apis", equalTo(List.of()));
    }

    @Test
    void aChatCallOnTheSameModelIsForwardedUntranslated() {
        given().header("Authorization", "Bearer " + SdkClients.userToken()).contentType(ContentType.JSON)
                .body("{\"model\":\"vllm-chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").when()
                .post("/v1/chat/completions").then().statusCode(200).body("choices[0].message.content", equalTo("Hello from the upstream"))
                .header(Translate.TRANSLATED_TO, (String) null);
        assertEquals("{\"model\":\"Qwen/Qwen3-Coder\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                TestUpstream.current().requests().get(0).body(), "the caller's body, only the model's name changed");
    }
}

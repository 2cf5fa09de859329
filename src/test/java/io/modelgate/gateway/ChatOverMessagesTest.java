package io.modelgate.gateway;

import com.openai.client.OpenAIClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import io.modelgate.testing.SdkClients;
import io.modelgate.testing.TestUpstream;
import io.modelgate.testing.TestUpstream.RecordedRequest;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Chat completions on models whose upstreams speak only Anthropic's Messages API, through the official OpenAI SDK: the
 * recording upstream proves the call arrived as a Messages call with Anthropic's headers, and the mock playing a
 * Messages-only server drives a streamed tool round trip.
 */
@QuarkusTest
class ChatOverMessagesTest {

    @TestHTTPResource("/")
    URL baseUrl;

    @BeforeEach
    void clearUpstream() {
        TestUpstream.current().clear();
    }

    private OpenAIClient client() {
        return SdkClients.openAi(baseUrl);
    }

    private static ChatCompletionFunctionTool tool(String name) {
        return ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder().name(name).description("Tells the " + name)
                .parameters(FunctionParameters.builder().putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string")))).build())
                .build()).build();
    }

    @Test
    void aChatCallReachesAnAnthropicServerAsAMessagesCallAndIsAnsweredAsAChatCompletion() {
        ChatCompletion completion = client().chat().completions().create(ChatCompletionCreateParams.builder().model("anthropic-upstream")
                .addSystemMessage("Be brief.").addUserMessage("hello claude").build());

        assertEquals("Hello from the Anthropic upstream", completion.choices().get(0).message().content().orElseThrow());
        assertEquals(ChatCompletion.Choice.FinishReason.STOP, completion.choices().get(0).finishReason());
        assertEquals(10, completion.usage().orElseThrow().totalTokens());

        RecordedRequest sent = TestUpstream.current().requests().get(0);
        assertEquals("/ok/v1/messages", sent.path(), "the upstream was called on the Messages API");
        assertEquals("2023-06-01", sent.headers().get("anthropic-version"));
        assertTrue(sent.headers().containsKey("x-api-key"), "the deployment's key, as Anthropic takes it");
        assertNull(sent.headers().get("authorization"));
        JsonNode messages = sent.json();
        assertEquals("claude-upstream-1", messages.path("model").asText());
        assertEquals("Be brief.", messages.path("system").asText());
        assertEquals("hello claude", messages.at("/messages/0/content/0/text").asText());
        assertEquals(4096, messages.path("max_tokens").asInt(), "Messages requires max_tokens: defaulted");
    }

    @Test
    void aStreamedToolRoundTripWithUsageAsked() {
        ChatCompletionCreateParams first = ChatCompletionCreateParams.builder().model("mock-messages-only").addTool(tool("get_weather"))
                .addTool(tool("get_time")).addUserMessage("call get_weather and get_time for Oslo")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        List<ChatCompletionChunk> chunks;
        try (StreamResponse<ChatCompletionChunk> stream = client().chat().completions().createStreaming(first)) {
            chunks = stream.stream().peek(accumulator::accumulate).toList();
        }
        ChatCompletion answer = accumulator.chatCompletion();
        List<ChatCompletionMessageFunctionToolCall> calls = answer.choices().get(0).message().toolCalls().orElseThrow().stream()
                .map(call -> call.asFunction()).toList();
        assertEquals(List.of("get_weather", "get_time"), calls.stream().map(call -> call.function().name()).toList());
        for (ChatCompletionMessageFunctionToolCall call : calls) {
            assertEquals("{\"city\":\"call get_weather and get_time for Oslo\"}", call.function().arguments());
        }
        assertEquals(ChatCompletion.Choice.FinishReason.TOOL_CALLS, answer.choices().get(0).finishReason());
        assertTrue(chunks.size() > 6, "the arguments arrived in pieces, each passed on as it came: " + chunks.size());
        assertTrue(chunks.get(chunks.size() - 1).usage().orElseThrow().completionTokens() > 0, "the usage chunk the caller asked for");

        ChatCompletionCreateParams.Builder second = first.toBuilder().addMessage(answer.choices().get(0).message());
        calls.forEach(call -> second.addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.id())
                .content(call.function().name() + ": snow").build()));
        ChatCompletion last = client().chat().completions().create(second.streamOptions(java.util.Optional.empty()).build());
        assertEquals("Mock reply from claude-like: the tool answered: get_time: snow", last.choices().get(0).message().content().orElseThrow());
    }

    @Test
    void anUpstreamErrorReachesTheCallerInOpenAisShape() {
        BadRequestException refused = assertThrows(BadRequestException.class, () -> client().chat().completions().create(
                ChatCompletionCreateParams.builder().model("anthropic-refusing").addUserMessage("hi").build()));
        assertTrue(refused.getMessage().contains("context too long"), refused.getMessage());
        given().auth().oauth2(SdkClients.userToken()).contentType(ContentType.JSON)
                .body("{\"model\":\"mock-messages-only\",\"n\":3,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .when().post("/v1/chat/completions").then().statusCode(400).body("error.type", equalTo("invalid_request_error"))
                .body("error.param", equalTo("n"));
    }
}

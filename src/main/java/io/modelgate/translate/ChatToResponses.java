package io.modelgate.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;

/**
 * A chat completion written as a Responses API response: its reasoning ({@code reasoning_content}) as a reasoning item
 * with a summary, its text as a message item, each tool call as a {@code function_call} item; a stop for length as an
 * incomplete response ({@code max_output_tokens}); its usage with cached and reasoning tokens.
 */
public final class ChatToResponses {

    private ChatToResponses() {
    }

    /** A chat completion's bytes as a response's; null when they are not a JSON object. */
    public static byte[] answer(byte[] completion) {
        JsonNode json = Json.parse(completion, 0, completion.length);
        return json == null || !json.isObject() ? null : answer(json).toString().getBytes(StandardCharsets.UTF_8);
    }

    static ObjectNode answer(JsonNode completion) {
        String chatId = Json.text(completion.get("id"), "");
        ObjectNode response = ResponseObjects.response(chatId, Json.text(completion.get("model"), ""),
                completion.path("created").asLong(System.currentTimeMillis() / 1000), "completed");
        ArrayNode output = (ArrayNode) response.get("output");
        JsonNode choice = completion.path("choices").path(0);
        JsonNode message = choice.path("message");
        String reasoning = ChatToMessages.reasoning(message);
        if (reasoning != null) {
            output.add(ResponseObjects.reasoning("rs_" + ResponseObjects.plain(chatId), reasoning));
        }
        String text = Json.text(message.get("content"), null);
        if (text != null && !text.isEmpty()) {
            output.add(ResponseObjects.message("msg_" + ResponseObjects.plain(chatId), text, "completed"));
        }
        for (JsonNode call : message.path("tool_calls")) {
            JsonNode function = call.path("function");
            output.add(ResponseObjects.functionCall(Json.text(call.get("id"), ""), Json.text(function.get("name"), ""),
                    Json.text(function.get("arguments"), "{}"), "completed"));
        }
        ResponseObjects.finish(response, Json.text(choice.get("finish_reason"), null), completion.get("usage"));
        return response;
    }
}

package io.modelgate.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;

/**
 * A chat completion written as an Anthropic message: the first choice's reasoning (vLLM's and Ollama's
 * {@code reasoning_content} or {@code reasoning}) as a {@code thinking} block without a signature, its text as a
 * {@code text} block, each tool call as a {@code tool_use} block; its finish reason and usage as Messages has them.
 */
public final class ChatToMessages {

    private ChatToMessages() {
    }

    /** A chat completion's bytes as an Anthropic message's; null when they are not a JSON object. */
    public static byte[] answer(byte[] completion) {
        JsonNode json = Json.parse(completion, 0, completion.length);
        return json == null || !json.isObject() ? null : answer(json).toString().getBytes(StandardCharsets.UTF_8);
    }

    public static ObjectNode answer(JsonNode completion) {
        JsonNode choice = completion.path("choices").path(0);
        JsonNode message = choice.path("message");
        ObjectNode out = Json.object().put("id", ChatAnswers.messageId(Json.text(completion.get("id"), null))).put("type", "message")
                .put("role", "assistant").put("model", Json.text(completion.get("model"), ""));
        ArrayNode content = out.putArray("content");
        String reasoning = reasoning(message);
        if (reasoning != null) {
            content.addObject().put("type", "thinking").put("thinking", reasoning).put("signature", "");
        }
        String text = Json.text(message.get("content"), null);
        if (text != null && !text.isEmpty()) {
            content.addObject().put("type", "text").put("text", text);
        }
        for (JsonNode call : message.path("tool_calls")) {
            JsonNode function = call.path("function");
            content.addObject().put("type", "tool_use").put("id", Json.text(call.get("id"), ""))
                    .put("name", Json.text(function.get("name"), ""))
                    .set("input", ChatAnswers.toolInput(Json.text(function.get("arguments"), "")));
        }
        String matched = ChatAnswers.matchedStop(choice);
        String stopReason = ChatAnswers.stopReason(Json.text(choice.get("finish_reason"), null), matched);
        out.put("stop_reason", stopReason);
        out.put("stop_sequence", "stop_sequence".equals(stopReason) ? matched : null);
        out.set("usage", ChatAnswers.messagesUsage(completion.get("usage")));
        return out;
    }

    /** The reasoning a self-hosted server returns beside the content, under either name in use. */
    static String reasoning(JsonNode messageOrDelta) {
        String reasoning = Json.text(messageOrDelta.get("reasoning_content"), null);
        if (reasoning == null) {
            reasoning = Json.text(messageOrDelta.get("reasoning"), null);
        }
        return reasoning == null || reasoning.isEmpty() ? null : reasoning;
    }
}

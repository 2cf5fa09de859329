package io.modelgate.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelgate.json.JsonBytes;

/**
 * An Anthropic message written as a chat completion: its text blocks as the content, its {@code tool_use} blocks as
 * {@code tool_calls}, its thinking as {@code reasoning_content} (as vLLM returns reasoning) and, with signatures and
 * redacted thinking, as {@code thinking_blocks} ({@link ThinkingBlocks}); its stop reason and usage as chat has them.
 */
public final class MessagesToChatAnswer {

    private MessagesToChatAnswer() {
    }

    /** A message's bytes as a chat completion's; null when they are not a JSON object. */
    public static byte[] answer(byte[] message) {
        JsonNode json = Json.parse(message, 0, message.length);
        return json == null || !json.isObject() ? null : JsonBytes.bytes(answer(json, System.currentTimeMillis() / 1000));
    }

    static ObjectNode answer(JsonNode message, long created) {
        ObjectNode completion = Json.object().put("id", chatId(Json.text(message.get("id"), ""))).put("object", "chat.completion")
                .put("created", created).put("model", Json.text(message.get("model"), ""));
        ObjectNode choice = completion.putArray("choices").addObject().put("index", 0);
        ObjectNode out = choice.putObject("message").put("role", "assistant");
        StringBuilder text = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        ArrayNode calls = Json.NODES.arrayNode();
        ArrayNode thinkingBlocks = Json.NODES.arrayNode();
        for (JsonNode block : message.path("content")) {
            switch (Json.text(block.get("type"), "")) {
                case "text" -> text.append(Json.text(block.get("text"), ""));
                case "thinking" -> {
                    reasoning.append(Json.text(block.get("thinking"), ""));
                    thinkingBlocks.add(ThinkingBlocks.of(block));
                }
                case "redacted_thinking" -> thinkingBlocks.add(ThinkingBlocks.of(block));
                case "tool_use" -> calls.addObject().put("id", Json.text(block.get("id"), "")).put("type", "function")
                        .putObject("function").put("name", Json.text(block.get("name"), ""))
                        .put("arguments", block.has("input") ? block.get("input").toString() : "{}");
                default -> {
                    // the blocks of Anthropic's own tools: chat has no place for them
                }
            }
        }
        if (text.isEmpty() && !calls.isEmpty()) {
            out.putNull("content");
        } else {
            out.put("content", text.toString());
        }
        if (!reasoning.isEmpty()) {
            out.put("reasoning_content", reasoning.toString());
        }
        if (!thinkingBlocks.isEmpty()) {
            out.set(ThinkingBlocks.FIELD, thinkingBlocks);
        }
        if (!calls.isEmpty()) {
            out.set("tool_calls", calls);
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason(Json.text(message.get("stop_reason"), null)));
        completion.set("usage", chatUsage(message.get("usage")));
        return completion;
    }

    /** Messages' stop reason as chat's finish reason. */
    static String finishReason(String stopReason) {
        if (stopReason == null) {
            return "stop";
        }
        return switch (stopReason) {
            case "max_tokens", "model_context_window_exceeded" -> "length";
            case "tool_use" -> "tool_calls";
            case "refusal" -> "content_filter";
            default -> "stop";
        };
    }

    /** Messages' usage as chat's: chat's prompt tokens include the cached and cache-written ones. */
    static ObjectNode chatUsage(JsonNode usage) {
        long input = usage == null ? 0 : usage.path("input_tokens").asLong(0);
        long cacheRead = usage == null ? 0 : usage.path("cache_read_input_tokens").asLong(0);
        long cacheWrite = usage == null ? 0 : usage.path("cache_creation_input_tokens").asLong(0);
        long output = usage == null ? 0 : usage.path("output_tokens").asLong(0);
        long prompt = input + cacheRead + cacheWrite;
        ObjectNode chat = Json.object().put("prompt_tokens", prompt).put("completion_tokens", output).put("total_tokens", prompt + output);
        chat.putObject("prompt_tokens_details").put("cached_tokens", cacheRead);
        return chat;
    }

    static String chatId(String messageId) {
        return "chatcmpl-" + (messageId.startsWith("msg_") ? messageId.substring(4) : messageId);
    }
}

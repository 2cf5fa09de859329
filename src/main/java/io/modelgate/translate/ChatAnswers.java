package io.modelgate.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What chat completions and Messages answers say alike, said once for both directions: why the model stopped, and
 * the tokens it used. Chat's {@code prompt_tokens} include the cached ones; Messages' {@code input_tokens} do not.
 */
final class ChatAnswers {

    private ChatAnswers() {
    }

    /**
     * A chat {@code finish_reason} as Messages' {@code stop_reason}; a stop on one of the caller's stop sequences (which
     * vLLM reports in {@code stop_reason}) as {@code stop_sequence}.
     */
    static String stopReason(String finishReason, String matchedStop) {
        if (finishReason == null) {
            return "end_turn";
        }
        return switch (finishReason) {
            case "length" -> "max_tokens";
            case "tool_calls", "function_call" -> "tool_use";
            case "content_filter" -> "refusal";
            default -> matchedStop != null ? "stop_sequence" : "end_turn";
        };
    }

    /** Chat's usage as Messages reports it; zeros when the upstream reported none. */
    static ObjectNode messagesUsage(ChatUsage chatUsage) {
        long[] counts = messagesCounts(chatUsage);
        return Json.object().put("input_tokens", counts[0]).put("cache_creation_input_tokens", 0)
                .put("cache_read_input_tokens", counts[1]).put("output_tokens", counts[2]);
    }

    /** The same, written as the {@code usage} field of the event {@code sse} is writing. */
    static void writeMessagesUsage(ChatUsage chatUsage, SseWriter sse) {
        long[] counts = messagesCounts(chatUsage);
        sse.object("usage").field("input_tokens", counts[0]).field("cache_creation_input_tokens", 0)
                .field("cache_read_input_tokens", counts[1]).field("output_tokens", counts[2]).endObject();
    }

    /** Input less cached, cached, output. */
    private static long[] messagesCounts(ChatUsage chatUsage) {
        ChatUsage counts = chatUsage == null ? ChatUsage.NONE : chatUsage;
        return new long[] {Math.max(0, counts.prompt() - counts.cached()), counts.cached(), counts.completion()};
    }

    /** A Messages id for a chat answer's: Anthropic's SDKs and clients expect {@code msg_}. */
    static String messageId(String chatId) {
        return chatId == null || chatId.isEmpty() ? "msg_modelgate" : chatId.startsWith("msg_") ? chatId : "msg_" + chatId;
    }

    /** A tool call's arguments as Messages' {@code input} object; arguments that are not a JSON object are kept as text. */
    static JsonNode toolInput(String arguments) {
        if (arguments == null || arguments.isBlank()) {
            return Json.object();
        }
        JsonNode parsed = Json.parse(arguments);
        return parsed != null && parsed.isObject() ? parsed : Json.object().put("arguments", arguments);
    }
}

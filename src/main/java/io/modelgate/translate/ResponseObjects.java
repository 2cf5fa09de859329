package io.modelgate.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Responses API's objects as a translated answer writes them: the response (every field OpenAI's SDKs expect,
 * the ones a chat answer cannot fill null), its output items, and its usage.
 */
final class ResponseObjects {

    private ResponseObjects() {
    }

    /** The response's end: completed, or incomplete when the upstream stopped for length or its content filter. */
    static ResponseFrame.Outcome outcome(String finishReason, ChatUsage chatUsage) {
        String incomplete = "length".equals(finishReason) ? "max_output_tokens" : "content_filter".equals(finishReason) ? "content_filter" : null;
        return new ResponseFrame.Outcome(incomplete == null ? "completed" : "incomplete", null,
                incomplete == null ? null : Json.object().put("reason", incomplete), chatUsage == null ? ChatUsage.NONE : chatUsage);
    }

    /** The end of a response built as a tree: its {@link #outcome}'s status, details and usage set in it. */
    static void finish(ObjectNode response, String finishReason, ChatUsage chatUsage) {
        ResponseFrame.Outcome outcome = outcome(finishReason, chatUsage);
        response.put("status", outcome.status());
        if (outcome.incompleteDetails() != null) {
            response.set("incomplete_details", outcome.incompleteDetails());
        }
        response.set("usage", usage(outcome.usage()));
    }

    /**
     * Chat's usage as the Responses API reports it: cached and reasoning tokens in their details. A stream writes the
     * same members as bytes ({@link #usage(SseWriter, ChatUsage)}).
     */
    static ObjectNode usage(ChatUsage counts) {
        ObjectNode usage = Json.object().put("input_tokens", counts.prompt());
        usage.putObject("input_tokens_details").put("cached_tokens", counts.cached());
        usage.put("output_tokens", counts.completion());
        usage.putObject("output_tokens_details").put("reasoning_tokens", counts.reasoning());
        return usage.put("total_tokens", counts.prompt() + counts.completion());
    }

    /** The same usage as the member {@code usage} of the object {@code sse} has open; null: JSON's null. */
    static SseWriter usage(SseWriter sse, ChatUsage counts) {
        if (counts == null) {
            return sse.nullField("usage");
        }
        return sse.object("usage").field("input_tokens", counts.prompt()).object("input_tokens_details").field("cached_tokens", counts.cached())
                .endObject().field("output_tokens", counts.completion()).object("output_tokens_details")
                .field("reasoning_tokens", counts.reasoning()).endObject().field("total_tokens", counts.prompt() + counts.completion()).endObject();
    }

    static ObjectNode message(String id, String text, String status) {
        ObjectNode item = Json.object().put("type", "message").put("id", id).put("status", status).put("role", "assistant");
        if (text == null) {
            item.putArray("content");
        } else {
            item.putArray("content").add(outputText(text));
        }
        return item;
    }

    static ObjectNode outputText(String text) {
        ObjectNode part = Json.object().put("type", "output_text").put("text", text);
        part.putArray("annotations");
        part.putArray("logprobs");
        return part;
    }

    static ObjectNode functionCall(String callId, String name, String arguments, String status) {
        return Json.object().put("type", "function_call").put("id", "fc_" + plain(callId)).put("call_id", callId).put("name", name)
                .put("arguments", arguments).put("status", status);
    }

    /** A reasoning item; {@code thinkingBlocks}, when there are any, become its {@code encrypted_content}. */
    static ObjectNode reasoning(String id, String summary, ArrayNode thinkingBlocks) {
        ObjectNode item = Json.object().put("type", "reasoning").put("id", id);
        if (summary == null || summary.isEmpty()) {
            item.putArray("summary");
        } else {
            item.putArray("summary").addObject().put("type", "summary_text").put("text", summary);
        }
        if (thinkingBlocks != null && !thinkingBlocks.isEmpty()) {
            item.put("encrypted_content", ThinkingBlocks.encrypted(thinkingBlocks));
        }
        return item;
    }

    /** An upstream id without the prefix its API gives it, to carry the Responses API's own. */
    static String plain(String id) {
        if (id == null || id.isEmpty()) {
            return "modelgate";
        }
        int underscore = id.indexOf('_');
        int dash = id.indexOf('-');
        int cut = id.startsWith("chatcmpl-") ? dash : underscore > 0 && underscore < 8 ? underscore : -1;
        return cut > 0 ? id.substring(cut + 1) : id;
    }
}

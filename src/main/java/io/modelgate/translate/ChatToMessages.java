package io.modelgate.translate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelgate.json.JsonBytes;

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
        ChatChunk chat = ChatChunk.read(completion, 0, completion.length);
        return chat == null ? null : JsonBytes.bytes(answer(chat));
    }

    static ObjectNode answer(ChatChunk completion) {
        ObjectNode out = Json.object().put("id", ChatAnswers.messageId(completion.id())).put("type", "message")
                .put("role", "assistant").put("model", completion.model() == null ? "" : completion.model());
        ArrayNode content = out.putArray("content");
        if (completion.reasoning() != null) {
            content.addObject().put("type", "thinking").put("thinking", completion.reasoning()).put("signature", "");
        }
        if (completion.content() != null && !completion.content().isEmpty()) {
            content.addObject().put("type", "text").put("text", completion.content());
        }
        for (ChatChunk.ToolCallPiece call : completion.toolCalls()) {
            content.addObject().put("type", "tool_use").put("id", call.id() == null ? "" : call.id())
                    .put("name", call.name() == null ? "" : call.name()).set("input", ChatAnswers.toolInput(call.arguments()));
        }
        String matched = completion.matchedStop();
        String stopReason = ChatAnswers.stopReason(completion.finishReason(), matched);
        out.put("stop_reason", stopReason);
        out.put("stop_sequence", "stop_sequence".equals(stopReason) ? matched : null);
        out.set("usage", ChatAnswers.messagesUsage(completion.usage()));
        return out;
    }
}

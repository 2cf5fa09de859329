package io.modelgate.translate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelgate.json.JsonBytes;

/**
 * A chat completion written as a Responses API response: its reasoning ({@code reasoning_content}) as a reasoning item
 * with a summary (Anthropic's thinking blocks, when the completion carries them, as its {@code encrypted_content}), its text as a message item, each tool call as a {@code function_call} item; a stop for length as an
 * incomplete response ({@code max_output_tokens}); its usage with cached and reasoning tokens.
 */
public final class ChatToResponses {

    private ChatToResponses() {
    }

    /** A chat completion's bytes as a response's, in {@code frame}; null when they are not a JSON object. */
    public static byte[] answer(byte[] completion, ResponseFrame frame) {
        ChatChunk chat = ChatChunk.read(completion, 0, completion.length);
        return chat == null ? null : JsonBytes.bytes(answer(chat, frame));
    }

    static ObjectNode answer(ChatChunk completion, ResponseFrame frame) {
        String chatId = completion.id() == null ? "" : completion.id();
        ObjectNode response = frame.response(chatId, completion.model() == null ? "" : completion.model(),
                completion.created() >= 0 ? completion.created() : System.currentTimeMillis() / 1000, "completed");
        String items = ResponseObjects.plain(response.get("id").asText());
        ArrayNode output = (ArrayNode) response.get("output");
        if (completion.reasoning() != null || completion.thinkingBlocks() != null) {
            output.add(ResponseObjects.reasoning("rs_" + items, completion.reasoning(), (ArrayNode) completion.thinkingBlocks()));
        }
        if (completion.content() != null && !completion.content().isEmpty()) {
            output.add(ResponseObjects.message("msg_" + items, completion.content(), "completed"));
        }
        for (ChatChunk.ToolCallPiece call : completion.toolCalls()) {
            output.add(ResponseObjects.functionCall(call.id() == null ? "" : call.id(), call.name() == null ? "" : call.name(),
                    call.arguments() == null ? "{}" : call.arguments(), "completed"));
        }
        ResponseObjects.finish(response, completion.finishReason(), completion.usage());
        if (frame.keeps()) {
            frame.completed(response.toString());
        }
        return response;
    }
}

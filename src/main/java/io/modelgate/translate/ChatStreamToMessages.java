package io.modelgate.translate;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelgate.json.JsonText;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * A chat completions stream written as an Anthropic Messages stream, event by event: the first chunk opens the
 * message ({@code message_start}); reasoning, text and each tool call become content blocks, opened, filled by deltas
 * as the chunks arrive ({@code thinking_delta}, {@code text_delta}, {@code input_json_delta} with the arguments'
 * pieces as they came) and closed when the next one starts; the finish reason and the usage chunk (which the
 * translated request asks for) close the message with {@code message_delta} and {@code message_stop}. An error the
 * upstream streams becomes Messages' {@code error} event. Tool calls are taken in the order their indexes first appear,
 * as OpenAI, vLLM and Ollama stream them: one call's arguments complete before the next call starts.
 *
 * <p>Chunks are read by one scan each ({@link ChatChunk}) and events written as bytes ({@link SseWriter}), each text
 * delta copied as the chunk wrote it, after a start made once per block: this runs for every event of every
 * translated stream.
 */
public final class ChatStreamToMessages extends ChatStreamTranslator {

    private enum Block { NONE, THINKING, TEXT, TOOL }

    /** How a delta event ends: its delta and its data closed. */
    private static final byte[] DELTA_END = "}}\n\n".getBytes(StandardCharsets.US_ASCII);

    private final SseWriter sse = new SseWriter();
    /** The open block's delta events' start, through the delta's type. */
    private byte[] deltaStart;
    private boolean started;
    private int blocks;
    private Block open = Block.NONE;
    private int toolIndex = -1;
    private String finishReason;
    private String matchedStop;
    private ChatUsage usage;

    @Override
    void chunk(ChatChunk chunk, ByteBuf out) {
        if (!started) {
            start(chunk.id(), chunk.model(), out);
        }
        if (chunk.usage() != null) {
            usage = chunk.usage();
        }
        delta(chunk, out);
        if (chunk.finishReason() != null) {
            finishReason = chunk.finishReason();
            matchedStop = chunk.matchedStop();
        }
    }

    /** The upstream's stream ended (with {@code [DONE]} or without): the message is closed. */
    @Override
    void ended(ByteBuf out) {
        if (!started) {
            start(null, null, out);
        }
        close(out);
        String stopReason = ChatAnswers.stopReason(finishReason, matchedStop);
        sse.begin(out, "message_delta").object("delta").field("stop_reason", stopReason)
                .field("stop_sequence", "stop_sequence".equals(stopReason) ? matchedStop : null).endObject();
        ChatAnswers.writeMessagesUsage(usage, sse);
        sse.end();
        sse.begin(out, "message_stop").end();
    }

    private void start(String id, String model, ByteBuf out) {
        started = true;
        sse.begin(out, "message_start").object("message").field("id", ChatAnswers.messageId(id)).field("type", "message")
                .field("role", "assistant").field("model", model == null ? "" : model).emptyArray("content")
                .nullField("stop_reason").nullField("stop_sequence")
                .object("usage").field("input_tokens", 0).field("output_tokens", 0).endObject()
                .endObject().end();
    }

    private void delta(ChatChunk chunk, ByteBuf out) {
        if (chunk.reasoningJson() != null) {
            if (open != Block.THINKING) {
                openBlock(Block.THINKING, "thinking", out).field("thinking", "").field("signature", "");
                endBlockStart();
            }
            blockDelta("thinking_delta", "thinking", chunk.reasoningJson(), out);
        }
        JsonText text = chunk.contentJson();
        if (text != null && !text.isEmpty()) {
            if (open != Block.TEXT) {
                openBlock(Block.TEXT, "text", out).field("text", "");
                endBlockStart();
            }
            blockDelta("text_delta", "text", text, out);
        }
        for (ChatChunk.ToolCallPiece call : chunk.toolCalls()) {
            int index = call.index() >= 0 ? call.index() : Math.max(toolIndex, 0);
            if (open != Block.TOOL || index != toolIndex) {
                toolIndex = index;
                openBlock(Block.TOOL, "tool_use", out).field("id", call.id() == null ? "" : call.id())
                        .field("name", call.name() == null ? "" : call.name()).object("input").endObject();
                endBlockStart();
            }
            if (call.argumentsJson() != null && !call.argumentsJson().isEmpty()) {
                blockDelta("input_json_delta", "partial_json", call.argumentsJson(), out);
            }
        }
    }

    /** Closes the open block and starts one of {@code type}; the caller writes its fields, then {@link #endBlockStart}. */
    private SseWriter openBlock(Block kind, String type, ByteBuf out) {
        close(out);
        open = kind;
        deltaStart = null;
        return sse.begin(out, "content_block_start").field("index", blocks).object("content_block").field("type", type);
    }

    /** Closes the block object that {@link #openBlock} opened, and its event. */
    private void endBlockStart() {
        sse.endObject().end();
    }

    /**
     * A delta of the open block: its start is the same for each of the block's deltas (made once per block), and
     * {@code value} is copied as the chunk wrote it, neither decoded nor escaped again.
     */
    private void blockDelta(String type, String field, JsonText value, ByteBuf out) {
        if (deltaStart == null) {
            deltaStart = SseWriter.bytes((sse, bytes) -> sse.begin(bytes, "content_block_delta").field("index", blocks).object("delta")
                    .field("type", type));
        }
        out.writeBytes(deltaStart);
        sse.within(out, 1, true).field(field, value); // within the delta, after its type
        out.writeBytes(DELTA_END);
    }

    private void close(ByteBuf out) {
        if (open == Block.NONE) {
            return;
        }
        sse.begin(out, "content_block_stop").field("index", blocks).end();
        blocks++;
        open = Block.NONE;
    }

    @Override
    void failed(ChatChunk chunk, ByteBuf out) {
        sse.begin(out, "error").object("error").field("type", "api_error").field("message", message(chunk.error())).endObject().end();
    }
}

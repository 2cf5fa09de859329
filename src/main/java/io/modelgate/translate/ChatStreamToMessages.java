package io.modelgate.translate;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A chat completions stream written as an Anthropic Messages stream, event by event: the first chunk opens the
 * message ({@code message_start}); reasoning, text and each tool call become content blocks, opened, filled by deltas
 * as the chunks arrive ({@code thinking_delta}, {@code text_delta}, {@code input_json_delta} with the arguments'
 * pieces as they came) and closed when the next one starts; the finish reason and the usage chunk (which the
 * translated request asks for) close the message with {@code message_delta} and {@code message_stop}. An error the
 * upstream streams becomes Messages' {@code error} event. Tool calls are taken in the order their indexes first appear,
 * as OpenAI, vLLM and Ollama stream them: one call's arguments complete before the next call starts.
 *
 * <p>Chunks are read with a streaming parser ({@link ChatChunk}) and events written with a streaming generator
 * ({@link SseWriter}): this runs for every event of every translated stream.
 */
public final class ChatStreamToMessages extends ChatStreamTranslator {

    private enum Block { NONE, THINKING, TEXT, TOOL }

    private final SseWriter sse = new SseWriter();
    private boolean started;
    private int blocks;
    private Block open = Block.NONE;
    private int toolIndex = -1;
    private String finishReason;
    private String matchedStop;
    private JsonNode usage;

    @Override
    void chunk(ChatChunk chunk, StringBuilder out) {
        try {
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
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The upstream's stream ended (with {@code [DONE]} or without): the message is closed. */
    @Override
    void ended(StringBuilder out) {
        try {
            if (!started) {
                start(null, null, out);
            }
            close(out);
            String stopReason = ChatAnswers.stopReason(finishReason, matchedStop);
            JsonGenerator json = sse.begin(out, "message_delta");
            json.writeObjectFieldStart("delta");
            json.writeStringField("stop_reason", stopReason);
            json.writeStringField("stop_sequence", "stop_sequence".equals(stopReason) ? matchedStop : null);
            json.writeEndObject();
            ChatAnswers.writeMessagesUsage(usage, json);
            sse.end();
            sse.begin(out, "message_stop");
            sse.end();
            sse.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void start(String id, String model, StringBuilder out) throws IOException {
        started = true;
        JsonGenerator json = sse.begin(out, "message_start");
        json.writeObjectFieldStart("message");
        json.writeStringField("id", ChatAnswers.messageId(id));
        json.writeStringField("type", "message");
        json.writeStringField("role", "assistant");
        json.writeStringField("model", model == null ? "" : model);
        json.writeArrayFieldStart("content");
        json.writeEndArray();
        json.writeNullField("stop_reason");
        json.writeNullField("stop_sequence");
        json.writeObjectFieldStart("usage");
        json.writeNumberField("input_tokens", 0);
        json.writeNumberField("output_tokens", 0);
        json.writeEndObject();
        json.writeEndObject();
        sse.end();
    }

    private void delta(ChatChunk chunk, StringBuilder out) throws IOException {
        if (chunk.reasoning() != null) {
            if (open != Block.THINKING) {
                JsonGenerator json = openBlock(Block.THINKING, "thinking", out);
                json.writeStringField("thinking", "");
                json.writeStringField("signature", "");
                endBlockStart();
            }
            blockDelta("thinking_delta", "thinking", chunk.reasoning(), out);
        }
        String text = chunk.content();
        if (text != null && !text.isEmpty()) {
            if (open != Block.TEXT) {
                openBlock(Block.TEXT, "text", out).writeStringField("text", "");
                endBlockStart();
            }
            blockDelta("text_delta", "text", text, out);
        }
        for (ChatChunk.ToolCallPiece call : chunk.toolCalls()) {
            int index = call.index() >= 0 ? call.index() : Math.max(toolIndex, 0);
            if (open != Block.TOOL || index != toolIndex) {
                toolIndex = index;
                JsonGenerator json = openBlock(Block.TOOL, "tool_use", out);
                json.writeStringField("id", call.id() == null ? "" : call.id());
                json.writeStringField("name", call.name() == null ? "" : call.name());
                json.writeObjectFieldStart("input");
                json.writeEndObject();
                endBlockStart();
            }
            if (call.arguments() != null && !call.arguments().isEmpty()) {
                blockDelta("input_json_delta", "partial_json", call.arguments(), out);
            }
        }
    }

    /** Closes the open block and starts one of {@code type}; the caller writes its fields, then {@link #endBlockStart}. */
    private JsonGenerator openBlock(Block kind, String type, StringBuilder out) throws IOException {
        close(out);
        open = kind;
        JsonGenerator json = sse.begin(out, "content_block_start");
        json.writeNumberField("index", blocks);
        json.writeObjectFieldStart("content_block");
        json.writeStringField("type", type);
        return json;
    }

    /** Closes the block object that {@link #openBlock} opened, and its event. */
    private void endBlockStart() throws IOException {
        sse.json().writeEndObject();
        sse.end();
    }

    private void blockDelta(String type, String field, String value, StringBuilder out) throws IOException {
        JsonGenerator json = sse.begin(out, "content_block_delta");
        json.writeNumberField("index", blocks);
        json.writeObjectFieldStart("delta");
        json.writeStringField("type", type);
        json.writeStringField(field, value);
        json.writeEndObject();
        sse.end();
    }

    private void close(StringBuilder out) throws IOException {
        if (open == Block.NONE) {
            return;
        }
        sse.begin(out, "content_block_stop").writeNumberField("index", blocks);
        sse.end();
        blocks++;
        open = Block.NONE;
    }

    @Override
    void failed(ChatChunk chunk, StringBuilder out) {
        try {
            JsonGenerator json = sse.begin(out, "error");
            json.writeObjectFieldStart("error");
            json.writeStringField("type", "api_error");
            json.writeStringField("message", message(chunk.error()));
            json.writeEndObject();
            sse.end();
            sse.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

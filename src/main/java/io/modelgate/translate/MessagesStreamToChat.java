package io.modelgate.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelgate.json.JsonFields;
import io.modelgate.json.JsonObjectScan;
import io.modelgate.json.JsonText;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * An Anthropic Messages stream written as a chat completions stream, event by event: {@code message_start} opens it
 * with the assistant's role; text and thinking deltas become {@code content} and {@code reasoning_content} deltas; each
 * {@code tool_use} block becomes a tool call (its id and name first, then its {@code input_json_delta} pieces as
 * argument pieces, indexed in the order the calls start); a thinking block, once complete with its signature (and a
 * redacted one at once), also becomes a {@code thinking_blocks} delta ({@link ThinkingBlocks});
 * {@code message_delta} gives the finish reason; the usage
 * chunk follows when the caller asked for it ({@code stream_options.include_usage}), then {@code [DONE]}. An
 * {@code error} event becomes a chunk carrying the error, and ends the stream.
 *
 * <p>Events are read with {@link JsonFields} and chunks written as bytes ({@link SseWriter}), the texts copied as they
 * came: a long answer is hundreds of deltas, each read and written here.
 */
public final class MessagesStreamToChat implements StreamTranslator {

    private static final JsonFields.Names EVENT = JsonFields.Names.of("type", "index", "message", "content_block", "delta", "usage");
    private static final JsonFields.Names MESSAGE = JsonFields.Names.of("id", "model", "usage");
    private static final JsonFields.Names BLOCK = JsonFields.Names.of("type", "id", "name", "signature");
    private static final JsonFields.Names DELTA = JsonFields.Names.of("type", "text", "thinking", "signature", "partial_json", "stop_reason");
    private static final JsonFields.Names USAGE = JsonFields.Names.of("output_tokens");
    /** How every chunk but the last ends: its choice with no finish reason (and no usage yet, when usage is asked). */
    private static final byte[] CHUNK_END = "},\"logprobs\":null,\"finish_reason\":null}]}\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHUNK_END_USAGE = "},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n"
            .getBytes(StandardCharsets.US_ASCII);

    private final boolean usageAsked;
    private final SseWriter sse = new SseWriter();
    private final long created = System.currentTimeMillis() / 1000;
    private final Map<Integer, Integer> toolCallOfBlock = new HashMap<>();
    private String id = "chatcmpl-modelgate";
    private String model = "";
    /** {@code message_start}'s usage as it came: read into a tree only for the usage chunk, when one is asked for. */
    private byte[] startUsage;
    private long outputTokens;
    private String stopReason;
    private boolean over;
    /** The thinking block being streamed: its index (-1: none), text and signature, until it stops. */
    private int thinkingBlock = -1;
    private final StringBuilder thinking = new StringBuilder();
    private String signature;
    /** How every chunk starts, through its delta's opening: the stream's id, model and time, made once. */
    private byte[] chunkStart;

    public MessagesStreamToChat(boolean usageAsked) {
        this.usageAsked = usageAsked;
    }

    @Override
    public void event(String name, byte[] data, int from, int to, ByteBuf out) {
        if (over || from == to) {
            return;
        }
        JsonFields event;
        try {
            event = JsonFields.of(data, from, to, EVENT);
        } catch (JsonObjectScan.Malformed | JsonObjectScan.NotAnObject e) {
            return;
        }
        switch (event.string(0, name == null ? "" : name)) {
            case "message_start" -> {
                JsonFields message = event.in(2, MESSAGE);
                id = MessagesToChatAnswer.chatId(message.string(0, ""));
                model = message.string(1, "");
                chunkStart = null;
                startUsage = usageAsked && message.is(2, '{')
                        ? java.util.Arrays.copyOfRange(message.bytes(), message.start(2), message.end(2)) : null;
                outputTokens = message.in(2, USAGE).number(0, 0);
                chunk(out).field("role", "assistant").field("content", "");
                endChunk(out);
            }
            case "content_block_start" -> blockStart(event, out);
            case "content_block_delta" -> delta(event, out);
            case "content_block_stop" -> {
                if (thinkingBlock >= 0 && event.integer(1, 0) == thinkingBlock) {
                    thinkingBlock = -1;
                    ObjectNode block = Json.object().put("type", "thinking").put("thinking", thinking.toString());
                    thinkingBlocks(signature == null ? block : block.put("signature", signature), out);
                }
            }
            case "message_delta" -> {
                stopReason = event.in(4, DELTA).string(5, stopReason);
                outputTokens = event.in(5, USAGE).number(0, outputTokens);
            }
            case "message_stop" -> end(out);
            case "error" -> {
                over = true;
                JsonNode error = Json.parse(data, from, to - from);
                ObjectNode chunk = Json.object();
                chunk.putObject("error").put("message", UpstreamErrors.message(error))
                        .put("type", Json.text(error.path("error").get("type"), "api_error"));
                sse.data(out, chunk);
            }
            default -> {
                // ping: nothing to say in chat
            }
        }
    }

    private void blockStart(JsonFields event, ByteBuf out) {
        JsonFields block = event.in(3, BLOCK);
        switch (block.string(0, "")) {
            case "thinking" -> {
                thinkingBlock = event.integer(1, 0);
                thinking.setLength(0);
                signature = block.string(3, null);
            }
            case "redacted_thinking" -> thinkingBlocks(ThinkingBlocks.of(event.tree(3)), out);
            case "tool_use" -> {
                int index = toolCallOfBlock.size();
                toolCallOfBlock.put(event.integer(1, 0), index);
                chunk(out).array("tool_calls").element().field("index", index).field("id", block.string(1, "")).field("type", "function")
                        .object("function").field("name", block.string(2, "")).field("arguments", "").endObject().endObject().endArray();
                endChunk(out);
            }
            default -> {
                // text blocks start empty: their deltas carry the text
            }
        }
    }

    @Override
    public boolean finished() {
        return over;
    }

    @Override
    public void end(ByteBuf out) {
        if (over) {
            return;
        }
        over = true;
        lastChunk(out, MessagesToChatAnswer.finishReason(stopReason));
        if (usageAsked) {
            JsonNode started = startUsage == null ? null : Json.parse(startUsage, 0, startUsage.length);
            ObjectNode usage = started instanceof ObjectNode object ? object : Json.object();
            usage.put("output_tokens", outputTokens);
            head(sse.data(out)).emptyArray("choices").tree("usage", MessagesToChatAnswer.chatUsage(usage)).end();
        }
        SseWriter.data(out, "[DONE]");
    }

    private void delta(JsonFields event, ByteBuf out) {
        JsonFields delta = event.in(4, DELTA);
        switch (delta.string(0, "")) {
            case "text_delta" -> text("content", delta.text(1), out);
            case "thinking_delta" -> {
                JsonText text = delta.text(2);
                if (text != null) {
                    thinking.append(text.value());
                }
                text("reasoning_content", text, out);
            }
            case "signature_delta" -> signature = delta.string(3, signature);
            case "input_json_delta" -> {
                Integer call = toolCallOfBlock.get(event.integer(1, 0));
                JsonText piece = delta.text(4);
                if (call != null && piece != null && !piece.isEmpty()) {
                    chunk(out).array("tool_calls").element().field("index", call).object("function").field("arguments", piece)
                            .endObject().endObject().endArray();
                    endChunk(out);
                }
            }
            default -> {
                // citation deltas: chat has no place for them
            }
        }
    }

    /** A chunk whose delta is the text {@code field}, copied as the event wrote it (absent: empty). */
    private void text(String field, JsonText text, ByteBuf out) {
        if (text == null) {
            chunk(out).field(field, "");
        } else {
            chunk(out).field(field, text);
        }
        endChunk(out);
    }

    private void thinkingBlocks(ObjectNode block, ByteBuf out) {
        ArrayNode blocks = Json.array().add(block);
        chunk(out).tree(ThinkingBlocks.FIELD, blocks);
        endChunk(out);
    }

    /** Starts a chunk, inside its delta: the caller writes the delta's fields, then {@link #endChunk}. */
    private SseWriter chunk(ByteBuf out) {
        if (chunkStart == null) {
            chunkStart = SseWriter.bytes((sse, bytes) -> head(sse.data(bytes)).array("choices").element().field("index", 0).object("delta"));
        }
        out.writeBytes(chunkStart);
        return sse.within(out, 3, false); // the chunk, its choices, the choice, the delta
    }

    private SseWriter head(SseWriter sse) {
        return sse.field("id", id).field("object", "chat.completion.chunk").field("created", created).field("model", model);
    }

    private void endChunk(ByteBuf out) {
        out.writeBytes(usageAsked ? CHUNK_END_USAGE : CHUNK_END);
    }

    /** The last chunk: an empty delta, and the finish reason. */
    private void lastChunk(ByteBuf out, String finishReason) {
        chunk(out).endObject().nullField("logprobs").field("finish_reason", finishReason).endObject().endArray();
        if (usageAsked) {
            sse.nullField("usage"); // as OpenAI writes every chunk once usage is asked for
        }
        sse.end();
    }
}

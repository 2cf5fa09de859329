package io.modelgate.translate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * A chat completions stream written as a Responses API stream, event by event: {@code response.created} and
 * {@code response.in_progress} on the first chunk; then one output item per run of reasoning (Anthropic's thinking
 * blocks, when chunks carry them, its {@code encrypted_content}), text or tool call —
 * {@code output_item.added}, its part, its deltas ({@code reasoning_summary_text.delta}, {@code output_text.delta},
 * {@code function_call_arguments.delta}) as they arrive, and its {@code .done} events when the next begins; and at the
 * end {@code response.completed} (or {@code response.incomplete}) with every item and the usage. An error the upstream
 * streams becomes {@code response.failed}. Every event carries its {@code sequence_number}. Events are appended as
 * text ({@link SseWriter}); the items are trees, written whole where an event carries them; the response is written by
 * its {@link ResponseFrame}, whose request settings are written once and copied, with the items' JSON as their
 * {@code .done} events wrote it.
 */
public final class ChatStreamToResponses extends ChatStreamTranslator {

    private enum Item { NONE, REASONING, MESSAGE, TOOL }

    private final long createdAt = System.currentTimeMillis() / 1000;
    private final ResponseFrame frame;
    private final SseWriter sse = new SseWriter();
    /** The response's id; null until the first chunk. */
    private String responseId;
    private String model;
    /** The JSON of the response's complete items, joined by commas, as {@code response.completed} carries them. */
    private final ByteBuf output = Unpooled.buffer(512);
    private int outputCount;
    /** What the ids of the response's items are made of: its own id without {@code resp_}. */
    private String items = "";
    private int sequence;
    private Item open = Item.NONE;
    private String itemId;
    private final StringBuilder content = new StringBuilder();
    private String callId;
    private String callName;
    private int toolIndex = -1;
    private String finishReason;
    private ChatUsage usage;
    /** The thinking blocks of the open reasoning item, for its {@code encrypted_content}. */
    private final ArrayNode thinkingBlocks = Json.array();

    public ChatStreamToResponses(ResponseFrame frame) {
        this.frame = frame;
    }

    @Override
    void chunk(ChatChunk chunk, ByteBuf out) {
        if (responseId == null) {
            start(chunk.id(), chunk.model(), out);
        }
        if (chunk.usage() != null) {
            usage = chunk.usage();
        }
        // each delta is written as the chunk wrote it (not escaped again), and kept decoded for the .done events
        String reasoning = chunk.reasoning();
        if (reasoning != null) {
            openReasoning(out);
            content.append(reasoning);
            at(out, "response.reasoning_summary_text.delta").field("summary_index", 0).field("delta", chunk.reasoningJson()).end();
        }
        if (chunk.thinkingBlocks() != null) {
            openReasoning(out);
            thinkingBlocks.addAll((ArrayNode) chunk.thinkingBlocks());
        }
        String text = chunk.content();
        if (text != null && !text.isEmpty()) {
            if (open != Item.MESSAGE) {
                openItem(Item.MESSAGE, "msg_" + items + "_" + outputIndex(), ResponseObjects.message(null, null, "in_progress"), out);
                outputText(at(out, "response.content_part.added").field("content_index", 0).object("part"), "").endObject().end();
            }
            content.append(text);
            at(out, "response.output_text.delta").field("content_index", 0).field("delta", chunk.contentJson()).emptyArray("logprobs").end();
        }
        for (ChatChunk.ToolCallPiece call : chunk.toolCalls()) {
            int index = call.index() >= 0 ? call.index() : Math.max(toolIndex, 0);
            if (open != Item.TOOL || index != toolIndex) {
                toolIndex = index;
                callId = call.id() == null ? "call_" + index : call.id();
                callName = call.name() == null ? "" : call.name();
                openItem(Item.TOOL, "fc_" + ResponseObjects.plain(callId), ResponseObjects.functionCall(callId, callName, "", "in_progress"), out);
            }
            String arguments = call.arguments();
            if (arguments != null && !arguments.isEmpty()) {
                content.append(arguments);
                at(out, "response.function_call_arguments.delta").field("delta", call.argumentsJson()).end();
            }
        }
        if (chunk.finishReason() != null) {
            finishReason = chunk.finishReason();
        }
    }

    @Override
    void ended(ByteBuf out) {
        if (responseId == null) {
            start(null, null, out);
        }
        close(out);
        ResponseFrame.Outcome outcome = ResponseObjects.outcome(finishReason, usage);
        response(event(out, "completed".equals(outcome.status()) ? "response.completed" : "response.incomplete"), outcome).end();
        if (frame.keeps()) {
            frame.completed(sse.sameTreeText());
        }
    }

    private void start(String id, String model, ByteBuf out) {
        responseId = frame.id(id == null ? "" : id);
        this.model = model == null ? "" : model;
        items = ResponseObjects.plain(responseId);
        // both events carry the same response: written once, then copied
        response(event(out, "response.created"), ResponseFrame.Outcome.IN_PROGRESS).end();
        event(out, "response.in_progress").sameTree("response").end();
    }

    /** The response as it stands, as the event's {@code response}. */
    private SseWriter response(SseWriter event, ResponseFrame.Outcome outcome) {
        frame.write(event, "response", responseId, model, createdAt, outcome, output);
        return event;
    }

    private void openReasoning(ByteBuf out) {
        if (open != Item.REASONING) {
            openItem(Item.REASONING, "rs_" + items + "_" + outputIndex(), ResponseObjects.reasoning(null, null, null), out);
            at(out, "response.reasoning_summary_part.added").field("summary_index", 0).object("part").field("type", "summary_text")
                    .field("text", "").endObject().end();
        }
    }

    private int outputIndex() {
        return outputCount;
    }

    /** Starts event {@code type}, with its sequence number. */
    private SseWriter event(ByteBuf out, String type) {
        return sse.begin(out, type).field("sequence_number", sequence++);
    }

    /** Starts an event about the open item: with the fields that say which it is. */
    private SseWriter at(ByteBuf out, String type) {
        return event(out, type).field("item_id", itemId).field("output_index", outputIndex());
    }

    /** An {@code output_text} part's fields, in the object {@code sse} has open. */
    private static SseWriter outputText(SseWriter sse, String text) {
        return sse.field("type", "output_text").field("text", text).emptyArray("annotations").emptyArray("logprobs");
    }

    private void openItem(Item kind, String id, ObjectNode item, ByteBuf out) {
        close(out);
        open = kind;
        itemId = id;
        content.setLength(0);
        item.put("id", id);
        event(out, "response.output_item.added").field("output_index", outputIndex()).tree("item", item).end();
    }

    /** The open item's {@code .done} events; the item joins the response's output. */
    private void close(ByteBuf out) {
        if (open == Item.NONE) {
            return;
        }
        String done = content.toString();
        ObjectNode item = switch (open) {
            case REASONING -> {
                at(out, "response.reasoning_summary_text.done").field("summary_index", 0).field("text", done).end();
                at(out, "response.reasoning_summary_part.done").field("summary_index", 0).object("part").field("type", "summary_text")
                        .field("text", done).endObject().end();
                ObjectNode reasoning = ResponseObjects.reasoning(itemId, done, thinkingBlocks);
                thinkingBlocks.removeAll();
                yield reasoning;
            }
            case MESSAGE -> {
                at(out, "response.output_text.done").field("content_index", 0).field("text", done).emptyArray("logprobs").end();
                outputText(at(out, "response.content_part.done").field("content_index", 0).object("part"), done).endObject().end();
                yield ResponseObjects.message(itemId, done, "completed");
            }
            case TOOL -> {
                at(out, "response.function_call_arguments.done").field("name", callName).field("arguments", done).end();
                yield ResponseObjects.functionCall(callId, callName, done, "completed");
            }
            case NONE -> throw new IllegalStateException();
        };
        event(out, "response.output_item.done").field("output_index", outputIndex()).tree("item", item).end();
        if (outputCount++ > 0) {
            output.writeByte(',');
        }
        sse.sameTreeInto(output);
        open = Item.NONE;
    }

    @Override
    void failed(ChatChunk chunk, ByteBuf out) {
        if (responseId == null) {
            start(chunk.id(), chunk.model(), out);
        }
        ObjectNode error = Json.object().put("code", "server_error").put("message", message(chunk.error()));
        response(event(out, "response.failed"), new ResponseFrame.Outcome("failed", error, null, null)).end();
    }
}

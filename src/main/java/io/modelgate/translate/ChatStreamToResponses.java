package io.modelgate.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A chat completions stream written as a Responses API stream, event by event: {@code response.created} and
 * {@code response.in_progress} on the first chunk; then one output item per run of reasoning (Anthropic's thinking
 * blocks, when chunks carry them, its {@code encrypted_content}), text or tool call —
 * {@code output_item.added}, its part, its deltas ({@code reasoning_summary_text.delta}, {@code output_text.delta},
 * {@code function_call_arguments.delta}) as they arrive, and its {@code .done} events when the next begins; and at the
 * end {@code response.completed} (or {@code response.incomplete}) with every item and the usage. An error the upstream
 * streams becomes {@code response.failed}. Every event carries its {@code sequence_number}.
 */
public final class ChatStreamToResponses extends ChatStreamTranslator {

    private enum Item { NONE, REASONING, MESSAGE, TOOL }

    private final long createdAt = System.currentTimeMillis() / 1000;
    private final ResponseFrame frame;
    private ObjectNode response;
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
    private JsonNode usage;
    /** The thinking blocks of the open reasoning item, for its {@code encrypted_content}. */
    private final ArrayNode thinkingBlocks = Json.array();

    public ChatStreamToResponses(ResponseFrame frame) {
        this.frame = frame;
    }

    @Override
    void chunk(ChatChunk chunk, StringBuilder out) {
        if (response == null) {
            start(chunk.id(), chunk.model(), out);
        }
        if (chunk.usage() != null) {
            usage = chunk.usage();
        }
        if (chunk.reasoning() != null) {
            openReasoning(out);
            content.append(chunk.reasoning());
            emit(out, "response.reasoning_summary_text.delta", at().put("summary_index", 0).put("delta", chunk.reasoning()));
        }
        if (chunk.thinkingBlocks() != null) {
            openReasoning(out);
            thinkingBlocks.addAll((ArrayNode) chunk.thinkingBlocks());
        }
        String text = chunk.content();
        if (text != null && !text.isEmpty()) {
            if (open != Item.MESSAGE) {
                openItem(Item.MESSAGE, "msg_" + items + "_" + outputIndex(), ResponseObjects.message(null, null, "in_progress"), out);
                emit(out, "response.content_part.added", at().put("content_index", 0).set("part", ResponseObjects.outputText("")));
            }
            content.append(text);
            ObjectNode textDelta = at().put("content_index", 0).put("delta", text);
            textDelta.putArray("logprobs");
            emit(out, "response.output_text.delta", textDelta);
        }
        for (ChatChunk.ToolCallPiece call : chunk.toolCalls()) {
            int index = call.index() >= 0 ? call.index() : Math.max(toolIndex, 0);
            if (open != Item.TOOL || index != toolIndex) {
                toolIndex = index;
                callId = call.id() == null ? "call_" + index : call.id();
                callName = call.name() == null ? "" : call.name();
                openItem(Item.TOOL, "fc_" + ResponseObjects.plain(callId), ResponseObjects.functionCall(callId, callName, "", "in_progress"), out);
            }
            if (call.arguments() != null && !call.arguments().isEmpty()) {
                content.append(call.arguments());
                emit(out, "response.function_call_arguments.delta", at().put("delta", call.arguments()));
            }
        }
        if (chunk.finishReason() != null) {
            finishReason = chunk.finishReason();
        }
    }

    @Override
    void ended(StringBuilder out) {
        if (response == null) {
            start(null, null, out);
        }
        close(out);
        ResponseObjects.finish(response, finishReason, usage);
        emit(out, "completed".equals(response.get("status").asText()) ? "response.completed" : "response.incomplete",
                Json.object().set("response", response));
        frame.completed(response);
    }

    private void start(String id, String model, StringBuilder out) {
        response = frame.response(id == null ? "" : id, model == null ? "" : model, createdAt, "in_progress");
        items = ResponseObjects.plain(response.get("id").asText());
        emit(out, "response.created", Json.object().set("response", response.deepCopy()));
        emit(out, "response.in_progress", Json.object().set("response", response.deepCopy()));
    }

    private void openReasoning(StringBuilder out) {
        if (open != Item.REASONING) {
            openItem(Item.REASONING, "rs_" + items + "_" + outputIndex(), ResponseObjects.reasoning(null, null, null), out);
            emit(out, "response.reasoning_summary_part.added", at().put("summary_index", 0)
                    .set("part", Json.object().put("type", "summary_text").put("text", "")));
        }
    }

    private int outputIndex() {
        return response.get("output").size();
    }

    /** The fields that say which item an event is about. */
    private ObjectNode at() {
        return Json.object().put("item_id", itemId).put("output_index", outputIndex());
    }

    private void openItem(Item kind, String id, ObjectNode item, StringBuilder out) {
        close(out);
        open = kind;
        itemId = id;
        content.setLength(0);
        item.put("id", id);
        emit(out, "response.output_item.added", Json.object().put("output_index", outputIndex()).set("item", item));
    }

    /** The open item's {@code .done} events; the item joins the response's output. */
    private void close(StringBuilder out) {
        if (open == Item.NONE) {
            return;
        }
        String done = content.toString();
        ObjectNode item = switch (open) {
            case REASONING -> {
                emit(out, "response.reasoning_summary_text.done", at().put("summary_index", 0).put("text", done));
                emit(out, "response.reasoning_summary_part.done", at().put("summary_index", 0)
                        .set("part", Json.object().put("type", "summary_text").put("text", done)));
                ObjectNode reasoning = ResponseObjects.reasoning(itemId, done, thinkingBlocks);
                thinkingBlocks.removeAll();
                yield reasoning;
            }
            case MESSAGE -> {
                ObjectNode textDone = at().put("content_index", 0).put("text", done);
                textDone.putArray("logprobs");
                emit(out, "response.output_text.done", textDone);
                emit(out, "response.content_part.done", at().put("content_index", 0).set("part", ResponseObjects.outputText(done)));
                yield ResponseObjects.message(itemId, done, "completed");
            }
            case TOOL -> {
                emit(out, "response.function_call_arguments.done", at().put("name", callName).put("arguments", done));
                yield ResponseObjects.functionCall(callId, callName, done, "completed");
            }
            case NONE -> throw new IllegalStateException();
        };
        emit(out, "response.output_item.done", Json.object().put("output_index", outputIndex()).set("item", item));
        ((ArrayNode) response.get("output")).add(item);
        open = Item.NONE;
    }

    @Override
    void failed(ChatChunk chunk, StringBuilder out) {
        if (response == null) {
            start(chunk.id(), chunk.model(), out);
        }
        response.put("status", "failed");
        response.putObject("error").put("code", "server_error").put("message", message(chunk.error()));
        emit(out, "response.failed", Json.object().set("response", response));
    }

    private void emit(StringBuilder out, String type, ObjectNode event) {
        ObjectNode typed = Json.object().put("type", type).put("sequence_number", sequence++);
        typed.setAll(event);
        out.append("event: ").append(type).append("\ndata: ").append(typed).append("\n\n");
    }
}

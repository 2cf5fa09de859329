package io.modelgate.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A chat completions stream written as an Anthropic Messages stream, event by event: the first chunk opens the
 * message ({@code message_start}); reasoning, text and each tool call become content blocks, opened, filled by deltas
 * as the chunks arrive ({@code thinking_delta}, {@code text_delta}, {@code input_json_delta} with the arguments'
 * pieces as they came) and closed when the next one starts; the finish reason and the usage chunk (which the
 * translated request asks for) close the message with {@code message_delta} and {@code message_stop}. An error the
 * upstream streams becomes Messages' {@code error} event. Tool calls are taken in the order their indexes first appear,
 * as OpenAI, vLLM and Ollama stream them: one call's arguments complete before the next call starts.
 */
public final class ChatStreamToMessages implements StreamTranslator {

    private enum Block { NONE, THINKING, TEXT, TOOL }

    private boolean started;
    private boolean over;
    private int blocks;
    private Block open = Block.NONE;
    private int toolIndex = -1;
    private String finishReason;
    private String matchedStop;
    private JsonNode usage;

    @Override
    public void event(String name, String data, StringBuilder out) {
        if (over || data.isEmpty()) {
            return;
        }
        if ("[DONE]".equals(data.trim())) {
            end(out);
            return;
        }
        JsonNode chunk = Json.parse(data);
        if (chunk == null || !chunk.isObject()) {
            return;
        }
        if (chunk.has("error")) {
            error(chunk, out);
            return;
        }
        if (!started) {
            start(chunk, out);
        }
        if (chunk.hasNonNull("usage")) {
            usage = chunk.get("usage");
        }
        JsonNode choice = chunk.path("choices").path(0);
        if (choice.isMissingNode()) {
            return;
        }
        delta(choice.path("delta"), out);
        if (choice.hasNonNull("finish_reason")) {
            finishReason = choice.get("finish_reason").asText();
            matchedStop = ChatAnswers.matchedStop(choice);
        }
    }

    /** The upstream's stream ended (with {@code [DONE]} or without): the message is closed, once. */
    @Override
    public void end(StringBuilder out) {
        if (over) {
            return;
        }
        over = true;
        if (!started) {
            start(Json.object(), out);
        }
        close(out);
        String stopReason = ChatAnswers.stopReason(finishReason, matchedStop);
        ObjectNode messageDelta = Json.object().put("type", "message_delta");
        messageDelta.putObject("delta").put("stop_reason", stopReason)
                .put("stop_sequence", "stop_sequence".equals(stopReason) ? matchedStop : null);
        messageDelta.set("usage", ChatAnswers.messagesUsage(usage));
        event(out, "message_delta", messageDelta);
        event(out, "message_stop", Json.object().put("type", "message_stop"));
    }

    private void start(JsonNode chunk, StringBuilder out) {
        started = true;
        ObjectNode message = Json.object().put("id", ChatAnswers.messageId(Json.text(chunk.get("id"), null))).put("type", "message")
                .put("role", "assistant").put("model", Json.text(chunk.get("model"), ""));
        message.putArray("content");
        message.putNull("stop_reason").putNull("stop_sequence");
        message.putObject("usage").put("input_tokens", 0).put("output_tokens", 0);
        event(out, "message_start", Json.object().put("type", "message_start").set("message", message));
    }

    private void delta(JsonNode delta, StringBuilder out) {
        String reasoning = ChatToMessages.reasoning(delta);
        if (reasoning != null) {
            if (open != Block.THINKING) {
                openBlock(Block.THINKING, Json.object().put("type", "thinking").put("thinking", "").put("signature", ""), out);
            }
            blockDelta(Json.object().put("type", "thinking_delta").put("thinking", reasoning), out);
        }
        String text = Json.text(delta.get("content"), null);
        if (text != null && !text.isEmpty()) {
            if (open != Block.TEXT) {
                openBlock(Block.TEXT, Json.object().put("type", "text").put("text", ""), out);
            }
            blockDelta(Json.object().put("type", "text_delta").put("text", text), out);
        }
        for (JsonNode call : delta.path("tool_calls")) {
            int index = call.path("index").asInt(toolIndex < 0 ? 0 : toolIndex);
            JsonNode function = call.path("function");
            if (open != Block.TOOL || index != toolIndex) {
                toolIndex = index;
                ObjectNode block = Json.object().put("type", "tool_use").put("id", Json.text(call.get("id"), ""))
                        .put("name", Json.text(function.get("name"), ""));
                block.putObject("input");
                openBlock(Block.TOOL, block, out);
            }
            String arguments = Json.text(function.get("arguments"), "");
            if (!arguments.isEmpty()) {
                blockDelta(Json.object().put("type", "input_json_delta").put("partial_json", arguments), out);
            }
        }
    }

    private void openBlock(Block kind, ObjectNode block, StringBuilder out) {
        close(out);
        open = kind;
        event(out, "content_block_start", Json.object().put("type", "content_block_start").put("index", blocks).set("content_block", block));
    }

    private void blockDelta(ObjectNode delta, StringBuilder out) {
        event(out, "content_block_delta", Json.object().put("type", "content_block_delta").put("index", blocks).set("delta", delta));
    }

    private void close(StringBuilder out) {
        if (open == Block.NONE) {
            return;
        }
        event(out, "content_block_stop", Json.object().put("type", "content_block_stop").put("index", blocks));
        blocks++;
        open = Block.NONE;
    }

    private void error(JsonNode chunk, StringBuilder out) {
        over = true;
        ObjectNode error = Json.object().put("type", "error");
        error.putObject("error").put("type", "api_error").put("message", UpstreamErrors.message(chunk));
        event(out, "error", error);
    }

    static void event(StringBuilder out, String name, ObjectNode data) {
        out.append("event: ").append(name).append("\ndata: ").append(data).append("\n\n");
    }
}

package io.modelgate.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

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
 */
public final class MessagesStreamToChat implements StreamTranslator {

    private final boolean usageAsked;
    private final long created = System.currentTimeMillis() / 1000;
    private final Map<Integer, Integer> toolCallOfBlock = new HashMap<>();
    private String id = "chatcmpl-modelgate";
    private String model = "";
    private JsonNode startUsage;
    private long outputTokens;
    private String stopReason;
    private boolean over;
    /** The thinking block being streamed: its index (-1: none), text and signature, until it stops. */
    private int thinkingBlock = -1;
    private final StringBuilder thinking = new StringBuilder();
    private String signature;

    public MessagesStreamToChat(boolean usageAsked) {
        this.usageAsked = usageAsked;
    }

    @Override
    public void event(String name, String data, StringBuilder out) {
        if (over || data.isEmpty()) {
            return;
        }
        JsonNode event = Json.parse(data);
        if (event == null || !event.isObject()) {
            return;
        }
        switch (Json.text(event.get("type"), name == null ? "" : name)) {
            case "message_start" -> {
                JsonNode message = event.path("message");
                id = MessagesToChatAnswer.chatId(Json.text(message.get("id"), ""));
                model = Json.text(message.get("model"), "");
                startUsage = message.get("usage");
                outputTokens = message.path("usage").path("output_tokens").asLong(0);
                chunk(out, Json.object().put("role", "assistant").put("content", ""), null);
            }
            case "content_block_start" -> {
                JsonNode block = event.path("content_block");
                String type = Json.text(block.get("type"), "");
                if (type.equals("thinking")) {
                    thinkingBlock = event.path("index").asInt();
                    thinking.setLength(0);
                    signature = Json.text(block.get("signature"), null);
                } else if (type.equals("redacted_thinking")) {
                    thinkingBlocks(ThinkingBlocks.of(block), out);
                } else if (type.equals("tool_use")) {
                    int index = toolCallOfBlock.size();
                    toolCallOfBlock.put(event.path("index").asInt(), index);
                    ObjectNode delta = Json.object();
                    delta.putArray("tool_calls").addObject().put("index", index).put("id", Json.text(block.get("id"), ""))
                            .put("type", "function").putObject("function").put("name", Json.text(block.get("name"), "")).put("arguments", "");
                    chunk(out, delta, null);
                }
            }
            case "content_block_delta" -> delta(event, out);
            case "content_block_stop" -> {
                if (thinkingBlock >= 0 && event.path("index").asInt() == thinkingBlock) {
                    thinkingBlock = -1;
                    ObjectNode block = Json.object().put("type", "thinking").put("thinking", thinking.toString());
                    thinkingBlocks(signature == null ? block : block.put("signature", signature), out);
                }
            }
            case "message_delta" -> {
                stopReason = Json.text(event.path("delta").get("stop_reason"), stopReason);
                outputTokens = event.path("usage").path("output_tokens").asLong(outputTokens);
            }
            case "message_stop" -> end(out);
            case "error" -> {
                over = true;
                ObjectNode error = Json.object();
                error.putObject("error").put("message", UpstreamErrors.message(event))
                        .put("type", Json.text(event.path("error").get("type"), "api_error"));
                out.append("data: ").append(error).append("\n\n");
            }
            default -> {
                // ping: nothing to say in chat
            }
        }
    }

    @Override
    public boolean finished() {
        return over;
    }

    @Override
    public void end(StringBuilder out) {
        if (over) {
            return;
        }
        over = true;
        chunk(out, Json.object(), MessagesToChatAnswer.finishReason(stopReason));
        if (usageAsked) {
            ObjectNode usage = startUsage == null ? Json.object() : startUsage.deepCopy();
            usage.put("output_tokens", outputTokens);
            ObjectNode last = head();
            last.putArray("choices");
            last.set("usage", MessagesToChatAnswer.chatUsage(usage));
            out.append("data: ").append(last).append("\n\n");
        }
        out.append("data: [DONE]\n\n");
    }

    private void delta(JsonNode event, StringBuilder out) {
        JsonNode delta = event.path("delta");
        switch (Json.text(delta.get("type"), "")) {
            case "text_delta" -> chunk(out, Json.object().put("content", Json.text(delta.get("text"), "")), null);
            case "thinking_delta" -> {
                String text = Json.text(delta.get("thinking"), "");
                thinking.append(text);
                chunk(out, Json.object().put("reasoning_content", text), null);
            }
            case "signature_delta" -> signature = Json.text(delta.get("signature"), signature);
            case "input_json_delta" -> {
                Integer call = toolCallOfBlock.get(event.path("index").asInt());
                String piece = Json.text(delta.get("partial_json"), "");
                if (call != null && !piece.isEmpty()) {
                    ObjectNode chunkDelta = Json.object();
                    chunkDelta.putArray("tool_calls").addObject().put("index", call).putObject("function").put("arguments", piece);
                    chunk(out, chunkDelta, null);
                }
            }
            default -> {
                // citation deltas: chat has no place for them
            }
        }
    }

    private void thinkingBlocks(ObjectNode block, StringBuilder out) {
        ObjectNode delta = Json.object();
        delta.putArray(ThinkingBlocks.FIELD).add(block);
        chunk(out, delta, null);
    }

    private ObjectNode head() {
        return Json.object().put("id", id).put("object", "chat.completion.chunk").put("created", created).put("model", model);
    }

    private void chunk(StringBuilder out, ObjectNode delta, String finishReason) {
        ObjectNode chunk = head();
        ArrayNode choices = chunk.putArray("choices");
        ObjectNode choice = choices.addObject().put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        if (usageAsked) {
            chunk.putNull("usage"); // as OpenAI writes every chunk once usage is asked for
        }
        out.append("data: ").append(chunk).append("\n\n");
    }
}

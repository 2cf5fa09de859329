package io.modelgate.upstream.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.List;

import static io.modelgate.upstream.mock.MockAnswer.JSON;

/**
 * The mock's Anthropic Messages API: a message (plain, or streamed event by event) and token counting; with
 * {@code thinking} on, the message begins with signed thinking ({@link MockThinking}).
 */
final class MockMessages {

    private MockMessages() {
    }

    /** A message: the reply in text, or the tool calls the request asks for ({@link MockToolCalls}). */
    static MockAnswer create(String id, String model, String fixedReply, JsonNode request) {
        if (!request.path("messages").isArray() || !request.has("max_tokens")) {
            return MockAnswer.anthropicError(400, "messages and max_tokens are required", "invalid_request_error");
        }
        MockAnswer refused = MockThinking.refusal(request);
        if (refused != null) {
            return refused;
        }
        String thought = MockThinking.enabled(request) ? MockThinking.thought(MockText.lastUserText(request.path("messages"))) : null;
        List<MockToolCalls.ToolCall> calls = MockToolCalls.of(request, "toolu_" + id.substring(0, 8) + "_");
        String reply = calls.isEmpty() ? MockToolCalls.reply(model, MockText.reply(fixedReply, model,
                MockText.lastUserText(request.path("messages"))), request.path("messages")) : null;
        int inputTokens = inputTokens(request);
        int outputTokens = reply != null ? MockText.words(reply) : calls.stream().mapToInt(c -> MockText.words(c.arguments()) + 1).sum();
        String stopReason = calls.isEmpty() ? "end_turn" : "tool_use";
        String messageId = "msg_mock_" + id;
        if (!request.path("stream").asBoolean(false)) {
            ObjectNode message = message(messageId, model, inputTokens, outputTokens);
            ArrayNode content = message.putArray("content");
            if (thought != null) {
                content.addObject().put("type", "thinking").put("thinking", thought).put("signature", MockThinking.signature(thought));
            }
            if (reply != null) {
                content.addObject().put("type", "text").put("text", reply);
            }
            for (MockToolCalls.ToolCall call : calls) {
                content.addObject().put("type", "tool_use").put("id", call.id()).put("name", call.name())
                        .set("input", parse(call.arguments()));
            }
            message.put("stop_reason", stopReason);
            return MockAnswer.json(200, message);
        }
        List<Buffer> events = new ArrayList<>();
        ObjectNode start = message(messageId, model, inputTokens, 1);
        start.putArray("content");
        start.putNull("stop_reason");
        events.add(MockAnswer.event("message_start", JSON.createObjectNode().put("type", "message_start").set("message", start)));
        events.add(MockAnswer.event("ping", JSON.createObjectNode().put("type", "ping")));
        int index = 0;
        if (thought != null) {
            List<ObjectNode> deltas = new ArrayList<>();
            for (String piece : MockText.pieces(thought)) {
                deltas.add(JSON.createObjectNode().put("type", "thinking_delta").put("thinking", piece));
            }
            deltas.add(JSON.createObjectNode().put("type", "signature_delta").put("signature", MockThinking.signature(thought)));
            block(events, index++, JSON.createObjectNode().put("type", "thinking").put("thinking", "").put("signature", ""), deltas);
        }
        if (reply != null) {
            ObjectNode block = JSON.createObjectNode().put("type", "text").put("text", "");
            List<ObjectNode> deltas = new ArrayList<>();
            for (String piece : MockText.pieces(reply)) {
                deltas.add(JSON.createObjectNode().put("type", "text_delta").put("text", piece));
            }
            block(events, index++, block, deltas);
        }
        for (MockToolCalls.ToolCall call : calls) {
            ObjectNode block = JSON.createObjectNode().put("type", "tool_use").put("id", call.id()).put("name", call.name());
            block.putObject("input");
            List<ObjectNode> deltas = new ArrayList<>();
            for (String piece : call.argumentPieces()) {
                deltas.add(JSON.createObjectNode().put("type", "input_json_delta").put("partial_json", piece));
            }
            block(events, index++, block, deltas);
        }
        ObjectNode messageDelta = JSON.createObjectNode().put("type", "message_delta");
        messageDelta.putObject("delta").put("stop_reason", stopReason).putNull("stop_sequence");
        messageDelta.putObject("usage").put("output_tokens", outputTokens);
        events.add(MockAnswer.event("message_delta", messageDelta));
        events.add(MockAnswer.event("message_stop", JSON.createObjectNode().put("type", "message_stop")));
        return MockAnswer.events(events);
    }

    /** One content block, streamed: its start, its deltas, its stop. */
    private static void block(List<Buffer> events, int index, ObjectNode block, List<ObjectNode> deltas) {
        events.add(MockAnswer.event("content_block_start", JSON.createObjectNode().put("type", "content_block_start").put("index", index)
                .set("content_block", block)));
        for (ObjectNode delta : deltas) {
            events.add(MockAnswer.event("content_block_delta", JSON.createObjectNode().put("type", "content_block_delta").put("index", index)
                    .set("delta", delta)));
        }
        events.add(MockAnswer.event("content_block_stop", JSON.createObjectNode().put("type", "content_block_stop").put("index", index)));
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the mock writes its own arguments", e);
        }
    }

    static MockAnswer countTokens(JsonNode request) {
        return MockAnswer.json(200, JSON.createObjectNode().put("input_tokens", inputTokens(request)));
    }

    private static int inputTokens(JsonNode request) {
        return MockText.tokensOf(request.path("messages")) + MockText.tokensOf(request.path("system"));
    }

    private static ObjectNode message(String id, String model, int inputTokens, int outputTokens) {
        ObjectNode message = JSON.createObjectNode().put("id", id).put("type", "message").put("role", "assistant").put("model", model);
        message.putNull("stop_sequence");
        message.putObject("usage").put("input_tokens", inputTokens).put("output_tokens", outputTokens)
                .put("cache_creation_input_tokens", 0).put("cache_read_input_tokens", 0);
        return message;
    }
}
